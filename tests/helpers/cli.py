"""The img-crm command as a script runs it, in two ways.

``run_cli`` calls ``img_crm.cli.main`` in this process (the parser, the
handler, the store on disk and the error mapping are all the real ones; only
the interpreter start-up is saved). ``run_cli_process`` starts a real process,
for the smoke test each command group keeps and for anything about the
process itself (signals, exit codes from the interpreter, stdout encoding).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from img_crm.cli import main


@dataclass(frozen=True, slots=True)
class Ran:
    """What a finished command left: its exit status and its two streams."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, data_dir: Path, stdin: str = "") -> Ran:
    """``img-crm --data-dir DATA_DIR ARGS...`` in this process, which holds
    no store's key before it (as a new process would not)."""
    from img_crm.store import cipher

    kept = cipher.held()  # the test's own keys: back after the command
    cipher.forget_all()
    out, err = io.StringIO(), io.StringIO()
    mask = os.umask(0o022)  # main() sets its own; put the test process's back after
    os.umask(mask)
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--data-dir", str(data_dir), *args])
            except SystemExit as exit_:  # argparse refusing the arguments, or --help
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.stdin = saved_stdin
        os.umask(mask)
        ran_with = cipher.held()
        cipher.hold(kept)
        cipher.hold(ran_with)  # a key the command unlocked or made is the newer
    return Ran(code, out.getvalue(), err.getvalue())


def run_cli_process(
    *args: str,
    data_dir: Path,
    timeout: float = 120,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``img-crm --data-dir DATA_DIR ARGS...`` in a new process (stdout, stderr as text)."""
    return subprocess.run(
        [sys.executable, "-m", "img_crm", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=env,
    )
