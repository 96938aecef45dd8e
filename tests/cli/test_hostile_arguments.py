"""Hostile arguments get one sentence and exit 1 or 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import Ran, run_cli

BIG = str(2**70)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    assert _run(["demo"], folder).returncode == 0
    return folder


def _run(args: list[str | bytes], folder: Path) -> Ran:
    """In this process; bytes are decoded as Python decodes a real argv."""
    return run_cli(*(os.fsdecode(a) for a in args), data_dir=folder)


CASES: list[tuple[list[str | bytes], str]] = [
    (["contacts", "show", BIG], "not an id"),
    (["contacts", "show", "0"], "not an id"),
    (["contacts", "stage", BIG, "warm"], "not an id"),
    (["today", "--date", "9999-12-31"], "from 1900-01-01 to 2199-12-31"),
    (["today", "--date", "0001-01-01"], "from 1900-01-01 to 2199-12-31"),
    (["programs", "interview", "1", "--at", "9999-12-31 23:59"], "from 1900-01-01 to 2199-12-31"),
    (
        ["activities", "add", "--kind", "meeting", "--date", "2026-11-20", "--program", "-1"],
        "not an id",
    ),
    (
        ["activities", "add", "--kind", "meeting", "--date", "2026-11-20", "--program", "999"],
        "there is no program with id 999",
    ),
    (
        ["activities", "add", "--kind", "meeting", "--date", "2026-11-20", "--contact", "999"],
        "there is no contact with id 999",
    ),
    (["contacts", "add", "--name", b"Bad \xff name"], "not valid text"),
    (["activities", "add", "--kind", "meeting", "--date", "2026-11-20", "--hours", "inf"], "hours"),
    (["activities", "add", "--kind", "meeting", "--date", "2026-11-20", "--hours", "nan"], "hours"),
    (["activities", "add", "--kind", "meeting", "--date", "2026-11-20", "--hours", "-1"], "hours"),
    (
        ["activities", "add", "--kind", "meeting", "--date", "2026-11-20", "--hours", "1e300"],
        "hours",
    ),
    (["letters", "add", "--writer", BIG, "--type", "research", "--specialty", "IM"], "not an id"),
    (["programs", "tie", "1", BIG, "--kind", "works"], "not an id"),
    (["letters", "status", "1", "agreed", "--date", "9999-12-31"], "from 1900-01-01"),
]


@pytest.mark.parametrize(("args", "said"), CASES, ids=[" ".join(map(str, c[0])) for c in CASES])
def test_one_sentence_and_no_traceback(folder: Path, args: list[str | bytes], said: str) -> None:
    result = _run(args, folder)
    err = result.stderr
    assert result.returncode in (1, 2), err
    assert "Traceback" not in err and "Error:" not in err.replace("error:", "")
    assert said.casefold() in err.casefold()
    # One sentence: argparse's own is one line after its (wrapped) usage.
    lines = [line for line in err.strip().splitlines() if not line.startswith(("usage:", " "))]
    assert len(lines) == 1, err


BAD_NAME = [b"contacts", b"add", b"--name", b"Bad \xff name"]


def test_bytes_that_are_not_text_in_a_real_argv(folder: Path) -> None:
    """The one case that needs a real process: the operating system's argv."""
    result = subprocess.run(
        [sys.executable, "-m", "img_crm", "--data-dir", os.fsencode(folder), *BAD_NAME],
        capture_output=True,
        timeout=120,
    )
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1 and "not valid text" in err and "Traceback" not in err
