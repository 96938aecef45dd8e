from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from img_crm import clock
from img_crm.errors import UserError
from img_crm.services.program_csv import import_programs, read_programs_csv, write_programs_csv
from img_crm.services.programs import program_view, upcoming_interviews
from img_crm.store.db import Store, open_store
from img_crm.store.programs import list_program_rows, tie_contact
from img_crm.store.settings import set_setting


def test_csv_round_trip_is_byte_identical(demo_store: Store, tmp_path: Path) -> None:
    first = tmp_path / "programs.csv"
    with demo_store.session() as session:
        write_programs_csv(list_program_rows(session), first)
    records = read_programs_csv(first)
    assert len(records) == 12
    fresh = open_store(tmp_path / "fresh")
    with fresh.session() as session:
        assert len(import_programs(session, records=records).add) == 12
    second = tmp_path / "again.csv"
    with fresh.session() as session:
        write_programs_csv(list_program_rows(session), second)
    assert second.read_bytes() == first.read_bytes()


def test_importing_the_same_export_again_adds_nothing(demo_store: Store, tmp_path: Path) -> None:
    """Export, then import into the same store: every program is already there."""
    exported = tmp_path / "programs.csv"
    with demo_store.session() as session:
        write_programs_csv(list_program_rows(session), exported)
        before = list_program_rows(session)
    records = read_programs_csv(exported)
    with demo_store.session() as session:
        done = import_programs(session, records=records)
    assert (len(done.add), len(done.update), len(done.unchanged)) == (0, 0, 12)
    with demo_store.reading() as session:
        assert list_program_rows(session) == before  # not even a timestamp moved
    # One changed cell updates that program, in place.
    text = exported.read_text(encoding="utf-8-sig")
    first_name = before[0].name
    lines = text.splitlines()
    header = lines[0].split(",")
    cells = next(line for line in lines[1:] if line.startswith(first_name + ",")).split(",")
    cells[header.index("city")] = "Galveston"
    changed = tmp_path / "changed.csv"
    changed.write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    with demo_store.session() as session:
        done = import_programs(session, records=read_programs_csv(changed))
    assert (len(done.add), len(done.update)) == (0, 1) and done.update[0][2] == {
        "city": "Galveston"
    }
    with demo_store.reading() as session:
        rows = list_program_rows(session)
    assert len(rows) == 12 and {r.city for r in rows if r.name == first_name} == {"Galveston"}


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("name,tier\nA,1\nB,7\n", "line 3, column tier"),
        ('name,visa\nA,j1\n"B\nwith a newline",green\n', "line 3, column visa"),
        (
            "name,timezone,interview_local\nA,America/New_York,2026-13-01 10:00\n",
            "line 2, column interview_local",
        ),
        ("name,colour\nA,blue\n", "line 1: unknown column 'colour'"),
        ("tier\n1\n", "'name' column is required"),
        ("name,tier\nA\n", "line 2: 1 cells"),
        ("name,img_share\nA,140\n", "line 2, column img_share"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(
    store: Store, tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        records = read_programs_csv(_csv(tmp_path, body))
        with store.session() as session:
            import_programs(session, records=records)
    with store.session() as session:
        assert list_program_rows(session) == []


def test_statuses_suggest_tier_one_and_flag_wasted_applications(demo_store: Store) -> None:
    with demo_store.session() as session:
        set_setting(session, key="visa", value="j1")
        view = program_view(session)
    by_name = {r.name: view.statuses[r.id] for r in view.rows}
    assert by_name["Riverside Regional IM"].suggest_tier_1  # a mentor works there
    assert not by_name["Brookside IM Residency"].suggest_tier_1  # already tier 1
    assert by_name["Desert Valley IM"].wasted
    assert by_name["Sunbelt University IM"].visa_mismatch  # H-1B only, user needs J-1
    assert [t.count for t in view.tiers] == [3, 6, 3]
    with demo_store.session() as session:
        tie_contact(session, program_id=12, contact_id=2, kind="knows-pd")  # a sponsor
        assert program_view(session).statuses[12].suggest_tier_1


def test_a_withdrawn_or_rejected_program_holds_no_upcoming_interview(store: Store) -> None:
    from img_crm.services.demo import load_demo
    from img_crm.store.programs import update_program

    clock.set_today(date(2026, 12, 1))  # interview season: the sample has two
    with store.session() as session:
        load_demo(session)
        first, second = upcoming_interviews(session, now=clock.now())
        update_program(
            session, program_id=first.program_id, changes={"application_status": "withdrawn"}
        )
        update_program(
            session, program_id=second.program_id, changes={"application_status": "rejected"}
        )
        assert upcoming_interviews(session, now=clock.now()) == []
