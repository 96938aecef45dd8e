"""The sample network tells one story on any day: its match year, its
interviews, its letters and its plan agree with each other and with today."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from img_crm import clock
from img_crm.domain.plan import interview_season, submission_day
from img_crm.services.demo import load_demo
from img_crm.services.profile import load_profile
from img_crm.services.programs import upcoming_interviews
from img_crm.store.db import open_store
from img_crm.store.letters import list_letters
from img_crm.store.plan import load_plan
from img_crm.store.programs import list_program_rows, list_questions

DAYS = [
    date(2026, 12, 1),  # interview season of the 2027 Match
    date(2027, 1, 20),
    date(2027, 3, 1),  # between seasons: building toward 2028
    date(2027, 6, 15),
    date(2027, 11, 7),
    date(2028, 2, 29),
]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_sample_agrees_with_itself_on_any_day(day: date, tmp_path: Path) -> None:
    clock.set_today(day)
    store = open_store(tmp_path / "data")
    try:
        with store.session() as session:
            load_demo(session)
            year = load_profile(session).match_year
            interviews = upcoming_interviews(session, now=clock.now())
            statuses = {row.status for row in list_letters(session)}
            plan = load_plan(session)
            applied = sum(
                1
                for row in list_program_rows(session)
                if row.application_status in ("applied", "interview-scheduled")
            )
            questions = [len(list_questions(session, program_id=i.program_id)) for i in interviews]
            later = upcoming_interviews(session, now=datetime(2100, 1, 1, tzinfo=UTC))
    finally:
        store.close()
    assert later == []
    assert year is not None
    season = interview_season(day)
    if season is not None:  # in the middle of it
        assert year == season
        assert [i.name for i in interviews] == ["Brookside IM Residency", "Lakeview University IM"]
        assert questions == [5, 5]  # each with the questions to ask
        assert all(submission_day(year) < i.at.date() < date(year, 3, 1) for i in interviews)
        assert all(i.at.astimezone(ZoneInfo("America/New_York")).weekday() < 5 for i in interviews)
        assert applied == 11  # every program but the one that sponsors no visa
        assert "uploaded" in statuses
        assert plan and not any(task.late(day) for task in plan)  # followed to here
        assert {t.key for t in plan if not t.done} >= {"interviews"}
    else:  # building toward a Match whose applications are six months or more away
        assert (submission_day(year) - day).days >= 180
        assert interviews == []
        assert "uploaded" not in statuses  # ERAS takes letters from June before the Match
        assert plan == []  # drawn from the match year when first opened
        assert applied == 0
    assert {"agreed", "packet-sent", "asked"} <= statuses
