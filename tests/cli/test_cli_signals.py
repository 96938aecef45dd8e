"""``img-crm signals`` and ``img-crm applications`` (#22) over a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from img_crm import clock
from tests.helpers.cli import run_cli


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    assert run_cli("init", data_dir=data).returncode == 0
    for name, visa, state, tier in (
        ("Brookside IM", "none", "NY", "2"),
        ("Lakeview IM", "j1", "CA", "1"),
        ("Coastal IM", "both", "OR", "2"),
        ("Summit IM", "j1", "CO", "2"),
    ):
        added = run_cli(
            "programs", "add", "--name", name, "--institution", name.split()[0],
            "--specialty", "Internal Medicine", "--visa", visa, "--state", state,
            "--tier", tier, data_dir=data,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
    assert run_cli("settings", "set", "visa", "j1", data_dir=data).returncode == 0
    return data


def _left(folder: Path, kind: str) -> dict[str, int]:
    plan = json.loads(run_cli("signals", "list", "--json", data_dir=folder).stdout)
    (row,) = [
        r for r in plan["left"] if r["specialty"] == "Internal Medicine" and r["kind"] == kind
    ]
    return row  # type: ignore[no-any-return]


def test_signals_are_placed_counted_locked_and_warned(folder: Path) -> None:
    planned = run_cli("signals", "set", "1", "planned", "--kind", "gold", data_dir=folder)
    assert planned.returncode == 0
    assert "Warning: this program does not sponsor visas, and you need one." in planned.stdout
    assert run_cli("signals", "set", "2", "sent", "--kind", "gold", data_dir=folder).returncode == 0
    left = _left(folder, "gold")
    assert (left["allowed"], left["planned"], left["sent"], left["left"]) == (3, 1, 1, 1)
    locked = run_cli("signals", "set", "2", "none", data_dir=folder)
    assert locked.returncode == 1
    assert "a sent signal cannot be moved or taken back" in locked.stderr
    assert (
        run_cli("signals", "set", "3", "planned", "--kind", "gold", data_dir=folder).returncode == 0
    )
    full = run_cli("signals", "set", "4", "planned", "--kind", "gold", data_dir=folder)
    assert "all 3 gold signals for Internal Medicine are placed" in full.stderr
    assert run_cli("signals", "accepts", "4", "no", data_dir=folder).returncode == 0
    planned_then_closed = run_cli("signals", "accepts", "3", "no", data_dir=folder)
    assert "Warning: a signal is planned for it" in planned_then_closed.stdout
    assert run_cli("signals", "accepts", "3", "yes", data_dir=folder).returncode == 0
    closed = run_cli("signals", "set", "4", "planned", "--kind", "silver", data_dir=folder)
    assert "this program does not take signals" in closed.stderr
    # taking back a planned one frees it; the sent day is kept
    assert run_cli("signals", "set", "1", "none", data_dir=folder).returncode == 0
    assert _left(folder, "gold")["left"] == 1
    plan = json.loads(run_cli("signals", "list", "--json", data_dir=folder).stdout)
    placed = {p["id"]: (p["signal"], p["state"], p["sent_on"]) for p in plan["programs"]}
    assert placed[2] == ("gold", "sent", clock.today().isoformat())
    assert 1 not in placed


def test_a_new_season_s_rule_replaces_the_shipped_one(folder: Path) -> None:
    set_rule = run_cli(
        "signals", "rule", "internal medicine", "--season", "2026", "--gold", "2",
        "--silver", "10", data_dir=folder,
    )  # fmt: skip
    assert set_rule.returncode == 0, set_rule.stderr
    assert _left(folder, "gold")["allowed"] == 2
    both = run_cli(
        "signals", "rule", "Psychiatry", "--season", "2026", "--gold", "1", "--signals", "3",
        data_dir=folder,
    )  # fmt: skip
    assert both.returncode == 1 and "either gold and silver signals or one kind" in both.stderr
    rules = json.loads(run_cli("signals", "rules", "--json", data_dir=folder).stdout)
    seasons = [r["season"] for r in rules if r["specialty"].casefold() == "internal medicine"]
    assert sorted(seasons) == ["2025", "2026"]


def test_applications_cost_per_specialty_against_budget_and_regions(folder: Path) -> None:
    for program in ("1", "2", "3"):
        assert (
            run_cli(
                "applications", "mark", program, "--on", "2026-09-24", data_dir=folder
            ).returncode
            == 0
        )
    assert run_cli("settings", "set", "application_budget", "30", data_dir=folder).returncode == 0
    assert run_cli("settings", "set", "geo_divisions", "pacific", data_dir=folder).returncode == 0
    assert run_cli("settings", "set", "fee_first_block", "2", data_dir=folder).returncode == 0
    report = json.loads(run_cli("applications", "list", "--json", data_dir=folder).stdout)
    assert report["specialties"] == [
        {"specialty": "Internal Medicine", "programs": 3, "fee": 52, "before_step": 0}
    ]
    assert (report["total"], report["budget"], report["over_budget"]) == (52, 30, 22)
    assert [(p["name"], p["division"], p["preferred"]) for p in report["programs"]] == [
        ("Brookside IM", "Middle Atlantic", False),
        ("Coastal IM", "Pacific", True),
        ("Lakeview IM", "Pacific", True),
    ]
    text = run_cli("applications", "list", data_dir=folder).stdout
    assert "Total: $52 of a $30 budget ($22 over)" in text
    four = run_cli(
        "settings", "set", "geo_divisions", "Pacific, Mountain, New England, Middle Atlantic",
        data_dir=folder,
    )  # fmt: skip
    assert four.returncode == 1 and "at most 3 divisions" in four.stderr
    assert run_cli("applications", "mark", "1", "--undo", data_dir=folder).returncode == 0
    again = json.loads(run_cli("applications", "list", "--json", data_dir=folder).stdout)
    assert again["total"] == 22  # two programs, both within the first block
