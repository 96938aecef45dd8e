import csv
from pathlib import Path

from img_crm.services.csv_io import CONTACT_COLUMNS, write_contacts_csv
from img_crm.store.contact_rows import list_contacts
from img_crm.store.contacts import add_contact
from img_crm.store.db import Store

TRICKY = [
    {"name": "Nguyễn Thị Minh Khai", "notes": 'Said "call me Khai", prefers mornings'},
    {"name": "محمد الأحمد", "notes": "Line one\nLine two, with a comma"},
    {"name": "王小明", "tags": "research,pubmed", "institution": "Lakeview, IL"},
]


def test_export_reads_back_identical(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        for data in TRICKY:
            add_contact(session, data=data)
        rows = list_contacts(session)
    target = tmp_path / "contacts.csv"
    assert write_contacts_csv(rows, target) == 3
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert b"\r\n" in raw
    with target.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert list(records[0]) == list(CONTACT_COLUMNS)
    assert [r["name"] for r in records] == [d["name"] for d in TRICKY]
    assert records[0]["notes"] == TRICKY[0]["notes"]
    assert records[1]["notes"] == TRICKY[1]["notes"]
    assert records[2]["tags"] == "pubmed, research"
    assert records[2]["institution"] == "Lakeview, IL"
    assert records[0]["stage"] == "cold"


def test_failed_export_leaves_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "contacts.csv"
    target.write_text("previous export\n", encoding="utf-8")

    class Exploding:
        def __getattr__(self, name: str) -> object:
            raise OSError("disk full")

    try:
        write_contacts_csv([Exploding()], target)  # type: ignore[list-item]
    except OSError:
        pass
    else:  # pragma: no cover
        raise AssertionError("the export should have failed")
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["contacts.csv"]


def test_sql_formatted_cells_match_on_the_sample(demo_store: Store) -> None:
    from img_crm.services.csv_io import CONTACT_COLUMNS, contact_record
    from img_crm.store.contact_rows import contact_cells, list_contacts

    with demo_store.session() as session:
        rows = list_contacts(session)
        cells = list(contact_cells(session, columns=CONTACT_COLUMNS))
    assert cells == [tuple(contact_record(r)) for r in rows]
    assert len(cells) >= 20 and any(r.last_interaction for r in rows)
