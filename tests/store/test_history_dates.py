"""Dated histories run forward: no change after today, none before the last."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from img_crm import clock
from img_crm.errors import ValidationError
from img_crm.store.contacts import add_contact, update_contact
from img_crm.store.db import Store
from img_crm.store.letters import add_letter, set_letter_status, status_history
from img_crm.store.programs import add_program, update_program
from tests.helpers.cli import run_cli


def test_a_stage_change_is_never_after_today_nor_before_the_last(store: Store) -> None:
    today = clock.today()
    with store.session() as session:
        cid = add_contact(session, data={"name": "Ana Lima"}, today=today - timedelta(days=30))
        update_contact(
            session, contact_id=cid, changes={"stage": "warm"}, today=today - timedelta(days=10)
        )
    for day, words in (
        (today + timedelta(days=1), "is in the future"),
        (today - timedelta(days=11), "is before the last change"),
    ):
        with pytest.raises(ValidationError) as refused, store.session() as session:
            update_contact(session, contact_id=cid, changes={"stage": "mentor"}, today=day)
        assert words in refused.value.errors["date"]
    with store.session() as session:  # the same day as the last, and today, are fine
        update_contact(
            session, contact_id=cid, changes={"stage": "mentor"}, today=today - timedelta(days=10)
        )
        update_contact(session, contact_id=cid, changes={"stage": "sponsor"})


def test_letter_and_application_statuses_run_forward(store: Store) -> None:
    today = clock.today()
    with store.session() as session:
        writer = add_contact(session, data={"name": "Bo Chen"})
        letter = add_letter(
            session,
            writer_id=writer,
            letter_type="us-clinical",
            specialty="Internal Medicine",
            status="asked",
            on=today - timedelta(days=5),
        )
        program = add_program(
            session, data={"name": "Lakeview IM"}, today=today - timedelta(days=5)
        )
        update_program(session, program_id=program, changes={"application_status": "applied"})
    with pytest.raises(ValidationError), store.session() as session:
        set_letter_status(session, letter_id=letter, status="agreed", on=today - timedelta(days=6))
    with pytest.raises(ValidationError), store.session() as session:
        set_letter_status(session, letter_id=letter, status="agreed", on=today + timedelta(days=1))
    with pytest.raises(ValidationError), store.session() as session:
        update_program(
            session,
            program_id=program,
            changes={"application_status": "invited"},
            today=today - timedelta(days=1),
        )
    with store.session() as session:
        set_letter_status(session, letter_id=letter, status="agreed", on=today - timedelta(days=2))
        assert [c.to_status for c in status_history(session, letter_id=letter)][-1] == "agreed"


def test_the_command_line_refuses_a_backwards_or_future_date(
    demo_store: Store, data_dir: Path
) -> None:
    future = (clock.today() + timedelta(days=400)).isoformat()
    refused = run_cli("contacts", "stage", "12", "sponsor", "--date", future, data_dir=data_dir)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"img-crm: date: {future} is in the future; date a change the day it happened"
    )
    assert run_cli("contacts", "stage", "12", "mentor", data_dir=data_dir).returncode == 0
    shown = json.loads(run_cli("contacts", "show", "12", "--json", data_dir=data_dir).stdout)
    assert shown["stage_history"][-1]["to"] == "mentor"  # the newest line is the stage now
    assert shown["stage_history"][-1]["on"] == clock.today().isoformat()
