"""`make bench` keeps working: a 1,000-contact run, one repeat (the numbers are
not checked here; benchmarks are not timed tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_runs_every_measurement_at_1000_contacts() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            *("--sizes", "1000", "--repeat", "1", "--mail", "300"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.split("| contacts | what |")[-1]
    for measured in (
        "a. start-up, first window paint",
        "a. start-up, first page of contacts",
        "b. CSV export",
        "c. import 10,000 LinkedIn rows",
        "d. search, first letter typed",
        "d. follow-up query, one screen",
        "e. peak memory",
        "f. `img-crm export contacts`, whole process",
        "g. `img-crm import mail`",
        "g. its peak memory",
        "h. protected: start-up, first page of contacts",
        "h. protected: `img-crm export contacts`, whole process",
        "i. `img-crm attachments add`, a 25 MB file, whole process",
        "i. `img-crm backup`",
        "i. start-up, first page of contacts, with the files",
    ):
        assert f"| 1,000 | {measured}" in summary, measured
    assert "| 0 | f. `img-crm contacts list`, empty store" in summary
