"""``img-crm rank`` (#22): ratings, the suggested order, lists kept in the
user's order with a dated history, NRMP's limit, the deadline, the CSV."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path

import pytest

from img_crm import clock
from tests.helpers.cli import run_cli


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    assert run_cli("init", data_dir=data).returncode == 0
    for name in ("Brookside IM", "Lakeview IM", "Coastal IM"):
        added = run_cli(
            "programs", "add", "--name", name, "--institution", name.split()[0],
            "--specialty", "Internal Medicine", "--status", "interviewed", data_dir=data,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
    return data


def _board(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(run_cli("rank", "list", "--json", data_dir=folder).stdout)  # type: ignore[no-any-return]


def test_ratings_suggest_an_order_the_user_then_chooses(folder: Path, tmp_path: Path) -> None:
    for program, criterion, rating in (("1", "Visa", "3"), ("2", "visa", "5"), ("2", "Fit", "4")):
        assert run_cli("rank", "rate", program, criterion, rating, data_dir=folder).returncode == 0
    bad = run_cli("rank", "rate", "3", "Visa", "9", data_dir=folder)
    assert bad.returncode == 1 and "a rating is from 1 to 5" in bad.stderr
    unknown = run_cli("rank", "rate", "3", "Beaches", "4", data_dir=folder)
    assert unknown.returncode == 1 and "There is no criterion 'Beaches'" in unknown.stderr
    board = _board(folder)
    assert board["suggested_order"] == [2, 1, 3]  # Lakeview (3*5+2*4)/5 = 4.6, Brookside 3
    assert board["lists"] == {}  # a suggestion places nothing
    assert run_cli("rank", "put", "1", "1", data_dir=folder).returncode == 0
    assert run_cli("rank", "put", "3", "1", data_dir=folder).returncode == 0
    assert run_cli("rank", "put", "3", "2", data_dir=folder).returncode == 0  # moved
    prelim = run_cli("rank", "put", "2", "1", "--list", "Prelim for Lakeview", data_dir=folder)
    assert prelim.returncode == 0
    board = _board(folder)
    assert board["lists"] == {"primary": [1, 3], "Prelim for Lakeview": [2]}
    history = json.loads(run_cli("rank", "history", "--json", data_dir=folder).stdout)
    assert [h["what"] for h in history] == [
        "Brookside IM added at 1",
        "Coastal IM added at 1",
        "Coastal IM moved from 1 to 2",
        "Lakeview IM added at 1",
    ]
    assert run_cli("rank", "order", "--suggested", data_dir=folder).returncode == 0
    assert _board(folder)["lists"]["primary"] == [2, 1, 3]
    out = tmp_path / "rank.csv"
    assert run_cli("rank", "export", str(out), data_dir=folder).returncode == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["rank", "program", "institution", "specialty", "city", "state"]
    assert [r[:2] for r in rows[1:]] == [
        ["1", "Lakeview IM"],
        ["2", "Brookside IM"],
        ["3", "Coastal IM"],
    ]


def test_the_deadline_warns_until_the_list_is_certified(folder: Path) -> None:
    soon = (clock.today() + timedelta(days=3)).isoformat()
    assert run_cli("settings", "set", "rank_deadline", soon, data_dir=folder).returncode == 0
    assert _board(folder)["warning"] == f"certify the rank list: the deadline is in 3 days ({soon})"
    today = clock.today().isoformat()
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    assert run_cli("settings", "set", "rank_certified_on", today, data_dir=folder).returncode == 0
    assert _board(folder)["warning"] is None
    # a change after the day it was certified asks for it again
    assert (
        run_cli("settings", "set", "rank_certified_on", yesterday, data_dir=folder).returncode == 0
    )
    assert run_cli("rank", "put", "1", "1", data_dir=folder).returncode == 0
    assert _board(folder)["warning"] == (
        f"the list changed on {clock.now().astimezone().date().isoformat()}, after you "
        f"certified it on "
        f"{yesterday}: certify it again in the NRMP system"
    )
