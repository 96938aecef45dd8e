"""``img-crm plan eligibility`` and ``plan step`` (#22): the ECFMG and visa
steps due from the match year, done only when the user says so."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from img_crm import clock
from tests.helpers.cli import run_cli


def test_steps_are_due_from_the_match_year_and_warn_on_today_when_late(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_cli("init", data_dir=data).returncode == 0
    empty = run_cli("plan", "eligibility", data_dir=data)
    assert "Set the match year first" in empty.stdout
    # this year's Match: its Step 2 CK date (15 August of last year) has passed
    year = clock.today().year
    assert run_cli("settings", "set", "match_year", str(year), data_dir=data).returncode == 0
    assert run_cli("settings", "set", "visa", "h1b", data_dir=data).returncode == 0
    steps = json.loads(run_cli("plan", "eligibility", "--json", data_dir=data).stdout)
    by_key = {s["key"]: s for s in steps}
    assert "step-3" in by_key and "statement-of-need" not in by_key
    assert by_key["step-2-ck"]["due"] == f"{year - 1}-08-15"
    assert by_key["step-3"]["after"] == ["ecfmg-certificate"]
    assert all(s["done_on"] is None for s in steps)  # nothing is ticked for the user
    today = json.loads(run_cli("today", "--json", data_dir=data).stdout)
    late = [w for w in today["eligibility"] if w.startswith("USMLE Step 2 CK")]
    assert late == [
        f"USMLE Step 2 CK passed, score released: due {year - 1}-08-15 for the {year} Match, "
        "not done"
    ]
    done = run_cli("plan", "step", "step-2-ck", "--done", clock.today().isoformat(), data_dir=data)
    assert done.returncode == 0
    today = json.loads(run_cli("today", "--json", data_dir=data).stdout)
    assert not [w for w in today["eligibility"] if w.startswith("USMLE Step 2 CK")]
    future = (clock.today() + timedelta(days=1)).isoformat()
    ahead = run_cli("plan", "step", "step-1", "--done", future, data_dir=data)
    assert ahead.returncode == 1 and "not after today" in ahead.stderr
    scored = run_cli(
        "plan", "step", "oet", "--done", f"{year - 1}-06-01", "--score", "B B B A",
        "--expires", f"{year}-01-01", data_dir=data,
    )  # fmt: skip
    assert scored.returncode == 0, scored.stderr
    # marking it done on another day keeps the scores and the expiry
    again = run_cli("plan", "step", "oet", "--done", f"{year - 1}-06-02", data_dir=data)
    assert again.returncode == 0
    backwards = run_cli(
        "plan", "step", "oet", "--expires", f"{year - 2}-01-01", "--done", f"{year - 1}-06-02",
        data_dir=data,
    )  # fmt: skip
    assert backwards.returncode == 1 and "expires after the day it was done" in backwards.stderr
    steps = {
        s["key"]: s
        for s in json.loads(run_cli("plan", "eligibility", "--json", data_dir=data).stdout)
    }
    assert steps["oet"]["score"] == "B B B A"
    assert "expires" in steps["oet"]["warning"]
    unscored = run_cli("plan", "step", "step-1", "--score", "250", data_dir=data)
    assert unscored.returncode == 1 and "keeps no score" in unscored.stderr
