"""SIGKILL a writer at random moments: the store stays sound and keeps every commit."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from img_crm.store.db import open_store
from img_crm.store.health import check_store
from tests.helpers.protect import KINDS, files_of, plain_text_in, prepare

WORKER = Path(__file__).resolve().parent.parent / "helpers" / "crash_worker.py"
ROOT = Path(__file__).resolve().parent.parent.parent


#: A trial that says nothing for this long has hung (a bug, not slowness).
SILENCE_LIMIT = 60.0


class _Lines:
    """The server's output, line by line, with a time limit on each wait
    (the writer is killed mid-line, so a read can meet half a number)."""

    def __init__(self, server: subprocess.Popen[bytes]) -> None:
        assert server.stdout is not None
        self._fd = server.stdout.fileno()
        self._pending = b""

    def next(self) -> str:
        while b"\n" not in self._pending:
            ready, _, _ = select.select([self._fd], [], [], SILENCE_LIMIT)
            assert ready, f"the crash server said nothing for {SILENCE_LIMIT:.0f} s"
            chunk = os.read(self._fd, 65536)
            assert chunk, "the crash server stopped"
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode("ascii", errors="replace").strip()


@contextmanager
def _server(folder: Path) -> Iterator[tuple[subprocess.Popen[bytes], _Lines]]:
    server = subprocess.Popen(
        [sys.executable, str(WORKER), str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            # Read only if the store is protected (``tests/helpers/protect.py:prepare``).
            "IMG_CRM_PASSPHRASE_FILE": str(folder.parent / "passphrase"),
        },
    )
    try:
        yield server, _Lines(server)
    finally:
        server.kill()
        server.wait()


def _trial(
    server: subprocess.Popen[bytes], lines: _Lines, start: int, rng: random.Random
) -> list[int]:
    """Fork a writer, kill it after a random delay, return the numbers it committed."""
    assert server.stdin is not None
    server.stdin.write(f"{start}\n".encode())
    server.stdin.flush()
    pid, ready, numbers = None, False, []
    while pid is None or not ready:  # the server's and the writer's lines, in either order
        line = lines.next()
        if line.startswith("pid "):
            pid = int(line.split()[1])
        elif line == "ready":
            ready = True
        elif line.isdigit():
            numbers.append(int(line))
        elif line.startswith("done"):
            raise AssertionError(f"the writer ended before it was ready ({line})")
    time.sleep(rng.uniform(0.0, 0.25))
    os.kill(pid, signal.SIGKILL)
    while not (line := lines.next()).startswith("done"):
        if line.isdigit():
            numbers.append(int(line))
    return numbers


def _run(trials: int, folder: Path, seed: int, kind: str = "plain") -> int:
    rng = random.Random(seed)
    committed: list[int] = []
    start = 0
    prepare(folder, kind)
    with _server(folder) as (server, lines):
        for _ in range(trials):
            committed += _trial(server, lines, start, rng)
            start = (max(committed) + 1) if committed else start + 100_000
            report = check_store(folder / "img-crm.sqlite3")
            assert report.clean, (report.integrity, report.foreign_keys)
    store = open_store(folder)
    with store.session() as session:
        names = set(session.execute(text("SELECT name FROM contact")).scalars())
        orphans = session.execute(
            text(
                "SELECT count(*) FROM contact c WHERE NOT EXISTS "
                "(SELECT 1 FROM activity a WHERE a.contact_id = c.id)"
            )
        ).scalar_one()
    store.close()
    missing = [n for n in committed if f"crash {n}" not in names]
    assert missing == [], f"committed but lost: {missing[:10]}"
    assert orphans == 0  # a contact and its activity commit together or not at all
    assert len(names) >= len(committed)
    if kind == "protected":  # nor a name in the clear, after all those kills
        assert plain_text_in(files_of(folder), [f"crash {n}" for n in committed[:50]]) == []
    return len(committed)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("kind", KINDS)
def test_twenty_kills_lose_nothing_committed(tmp_path: Path, kind: str) -> None:
    assert _run(20, tmp_path / "data", seed=20, kind=kind) > 0


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("kind", KINDS)
def test_two_hundred_kills_lose_nothing_committed(tmp_path: Path, kind: str) -> None:
    assert _run(200, tmp_path / "data", seed=200, kind=kind) > 0
