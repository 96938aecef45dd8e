"""Snoozes and the two thresholds, through the store: what Today and the
follow-up lists show."""

from __future__ import annotations

from datetime import date, timedelta

from img_crm.services.followups import follow_ups, snooze
from img_crm.services.today import build_today
from img_crm.store.activities import add_activity
from img_crm.store.contacts import add_contact
from img_crm.store.db import Store
from img_crm.store.settings import set_setting

TODAY = date(2026, 12, 2)


def _touched(store: Store, name: str, days_ago: int, stage: str = "warm") -> int:
    with store.session() as session:
        contact = add_contact(session, data={"name": name, "stage": stage})
        add_activity(
            session,
            data={
                "kind": "outreach-sent",
                "occurred_on": TODAY - timedelta(days=days_ago),
                "contact_id": contact,
            },
        )
    return contact


def test_amber_after_the_ideal_red_after_the_maximum(store: Store) -> None:
    on_time = _touched(store, "On time", 14)  # warm: due today (14 days)
    late = _touched(store, "Late", 20)
    losing = _touched(store, "Losing", 31)  # warm maximum: 30 days
    with store.reading() as session:
        report = follow_ups(session, today=TODAY)
        today = build_today(session, today=TODAY)
    assert [(i.contact_id, i.level) for i in report.due] == [(late, "amber"), (on_time, "")]
    assert [(i.contact_id, i.level) for i in report.losing_touch] == [(losing, "red")]
    assert [d.contact_id for d in today.losing_touch] == [losing]
    assert today.losing_touch[0].days_losing == 1
    assert losing not in [d.contact_id for d in today.follow_ups_due]
    # the user widens the warm maximum: nobody is losing touch any more
    with store.session() as session:
        set_setting(session, key="cadence_max_warm", value="40")
    with store.reading() as session:
        assert follow_ups(session, today=TODAY).losing_touch == []


def test_a_snooze_takes_someone_off_the_lists_until_its_day(store: Store) -> None:
    late = _touched(store, "Late", 20)
    with store.session() as session:
        end = snooze(session, contact_id=late, days=3, reason="Exams", today=TODAY)
    assert end == TODAY + timedelta(days=3)
    with store.reading() as session:
        now = follow_ups(session, today=TODAY)
        after = follow_ups(session, today=end)
    assert now.due == [] and [s.contact_id for s in now.snoozed] == [late]
    assert [(i.contact_id, i.due) for i in after.due] == [(late, end)]
    assert after.snoozed == []
