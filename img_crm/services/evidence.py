"""The evidence sheet: one page of the work done with one person, for their letter.

Built from the activity log in the user's own words. HTML is the source; the
GUI and CLI turn the same HTML into PDF (``img_crm.ui.pdf``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from sqlmodel import Session

from img_crm import clock
from img_crm.domain.enums import ActivityKind, Exposure
from img_crm.domain.rows import ActivityRow, ContactRow
from img_crm.services.atomic import atomic_text_writer
from img_crm.store.activities import list_activities
from img_crm.store.contact_rows import get_contact
from img_crm.store.settings import get_setting

WORK_KINDS = (
    ActivityKind.RESEARCH_TASK,
    ActivityKind.PAPER_SUBMITTED,
    ActivityKind.PAPER_ACCEPTED,
    ActivityKind.PRESENTATION,
    ActivityKind.CONFERENCE,
)
EXPOSURE_TEXT = {
    Exposure.EXTERNSHIP: "Hands-on externship",
    Exposure.SUB_INTERNSHIP: "Sub-internship / audition elective",
    Exposure.OBSERVERSHIP: "Structured observership",
    Exposure.SHADOWING: "Shadowing",
}
KIND_TEXT = {
    ActivityKind.RESEARCH_TASK: "Task",
    ActivityKind.PAPER_SUBMITTED: "Submitted",
    ActivityKind.PAPER_ACCEPTED: "Accepted",
    ActivityKind.PRESENTATION: "Presented",
    ActivityKind.CONFERENCE: "Conference",
}

_STYLE = """
body { font-family: sans-serif; font-size: 10pt; }
h1 { font-size: 15pt; margin-bottom: 0; }
h2 { font-size: 11.5pt; margin-top: 12pt; margin-bottom: 3pt; }
.sub { color: #555555; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; border-bottom: 1px solid #888888; }
td { vertical-align: top; }
.num { text-align: right; }
"""


# Qt's rich-text engine honours these attributes, not CSS padding on cells.
_TABLE = "<table width='100%' cellspacing='0' cellpadding='5'>"


@dataclass(frozen=True, slots=True)
class EvidenceSheet:
    contact: ContactRow
    work: list[ActivityRow]
    exposures: list[ActivityRow]
    meetings: list[ActivityRow]
    prepared_by: str
    generated_on: date

    @property
    def total_hours(self) -> float:
        return sum(a.hours or 0 for a in (*self.work, *self.exposures))

    @property
    def period(self) -> tuple[date, date] | None:
        days = [a.occurred_on for a in (*self.work, *self.exposures, *self.meetings)]
        return (min(days), max(days)) if days else None


def build_sheet(session: Session, *, contact_id: int, today: date | None = None) -> EvidenceSheet:
    contact = get_contact(session, contact_id=contact_id)
    activities = sorted(
        list_activities(session, contact_id=contact_id), key=lambda a: a.occurred_on
    )
    kinds = {k.value for k in WORK_KINDS}
    return EvidenceSheet(
        contact=contact,
        work=[a for a in activities if a.kind in kinds],
        exposures=[a for a in activities if a.kind == ActivityKind.CLINICAL_EXPERIENCE.value],
        meetings=[a for a in activities if a.kind == ActivityKind.MEETING.value],
        prepared_by=get_setting(session, key="my_name"),
        generated_on=today or clock.today(),
    )


def _hours(value: float | None) -> str:
    return f"{value:g}" if value else ""


def sheet_html(sheet: EvidenceSheet) -> str:
    """A self-contained, print-friendly HTML page; every user text is escaped."""
    e = escape
    c = sheet.contact
    who = " ".join(p for p in (c.title, c.name) if p)
    lines = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>Evidence sheet: {e(who)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Work with {e(who)}</h1>",
        f"<p class='sub'>{e(' · '.join(p for p in (c.role, c.institution, c.specialty) if p))}</p>",
    ]
    summary = []
    if sheet.prepared_by:
        summary.append(f"Prepared by {e(sheet.prepared_by)}")
    if sheet.period:
        start, end = sheet.period
        summary.append(f"{start.isoformat()} to {end.isoformat()}")
    if sheet.total_hours:
        summary.append(f"{sheet.total_hours:g} logged hours")
    if summary:
        lines.append(f"<p>{' · '.join(summary)}</p>")
    if sheet.work:
        lines.append(f"<h2>Tasks, results and presentations</h2>{_TABLE}")
        lines.append(
            "<tr><th width='16%'>Date</th><th width='48%'>What</th>"
            "<th width='10%' class='num'>Hours</th><th>Outcome</th></tr>"
        )
        for a in sheet.work:
            label = KIND_TEXT.get(ActivityKind(a.kind), "")
            lines.append(
                f"<tr><td nowrap>{a.occurred_on.isoformat()}</td>"
                f"<td><b>{e(label)}:</b> {e(a.description)}</td>"
                f"<td class='num'>{_hours(a.hours)}</td><td>{e(a.outcome)}</td></tr>"
            )
        lines.append("</table>")
    if sheet.exposures:
        lines.append(f"<h2>Clinical exposure under their supervision</h2>{_TABLE}")
        lines.append(
            "<tr><th width='16%'>Date</th><th width='20%'>Type</th><th width='20%'>Setting</th>"
            "<th width='10%' class='num'>Hours</th><th>Notes</th></tr>"
        )
        for a in sheet.exposures:
            kind = EXPOSURE_TEXT.get(Exposure(a.exposure), "") if a.exposure else ""
            lines.append(
                f"<tr><td nowrap>{a.occurred_on.isoformat()}</td><td>{e(kind)}</td>"
                f"<td>{e(a.setting)}</td><td class='num'>{_hours(a.hours)}</td>"
                f"<td>{e(a.description)}</td></tr>"
            )
        lines.append("</table>")
    if sheet.meetings:
        dates = ", ".join(m.occurred_on.isoformat() for m in sheet.meetings)
        lines.append(f"<h2>Meetings and calls ({len(sheet.meetings)})</h2><p>{dates}</p>")
    if not (sheet.work or sheet.exposures or sheet.meetings):
        lines.append("<p>No work with this person is logged yet.</p>")
    lines.append(
        f"<p class='sub'>From the activity log, {sheet.generated_on.isoformat()}.</p></body></html>"
    )
    return "\n".join(lines)


def write_sheet_html(html: str, destination: Path) -> None:
    with atomic_text_writer(destination, encoding="utf-8", newline="\n") as handle:
        handle.write(html)
