"""Imports from every format, all-or-nothing, duplicates, and exact round trips."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import icalendar
import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from img_crm.domain.rows import ContactPointRow
from img_crm.errors import UserError
from img_crm.services import importer
from img_crm.services.csv_io import write_contacts_csv
from img_crm.services.demo import load_demo
from img_crm.services.ical import write_calendar
from img_crm.services.import_formats import Format
from img_crm.services.json_io import restore_store_json, store_document, write_store_json
from img_crm.services.vcard import write_vcards
from img_crm.store.contact_rows import list_contacts
from img_crm.store.contacts import add_contact
from img_crm.store.db import Store, open_store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _import(store: Store, path: Path, **options: object) -> importer.Summary:
    fmt, records = importer.load(path, options.pop("fmt", None))  # type: ignore[arg-type]
    with store.session() as session:
        plan = importer.plan(session, records, source=path.name, fmt=fmt, **options)  # type: ignore[arg-type]
        return importer.apply(session, plan)


def test_linkedin_with_notes_lines_bom_crlf_and_blank_emails(store: Store) -> None:
    summary = _import(store, FIXTURES / "linkedin_connections.csv")
    assert (summary.added, summary.merged, summary.skipped) == (4, 0, 0)
    with store.session() as session:
        rows = {r.name: r for r in list_contacts(session)}
    khai = rows["Nguyễn Thị Minh Khai"]
    assert (khai.institution, khai.role, khai.connected_on) == (
        "Brookside Medical Center",
        "Attending, Infectious Disease",
        date(2026, 9, 28),
    )
    assert khai.linkedin_url == "https://www.linkedin.com/in/minhkhai" and khai.stage == "cold"
    assert rows["محمد الأحمد"].email == "" and rows["محمد الأحمد"].connected_on == date(2025, 1, 3)
    # Connecting on LinkedIn is not a touch: nobody is late, nobody was contacted.
    assert {r.first_contacted for r in rows.values()} == {None}
    assert rows["Søren Ågård"].role == "Fellow Oncology"  # an embedded newline, folded


def test_google_current_and_legacy_headers(store: Store) -> None:
    _import(store, FIXTURES / "google_current.csv")
    _import(store, FIXTURES / "google_legacy.csv")
    with store.session() as session:
        rows = {r.name: r for r in list_contacts(session)}
    elena = rows["Elena Petrova"]
    assert (elena.email, elena.phone, elena.title) == (
        "e.petrova@riverside.example.org",
        "+1 951 555 0100",
        "Dr.",
    )
    assert elena.notes == "Met at ASN, 2026"
    assert elena.points == (  # Google's " ::: " values, each with its cell's label
        ContactPointRow("email", "work", "e.petrova@riverside.example.org"),
        ContactPointRow("email", "work", "elena.p@example.com"),
        ContactPointRow("phone", "mobile", "+1 951 555 0100"),
        ContactPointRow("phone", "mobile", "+1 951 555 0101"),
    )
    assert elena.tags == ("research",)
    fatima = rows["Fatima Zahra Benali"]
    assert (fatima.institution, fatima.role, fatima.tags) == (
        "Harborview Community Hospital",
        "Hospitalist",
        ("mentors",),
    )


def test_vcards_3_and_4_with_folding_quoted_printable_and_several_emails(store: Store) -> None:
    _import(store, FIXTURES / "contacts_v3.vcf")
    _import(store, FIXTURES / "contacts_v4.vcf")
    with store.session() as session:
        rows = {r.name: r for r in list_contacts(session)}
    hughes = rows["Margaret Hughes"]
    assert hughes.email == "m.hughes@brookside.example.org" and hughes.phone == "+1 718 555 0123"
    assert "Prefers short updates on Fridays." in hughes.notes  # folded line joined
    assert hughes.emails == ("m.hughes@brookside.example.org", "maggie.hughes@example.com")
    assert "maggie.hughes@example.com" not in hughes.notes
    assert hughes.role == "Attending, Hospital Medicine"
    assert "Елена Петрова" in rows  # quoted-printable UTF-8
    rajesh = rows["राजेश कुमार"]
    assert rajesh.linkedin_url.endswith("rajeshkumar") and set(rajesh.tags) == {"apd", "alumni"}


def test_one_bad_row_writes_nothing_and_names_the_line(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "contacts.csv"
    bad.write_text("Name,Email\nAna Lima,ana@example.org\nBo Chen,not-an-email\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"contacts.csv, line 3, field email"):
        _import(store, bad)
    with store.session() as session:
        assert list_contacts(session) == []


def test_bad_linkedin_date_and_non_utf8_are_named(store: Store, tmp_path: Path) -> None:
    linkedin = tmp_path / "Connections.csv"
    linkedin.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "A,B,,,,,31/12/2026\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError, match="line 2, field Connected On"):
        _import(store, linkedin)
    # A file in another encoding is read in it (and the encoding named: test_vcard_quirks).
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Name,Institution\nJosé Peña,Hôpital Saint-André\n".encode("latin-1"))
    _import(store, latin)
    with store.reading() as session:
        (row,) = list_contacts(session)
    assert (row.name, row.institution) == ("José Peña", "Hôpital Saint-André")


def test_duplicates_skip_merge_or_add(store: Store) -> None:
    with store.session() as session:
        add_contact(
            session, data={"name": "Elena Petrova", "email": "e.petrova@riverside.example.org"}
        )
    path = FIXTURES / "google_current.csv"
    fmt, records = importer.load(path)
    with store.session() as session:
        plan = importer.plan(session, records, source=path.name, fmt=fmt)
        assert [r.action for r in plan.rows] == [
            importer.OnDuplicate.SKIP,
            importer.OnDuplicate.ADD,
        ]
        assert plan.duplicates[0].match_name == "Elena Petrova"
        session.rollback()
    summary = _import(store, path, on_duplicate=importer.OnDuplicate.MERGE)
    assert (summary.added, summary.merged) == (1, 1)
    with store.session() as session:
        elena = next(r for r in list_contacts(session) if r.name == "Elena Petrova")
    assert elena.phone == "+1 951 555 0100" and elena.institution  # empty fields filled


def _pseudo_name(seed: int) -> str:
    """Distinct, name-like words (numbered names would look like duplicates)."""
    import hashlib

    digest = hashlib.sha256(str(seed).encode()).digest()
    return "".join("bcdfghjklmnprstvz"[b % 17] + "aeiou"[b % 5] for b in digest[:4]).capitalize()


def test_a_2000_row_linkedin_file_with_progress_and_cancel(store: Store, tmp_path: Path) -> None:
    lines = [
        "Notes:",
        "x",
        "y",
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    lines += [
        f"{_pseudo_name(i)},{_pseudo_name(i + 7919)},,p{i}@example.org,"
        f"Hospital {i % 40},Attending,1 Feb 2026"
        for i in range(2000)
    ]
    path = tmp_path / "Connections.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fmt, records = importer.load(path)
    assert fmt is Format.LINKEDIN and len(records) == 2000
    seen: list[int] = []
    with pytest.raises(importer.CancelledError), store.session() as session:
        plan = importer.plan(session, records, source=path.name, fmt=fmt)
        importer.apply(session, plan, progress=lambda done, total: done < 1000)
    with store.session() as session:
        assert list_contacts(session) == []  # cancel wrote nothing
    with store.session() as session:
        plan = importer.plan(session, records, source=path.name, fmt=fmt)
        summary = importer.apply(session, plan, progress=lambda d, t: seen.append(d) or True)
    assert summary.added == 2000 and seen[-1] == 2000


# --- exports read back by the libraries that own the formats -------------------------------


def test_vcard_export_reads_back_in_vobject(demo_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "contacts.vcf"
    with demo_store.session() as session:
        count = write_vcards(list_contacts(session), target)
    cards = list(vobject.readComponents(target.read_text(encoding="utf-8")))
    assert len(cards) == count == 24
    first = cards[0]
    assert first.version.value == "4.0" and first.fn.value == "Margaret Hughes"
    assert first.email.value == "m.hughes@brookside.example.org"
    assert any(card.fn.value == "王小明" for card in cards)


def test_ics_export_reads_back_in_icalendar_with_alarms_and_stable_uids(
    store: Store, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    with store.session() as session:
        load_demo(session, today=date(2026, 11, 22))  # the sample as of that day
        write_calendar(session, first, today=date(2026, 11, 22))
        write_calendar(session, second, today=date(2026, 11, 22))
    calendar = icalendar.Calendar.from_ical(first.read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    uids = [str(e["uid"]) for e in events]
    assert len(uids) == len(set(uids)) and first.read_bytes() == second.read_bytes()
    assert any(uid.startswith("interview-program-") for uid in uids)
    assert any(uid.startswith("letter-") for uid in uids)
    assert any(uid.startswith("follow-up-contact-") for uid in uids)
    assert all(event.walk("VALARM") for event in events)
    interview = next(e for e in events if str(e["summary"]).startswith("Interview"))
    # 22 November: the interviews fall in December, on New York's standard time.
    assert "EST" in str(interview["description"]) and "EDT" not in str(interview["description"])


# --- exact round trips -------------------------------------------------------------------------

_words = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzÅøéñüşĐНиколайمحمدराजेश王小明'-"),
    min_size=1,
    max_size=10,
)
_contact = st.fixed_dictionaries(
    {
        "name": st.lists(_words, min_size=1, max_size=3).map(" ".join),
        "institution": st.lists(_words, max_size=3).map(" ".join),
        "email": st.one_of(st.just(""), _words.map(lambda w: f"{w}@example.org".replace(" ", ""))),
        "stage": st.sampled_from(["cold", "warm", "mentor", "sponsor"]),
        "tags": st.lists(_words, max_size=3, unique_by=str.casefold),
        "notes": st.text(alphabet=st.sampled_from("ab ,\"\n'é王="), max_size=30).map(str.strip),
        "first_contacted": st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 12, 31))),
    }
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=st.lists(_contact, max_size=8))
def test_contacts_csv_round_trip_is_byte_identical(
    tmp_path_factory: pytest.TempPathFactory, people: list[dict[str, object]]
) -> None:
    folder = tmp_path_factory.mktemp("csv")
    source = open_store(folder / "a")
    with source.session() as session:
        for person in people:
            add_contact(session, data=person)
        first = folder / "first.csv"
        write_contacts_csv(list_contacts(session), first)
    target = open_store(folder / "b")
    fmt, records = importer.load(first)
    with target.session() as session:
        plan = importer.plan(
            session, records, source="first.csv", fmt=fmt, on_duplicate=importer.OnDuplicate.ADD
        )
        importer.apply(session, plan)
        second = folder / "second.csv"
        write_contacts_csv(list_contacts(session), second)
    assert second.read_bytes() == first.read_bytes()
    with first.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == len(people) + 1
    source.close()
    target.close()


def test_the_default_skip_leaves_out_a_duplicate_added_on_purpose(tmp_path: Path) -> None:
    """What docs/formats.md says: only --on-duplicate add brings back every row."""
    source = open_store(tmp_path / "a")
    with source.session() as session:
        add_contact(session, data={"name": "Ana Lima", "email": "ana@example.org"})
        add_contact(session, data={"name": "Ana Lima", "email": "ana@example.org"})
        exported = tmp_path / "contacts.csv"
        write_contacts_csv(list_contacts(session), exported)
    counts = {}
    for choice in (importer.OnDuplicate.SKIP, importer.OnDuplicate.ADD):
        target = open_store(tmp_path / choice.value)
        fmt, records = importer.load(exported)
        with target.session() as session:
            plan = importer.plan(session, records, source="c.csv", fmt=fmt, on_duplicate=choice)
            summary = importer.apply(session, plan)
            counts[choice] = (len(list_contacts(session)), summary.skipped)
        target.close()
    source.close()
    assert counts == {importer.OnDuplicate.SKIP: (1, 1), importer.OnDuplicate.ADD: (2, 0)}


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=st.lists(_contact, max_size=6))
def test_json_round_trip_is_byte_identical(
    tmp_path_factory: pytest.TempPathFactory, people: list[dict[str, object]]
) -> None:
    from img_crm.services.demo import load_demo

    folder = tmp_path_factory.mktemp("json")
    source = open_store(folder / "a")
    with source.session() as session:
        load_demo(session, today=date(2026, 11, 22))
        for person in people:
            add_contact(session, data=person)
        first = folder / "first.json"
        write_store_json(session, first)
    target = open_store(folder / "b")
    with target.session() as session:
        restore_store_json(session, json.loads(first.read_text(encoding="utf-8")))
        second = folder / "second.json"
        write_store_json(session, second)
    assert second.read_bytes() == first.read_bytes()
    source.close()
    target.close()


def test_json_restore_refuses_a_store_with_data_and_other_versions(demo_store: Store) -> None:
    with demo_store.session() as session:
        document = store_document(session)
        with pytest.raises(UserError, match="empty store"):
            restore_store_json(session, document)
        with pytest.raises(UserError, match="data version 99"):
            restore_store_json(session, {**document, "schema_version": 99})


def test_vcard_parts_with_commas_are_read_not_crashed_on(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "odd.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nN:Lima,Jr.;Ana;;Dr.;\nORG:Lakeview,IM;Cardiology\n"
        "CATEGORIES:a,b\nEND:VCARD\n",
        encoding="utf-8",
    )
    _import(store, path)
    with store.session() as session:
        (row,) = list_contacts(session)
    assert (row.name, row.title) == ("Ana Lima Jr.", "Dr.")
    assert (row.institution, row.department) == ("Lakeview,IM", "Cardiology")
    assert set(row.tags) == {"a", "b"}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(
        _contact.map(lambda d: d | {"us_based": d["stage"] in ("warm", "mentor")}), max_size=8
    ),
    unset=st.booleans(),
)
def test_sql_formatted_export_matches_the_row_by_row_export(
    tmp_path_factory: pytest.TempPathFactory, people: list[dict[str, object]], unset: bool
) -> None:
    """export_contacts_csv formats cells in SQLite; it must write the very bytes
    write_contacts_csv writes from ContactRow values."""
    from img_crm.services.csv_io import CONTACT_COLUMNS, contact_record, export_contacts_csv
    from img_crm.store.contact_rows import contact_cells

    folder = tmp_path_factory.mktemp("cells")
    store = open_store(folder / "s")
    with store.session() as session:
        for person in people:
            add_contact(
                session, data={k: v for k, v in person.items() if not (unset and k == "us_based")}
            )
        rows = list_contacts(session)
        assert list(contact_cells(session, columns=CONTACT_COLUMNS)) == [
            tuple(contact_record(r)) for r in rows
        ]
        for safe in (False, True):
            export_contacts_csv(session, folder / "fast.csv", safe=safe)
            write_contacts_csv(rows, folder / "slow.csv", safe=safe)
            assert (folder / "fast.csv").read_bytes() == (folder / "slow.csv").read_bytes()
    store.close()


@pytest.mark.parametrize("kind", ["csv", "vcf"])
def test_importing_our_own_export_again_adds_nothing(
    demo_store: Store, tmp_path: Path, kind: str
) -> None:
    from img_crm.services.csv_io import export_contacts_csv

    target = tmp_path / f"contacts.{kind}"
    with demo_store.reading() as session:
        before = list_contacts(session)
        if kind == "csv":
            export_contacts_csv(session, target)
        else:
            write_vcards(before, target)
    summary = _import(demo_store, target)
    assert (summary.added, summary.merged, summary.skipped) == (0, 0, len(before))
    with demo_store.reading() as session:
        assert list_contacts(session) == before


def _names_and_titles(path: Path, missing: str | None = None) -> list[tuple[str, str | None]]:
    """Each record's name and title as the importer reads ``path``."""
    _fmt, records = importer.load(path)
    return [(r.data["name"], r.data.get("title", missing)) for r in records]


def test_a_name_that_starts_like_a_title_survives_our_own_export(tmp_path: Path) -> None:
    """Found by the round-trip property: "Mr A" typed as a name (no title)
    came back from our own CSV as A, title "Mr". Our own export keeps its
    names as written; anyone else's sheet still gives up the honorific."""
    source = open_store(tmp_path / "a")
    with source.session() as session:
        add_contact(session, data={"name": "Mr A"})
        add_contact(session, data={"name": "Dr. Ana Lima", "title": "Dr."})
        exported = tmp_path / "ours.csv"
        write_contacts_csv(list_contacts(session), exported)
    assert _names_and_titles(exported, missing="") == [
        ("Mr A", ""),
        ("Dr. Ana Lima", "Dr."),  # as the user wrote them both
    ]
    plain = tmp_path / "sheet.csv"
    plain.write_text("Name,Email\nDr. Ana Lima,ana@x.org\nMr A,a@x.org\n", encoding="utf-8")
    assert _names_and_titles(plain) == [
        ("Ana Lima", "Dr."),
        ("A", "Mr"),
    ]
    # Someone's sheet with a title column of its own: a title given apart
    # still comes off the name's front, and an empty one still splits.
    titled = tmp_path / "titled.csv"
    titled.write_text("Name,Title\nDr. Ana Lima,Dr.\nMr Bo Chen,\n", encoding="utf-8")
    assert _names_and_titles(titled) == [
        ("Ana Lima", "Dr."),
        ("Bo Chen", "Mr"),
    ]
