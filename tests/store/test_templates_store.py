from datetime import date

import pytest

from img_crm.domain.templates import BUILT_INS, reply_rates
from img_crm.errors import UserError, ValidationError
from img_crm.store.activities import add_activity
from img_crm.store.contacts import add_contact
from img_crm.store.db import Store
from img_crm.store.templates import (
    delete_template,
    ensure_builtins,
    find_template,
    list_templates,
    outreach_history,
    reset_builtins,
    save_template,
)


def test_builtins_are_added_once_edited_and_reset(store: Store) -> None:
    with store.session() as session:
        ensure_builtins(session)
        ensure_builtins(session)
        assert len(list_templates(session)) == len(BUILT_INS)
        letter = find_template(session, name="letter REQUEST")
        assert letter.id is not None
        save_template(session, template_id=letter.id, name=letter.name, subject="Mine", body="Hi")
        with pytest.raises(UserError, match="not deleted"):
            delete_template(session, template_id=letter.id)
        reset_builtins(session)
        assert find_template(session, name="Letter request").subject == BUILT_INS[4].subject


def test_own_templates_are_checked_saved_and_deleted(store: Store) -> None:
    with store.session() as session:
        ensure_builtins(session)
        with pytest.raises(ValidationError):
            save_template(session, name="First outreach", subject="", body="x")
        own = save_template(session, name="Conference hello", subject="Hi", body="Dear {title}")
        assert find_template(session, name=str(own)).name == "Conference hello"
        delete_template(session, template_id=own)
        with pytest.raises(UserError):
            find_template(session, name="Conference hello")


def test_reply_rate_per_template_from_the_log(store: Store) -> None:
    with store.session() as session:
        ensure_builtins(session)
        template = find_template(session, name="First outreach").id
        people = [add_contact(session, data={"name": f"P{i}"}) for i in range(4)]
        for person in people:
            add_activity(
                session,
                data={
                    "kind": "outreach-sent",
                    "occurred_on": date(2026, 1, 5),
                    "contact_id": person,
                    "template_id": template,
                },
            )
        add_activity(
            session,
            data={
                "kind": "reply-received",
                "occurred_on": date(2026, 1, 9),
                "contact_id": people[0],
            },
        )
        rates, total = reply_rates(*outreach_history(session))
    assert (rates[template].sent, rates[template].replied) == (4, 1)
    assert total.rate == 0.25
