"""The season's use cases the window and the CLI share (#22): whether a
program takes signals, the day an application went, and the programs still
to apply to."""

from __future__ import annotations

from datetime import timedelta

import pytest

from img_crm import clock
from img_crm.domain.signals import SignalKind, SignalState
from img_crm.errors import UserError
from img_crm.services.signals import applications, mark_applied, place_signal, set_accepts
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
