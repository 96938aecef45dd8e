"""What fuzzing the importers found (a helper's run of ~20,500 inputs), each
minimal input kept here: a sentence or the data, never another exception,
never text lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from img_crm.domain.contacts import parse_tags
from img_crm.errors import UserError
from img_crm.services import importer
from img_crm.services.file_text import decode


def _read(tmp_path: Path, raw: bytes, name: str = "x.vcf") -> list[dict[str, object]]:
    path = tmp_path / name
    path.write_bytes(raw)
    return [record.data for record in importer.read(path).records]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # A component inside a card, named like a property (AttributeError before).
        (b"BEGIN:VCARD\nBEGIN:FN\nEND:FN\nFN:Ana Lima\nEND:VCARD", [{"name": "Ana Lima"}]),
        (b"BEGIN:VCARD\nBEGIN:CATEGORIES\nEND:CATEGORIES\nEND:VCARD", [{}]),
        # A charset that is no text encoding refused the whole file.
        (
            b"BEGIN:VCARD\nFN:Ana Lima\nNOTE;CHARSET=undefined;QUOTED-PRINTABLE:x\nEND:VCARD",
            [{"name": "Ana Lima", "notes": "x"}],
        ),
        # U+2028 and a form feed ended the value (splitlines), losing the rest.
        (
            "BEGIN:VCARD\nFN:Ana Lima\nNOTE:first\u2028second\nEND:VCARD".encode(),
            [{"name": "Ana Lima", "notes": "first\u2028second"}],
        ),
        # A line before the first card hid every card after it.
        (b"VERSION:3.0\nBEGIN:VCARD\nFN:Ana Lima\nEND:VCARD", [{"name": "Ana Lima"}]),
        (
            b"BEGIN:VCARD\nFN:Ana Lima\nEND:VCARD\nX:1\nBEGIN:VCARD\nFN:John Doe\nEND:VCARD",
            [{"name": "Ana Lima"}, {"name": "John Doe"}],
        ),
        (b"BEGIN:VCARD \nFN:Ana Lima\nEND:VCARD ", [{"name": "Ana Lima"}]),
        # Base64 text was stored as "b'Ana Lima'" or left encoded.
        (b"BEGIN:VCARD\nFN;ENCODING=BASE64:QW5hIExpbWE=\nEND:VCARD", [{"name": "Ana Lima"}]),
        (
            b"BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=BASE64:TGltYTtBbmE=\nEND:VCARD",
            [{"name": "Ana Lima", "given_name": "Ana", "family_name": "Lima"}],
        ),
        # A lone backslash at the end grew into "\\eof".
        (b"BEGIN:VCARD\nFN:Ana Lima\\\nEND:VCARD", [{"name": "Ana Lima\\"}]),
        # A card missing its END is closed, not refused.
        (b"BEGIN:VCARD\nFN:Ana Lima\nNOTE:last", [{"name": "Ana Lima", "notes": "last"}]),
    ],
)
def test_vcards_the_fuzzer_broke(tmp_path: Path, raw: bytes, expected: object) -> None:
    assert _read(tmp_path, raw) == expected


def test_csv_with_mac_line_ends_and_a_stray_carriage_return(tmp_path: Path) -> None:
    assert _read(tmp_path, b"Name,Notes\rAna Lima,first\rBo Chen,x\r", "m.csv") == [
        {"name": "Ana Lima", "notes": "first"},
        {"name": "Bo Chen", "notes": "x"},
    ]
    assert _read(tmp_path, b"Name,Notes\r\nAna Lima,first\rsecond\r\n", "m.csv") == [
        {"name": "Ana Lima", "notes": "first second"}
    ]


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("undefined", "'undefined' is not a text encoding."),
        ("punycode", "'punycode' is not a text encoding."),
        ("utf-8\x00", "'utf-8\\x00' is not an encoding img-crm knows."),
        ("klingon", "'klingon' is not an encoding img-crm knows."),
    ],
)
def test_an_encoding_the_user_names_gets_a_sentence(encoding: str, message: str) -> None:
    with pytest.raises(UserError) as refused:
        decode(b"a.", "f", encoding)
    assert str(refused.value) == message


def test_messages_quote_the_file_briefly(tmp_path: Path) -> None:
    headerless = tmp_path / "c.csv"
    headerless.write_bytes(
        b"Ana Lima,ana@example.org," + b"x" * 500 + b"\nJohn Doe,j@example.org,y\n"
    )
    with pytest.raises(UserError) as refused:
        importer.read(headerless)
    assert len(str(refused.value)) < 200 and "\n" not in str(refused.value)
    linkedin = tmp_path / "Connections.csv"
    linkedin.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "A,B,,,,," + "9" * 500 + "\n",
        encoding="utf-8",
    )
    (record,) = importer.read(linkedin).records
    assert record.problem is not None and len(record.problem[1]) < 80


def test_many_tags_are_kept_once_each_in_order() -> None:
    tags = [f"t{i}" for i in range(8000)]
    assert parse_tags(",".join([*tags, "T1", "t2 "])) == tags
