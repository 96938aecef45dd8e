"""Every email, phone and web address a contact has: stored, edited, merged,
undone, imported from Google, Outlook and vCard, exported and read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from img_crm.domain.rows import ContactPointRow as P
from img_crm.domain.rows import ContactRow
from img_crm.services import importer
from img_crm.services.csv_io import export_contacts_csv
from img_crm.services.json_io import restore_store_json, store_document
from img_crm.services.vcard import write_vcards
from img_crm.store import snapshots
from img_crm.store.contact_rows import get_contact, list_contacts
from img_crm.store.contacts import add_contact, update_contact
from img_crm.store.db import Store, open_store
from img_crm.store.merge import merge_contacts
from tests.helpers.cli import run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

HERRERA = (
    P("email", "work", "t.herrera@lakeview.example.org"),
    P("email", "home", "tomas.h@example.com"),
    P("email", "Lab", "herrera-lab@lakeview.example.edu"),
    P("phone", "mobile", "+1 312 555 0142"),
    P("phone", "work fax", "+1 312 555 0143"),
    P("web", "blog", "https://herrera.example.net"),
)


def _import(store: Store, path: Path, **options: object) -> None:
    loaded = importer.read(path)
    with store.session() as session:
        plan = importer.plan(
            session,
            loaded.records,
            source=path.name,
            fmt=loaded.format,
            **options,  # type: ignore[arg-type]
        )
        importer.apply(session, plan)


def _by_name(store: Store) -> dict[str, ContactRow]:
    with store.reading() as session:
        return {row.name: row for row in list_contacts(session)}


def _read_back(store: Store, tmp_path: Path, suffix: str) -> dict[str, ContactRow]:
    """The store's contacts exported as ``suffix`` (csv, vcf, json), then
    imported (or restored) into a new store: its contacts by name."""
    target = tmp_path / f"out.{suffix}"
    with store.reading() as session:
        if suffix == "csv":
            export_contacts_csv(session, target)
        elif suffix == "vcf":
            write_vcards(list_contacts(session), target)
        else:
            document = json.loads(json.dumps(store_document(session), default=str))
    again = open_store(tmp_path / "again")
    if suffix == "json":
        with again.session() as session:
            restore_store_json(session, document)
    else:
        _import(again, target)
    rows = _by_name(again)
    again.close()
    return rows


def test_the_store_keeps_them_in_order_and_email_phone_follow(store: Store) -> None:
    with store.session() as session:
        cid = add_contact(
            session,
            data={
                "name": "Ana Lima",
                "points": [
                    ("phone", "mobile", "+1 555 0100"),
                    ("email", "work", "ana@lakeview.example.org"),
                    ("email", "home", "ana@example.com"),
                    ("web", "", "https://ana.example.net"),
                ],
            },
        )
    with store.session() as session:
        row = get_contact(session, contact_id=cid)
        assert row.points == (
            P("email", "work", "ana@lakeview.example.org"),
            P("email", "home", "ana@example.com"),
            P("phone", "mobile", "+1 555 0100"),
            P("web", "", "https://ana.example.net"),
        )
        assert (row.email, row.phone) == ("ana@lakeview.example.org", "+1 555 0100")
        update_contact(session, contact_id=cid, changes={"email": "ana@example.com"})
    with store.session() as session:
        row = get_contact(session, contact_id=cid)
        assert row.emails == ("ana@example.com", "ana@lakeview.example.org")
        assert row.email == "ana@example.com"
        update_contact(session, contact_id=cid, changes={"points": [("phone", "", "+1 555 0199")]})
    with store.reading() as session:
        row = get_contact(session, contact_id=cid)
        assert row.points == (P("phone", "", "+1 555 0199"),)
        assert (row.email, row.phone) == ("", "+1 555 0199")


def test_merge_keeps_every_address_and_undo_gives_them_back(store: Store) -> None:
    with store.session() as session:
        keep = add_contact(
            session, data={"name": "Bo Chen", "points": [("email", "work", "bo@a.example.org")]}
        )
        other = add_contact(
            session,
            data={
                "name": "Bo Chen",
                "points": [("email", "", "bo@b.example.org"), ("phone", "mobile", "555")],
            },
        )
    with store.session() as session:
        snap = snapshots.capture(session, contact_ids=[keep, other])
        merge_contacts(session, keep_id=keep, other_id=other, choices={"email": "bo@b.example.org"})
    with store.session() as session:
        row = get_contact(session, contact_id=keep)
        assert row.points == (
            P("email", "", "bo@b.example.org"),
            P("email", "work", "bo@a.example.org"),
            P("phone", "mobile", "555"),
        )
        assert row.email == "bo@b.example.org" and row.phone == "555"
        snapshots.restore(session, snapshot=snap, current_ids=[keep])
    with store.reading() as session:
        assert get_contact(session, contact_id=keep).points == (
            P("email", "work", "bo@a.example.org"),
        )
        assert get_contact(session, contact_id=other).phones == ("555",)


def test_google_e_mail_phone_and_website_columns_each_kept(store: Store) -> None:
    _import(store, FIXTURES / "google_several_points.csv")
    rows = _by_name(store)
    herrera = rows["Tomás Herrera"]
    assert herrera.points == HERRERA
    assert herrera.linkedin_url == "https://www.linkedin.com/in/tomas-herrera-example"
    assert herrera.notes == ""  # nothing pushed into the notes
    okafor = rows["Grace Okafor"]
    assert okafor.points == (
        P("email", "other", "grace.okafor@example.com"),
        P("phone", "pager", "+1 414 555 0170"),
        P("phone", "pager", "+1 414 555 0171"),
    )


def test_outlook_columns_give_labelled_phones_and_every_email(store: Store) -> None:
    _import(store, FIXTURES / "outlook_several_points.csv")
    (row,) = _by_name(store).values()
    assert row.points == (
        P("email", "", "h.schulz@brookside.example.org"),
        P("email", "", "hannah.schulz@example.de"),
        P("phone", "mobile", "+1 718 555 0102"),
        P("phone", "work", "+1 718 555 0100"),
        P("phone", "work", "+1 718 555 0101"),
        P("phone", "pager", "+1 718 555 0103"),
        P("phone", "work fax", "+1 718 555 0104"),
        P("web", "", "https://brookside.example.org/schulz"),
    )


MENSAH = (
    P("email", "work", "k.mensah@korlebu.example.org"),
    P("email", "home", "kwame.mensah@example.com"),
    P("email", "University", "mensah@ug.example.edu.gh"),
    P("phone", "mobile", "+233 24 555 0100"),
    P("phone", "work", "+233 30 555 0101"),
    P("phone", "work fax", "+233 30 555 0102"),
    P("phone", "other", "+233 30 555 0103"),
    P("web", "work", "https://korlebu.example.org/mensah"),
)


def test_repeated_vcard_properties_with_types_and_grouped_labels(store: Store) -> None:
    _import(store, FIXTURES / "vcard_several_points.vcf")
    (row,) = _by_name(store).values()
    assert row.points == MENSAH
    assert row.pubmed_url == "https://pubmed.ncbi.nlm.nih.gov/?term=Mensah+K"
    assert row.linkedin_url == "https://www.linkedin.com/in/kwame-mensah-example"


@pytest.mark.parametrize("suffix", ["csv", "vcf", "json"])
def test_exports_read_back_with_every_address_and_label(
    store: Store, tmp_path: Path, suffix: str
) -> None:
    _import(store, FIXTURES / "vcard_several_points.vcf")
    _import(store, FIXTURES / "google_several_points.csv")
    rows = _read_back(store, tmp_path, suffix)
    assert rows["Kwame Mensah"].points == MENSAH
    assert rows["Tomás Herrera"].points == HERRERA


def test_a_second_email_finds_the_duplicate_and_merge_adds_the_new_ones(store: Store) -> None:
    with store.session() as session:
        add_contact(
            session,
            data={
                "name": "K. Mensah",
                "points": [("email", "", "mensah@ug.example.edu.gh")],  # his third, in the file
            },
        )
    loaded = importer.read(FIXTURES / "vcard_several_points.vcf")
    with store.session() as session:
        plan = importer.plan(
            session,
            loaded.records,
            source="x.vcf",
            fmt=loaded.format,
            on_duplicate=importer.OnDuplicate.MERGE,
        )
        assert [(r.match.reason if r.match else None) for r in plan.rows] == ["same email"]
        importer.apply(session, plan)
    (row,) = _by_name(store).values()
    assert row.name == "K. Mensah"
    # the address both have stays first and takes the file's label; the rest are added
    assert row.points[0] == P("email", "University", "mensah@ug.example.edu.gh")
    assert sorted(row.points) == sorted(MENSAH)


def test_the_command_line_sets_and_shows_them(store: Store, data_dir: Path) -> None:
    added = run_cli(
        "contacts",
        "add",
        "--name",
        "Ana Lima",
        "--emails",
        "work: ana@lakeview.example.org; ana@example.com",
        "--phones",
        "mobile: +1 555 0100",
        data_dir=data_dir,
    )
    assert added.returncode == 0, added.stderr
    cid = added.stdout.strip()
    edited = run_cli(
        "contacts", "edit", cid, "--websites", "blog: https://ana.example.net", data_dir=data_dir
    )
    assert edited.returncode == 0, edited.stderr
    shown = run_cli("contacts", "show", cid, data_dir=data_dir).stdout.splitlines()
    assert [line for line in shown if line.startswith(("email", "phone", "web"))] == [
        "email (work): ana@lakeview.example.org",
        "email: ana@example.com",
        "phone (mobile): +1 555 0100",
        "web (blog): https://ana.example.net",
    ]
    bad = run_cli("contacts", "edit", cid, "--emails", "ana@hot mail.com", data_dir=data_dir)
    assert bad.returncode == 1 and "emails" in bad.stderr and "hot mail" in bad.stderr
    dup = run_cli(
        "contacts",
        "add",
        "--name",
        "Someone",
        "--emails",
        "x@y.org; ana@example.com",
        data_dir=data_dir,
    )
    assert dup.returncode == 0 and f"may duplicate #{cid} Ana Lima (same email)" in dup.stderr


def test_a_value_that_cannot_be_what_it_says_goes_to_the_notes_not_the_contact(
    store: Store,
) -> None:
    """Android writes a second "email" that is no address; a web address with
    a space. The contact comes in with its good values and those in its notes.
    A contact's only email that is no address is listed for the user to mend
    or skip. The same number given as mobile and work is kept once."""
    path = FIXTURES / "vcard_unusable_values.vcf"
    loaded = importer.read(path)
    with store.session() as session:
        plan = importer.plan(session, loaded.records, source=path.name, fmt=loaded.format)
        assert [(r.line, r.field, r.reason) for r in plan.invalid] == [
            (
                10,
                "emails",
                "'mateo.reyes@hot mail.com' does not look like an email address (name@example.org)",
            )
        ]
        importer.apply(session, plan, skip_invalid=True)
    (row,) = _by_name(store).values()
    assert row.points == (
        P("email", "work", "l.ortiz@mercy.example.org"),
        P("phone", "mobile", "+1 414 555 0100"),
    )
    assert row.notes.splitlines() == [
        "Not an email address: ÑÑÑ",
        "Not a web address: http://www.mercy example.org",
    ]


ODD = [
    ("email", "c/o dept", "only@x.org"),  # a slash in a label
    ("email", "a;b", "two@x.org"),  # a semicolon in a label
    ("phone", "", "555-1234 Ext: 22"),  # ": " inside an unlabelled value
    ("phone", "pager", "+1-555-0100;9"),  # a semicolon inside a value
    ("web", "", "http://x.org/a;b=1"),
    ("web", "профиль", "https://example.org/пример"),
]


@pytest.mark.parametrize("suffix", ["csv", "vcf", "json"])
def test_odd_labels_and_values_come_back_exactly(store: Store, tmp_path: Path, suffix: str) -> None:
    with store.session() as session:
        add_contact(session, data={"name": "Ana Lima", "points": ODD})
        before = list_contacts(session)[0].points
    (row,) = _read_back(store, tmp_path, suffix).values()
    assert row.points == before and row.notes == ""


def test_the_vcard_links_stay_in_their_fields_beside_other_linkedin_addresses(
    store: Store, tmp_path: Path
) -> None:
    with store.session() as session:
        add_contact(
            session,
            data={
                "name": "Bo Chen",
                "linkedin_url": "https://www.linkedin.com/in/real",
                "pubmed_url": "https://pubmed.ncbi.nlm.nih.gov/?term=real",
                "points": [
                    ("web", "old profile", "https://www.linkedin.com/in/old"),
                    ("web", "", "https://pubmed.ncbi.nlm.nih.gov/123"),
                ],
            },
        )
        write_vcards(list_contacts(session), tmp_path / "c.vcf")
    again = open_store(tmp_path / "again")
    _import(again, tmp_path / "c.vcf")
    (row,) = _by_name(again).values()
    assert row.linkedin_url == "https://www.linkedin.com/in/real"
    assert row.pubmed_url == "https://pubmed.ncbi.nlm.nih.gov/?term=real"
    assert row.points == (
        P("web", "old profile", "https://www.linkedin.com/in/old"),
        P("web", "", "https://pubmed.ncbi.nlm.nih.gov/123"),
    )
    again.close()


def test_a_hand_edited_export_whose_email_is_not_the_first_point_is_refused(
    store: Store, tmp_path: Path
) -> None:
    from img_crm.errors import UserError

    with store.session() as session:
        add_contact(
            session,
            data={
                "name": "Ann Lee",
                "points": [("email", "", "a@x.org"), ("email", "", "b@x.org")],
            },
        )
        document = json.loads(json.dumps(store_document(session), default=str))
    contact = document["tables"]["contact"]
    contact["rows"][0][contact["columns"].index("email")] = "b@x.org"
    again = open_store(tmp_path / "again")
    with pytest.raises(UserError) as refused, again.session() as session:
        restore_store_json(session, document)
    assert str(refused.value) == (
        "Table contact, row 1, column email: must be the first email of the contact's in "
        "contact_point (another is); nothing was restored."
    )
    with again.reading() as session:
        assert list_contacts(session) == []
    again.close()
