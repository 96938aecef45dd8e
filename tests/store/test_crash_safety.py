"""SIGKILL a writer at random moments: the store stays sound and keeps every commit."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from img_crm.store.db import open_store
from img_crm.store.health import check_store

WORKER = Path(__file__).resolve().parent.parent / "helpers" / "crash_worker.py"
ROOT = Path(__file__).resolve().parent.parent.parent


def _trial(folder: Path, start: int, rng: random.Random) -> list[int]:
    """Run the worker, kill it after a random delay, return the numbers it committed."""
    process = subprocess.Popen(
        [sys.executable, str(WORKER), str(folder), str(start)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0.0, 0.25))
    process.send_signal(signal.SIGKILL)
    output, _ = process.communicate()
    return [int(line) for line in output.split() if line.isdigit()]


def _run(trials: int, folder: Path, seed: int) -> int:
    rng = random.Random(seed)
    committed: list[int] = []
    start = 0
    for _ in range(trials):
        committed += _trial(folder, start, rng)
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
    return len(committed)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_twenty_kills_lose_nothing_committed(tmp_path: Path) -> None:
    assert _run(20, tmp_path / "data", seed=20) > 0


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_two_hundred_kills_lose_nothing_committed(tmp_path: Path) -> None:
    assert _run(200, tmp_path / "data", seed=200) > 0
