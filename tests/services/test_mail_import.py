"""Mail files as mail programs write them become the user's activities.

Every mailbox here is made by the test with the standard library's
``mailbox.mbox`` (as Thunderbird's and Takeout's are mbox files) or written
byte for byte where a real program writes something ``email`` would not:
raw 8-bit headers, no Date, no Message-ID, CRLF lines.
"""

from __future__ import annotations

import mailbox
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from img_crm.domain.enums import ActivityKind
from img_crm.errors import UserError
from img_crm.services import activity_import
from img_crm.services.activity_import import ActivityPlan
from img_crm.services.importer import CancelledError
from img_crm.services.relationships import contact_statuses
from img_crm.store.activities import delete_activities, list_activities
from img_crm.store.contact_rows import get_contact, list_contacts
from img_crm.store.contacts import add_contact
from img_crm.store.db import Store

ME = "me@example.org"
ANA = "ana.lima@brookside.example.edu"
KHAI = "khai@lakeview.example.org"
WHEN = datetime(2026, 10, 5, 14, 30, tzinfo=UTC)


def _message(
    sender: str,
    to: str,
    subject: str,
    *,
    at: datetime | None = WHEN,
    message_id: str | None = "auto",
    cc: str = "",
    body: str = "Hello",
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    if at is not None:
        message["Date"] = format_datetime(at)
    if message_id == "auto":
        message_id = f"<{abs(hash((sender, to, subject, at)))}@mail.example.org>"
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    return message


def _mbox(path: Path, messages: list[EmailMessage | bytes]) -> Path:
    box = mailbox.mbox(path)
    box.lock()
    try:
        for message in messages:
            box.add(message)
    finally:
        box.flush()
        box.unlock()
        box.close()
    return path


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    with store.session() as session:
        ana = add_contact(session, data={"name": "Ana Lima", "email": ANA, "stage": "warm"})
        khai = add_contact(session, data={"name": "Nguyễn Khải", "email": KHAI})
    return {"ana": ana, "khai": khai}


def _plan(store: Store, path: Path, **options: object) -> ActivityPlan:
    with store.reading() as session:
        return activity_import.plan_mail(session, path, own=[ME], **options)  # type: ignore[arg-type]


def _import(store: Store, path: Path, **options: object) -> activity_import.Applied:
    plan = _plan(store, path)
    with store.session() as session:
        return activity_import.apply(session, plan, **options)  # type: ignore[arg-type]


def test_sent_and_received_mail_with_contacts_becomes_their_activities(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    box = _mbox(
        tmp_path / "Sent",
        [
            _message(f"Me <{ME}>", f"Dr Ana Lima <{ANA.upper()}>", "Chart review plan"),
            _message(f"Ana <{ANA}>", "team@list.example.org", "To the list", cc=f"<{ME}>"),
            _message("news@journal.example.com", ME, "This week's issue"),
            _message(f"Ana <{ANA}>", "someone@else.example.org", "Not to me"),
        ],
    )
    plan = _plan(store, box)
    assert plan.counts()["read"] == 4
    assert [(f.kind, f.contact_id) for f in plan.new] == [
        (ActivityKind.OUTREACH_SENT, people["ana"]),
        (ActivityKind.REPLY_RECEIVED, people["ana"]),
    ]
    assert plan.unrelated == 1  # Ana's mail to someone else
    applied = _import(store, box)
    assert str(applied) == "2 activities logged"
    with store.reading() as session:
        logged = list_activities(session, contact_id=people["ana"])
        ana = get_contact(session, contact_id=people["ana"])
    assert sorted(a.description for a in logged) == ["Chart review plan", "To the list"]
    assert {a.occurred_on for a in logged} == {WHEN.astimezone().date()}
    assert ana.last_interaction == WHEN.astimezone().date()


def test_a_second_import_of_the_same_mailbox_adds_nothing_even_after_a_delete(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    box = _mbox(
        tmp_path / "Inbox",
        [
            _message(ANA, ME, "With an id"),
            _message(KHAI, ME, "Without an id", message_id=None),
        ],
    )
    assert _import(store, box).logged == 2
    again = _plan(store, box)
    assert (len(again.new), again.already) == (0, 2)
    assert _import(store, box).logged == 0
    with store.session() as session:
        first = list_activities(session, contact_id=people["ana"])[0]
        delete_activities(session, activity_ids=[first.id])
    assert _import(store, box).logged == 0  # the user removed it: it stays removed
    with store.reading() as session:
        assert list_activities(session, contact_id=people["ana"]) == []


def test_encoded_headers_and_non_utf8_charsets_are_read(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    raw_latin1 = (
        b"From ana Mon Oct  5 14:30:00 2026\n"
        + f"From: Ana <{ANA}>\nTo: {ME}\n".encode()
        + b"Subject: R\xe9sum\xe9 re\xe7u\n"
        b"Date: Mon, 05 Oct 2026 14:30:00 +0000\n"
        b"Message-ID: <latin1@example.org>\n"
        b'Content-Type: text/plain; charset="iso-8859-1"\n\nMerci\n\n'
    )
    encoded = (
        b"From khai Mon Oct  5 15:30:00 2026\r\n"
        b"From: =?utf-8?b?Tmd1eeG7hW4gS2jhuqNp?= <" + KHAI.encode() + b">\r\n"
        b"To: =?windows-1251?b?yOLg7SDP5fLw7uI=?= <" + ME.encode() + b">\r\n"
        b"Subject: =?windows-1251?q?=CF=F0=E8=E2=E5=F2?= =?utf-8?q?_=E2=80=94_ok?=\r\n"
        b"Date: Mon, 05 Oct 2026 15:30:00 +0000\r\n"
        b"Message-ID: <encoded@example.org>\r\n\r\nBody\r\n"
    )
    box = tmp_path / "Takeout.mbox"
    box.write_bytes(raw_latin1 + encoded)
    plan = _plan(store, box)
    assert [(f.contact_id, f.description) for f in plan.new] == [
        (people["ana"], "Résumé reçu"),
        (people["khai"], "Привет — ok"),
    ]


def test_multipart_mail_with_a_large_attachment_and_a_from_line_in_its_body(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    with_file = _message(ME, ANA, "My CV", body="From the attached CV you will see...")
    with_file.add_attachment(
        b"\0" * 3_000_000, maintype="application", subtype="pdf", filename="cv.pdf"
    )
    box = _mbox(tmp_path / "Sent", [with_file, _message(ANA, ME, "Re: My CV")])
    plan = _plan(store, box, with_bodies=True)
    assert [f.kind for f in plan.new] == [ActivityKind.OUTREACH_SENT, ActivityKind.REPLY_RECEIVED]
    assert plan.new[0].description == "My CV\n\nFrom the attached CV you will see..."
    # without bodies asked for, only the subject is kept
    assert _plan(store, box).new[0].description == "My CV"


def test_a_message_with_no_date_is_dated_by_its_mbox_line_or_listed(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    undated = mailbox.mboxMessage(_message(ANA, ME, "Undated", at=None))
    undated.set_from("ana@brookside.example.edu", (2026, 9, 1, 8, 0, 0, 0, 1, 0))
    box = _mbox(tmp_path / "Inbox", [undated])
    (new,) = _plan(store, box).new
    assert new.moment == datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    eml = tmp_path / "lost.eml"
    eml.write_bytes(bytes(_message(ANA, ME, "No date anywhere", at=None)))
    plan = _plan(store, eml)
    assert plan.new == []
    assert [u.sentence() for u in plan.invalid] == [
        "lost.eml, line 1 (message 1), Date: the message has no date img-crm can read"
    ]
    with store.session() as session, pytest.raises(UserError, match="nothing was imported"):
        activity_import.apply(session, plan)
    # an undated message that is not the user's is not worth a line
    other = tmp_path / "other.eml"
    other.write_bytes(bytes(_message("x@a.example", "y@b.example", "Spam", at=None)))
    assert _plan(store, other).invalid == []


def test_a_reply_is_owed_24_hours_after_the_moment_it_came(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    came = datetime(2026, 10, 5, 23, 50, tzinfo=UTC)
    _import(store, _mbox(tmp_path / "Inbox", [_message(ANA, ME, "Question", at=came)]))
    with store.reading() as session:
        row = get_contact(session, contact_id=people["ana"])
        local = came.astimezone().replace(tzinfo=None)  # the app's "now" is local
        before = contact_statuses(session, [row], now=local + timedelta(hours=23, minutes=59))
        after = contact_statuses(session, [row], now=local + timedelta(hours=24, minutes=1))
    assert before[row.id].reply_owed is False
    assert after[row.id].reply_owed is True


def test_frequent_unknown_correspondents_are_offered_and_added_with_their_mail(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    pd = "pd@lakeview.example.org"
    box = _mbox(
        tmp_path / "All mail.mbox",
        [
            _message(ME, f"Dr Sam Osei <{pd}>", "Observership question"),
            _message(f"Sam Osei <{pd}>", ME, "Re: Observership question"),
            _message("noreply@portal.example.com", ME, "Your code"),
            _message("noreply@portal.example.com", ME, "Your code again"),
            _message(ME, "once@example.org", "A one-off"),
        ],
    )
    plan = _plan(store, box)
    assert [(s.address, s.name, s.messages) for s in plan.suggestions] == [(pd, "Dr Sam Osei", 2)]
    with store.session() as session, pytest.raises(UserError, match="not among the addresses"):
        activity_import.apply(session, plan, add=["someone@else.example.org"])
    applied = _import(store, box, add=[pd])
    assert str(applied) == "2 activities logged, 1 contact added"
    with store.reading() as session:
        (sam,) = [c for c in list_contacts(session) if c.email == pd]
        assert sam.name == "Dr Sam Osei" and sam.stage == "cold" and sam.tags == ("from-mail",)
        assert len(list_activities(session, contact_id=sam.id)) == 2


def test_own_addresses_are_required_and_cancel_stops_the_reading(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    box = _mbox(
        tmp_path / "Inbox", [_message(ANA, ME, f"n{n}", body="x" * 50_000) for n in range(60)]
    )
    with store.reading() as session:
        with pytest.raises(UserError, match="which email addresses are yours"):
            activity_import.plan_mail(session, box, own=[])
        seen: list[int] = []
        with pytest.raises(CancelledError):
            activity_import.plan_mail(
                session, box, own=[ME], progress=lambda done, total: bool(seen.append(done))
            )
    assert seen and seen[0] < box.stat().st_size


def test_a_thunderbird_folder_is_read_without_its_index_files(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "Local Folders"
    (folder / "Archives.sbd").mkdir(parents=True)
    _mbox(folder / "Inbox", [_message(ANA, ME, "In the inbox")])
    (folder / "Inbox.msf").write_text('// <!-- <mdb:mork:z v="1.4"/> -->')
    _mbox(folder / "Archives.sbd" / "2025", [_message(KHAI, ME, "Archived")])
    (folder / "filterlog.html").write_text("<html></html>")
    plan = _plan(store, folder)
    assert plan.files == ["2025", "Inbox"]
    assert sorted(f.description for f in plan.new) == ["Archived", "In the inbox"]


def test_today_moves_from_the_imported_mail(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    """A follow-up set by hand for a day the mail reached is done."""
    from img_crm.store.contacts import update_contact

    with store.session() as session:
        update_contact(
            session, contact_id=people["ana"], changes={"next_follow_up": date(2026, 10, 1)}
        )
    _import(store, _mbox(tmp_path / "Sent", [_message(ME, ANA, "Following up")]))
    with store.reading() as session:
        assert get_contact(session, contact_id=people["ana"]).next_follow_up is None
