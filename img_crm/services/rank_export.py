"""A rank list written out to copy into the NRMP system: CSV, or a
printable page as PDF (Qt draws it; ``img_crm.ui.pdf``), in the user's
order with the deadline."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from img_crm import clock
from img_crm.domain.ranking import PRIMARY
from img_crm.errors import UserError
from img_crm.services.exports import PdfWriter
from img_crm.services.ranking import deadline_and_certified, list_name_of
from img_crm.store import ranking as store
from img_crm.store.programs import list_programs

#: The columns of an exported list, as the NRMP system is filled in.
EXPORT_HEADER = ["rank", "program", "institution", "specialty", "city", "state"]


def _export_rows(session: Any, list_name: str) -> tuple[str, list[list[str]]]:
    list_name = list_name_of(list_name)
    order = store.lists(session).get(list_name, [])
    if not order:
        raise UserError(f"The {list_name} list is empty; nothing was written.")
    programs = {p.id: p for p in list_programs(session)}
    rows = [
        [str(n), p.name, p.institution, p.specialty, p.city, p.state]
        for n, program_id in enumerate(order, 1)
        if (p := programs.get(program_id)) is not None
    ]
    return list_name, rows


def export_csv(session: Any, destination: Path, *, list_name: str = PRIMARY) -> int:
    """The list as CSV (rank, program, institution, specialty, city, state),
    written atomically, to copy into the NRMP system."""
    from img_crm.services.csv_io import write_table_csv

    _name, rows = _export_rows(session, list_name)
    return write_table_csv(EXPORT_HEADER, rows, destination, safe=True)


def _page(
    list_name: str,
    rows: list[list[str]],
    deadline: date | None,
    certified: date | None,
    today: date,
) -> str:
    """The list as a printable page: what to type into the NRMP system, in
    order, with the deadline and when it was made."""
    title = "Primary rank order list" if list_name == PRIMARY else f"Supplemental list: {list_name}"
    facts = [f"Made on {today.isoformat()} from img-crm."]
    if deadline:
        facts.append(f"Certify it in the NRMP system by {deadline.isoformat()}.")
    if certified:
        facts.append(f"Last certified on {certified.isoformat()}.")
    head = "".join(f"<th align='left'>{escape(h.capitalize())}</th>" for h in EXPORT_HEADER)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return (
        f"<html><body><h2>{escape(title)}</h2><p>{escape(' '.join(facts))}</p>"
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"<p>{len(rows)} ranks.</p></body></html>"
    )


def export_list(
    session: Any,
    destination: Path,
    *,
    list_name: str = PRIMARY,
    write_pdf: PdfWriter | None = None,
) -> int:
    """Write a list as CSV or (with ``write_pdf``) PDF, by the file's
    suffix; returns the ranks written."""
    suffix = destination.suffix.casefold()
    if suffix == ".csv":
        return export_csv(session, destination, list_name=list_name)
    if suffix != ".pdf":
        raise UserError(
            f"A rank list is written as .csv or .pdf, not {destination.suffix or 'no suffix'}; "
            "nothing was written."
        )
    if write_pdf is None:
        raise UserError("PDF needs Qt to draw it; nothing was written.")
    name, rows = _export_rows(session, list_name)
    deadline, certified = deadline_and_certified(session)
    page = _page(name, rows, deadline, certified, clock.today())
    write_pdf(page, destination, f"Rank order list: {name}")
    return len(rows)
