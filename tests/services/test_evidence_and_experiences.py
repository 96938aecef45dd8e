from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from img_crm.services.evidence import build_sheet, sheet_html, write_sheet_html
from img_crm.services.experiences import load_experiences, write_experiences_csv
from img_crm.store.activities import add_activity
from img_crm.store.contacts import add_contact
from img_crm.store.db import Store


def _seed(store: Store) -> int:
    with store.session() as session:
        cid = add_contact(session, data={"name": "Margaret <Hughes>", "institution": "Brookside"})
        entries = [
            (
                "research-task",
                date(2026, 3, 2),
                6.0,
                None,
                "",
                "Chart review of 76 patients for the HF project",
            ),
            (
                "research-task",
                date(2026, 3, 20),
                4.5,
                None,
                "",
                "Cleaned 14 registry records & flagged errors",
            ),
            (
                "clinical-experience",
                date(2026, 4, 1),
                80.0,
                "observership",
                "Clinic",
                "Two-week observership",
            ),
            (
                "clinical-experience",
                date(2026, 4, 20),
                40.0,
                "observership",
                "Clinic",
                "Second week of clinic",
            ),
            ("meeting", date(2026, 4, 22), None, None, "", "Monthly check-in"),
            ("presentation", date(2026, 5, 2), None, None, "", "Noon conference talk"),
        ]
        for kind, day, hours, exposure, setting, text in entries:
            add_activity(
                session,
                data={
                    "kind": kind,
                    "occurred_on": day,
                    "hours": hours,
                    "exposure": exposure,
                    "setting": setting,
                    "description": text,
                    "contact_id": cid,
                },
            )
    return cid


def test_evidence_sheet_html_holds_the_logged_work_escaped(store: Store, tmp_path: Path) -> None:
    cid = _seed(store)
    with store.session() as session:
        sheet = build_sheet(session, contact_id=cid, today=date(2026, 6, 1))
    assert sheet.total_hours == 130.5
    html = sheet_html(sheet)
    assert "Chart review of 76 patients for the HF project" in html
    assert "Cleaned 14 registry records &amp; flagged errors" in html
    assert "Margaret &lt;Hughes&gt;" in html and "<Hughes>" not in html
    assert "Two-week observership" in html and "1 meetings" not in html
    target = tmp_path / "sheet.html"
    write_sheet_html(html, target)
    assert target.read_text(encoding="utf-8") == html


def test_evidence_sheet_pdf_can_be_read_back(store: Store, tmp_path: Path, qtbot: QtBot) -> None:
    from img_crm.ui.pdf import write_pdf

    cid = _seed(store)
    with store.session() as session:
        html = sheet_html(build_sheet(session, contact_id=cid))
    target = tmp_path / "sheet.pdf"
    write_pdf(html, target, title="Evidence")
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    words = re.sub(r"\s+", " ", text)
    assert "Chart review of 76 patients" in words
    assert "Noon conference talk" in words
    assert "130.5 logged hours" in words


def test_experience_hours_sum_per_setting_and_supervisor(store: Store, tmp_path: Path) -> None:
    _seed(store)
    with store.session() as session:
        experiences = load_experiences(session)
    clinical = [x for x in experiences if x.experience_type == "Clinical"]
    research = [x for x in experiences if x.experience_type == "Research"]
    assert len(clinical) == 1 and clinical[0].hours == 120.0 and clinical[0].entries == 2
    assert (clinical[0].start, clinical[0].end) == (date(2026, 4, 1), date(2026, 4, 20))
    assert len(research) == 1 and research[0].hours == 10.5
    target = tmp_path / "experiences.csv"
    assert write_experiences_csv(experiences, target) == 2
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(float(r["total_hours"]) for r in rows) == [10.5, 120.0]
    assert rows[0]["supervisor"] == "Margaret <Hughes>"
