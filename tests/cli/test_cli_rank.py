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
        "Brookside IM: Visa 3",  # ratings are dated too, on no list
        "Lakeview IM: Visa 5",
        "Lakeview IM: Fit 4",
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
    pdf = tmp_path / "rank.pdf"
    written = run_cli("rank", "export", str(pdf), data_dir=folder)
    assert written.returncode == 0, written.stderr
    assert "Wrote 3 ranks" in written.stdout and oct(pdf.stat().st_mode & 0o777) == "0o600"
    from pypdf import PdfReader

    words = " ".join((page.extract_text() or "") for page in PdfReader(pdf).pages)
    text = " ".join(words.split())  # pypdf gives Qt's spaces as tabs
    assert text.index("Lakeview IM") < text.index("Brookside IM") < text.index("Coastal IM")
    assert "Primary rank order list" in text and "3 ranks." in text
    odd = run_cli("rank", "export", str(tmp_path / "rank.txt"), data_dir=folder)
    assert odd.returncode == 1 and "written as .csv or .pdf, not .txt" in odd.stderr
    assert not (tmp_path / "rank.txt").exists()


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


def test_criteria_are_renamed_reweighted_and_removed_and_notes_kept(folder: Path) -> None:
    assert run_cli("rank", "rate", "1", "Fit", "4", data_dir=folder).returncode == 0
    assert run_cli("rank", "rate", "2", "Fit", "2", data_dir=folder).returncode == 0
    renamed = run_cli("rank", "criterion", "fit", "--rename", "Program culture", "--weight", "5",
                      data_dir=folder)  # fmt: skip
    assert renamed.returncode == 0, renamed.stderr
    board = _board(folder)
    weights = {c["name"]: c["weight"] for c in board["criteria"]}
    assert weights["Program culture"] == 5 and "Fit" not in weights
    assert board["programs"][0]["ratings"]["Program culture"] == 4  # the ratings stayed
    clash = run_cli("rank", "criterion", "Visa", "--rename", "program CULTURE", data_dir=folder)
    assert (
        clash.returncode == 1 and "There is a criterion 'Program culture' already" in clash.stderr
    )
    asked = run_cli("rank", "criterion", "Program culture", "--remove", data_dir=folder)
    assert asked.returncode == 1
    assert "Removing Program culture deletes its 2 ratings." in asked.stderr
    assert "Program culture" in {c["name"] for c in _board(folder)["criteria"]}
    gone = run_cli("rank", "criterion", "Program culture", "--remove", "--yes", data_dir=folder)
    assert gone.returncode == 0, gone.stderr
    board = _board(folder)
    assert "Program culture" not in {c["name"] for c in board["criteria"]}
    assert all(p["score"] is None for p in board["programs"])  # nothing else was rated
    kept = run_cli("rank", "notes", "1", "--pros", " Strong IMG cohort ", "--cons", "Far",
                   data_dir=folder)  # fmt: skip
    assert kept.returncode == 0, kept.stderr
    same = run_cli("rank", "notes", "1", "--pros", "Strong IMG cohort", data_dir=folder)
    assert "already so" in same.stdout
    first = next(p for p in _board(folder)["programs"] if p["id"] == 1)
    assert (first["pros"], first["cons"]) == ("Strong IMG cohort", "Far")
    history = json.loads(run_cli("rank", "history", "--json", data_dir=folder).stdout)
    assert [h["what"] for h in history][2:] == [
        "criterion Fit renamed Program culture",
        "criterion Program culture: weight 2 to 5",
        "criterion Program culture removed (2 ratings)",
        "Brookside IM: pros and cons edited",
    ]
    assert {h["list"] for h in history} == {""}


def test_a_rating_after_certifying_asks_for_no_new_certification(folder: Path) -> None:
    """Only the lists' order goes to NRMP: a rating changed after certifying
    is not a change to certify again."""
    assert run_cli("rank", "put", "1", "1", data_dir=folder).returncode == 0
    today = clock.today()
    for key, value in (
        ("rank_deadline", (today + timedelta(days=30)).isoformat()),
        ("rank_certified_on", (today - timedelta(days=1)).isoformat()),
    ):
        assert run_cli("settings", "set", key, value, data_dir=folder).returncode == 0
    assert _board(folder)["warning"] is not None  # the list changed after certifying
    assert run_cli("settings", "set", "rank_certified_on", today.isoformat(),
                   data_dir=folder).returncode == 0  # fmt: skip
    assert _board(folder)["warning"] is None
    assert run_cli("rank", "rate", "1", "Visa", "5", data_dir=folder).returncode == 0
    assert _board(folder)["warning"] is None


def test_a_change_the_same_day_after_certifying_asks_for_certifying_again(
    folder: Path,
) -> None:
    empty = run_cli("rank", "certify", data_dir=folder)
    assert empty.returncode == 1 and "nothing to certify yet" in empty.stderr
    assert run_cli("rank", "put", "1", "1", data_dir=folder).returncode == 0
    assert run_cli("rank", "put", "2", "2", data_dir=folder).returncode == 0
    assert run_cli("rank", "certify", data_dir=folder).returncode == 0
    board = _board(folder)
    assert board["certified_on"] == clock.today().isoformat() and board["warning"] is None
    assert run_cli("rank", "put", "2", "1", data_dir=folder).returncode == 0  # minutes later
    warning = _board(folder)["warning"]
    assert warning == (
        f"the list changed after you certified it on {clock.today().isoformat()}: "
        "certify it again in the NRMP system"
    )
    assert run_cli("rank", "certify", data_dir=folder).returncode == 0
    assert _board(folder)["warning"] is None
