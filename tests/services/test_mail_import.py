"""Mail files as mail programs write them become the user's activities.

Every mailbox here is made by the test (``tests/helpers/mail.py``) with the
standard library's ``mailbox.mbox`` (as Thunderbird's and Takeout's are mbox
files) or written byte for byte where a real program writes something
``email`` would not: raw 8-bit headers, no Date, no Message-ID, CRLF lines,
a byte-order mark, a reused Message-ID.
"""

from __future__ import annotations

import mailbox
from datetime import UTC, date, datetime, timedelta
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
from tests.helpers.mail import ME, WHEN, message, raw_message, write_mbox

ANA = "ana.lima@brookside.example.edu"
KHAI = "khai@lakeview.example.org"
#: When the tests read their mail (the messages are from a few weeks before).
NOW = WHEN + timedelta(days=40)


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    with store.session() as session:
        ana = add_contact(session, data={"name": "Ana Lima", "email": ANA, "stage": "warm"})
        khai = add_contact(session, data={"name": "Nguyễn Khải", "email": KHAI})
    return {"ana": ana, "khai": khai}


def _plan(store: Store, path: Path, **options: object) -> ActivityPlan:
    with store.reading() as session:
        return activity_import.plan_mail(session, path, own=[ME], now=NOW, **options)  # type: ignore[arg-type]


def _import(store: Store, path: Path, **options: object) -> activity_import.Applied:
    plan = _plan(store, path)
    with store.session() as session:
        return activity_import.apply(session, plan, **options)  # type: ignore[arg-type]


def test_sent_and_received_mail_with_contacts_becomes_their_activities(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    box = write_mbox(
        tmp_path / "Sent",
        [
            message(f"Me <{ME}>", f"Dr Ana Lima <{ANA.upper()}>", "Chart review plan"),
            message(f"Ana <{ANA}>", "team@list.example.org", "To the list", cc=f"<{ME}>"),
            message("news@journal.example.com", ME, "This week's issue"),
            message(f"Ana <{ANA}>", "someone@else.example.org", "Not to me"),
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
    box = write_mbox(
        tmp_path / "Inbox",
        [
            message(ANA, ME, "With an id"),
            message(KHAI, ME, "Without an id", message_id=None),
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
    with_file = message(ME, ANA, "My CV", body="From the attached CV you will see...")
    with_file.add_attachment(
        b"\0" * 3_000_000, maintype="application", subtype="pdf", filename="cv.pdf"
    )
    box = write_mbox(tmp_path / "Sent", [with_file, message(ANA, ME, "Re: My CV")])
    plan = _plan(store, box, with_bodies=True)
    assert [f.kind for f in plan.new] == [ActivityKind.OUTREACH_SENT, ActivityKind.REPLY_RECEIVED]
    assert plan.new[0].description == "My CV\n\nFrom the attached CV you will see..."
    # without bodies asked for, only the subject is kept
    assert _plan(store, box).new[0].description == "My CV"


def test_a_message_with_no_date_is_dated_by_its_mbox_line_or_listed(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    undated = mailbox.mboxMessage(message(ANA, ME, "Undated", at=None))
    undated.set_from("ana@brookside.example.edu", (2026, 9, 1, 8, 0, 0, 0, 1, 0))
    box = write_mbox(tmp_path / "Inbox", [undated])
    (new,) = _plan(store, box).new
    assert new.moment == datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    eml = tmp_path / "lost.eml"
    eml.write_bytes(bytes(message(ANA, ME, "No date anywhere", at=None)))
    plan = _plan(store, eml)
    assert plan.new == []
    assert [u.sentence() for u in plan.invalid] == [
        "lost.eml, line 1 (message 1), Date: the message has no date img-crm can read"
    ]
    with store.session() as session, pytest.raises(UserError, match="nothing was imported"):
        activity_import.apply(session, plan)
    # an undated message that is not the user's is not worth a line
    other = tmp_path / "other.eml"
    other.write_bytes(bytes(message("x@a.example", "y@b.example", "Spam", at=None)))
    assert _plan(store, other).invalid == []


def test_a_reply_is_owed_24_hours_after_the_moment_it_came(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    came = datetime(2026, 10, 5, 23, 50, tzinfo=UTC)
    _import(store, write_mbox(tmp_path / "Inbox", [message(ANA, ME, "Question", at=came)]))
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
    box = write_mbox(
        tmp_path / "All mail.mbox",
        [
            message(ME, f"Dr Sam Osei <{pd}>", "Observership question"),
            message(f"Sam Osei <{pd}>", ME, "Re: Observership question"),
            message("noreply@portal.example.com", ME, "Your code"),
            message("noreply@portal.example.com", ME, "Your code again"),
            message(ME, "once@example.org", "A one-off"),
        ],
    )
    plan = _plan(store, box)
    assert [(s.address, s.name, s.messages) for s in plan.suggestions] == [(pd, "Dr Sam Osei", 2)]
    with (
        store.session() as session,
        pytest.raises(UserError, match="not among those this import found"),
    ):
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
    box = write_mbox(
        tmp_path / "Inbox", [message(ANA, ME, f"n{n}", body="x" * 50_000) for n in range(60)]
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
    write_mbox(folder / "Inbox", [message(ANA, ME, "In the inbox")])
    (folder / "Inbox.msf").write_text('// <!-- <mdb:mork:z v="1.4"/> -->')
    write_mbox(folder / "Archives.sbd" / "2025", [message(KHAI, ME, "Archived")])
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
    _import(store, write_mbox(tmp_path / "Sent", [message(ME, ANA, "Following up")]))
    with store.reading() as session:
        assert get_contact(session, contact_id=people["ana"]).next_follow_up is None


def test_a_misdated_message_is_dated_by_its_mbox_line_or_listed(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    """A sender's clock a century ahead, or a year written "0000" (which
    the parser reads as 2000), is not a date to log."""
    ahead = mailbox.mboxMessage(message(ANA, ME, "From the future", at=datetime(2150, 1, 1)))
    ahead.set_from(ANA, (2026, 9, 1, 8, 0, 0, 0, 1, 0))
    (new,) = _plan(store, write_mbox(tmp_path / "Inbox", [ahead])).new
    assert new.moment == datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    for n, date_line in enumerate(
        [b"Date: Fri, 1 Jan 2150 09:00:00 +0000", b"Date: Mon, 2 Oct 0000 09:00:00 +0000"]
    ):
        eml = tmp_path / f"odd{n}.eml"
        eml.write_bytes(
            raw_message(b"From: " + ME.encode() + b"\nTo: " + ANA.encode() + b"\n" + date_line)
        )
        plan = _plan(store, eml)
        assert (plan.new, [u.field for u in plan.invalid]) == ([], ["Date"])
    # a sender's clock a few minutes fast is believed; a day ahead is not
    for ahead_by, logged in ((timedelta(minutes=30), 1), (timedelta(hours=20), 0)):
        soon = tmp_path / "soon.eml"
        soon.write_bytes(bytes(message(ANA, ME, "Soon", at=NOW + ahead_by)))
        assert len(_plan(store, soon).new) == logged
    # the zero of a broken clock
    zero = tmp_path / "zero.eml"
    zero.write_bytes(bytes(message(ANA, ME, "Epoch", at=datetime(1970, 1, 1, tzinfo=UTC))))
    assert [u.field for u in _plan(store, zero).invalid] == ["Date"]


def test_raw_utf8_addresses_match_contacts_and_suggest_clean_addresses(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    """RFC 6532 lets mail carry addresses in raw UTF-8, unencoded."""
    with store.session() as session:
        jurgen = add_contact(session, data={"name": "Jürgen Voß", "email": "jürgen@bücher.example"})
    mine = ME.encode()
    box = write_mbox(
        tmp_path / "Inbox",
        [
            raw_message(
                "From: Jürgen Voß <jürgen@bücher.example>\nTo: ".encode()
                + mine
                + b"\nSubject: Gr\xc3\xbc\xc3\x9fe\nDate: Mon, 5 Oct 2026 09:00:00 +0200\n"
                b"Message-ID: <u1@example.de>"
            ),
            *(
                raw_message(
                    b"From: "
                    + mine
                    + "\nTo: Zoë Café <zoë@café.example>\n".encode()
                    + f"Subject: Note {n}\nDate: Tue, 6 Oct 2026 09:00:00 +0000\n".encode()
                    + f"Message-ID: <z{n}@example.org>".encode()
                )
                for n in range(2)
            ),
        ],
    )
    plan = _plan(store, box)
    assert [(f.contact_id, f.description) for f in plan.new] == [(jurgen, "Grüße")]
    assert [(s.address, s.name) for s in plan.suggestions] == [("zoë@café.example", "Zoë Café")]
    with store.session() as session:
        activity_import.apply(session, plan, add=["zoë@café.example"])
    with store.reading() as session:
        added = [c for c in list_contacts(session) if c.name == "Zoë Café"]
    assert [c.email for c in added] == ["zoë@café.example"]


def test_addresses_no_contact_can_have_are_not_suggested_nor_echoed(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    long = "x" * 300 + "@example.org"
    box = write_mbox(
        tmp_path / "Sent",
        [
            message(ME, address, f"Note {n}", at=WHEN - timedelta(hours=n))
            for address in ("bob@localhost", long)
            for n in range(2)
        ],
    )
    plan = _plan(store, box)
    assert plan.no_contact == 4
    assert plan.suggestions == []
    with store.session() as session, pytest.raises(UserError) as refused:
        activity_import.apply(session, plan, add=["bob@localhost"])
    assert "bob" not in str(refused.value) and "cannot be a contact's email" in str(refused.value)
    with store.session() as session, pytest.raises(UserError) as unknown:
        activity_import.apply(session, plan, add=["private@nowhere.example"])
    assert "private" not in str(unknown.value)


def test_a_mailbox_beginning_with_a_byte_order_mark_or_blank_lines_is_read(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    box = write_mbox(tmp_path / "plain", [message(ANA, ME, "First"), message(KHAI, ME, "Second")])
    for name, lead in (("bom.mbox", b"\xef\xbb\xbf"), ("blank.mbox", b"\n\r\n")):
        marked = tmp_path / name
        marked.write_bytes(lead + box.read_bytes())
        plan = _plan(store, marked)
        assert [f.description for f in plan.new] == ["First", "Second"], name
    eml = tmp_path / "marked.eml"
    eml.write_bytes(b"\xef\xbb\xbf" + bytes(message(ANA, ME, "Saved from Outlook")))
    assert [f.description for f in _plan(store, eml).new] == ["Saved from Outlook"]


@pytest.mark.parametrize(
    "content", [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), b"just a note\n"]
)
def test_a_file_that_holds_no_mail_is_refused(
    store: Store, people: dict[str, int], tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "picture.eml"
    path.write_bytes(content)
    with pytest.raises(UserError) as refused:
        _plan(store, path)
    assert str(refused.value) == (
        "picture.eml holds no mail img-crm can read (.eml files or mbox mailboxes); "
        "nothing was imported."
    )


def test_a_message_id_reused_by_another_message_logs_both_once(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    """Broken software gives two messages one Message-ID; a copy of one
    message (Takeout's "Sent" and "All mail") is still one activity."""
    first = message(ME, ANA, "Chart review", message_id="<same@example.org>")
    other = message(ANA, ME, "Re: Chart review", message_id="<same@example.org>")
    box = write_mbox(tmp_path / "All mail", [first, other, first])
    plan = _plan(store, box)
    assert [f.description for f in plan.new] == ["Chart review", "Re: Chart review"]
    assert plan.already == 0
    with store.session() as session:
        assert activity_import.apply(session, plan).logged == 2
    again = _plan(store, box)
    assert (again.new, again.already) == ([], 2)


def test_raw_legacy_headers_with_no_charset_are_read_in_the_encoding_they_are_in(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    """A Chinese mail program writing GB2312 bytes, no MIME charset."""
    head = (
        "From: 张伟 <".encode("gb2312")
        + ANA.encode()
        + b">\nTo: "
        + ME.encode()
        + "\nSubject: 关于住院医师申请的问题\n".encode("gb2312")
        + b"Date: Mon, 5 Oct 2026 09:00:00 +0800"
    )
    eml = tmp_path / "gb.eml"
    eml.write_bytes(raw_message(head))
    (new,) = _plan(store, eml).new
    assert (new.description, new.name) == ("关于住院医师申请的问题", "张伟")


def test_a_nul_after_an_address_does_not_hide_the_contact(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    eml = tmp_path / "nul.eml"
    eml.write_bytes(
        raw_message(
            b"From: "
            + ANA.encode()
            + b"\x00\nTo: "
            + ME.encode()
            + b"\nSubject: Hi\nDate: Mon, 5 Oct 2026 09:00:00 +0000"
        )
    )
    assert [f.contact_id for f in _plan(store, eml).new] == [people["ana"]]


@pytest.mark.parametrize(
    "header",
    [
        b"Subject: =?utf-8?b?a?=",  # base64 that cannot be decoded
        b"Subject: =?utf\x00-8?q?a?=",  # a NUL in the charset's name
        b"Cc: x@example.org " + b"(" * 600 + b")" * 600,  # comments nested too deep
    ],
)
def test_broken_headers_are_read_around_not_a_crash(
    store: Store, people: dict[str, int], tmp_path: Path, header: bytes
) -> None:
    eml = tmp_path / "odd.eml"
    eml.write_bytes(
        raw_message(
            b"From: "
            + ANA.encode()
            + b"\nTo: "
            + ME.encode()
            + b"\n"
            + header
            + b"\nDate: Mon, 5 Oct 2026 09:00:00 +0000\nMessage-ID: <odd@example.org>"
        )
    )
    assert [f.contact_id for f in _plan(store, eml).new] == [people["ana"]]


def test_a_body_nested_thousands_deep_keeps_the_subject_only(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    parts = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (n, n) for n in range(3000)
    )
    eml = tmp_path / "deep.eml"
    eml.write_bytes(
        raw_message(
            b"From: "
            + ANA.encode()
            + b"\nTo: "
            + ME.encode()
            + b"\nSubject: Deep\nDate: Mon, 5 Oct 2026 09:00:00 +0000\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="top"',
            b"--top\n" + parts,
        )
    )
    assert [f.description for f in _plan(store, eml, with_bodies=True).new] == ["Deep"]


def test_copies_of_one_message_are_one_activity(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    """The Sent copy carries the Bcc to yourself, a list's copy a "[list]"
    subject, Thunderbird rewrites its read flag: all one message."""
    sent = message(ME, ANA, "Chart review", message_id="<one@example.org>")
    sent["Bcc"] = ME
    listed = message(ME, ANA, "[students] Chart review", message_id="<one@example.org>")
    folder = tmp_path / "Mail"
    folder.mkdir()
    write_mbox(folder / "Sent", [sent])
    write_mbox(folder / "Inbox", [listed])
    assert len(_plan(store, folder).new) == 1
    # no Message-ID: known by the headers a mail program does not rewrite
    head = b"From: " + ME.encode() + b"\nTo: " + KHAI.encode() + b"\nSubject: Hi\n"
    head += b"Date: Mon, 5 Oct 2026 09:00:00 +0000\nX-Mozilla-Status: 0000"
    unread = tmp_path / "unread.eml"
    unread.write_bytes(raw_message(head))
    _import(store, unread)
    unread.write_bytes(raw_message(head.replace(b"Status: 0000", b"Status: 0001")))
    again = _plan(store, unread)
    assert (again.new, again.already) == ([], 1)


def test_drafts_and_automatic_replies_are_not_logged(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "Local Folders"
    folder.mkdir()
    write_mbox(folder / "Drafts", [message(ME, ANA, "Not sent yet")])
    draft = message(ME, ANA, "Marked as a draft")
    draft["X-Mozilla-Draft-Info"] = "internal/draft; vcard=0"
    gmail = message(ME, KHAI, "Gmail draft")
    gmail["X-Gmail-Labels"] = "Drafts,Important"
    away = message(ANA, ME, "Out of office")
    away["Auto-Submitted"] = "auto-replied"
    write_mbox(folder / "Inbox", [draft, gmail, away, message(ANA, ME, "A real reply")])
    assert [f.description for f in _plan(store, folder).new] == ["A real reply"]


def test_addresses_with_invisible_or_broken_characters_are_not_used(
    store: Store, people: dict[str, int], tmp_path: Path
) -> None:
    odd = ["zed\u202e@example.com", "zero\u200bwidth@example.com", "j\ufffdrgen@example.de"]
    box = write_mbox(
        tmp_path / "Sent",
        [message(ME, a, f"Note {n}", at=WHEN - timedelta(hours=n)) for a in odd for n in range(2)]
        + [message(ME, "u@-bad-.com", "x"), message(ME, "u@-bad-.com", "y")],
    )
    assert _plan(store, box).suggestions == []
    # a control character inside a contact's address is not that contact
    eml = tmp_path / "ctrl.eml"
    eml.write_bytes(
        raw_message(
            b"From: ana.lima\x1b@brookside.example.edu\nTo: "
            + ME.encode()
            + b"\nSubject: Hi\nDate: Mon, 5 Oct 2026 09:00:00 +0000"
        )
    )
    assert _plan(store, eml).new == []
