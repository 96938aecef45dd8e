"""Two processes writing at once wait for each other; none crashes, none loses a row."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from img_crm.store.db import open_store

WORKER = Path(__file__).resolve().parent.parent / "helpers" / "write_worker.py"


def test_two_writers_two_hundred_times_each_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    open_store(folder).close()
    start = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(folder), name, "200", str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    time.sleep(1.0)  # both have opened the store and wait for the start
    start.touch()
    results = [worker.communicate(timeout=300) for worker in workers]
    for worker, (out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err[-3000:]
        assert out.strip() == "done 200"
        assert "Traceback" not in err and "locked" not in err
    store = open_store(folder)
    with store.reading() as session:
        names = session.execute(text("SELECT name FROM contact")).scalars().all()
    store.close()
    assert sorted(names) == sorted(f"{who} {n}" for who in ("first", "second") for n in range(200))
