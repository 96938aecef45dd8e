"""Read-only tables for the Season tab: signals, applications, invitations,
ratings (#22)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QFont

from img_crm.domain.invitations import InvitationStatus
from img_crm.domain.signals import Left, ProgramSignal, SignalKind, SignalRule, SignalState
from img_crm.domain.text import sort_key
from img_crm.services.invitations import InvitationView
from img_crm.services.ranking import Board
from img_crm.services.signals import Application
from img_crm.ui.models.table import Column, RowTableModel, none_last

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _tr(text: str) -> str:
    return QCoreApplication.translate("SeasonModels", text)


def _text(
    title: str,
    value: Callable[[Any], str],
    *,
    width: int,
    flexible: bool = False,
    whole: bool = False,
    tooltip: Callable[[Any], str | None] | None = None,
) -> Column[Any]:
    """A column of names (a program, a specialty): sorted as a reader sorts
    them, in any script."""
    return Column(
        title,
        value,
        sort_key=lambda r: sort_key(value(r)),
        width=width,
        flexible=flexible,
        whole=whole,
        tooltip=tooltip,
    )


def kind_label(kind: SignalKind | None) -> str:
    return {
        SignalKind.GOLD: _tr("Gold"),
        SignalKind.SILVER: _tr("Silver"),
        SignalKind.SIGNAL: _tr("Signal"),
        None: "",
    }[kind]


def accepts_label(accepts: bool | None) -> str:
    return {True: _tr("Yes"), False: _tr("No"), None: _tr("Not known")}[accepts]


def state_label(row: ProgramSignal) -> str:
    if row.state is SignalState.SENT:
        sent = row.sent_on.isoformat() if row.sent_on else ""
        return _tr("Sent %1, locked").replace("%1", sent).replace(" ,", ",")
    if row.state is SignalState.PLANNED:
        return _tr("Planned")
    if row.earlier_season is not None:
        return _tr("Sent %1, an earlier season").replace("%1", row.earlier_season.isoformat())
    return ""


def status_label(status: InvitationStatus) -> str:
    return {
        InvitationStatus.INVITED: _tr("Invited, to answer"),
        InvitationStatus.SCHEDULED: _tr("Date accepted"),
        InvitationStatus.WAITLISTED: _tr("Waitlisted"),
        InvitationStatus.DECLINED: _tr("Declined"),
        InvitationStatus.CANCELLED: _tr("Cancelled by the program"),
        InvitationStatus.INTERVIEWED: _tr("Interviewed"),
    }[status]


def _in_zone(moment: datetime | None, zone: str) -> str:
    """A moment as the program's clock shows it ("2026-11-28 17:00 EST"), as
    the Invitations page says its times are; the computer's own without a zone."""
    if moment is None:
        return ""
    if not zone:
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    try:
        there = ZoneInfo(zone)
    except (KeyError, ValueError):  # a zone this computer's tzdata lacks
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(there).strftime("%Y-%m-%d %H:%M %Z")


def _offered(count: int) -> str:
    if count == 0:
        return ""
    if count == 1:
        return _tr("1 date offered")
    return _tr("%n dates offered").replace("%n", str(count))


class LeftModel(RowTableModel[Left]):
    """Signals left per specialty and kind."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                _text(_tr("Specialty"), lambda r: r.specialty, width=0),
                Column(_tr("Kind"), lambda r: kind_label(r.kind), width=8),
                Column(_tr("Allowed"), lambda r: r.allowed, align=RIGHT, width=7),
                Column(_tr("Planned"), lambda r: r.planned, align=RIGHT, width=7),
                Column(_tr("Sent"), lambda r: r.sent, align=RIGHT, width=6),
                Column(_tr("Left"), lambda r: r.left, align=RIGHT, width=6),
            ],
            parent,
        )


class SignalsModel(RowTableModel[ProgramSignal]):
    """Every program with its signal, and the warning a signal there carries."""

    def __init__(self, parent: QObject | None = None) -> None:
        self._warnings: Mapping[int, str] = {}
        super().__init__(
            [
                _text(_tr("Program"), lambda r: r.name, width=24, flexible=True),
                _text(_tr("Specialty"), lambda r: r.specialty, width=16, whole=True),
                Column(_tr("Tier"), lambda r: r.tier, align=RIGHT, width=4),
                Column(_tr("Takes signals"), lambda r: accepts_label(r.accepts), width=12),
                Column(
                    _tr("Signal"),
                    lambda r: kind_label(r.kind),
                    sort_key=lambda r: none_last(r.kind.value if r.kind else None),
                    width=7,
                ),
                Column(_tr("State"), state_label, width=22),
                Column(
                    _tr("Warning"),
                    lambda r: self._warnings.get(r.program_id, ""),
                    tooltip=lambda r: self._warnings.get(r.program_id) or None,
                    width=18,
                    flexible=True,
                ),
            ],
            parent,
        )

    def set_signals(self, rows: list[ProgramSignal], warnings: Mapping[int, str]) -> None:
        self._warnings = warnings
        self.set_rows(rows)


class ApplicationsModel(RowTableModel[Application]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                _text(_tr("Program"), lambda r: r.name, width=24, flexible=True),
                _text(_tr("Specialty"), lambda r: r.specialty, width=16, whole=True),
                Column(_tr("State"), lambda r: r.state, width=6),
                Column(_tr("Census division"), lambda r: r.division, width=18),
                Column(
                    _tr("In your regions"),
                    lambda r: {True: _tr("Yes"), False: _tr("No"), None: ""}[r.preferred],
                    width=15,
                ),
                Column(_tr("Applied on"), lambda r: r.applied_on, width=11),
            ],
            parent,
        )


class InvitationsModel(RowTableModel[InvitationView]):
    def __init__(self, parent: QObject | None = None) -> None:
        #: How a countdown under a day (or passed) is drawn: bold.
        self.urgent_font = QFont()
        self.urgent_font.setBold(True)
        super().__init__(
            [
                _text(_tr("Program"), lambda r: r.program, width=22, flexible=True),
                Column(
                    _tr("Status"),
                    lambda r: status_label(r.status),
                    sort_key=lambda r: list(InvitationStatus).index(r.status),
                    width=16,
                ),
                Column(_tr("Received"), lambda r: r.received_at, width=16, hidden=True),
                Column(
                    _tr("Answer by"),
                    lambda r: r.countdown or _in_zone(r.respond_by, r.zone),
                    sort_key=lambda r: none_last(r.respond_by),
                    font=lambda r: self.urgent_font if r.urgent else None,
                    width=20,
                ),
                Column(
                    _tr("Interview"),
                    lambda r: r.interview or _offered(len(r.offered)),
                    tooltip=lambda r: "\n".join(r.offered) or None,
                    width=34,
                    flexible=True,
                ),
            ],
            parent,
        )


@dataclass(frozen=True, slots=True)
class RatingRow:
    """A program as the ratings table shows it."""

    program_id: int
    name: str
    score: float | None
    rated: int
    criteria: int
    strong_ties: int
    #: Its place on the primary list (None: not on it).
    place: int | None
    ratings: str
    notes: bool


def rating_rows(board: Board, list_name: str) -> list[RatingRow]:
    """One row per program interviewed at, rated or ranked, from the board;
    ``list_name`` is the list whose places are shown."""
    order = board.lists.get(list_name, [])
    counted = [c for c in board.criteria if c.weight]
    rows = []
    for program in sorted(board.programs, key=lambda p: sort_key(p.name)):
        given = board.ratings.get(program.program_id, {})
        rows.append(
            RatingRow(
                program.program_id,
                program.name,
                program.score,
                sum(c.id in given for c in counted),
                len(counted),
                program.strong_ties,
                order.index(program.program_id) + 1 if program.program_id in order else None,
                " · ".join(f"{c.name} {given[c.id]}" for c in board.criteria if c.id in given),
                any(board.notes.get(program.program_id, ("", ""))),
            )
        )
    return rows


def _score(row: RatingRow) -> Any:
    return f"{row.score:.1f}" if row.score is not None else ""


class RatingsModel(RowTableModel[RatingRow]):
    """Programs with their score, how much is rated, their ties and place."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                _text(
                    _tr("Program"),
                    lambda r: r.name,
                    width=22,
                    flexible=True,
                    tooltip=lambda r: r.ratings or None,
                ),
                Column(
                    _tr("Score"),
                    _score,
                    sort_key=lambda r: none_last(None if r.score is None else -r.score),
                    tooltip=lambda r: r.ratings or None,
                    align=RIGHT,
                    width=6,
                ),
                Column(
                    _tr("Rated"),
                    lambda r: (
                        _tr("%1 of %2").replace("%1", str(r.rated)).replace("%2", str(r.criteria))
                    ),
                    sort_key=lambda r: r.rated,
                    width=7,
                ),
                Column(
                    _tr("Mentors, sponsors"),
                    lambda r: r.strong_ties or "",
                    sort_key=lambda r: -r.strong_ties,
                    tooltip=lambda r: _tr("Your mentors and sponsors with a tie there") or None,
                    align=RIGHT,
                    width=16,
                ),
                Column(_tr("Place"), lambda r: r.place, align=RIGHT, width=6),
            ],
            parent,
        )


class RulesModel(RowTableModel[SignalRule]):
    """Each season's signals per specialty, as the user keeps them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                _text(_tr("Specialty"), lambda r: r.specialty, width=24, flexible=True),
                Column(_tr("Season"), lambda r: r.season, width=7),
                Column(_tr("Gold"), lambda r: r.gold or "", align=RIGHT, width=6),
                Column(_tr("Silver"), lambda r: r.silver or "", align=RIGHT, width=6),
                Column(_tr("Signals"), lambda r: r.signals or "", align=RIGHT, width=7),
            ],
            parent,
        )
