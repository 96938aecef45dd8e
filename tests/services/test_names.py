"""Names as people write them: the parts a file gives are kept, letters greet
by the family name, vCard N is written from the parts, never guessed."""

from __future__ import annotations

from pathlib import Path

import vobject

from img_crm.domain.names import full_name, split_title
from img_crm.domain.templates import fill
from img_crm.services import importer
from img_crm.services.templates import placeholder_values
from img_crm.services.vcard import write_vcards
from img_crm.store.contact_rows import list_contacts
from img_crm.store.contacts import add_contact
from img_crm.store.db import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _import(store: Store, path: Path) -> dict[str, object]:
    fmt, records = importer.load(path)
    with store.session() as session:
        plan = importer.plan(session, records, source=path.name, fmt=fmt)
        importer.apply(session, plan, skip_invalid=True)
    with store.reading() as session:
        return {r.name: r for r in list_contacts(session)}


def test_a_vcards_name_parts_are_kept_and_the_letter_greets_the_family_name(
    store: Store,
) -> None:
    rows = _import(store, FIXTURES / "vcard21_android_outlook.vcf")
    huong = rows["Đặng Thị Hương"]
    assert (huong.family_name, huong.given_name, huong.title) == ("Đặng", "Thị Hương", "Dr.")
    with store.reading() as session:
        values = placeholder_values(session, contact_id=huong.id)
    assert fill("", "Dear {title} {last_name},", values).body == "Dear Dr. Đặng,"


def test_linkedin_chinese_names_keep_their_order(store: Store) -> None:
    rows = _import(store, FIXTURES / "linkedin_name_order.csv")
    assert set(rows) == {"李伟", "Hương Đặng"}  # the file gives Vietnamese in Western order
    li = rows["李伟"]
    assert (li.given_name, li.family_name) == ("伟", "李")
    with store.reading() as session:
        values = placeholder_values(session, contact_id=li.id)
    assert fill("", "Dear {title} {last_name},", values).body == "Dear Dr. 李,"


def test_greet_as_replaces_title_and_family_name(store: Store) -> None:
    with store.session() as session:
        contact_id = add_contact(session, data={"name": "Hannah Weiss", "address_as": "Hannah"})
        values = placeholder_values(session, contact_id=contact_id)
    assert fill("Hello {title} {last_name}", "Dear {title} {last_name},\n", values) == fill(
        "Hello Hannah", "Dear Hannah,\n", {}
    )


def test_vcard_n_is_written_from_the_parts_never_guessed(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        add_contact(session, data={"name": "Nguyễn Thị Minh Khai", "title": "Dr."})
        add_contact(session, data={"name": "Ana Lima, MD"})
        add_contact(
            session,
            data={
                "name": "Đặng Thị Hương",
                "given_name": "Thị Hương",
                "family_name": "Đặng",
                "title": "Prof.",
                "institution": "Bach Mai Hospital",
                "department": "Cardiology",
            },
        )
        rows = list_contacts(session)
    target = tmp_path / "out.vcf"
    write_vcards(rows, target)
    cards = {c.fn.value: c for c in vobject.readComponents(target.read_text(encoding="utf-8"))}
    assert cards["Nguyễn Thị Minh Khai"].n.value.family == ""  # not "Khai"
    assert cards["Ana Lima, MD"].n.value.family == ""  # not "MD"
    huong = cards["Đặng Thị Hương"]
    assert (huong.n.value.family, huong.n.value.given, huong.n.value.prefix) == (
        "Đặng",
        "Thị Hương",
        "Prof.",
    )
    assert huong.org.value == ["Bach Mai Hospital", "Cardiology"]
    # Read back by img-crm: the title, the parts and the department come back.
    fresh = _import_into_new(tmp_path, target)
    back = fresh["Đặng Thị Hương"]
    assert (back.title, back.family_name, back.department) == ("Prof.", "Đặng", "Cardiology")
    assert fresh["Nguyễn Thị Minh Khai"].title == "Dr."


def _import_into_new(tmp_path: Path, path: Path) -> dict[str, object]:
    from img_crm.store.db import open_store

    other = open_store(tmp_path / "other")
    try:
        return _import(other, path)
    finally:
        other.close()


def test_full_names_from_parts() -> None:
    assert full_name("伟", "李") == "李伟"
    assert full_name("ゆい", "山田") == "山田ゆい"
    assert full_name("지민", "김") == "김지민"
    assert full_name("Ana", "Lima") == "Ana Lima"
    assert full_name("", "Lima") == "Lima"
    assert split_title("Dr Kwame Mensah") == ("Kwame Mensah", "Dr")
