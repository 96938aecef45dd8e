"""Programs as the user sees them: flags and suggestions, interviews, and CSV in and out."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from img_crm import clock
from img_crm.domain.enums import ProgramVisa, Stage, values
from img_crm.domain.programs import (
    TierCount,
    dual_time,
    in_zone,
    suggest_tier_1,
    tier_counts,
    tier_ranges_from_settings,
    visa_mismatch,
    wasted_application,
)
from img_crm.domain.rows import ProgramRow
from img_crm.domain.text import fold
from img_crm.errors import UserError, ValidationError
from img_crm.services.atomic import atomic_text_writer
from img_crm.services.file_text import read_text
from img_crm.services.import_formats import csv_rows
from img_crm.services.profile import load_profile
from img_crm.store.programs import (
    FLAG_FIELDS,
    add_program,
    clean_program,
    list_program_rows,
    set_interview,
    tie_stages,
    update_program,
)
from img_crm.store.settings import all_settings

RED_FLAG_TEXT = {
    "flag_no_visa": "No visa sponsorship",
    "flag_no_img": "No IMG residents",
    "flag_no_reply": "No reply",
}


@dataclass(frozen=True, slots=True)
class ProgramStatus:
    suggest_tier_1: bool
    wasted: bool
    visa_mismatch: bool
    red_flags: tuple[str, ...]
    tie_stages: tuple[Stage, ...]

    @property
    def warnings(self) -> list[str]:
        found = []
        if self.wasted:
            found.append("Wasted application: no visa sponsorship, and you need a visa")
        elif self.visa_mismatch:
            found.append("Sponsors only the other visa")
        found.extend(self.red_flags)
        return found


@dataclass(frozen=True, slots=True)
class ProgramView:
    """Rows, their statuses and the tier counts, read together."""

    rows: list[ProgramRow]
    statuses: dict[int, ProgramStatus]
    tiers: list[TierCount]
    home_zone: str

    def program_json(self, row: ProgramRow) -> dict[str, Any]:
        status = self.statuses[row.id]
        return {
            "id": row.id,
            "name": row.name,
            "institution": row.institution,
            "specialty": row.specialty,
            "city": row.city,
            "state": row.state,
            "type": row.program_type,
            "tier": row.tier,
            "visa": row.visa,
            "img_share": row.img_share,
            "timezone": row.timezone,
            "application_status": row.application_status,
            "interview_utc": row.interview_at.isoformat() if row.interview_at else None,
            "interview": interview_text(row, self.home_zone) or None,
            "suggest_tier_1": status.suggest_tier_1,
            "flags": {
                "wasted_application": status.wasted,
                "visa_mismatch": status.visa_mismatch,
                "red_flags": list(status.red_flags),
            },
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "programs": [self.program_json(row) for row in self.rows],
            "tiers": [
                {"tier": t.tier, "count": t.count, "range": [t.low, t.high], "state": t.state}
                for t in self.tiers
            ],
        }


@dataclass(frozen=True, slots=True)
class ProgramDetail:
    row: ProgramRow
    ties: list[Any]
    questions: list[Any]
    history: list[Any]


def program_detail(session: Session, *, program_id: int) -> ProgramDetail:
    """One program with its ties, interview questions and status history."""
    from img_crm.store.programs import get_program, list_questions, status_history, ties_of_program

    return ProgramDetail(
        row=get_program(session, program_id=program_id),
        ties=ties_of_program(session, program_id=program_id),
        questions=list_questions(session, program_id=program_id),
        history=status_history(session, program_id=program_id),
    )


def program(session: Session, *, program_id: int) -> ProgramRow:
    from img_crm.store.programs import get_program

    return get_program(session, program_id=program_id)


def program_detail_json(session: Session, *, program_id: int) -> dict[str, Any]:
    """One program with its signals, notes, status history, ties and questions."""
    view = program_view(session)
    detail = program_detail(session, program_id=program_id)
    data = view.program_json(detail.row)
    data.update({key: getattr(detail.row, key) for key in (*FLAG_FIELDS, "website", "notes")})
    data["status_history"] = [
        {"on": c.changed_on, "from": c.from_status, "to": c.to_status} for c in detail.history
    ]
    data["ties"] = [
        {"contact_id": t.contact_id, "contact": t.name, "kind": t.kind} for t in detail.ties
    ]
    data["questions"] = [
        {"id": q.id, "question": q.question, "answer": q.answer} for q in detail.questions
    ]
    return data


def program_view(session: Session) -> ProgramView:
    rows = list_program_rows(session)
    profile = load_profile(session)
    stages = tie_stages(session)
    statuses = {}
    for row in rows:
        visa = ProgramVisa(row.visa) if row.visa in values(ProgramVisa) else ProgramVisa.UNKNOWN
        tied = tuple(stages.get(row.id, ()))
        statuses[row.id] = ProgramStatus(
            suggest_tier_1=suggest_tier_1(row.tier, tied),
            wasted=wasted_application(visa, row.flag_no_visa, profile.visa),
            visa_mismatch=visa_mismatch(visa, profile.visa),
            red_flags=tuple(text for key, text in RED_FLAG_TEXT.items() if getattr(row, key)),
            tie_stages=tied,
        )
    ranges = tier_ranges_from_settings(all_settings(session))
    return ProgramView(
        rows=rows,
        statuses=statuses,
        tiers=tier_counts((r.tier for r in rows), ranges),
        home_zone=profile.home_timezone,
    )


def interview_text(row: ProgramRow, home_zone: str) -> str:
    if row.interview_at is None:
        return ""
    return dual_time(row.interview_at, row.timezone or "UTC", home_zone)


@dataclass(frozen=True, slots=True)
class Interview:
    program_id: int
    name: str
    at: datetime
    when: str


def upcoming_interviews(session: Session, *, now: datetime | None = None) -> list[Interview]:
    """Interviews from now on, soonest first, shown in both zones."""
    moment = now or clock.now()
    if moment.tzinfo is None:
        moment = moment.astimezone(UTC)
    home = load_profile(session).home_timezone
    found = [
        Interview(r.id, r.name, r.interview_at, interview_text(r, home))
        for r in list_program_rows(session)
        if r.interview_at is not None and r.interview_at >= moment
    ]
    return sorted(found, key=lambda i: i.at)


# --- CSV -----------------------------------------------------------------------------

PROGRAM_COLUMNS = (
    "name",
    "institution",
    "specialty",
    "city",
    "state",
    "program_type",
    "tier",
    "visa",
    "img_share",
    "website",
    "timezone",
    "application_status",
    "interview_local",
    *FLAG_FIELDS,
    "notes",
)


def interview_local(row: ProgramRow) -> datetime | None:
    """The interview's wall-clock time in the program's zone (as the CSV has it)."""
    if row.interview_at is None:
        return None
    return in_zone(row.interview_at, row.timezone or "UTC").replace(tzinfo=None)


def program_values(row: ProgramRow) -> list[Any]:
    """A program's values in ``PROGRAM_COLUMNS`` order, typed (the CSV formats
    them, the workbook keeps their types)."""
    return [
        interview_local(row) if column == "interview_local" else getattr(row, column)
        for column in PROGRAM_COLUMNS
    ]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, datetime):  # the interview, local to the program
        return f"{value:%Y-%m-%d %H:%M}"
    return str(value)


def write_programs_csv(rows: Sequence[ProgramRow], destination: Path) -> int:
    with atomic_text_writer(destination, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(PROGRAM_COLUMNS)
        for row in rows:
            writer.writerow([_cell(value) for value in program_values(row)])
    return len(rows)


@dataclass(frozen=True, slots=True)
class ProgramRecord:
    line: int
    data: dict[str, Any]
    interview_local: datetime | None


def read_programs_csv(source: Path) -> list[ProgramRecord]:
    """Parse and check every row; the first bad one raises, naming its line and column.

    Read like every import (``import_formats``): size-bounded, UTF-8, one cell
    and one row length at most, the line numbers of the file itself."""
    text = read_text(source)
    rows = csv_rows(text)
    try:
        _, header = next(rows)
    except StopIteration:
        raise UserError(f"{source.name} is empty.") from None
    except UserError as exc:
        raise UserError(f"{source.name}, {exc}") from None
    header = [h.strip() for h in header]
    unknown = [h for h in header if h not in PROGRAM_COLUMNS]
    if unknown:
        raise UserError(
            f"{source.name}, line 1: unknown column {unknown[0]!r}. "
            f"The columns are: {', '.join(PROGRAM_COLUMNS)}."
        )
    if "name" not in header:
        raise UserError(f"{source.name}, line 1: a 'name' column is required.")
    records = []
    while True:
        try:
            line, cells = next(rows)
        except StopIteration:
            break
        except UserError as exc:
            raise UserError(f"{source.name}, {exc}") from None
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise UserError(
                f"{source.name}, line {line}: {len(cells)} cells where the header has "
                f"{len(header)}."
            )
        raw = dict(zip(header, cells, strict=True))
        interview_text_value = raw.pop("interview_local", "").strip()
        try:
            data = clean_program(raw)
        except ValidationError as exc:
            field, message = next(iter(exc.errors.items()))
            raise UserError(f"{source.name}, line {line}, column {field}: {message}.") from exc
        interview = None
        if interview_text_value:
            try:
                interview = datetime.strptime(interview_text_value, "%Y-%m-%d %H:%M")
            except ValueError:
                raise UserError(
                    f"{source.name}, line {line}, column interview_local: use YYYY-MM-DD HH:MM."
                ) from None
            if not data.get("timezone"):
                raise UserError(
                    f"{source.name}, line {line}: an interview time needs the timezone column."
                )
        records.append(ProgramRecord(line, data, interview))
    return records


@dataclass(slots=True)
class ProgramImport:
    """What importing a file would do: programs to add, programs already in the
    store that the file changes (id, changed fields), and rows that say nothing
    new. A program is the same one when its name and institution read the
    same (case and accents aside), so exporting and importing again adds
    nothing."""

    add: list[ProgramRecord]
    #: (program id, record, changed fields, whether the interview time changed)
    update: list[tuple[int, ProgramRecord, dict[str, Any], bool]]
    unchanged: list[ProgramRecord]

    def __str__(self) -> str:
        return f"{len(self.add)} added, {len(self.update)} updated, {len(self.unchanged)} unchanged"


def _key(name: str, institution: str) -> tuple[str, str]:
    return fold(name).strip(), fold(institution).strip()


def plan_programs(session: Session, *, records: Sequence[ProgramRecord]) -> ProgramImport:
    """Match every record to the store's programs; nothing is written."""
    existing = {_key(row.name, row.institution): row for row in list_program_rows(session)}
    result = ProgramImport([], [], [])
    seen: set[tuple[str, str]] = set()
    for record in records:
        key = _key(record.data["name"], record.data.get("institution", ""))
        row = existing.get(key)
        if row is None:
            if key in seen:  # the same program twice in one file: once is enough
                result.unchanged.append(record)
            else:
                result.add.append(record)
                seen.add(key)
            continue
        changes = {
            field: value for field, value in record.data.items() if getattr(row, field) != value
        }
        interview = record.interview_local is not None and _cell(interview_local(row)) != _cell(
            record.interview_local
        )
        if changes or interview:
            result.update.append((row.id, record, changes, interview))
        else:
            result.unchanged.append(record)
    return result


def import_programs(session: Session, *, records: Sequence[ProgramRecord]) -> ProgramImport:
    """Add the new programs and update the changed ones, in the caller's
    transaction (all or nothing); return what was done."""
    planned = plan_programs(session, records=records)
    targets = [(add_program(session, data=record.data), record) for record in planned.add]
    for program_id, record, changes, interview in planned.update:
        if changes:
            update_program(session, program_id=program_id, changes=changes)
        if interview:
            targets.append((program_id, record))
    for program_id, record in targets:
        status = record.data.get("application_status")
        if record.interview_local is not None:
            try:
                set_interview(session, program_id=program_id, local=record.interview_local)
            except UserError as exc:
                raise UserError(f"line {record.line}: {exc}") from exc
            if status:
                update_program(
                    session, program_id=program_id, changes={"application_status": status}
                )
    return planned
