"""vCards as phones and mail programs write them, each quirk in a small fixture
of our own (the real files they stand for are in shared/samples/realworld)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from img_crm.domain.contact_points import normalize_points, phone_number
from img_crm.domain.names import split_title
from img_crm.errors import UserError
from img_crm.services import importer
from img_crm.services.file_text import decode
from img_crm.services.vcard_import import clean_vcard_text
from img_crm.store.contact_rows import list_contacts
from img_crm.store.db import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _cards(name: str) -> list[dict[str, object]]:
    """What the plan makes of each card (the title taken off the name)."""
    data = []
    for record in importer.read(FIXTURES / name).records:
        card = dict(record.data)
        if "name" in card:
            card["name"], card["title"] = split_title(str(card["name"]), str(card.get("title", "")))
            card = {k: v for k, v in card.items() if v}
        data.append(card)
    return data


def test_android_and_outlook_2_1_quoted_printable_soft_breaks_and_photo() -> None:
    first, nameless = _cards("vcard21_android_outlook.vcf")
    # A soft line break inside one UTF-8 character (H=C6=B0= / =C6=A1ng) keeps it whole.
    assert first["name"] == "Đặng Thị Hương"
    assert first["title"] == "Dr."  # the prefix in N is the title, not part of the name
    assert first["notes"] == "First line\nSecond line, with a comma\nThird line\nFourth line"
    # ORG's second part is the department; the comma in the first part stays a comma.
    assert first["institution"] == "Hanoi Medical University, Bach Mai"
    assert first["department"] == "Department of Cardiology"
    assert "PHOTO" not in clean_vcard_text((FIXTURES / "vcard21_android_outlook.vcf").read_text())
    assert nameless == {"points": [("email", "", "only.an.address@example.org")]}
    assert first["points"] == [("phone", "mobile", "+84 24 3869 3731")]  # 2.1's bare CELL


def test_a_card_without_a_name_is_listed_not_fatal(store: Store) -> None:
    path = FIXTURES / "vcard21_android_outlook.vcf"
    loaded = importer.read(path)
    with store.session() as session:
        plan = importer.plan(session, loaded.records, source=path.name, fmt=loaded.format)
        assert [(r.line, r.field) for r in plan.invalid] == [(16, "name")]
        importer.apply(session, plan, skip_invalid=True)
    with store.reading() as session:
        assert [r.name for r in list_contacts(session)] == ["Đặng Thị Hương"]


def test_lotus_profile_gmail_comma_in_fn_groups_and_a_tel_uri() -> None:
    lotus, rfc = _cards("vcard_lotus_gmail_rfc6350.vcf")
    assert lotus["name"] == "John Richter, James Doe Sr." and lotus["title"] == "Mr."
    assert (lotus["institution"], lotus["department"]) == ("IBM", "Accounting")
    assert normalize_points(lotus["points"])[0] == [  # item1., item2. with X-ABLabels
        ("phone", "assistant", "905-222-1234"),  # AssistantPhone
        ("web", "homepage", "http://www.ibm.com"),  # _$!<HomePage>!$_
    ]
    assert rfc["points"] == [("phone", "work", "+1-418-656-9254 ext. 102")]  # TYPE="work,voice"


def test_a_windows_1252_file_is_read_and_the_encoding_named() -> None:
    loaded = importer.read(FIXTURES / "vcard_windows1252.vcf")
    assert loaded.encoding == "Windows-1252"
    (card,) = [r.data for r in loaded.records]
    assert card["name"] == "Renée Dupré" and card["institution"] == "Hôpital Saint-André"


def test_a_utf_16_csv_with_its_byte_order_mark() -> None:
    loaded = importer.read(FIXTURES / "google_utf16.csv")
    assert loaded.encoding == "UTF-16" and loaded.format is importer.Format.GOOGLE
    assert [r.data["name"] for r in loaded.records] == ["Đặng Thị Hương"]


def test_encodings_by_mark_then_utf8_then_a_guess() -> None:
    assert decode("Đặng".encode("utf-8-sig"), "f") == ("Đặng", "UTF-8")
    assert decode("Ωμέγα Ιατρική".encode("utf-16"), "f") == ("Ωμέγα Ιατρική", "UTF-16")
    with pytest.raises(UserError, match=r"^f, line 1: not text"):
        decode(bytes(range(128, 256)) * 4 + b"\x00\x81\x8d\x8f\x90\x9d", "f")


def test_vobject_noise_never_reaches_the_user(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        importer.read(FIXTURES / "vcard21_android_outlook.vcf")
        importer.read(FIXTURES / "vcard_lotus_gmail_rfc6350.vcf")
    assert [r for r in caplog.records if r.name.startswith("vobject")] == []


def test_small_rules() -> None:
    assert phone_number("tel:+1-555-0100") == "+1-555-0100"
    assert phone_number("+1 555 0100") == "+1 555 0100"
    assert split_title("Dr. Ana Lima", "Dr.") == ("Ana Lima", "Dr.")
    assert split_title("Drew Lima", "Dr.") == ("Drew Lima", "Dr.")
    assert split_title("Prof Kwame Mensah") == ("Kwame Mensah", "Prof")
    assert split_title("Dr.") == ("Dr.", "")  # a name is never emptied
    assert split_title("Drew Lima") == ("Drew Lima", "")


def test_a_guess_is_named_and_the_user_can_choose_the_encoding(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    from tests.helpers.cli import run_cli

    path = tmp_path / "turkish.csv"  # too short for a sure guess
    path.write_bytes("Name\nAyşe Yılmaz\n".encode("cp1254"))
    guessed = run_cli("import", str(path), "--dry-run", data_dir=data_dir)
    assert guessed.returncode == 0
    assert "Read turkish.csv as Windows-1252" in guessed.stdout and "--encoding" in guessed.stdout
    chosen = run_cli("import", str(path), "--encoding", "cp1254", data_dir=data_dir)
    assert chosen.returncode == 0, chosen.stderr
    with store.reading() as session:
        assert [r.name for r in list_contacts(session)] == ["Ayşe Yılmaz"]
    wrong = run_cli("import", str(path), "--encoding", "utf-8", data_dir=data_dir)
    assert wrong.returncode == 1 and "turkish.csv, line 2: not UTF-8 text." in wrong.stderr


def test_what_has_no_field_of_its_own_is_kept_in_the_notes(tmp_path: Path) -> None:
    path = tmp_path / "extras.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nNICKNAME:Aninha\r\nBDAY:1980-04-02\r\n"
        "ADR;TYPE=WORK:;;1 Main St;Chicago;IL;60601;USA\r\nURL:https://lakeview.example.edu/lima\r\n"
        "X-AIM:ana.aim\r\nX-SKYPE:ana.skype\r\nNOTE:Met at ACP\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    (record,) = importer.read(path).records
    assert record.data["notes"].splitlines() == [
        "Met at ACP",
        "Nickname: Aninha",
        "Birthday: 1980-04-02",
        "Address: 1 Main St, Chicago, IL 60601, USA",
        "Instant messaging: ana.aim; ana.skype",
    ]
    assert record.data["points"] == [("web", "", "https://lakeview.example.edu/lima")]
