"""The season's use cases the window and the CLI share (#22): whether a
program takes signals, the day an application went, and the programs still
to apply to."""

from __future__ import annotations

from datetime import timedelta

import pytest

from img_crm import clock
from img_crm.domain.signals import Left, SignalKind, SignalState
from img_crm.errors import UserError
from img_crm.services.signals import (
    Planner,
    applications,
    mark_applied,
    place_signal,
    set_accepts,
)
from img_crm.store.db import Store
from img_crm.store.programs import add_program


def _programs(store: Store) -> tuple[int, int]:
    with store.session() as session:
        first, second = (
            add_program(session, data={"name": name, "specialty": "Internal Medicine"})
            for name in ("Ölund IM", "Abbott IM")
        )
    return first, second


def test_a_program_that_takes_no_signals_warns_about_the_one_planned_there(
    store: Store,
) -> None:
    first, second = _programs(store)
    with store.session() as session:
        place_signal(session, program_id=first, kind=SignalKind.GOLD, state=SignalState.PLANNED)
        warning = set_accepts(session, program_id=first, accepts=False)
        quiet = set_accepts(session, program_id=second, accepts=False)
    assert warning == "a signal is planned for it; take it back to place it elsewhere"
    assert quiet is None


def test_an_application_is_dated_today_or_before_and_can_be_taken_back(store: Store) -> None:
    first, second = _programs(store)
    today = clock.today()
    with store.session() as session, pytest.raises(UserError, match="not after today"):
        mark_applied(session, program_id=first, on=today + timedelta(days=1))
    with store.reading() as session:
        before = applications(session)
    assert before.programs == [] and [n for _i, n, _s in before.not_applied] == [
        "Abbott IM",
        "Ölund IM",  # sorted as a reader would, not by byte
    ]
    with store.session() as session:
        mark_applied(session, program_id=first, on=today)
    with store.reading() as session:
        after = applications(session)
    assert [a.program_id for a in after.programs] == [first]
    assert [i for i, _n, _s in after.not_applied] == [second]
    with store.session() as session:
        mark_applied(session, program_id=first, on=None)
    with store.reading() as session:
        assert applications(session).programs == []


def test_a_signal_sent_in_an_earlier_season_neither_counts_nor_locks(store: Store) -> None:
    """A reapplicant's signal from last season was counted and locked for
    good: three gold signals allowed, two left, and that program never free."""
    from datetime import date

    from img_crm.services.profile import save_profile_values
    from img_crm.services.signals import planner

    first, second = _programs(store)
    today = clock.today()  # a match year whose season has begun, on any day
    year = today.year + 1 if today >= date(today.year, 6, 1) else today.year
    with store.session() as session:
        save_profile_values(session, values={"match_year": str(year)})
        last_season = date(year - 2, 9, 20)  # sent for the Match before this one
        place_signal(
            session,
            program_id=first,
            kind=SignalKind.GOLD,
            state=SignalState.SENT,
            today=last_season,
        )
        place_signal(session, program_id=second, kind=SignalKind.GOLD, state=SignalState.SENT)
    with store.reading() as session:
        plan = planner(session)
    gold = _gold(plan)
    assert (gold.allowed, gold.sent, gold.left) == (3, 1, 2)  # only this season's
    old = next(p for p in plan.programs if p.program_id == first)
    assert old.state is SignalState.NONE and old.earlier_season == last_season
    with store.session() as session:  # free again: this season's signal goes there
        place_signal(session, program_id=first, kind=SignalKind.GOLD, state=SignalState.PLANNED)
        with pytest.raises(UserError, match="MyERAS locks it"):
            place_signal(session, program_id=second, kind=None, state=SignalState.NONE)
    with store.reading() as session:
        gold = _gold(planner(session))
    assert (gold.planned, gold.sent, gold.left) == (1, 1, 1)


def _gold(plan: Planner) -> Left:
    return next(
        row
        for row in plan.left
        if row.kind is SignalKind.GOLD and row.specialty == "Internal Medicine"
    )
