"""The Contacts table: columns, follow-up state, search keys and filters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QBrush, QColor, QFont

from img_crm import clock
from img_crm.domain.enums import Stage
from img_crm.domain.pipeline import HINT_TEXT, Hint
from img_crm.domain.rows import ContactListRow
from img_crm.domain.text import query_words, sort_key
from img_crm.services.contact_list import ContactList
from img_crm.services.relationships import ContactStatus
from img_crm.ui.icons import stage_icon
from img_crm.ui.labels import stage_label
from img_crm.ui.models.own_columns import OwnFieldsModel
from img_crm.ui.models.table import Column, Presorted, none_last

NO_STATUS = ContactStatus()
NAME_COLUMN = 0
# Translucent tints read on light and dark palettes alike.
REPLY_OWED_TINT = QColor(220, 60, 60, 70)
OVERDUE_TINT = QColor(230, 150, 30, 55)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ContactsModel", text)


def hint_label(hint: Hint) -> str:
    return QCoreApplication.translate("Hint", HINT_TEXT[hint])


def attention_text(status: ContactStatus, today: date) -> str:
    """One short phrase: what this relationship needs now."""
    if status.reply_owed:
        return _tr("Reply owed")
    if status.losing_touch and status.touch_limit is not None:
        return _tr("Losing touch %1 d").replace("%1", str((today - status.touch_limit).days))
    if status.overdue and status.follow_up is not None:
        return _tr("Overdue %1 d").replace("%1", str((today - status.follow_up).days))
    if status.snoozed_until is not None:
        return _tr("Snoozed until %1").replace("%1", status.snoozed_until.isoformat())
    if status.hints:
        return hint_label(status.hints[0])
    if not status.contacted and status.follow_up is None:
        return _tr("Not yet contacted")
    return ""


def _both(first: list[bool], second: list[bool]) -> list[bool]:
    return [a and b for a, b in zip(first, second, strict=True)]


class ContactsModel(OwnFieldsModel[ContactListRow]):
    """Contacts with accent-insensitive search and follow-up highlighting."""

    def __init__(self, parent: QObject | None = None) -> None:
        self._status: Mapping[int, ContactStatus] = {}
        self._today = clock.today()
        super().__init__(self._make_columns(), parent)
        self._query = ""
        self._stage: str | None = None
        self._overdue_only = False
        self._generation_seen = 0

    def status(self, row: ContactListRow) -> ContactStatus:
        return self._status.get(row.id, NO_STATUS)

    def _make_columns(self) -> list[Column[ContactListRow]]:
        def tint(row: ContactListRow) -> QBrush | None:
            status = self.status(row)
            if status.reply_owed or status.losing_touch:  # red: past the maximum
                return QBrush(REPLY_OWED_TINT)
            if status.overdue:  # amber: past the ideal interval
                return QBrush(OVERDUE_TINT)
            return None

        def bold(row: ContactListRow) -> QFont | None:
            if not self.status(row).reply_owed:
                return None
            font = QFont()
            font.setBold(True)
            return font

        def follow_up_tip(row: ContactListRow) -> str:
            status = self.status(row)
            if status.follow_up is None:
                return _tr("No touch logged yet")
            if status.follow_up_manual:
                return _tr("Set by hand")
            return _tr("Last touch plus the %1 interval").replace("%1", stage_label(row.stage))

        return [
            Column(
                _tr("Name"),
                lambda r: r.name,
                sort_key=lambda r: sort_key(r.name),
                width=20,
                background=tint,
                font=bold,
            ),
            Column(
                _tr("Stage"),
                lambda r: stage_label(r.stage),
                sort_key=lambda r: Stage(r.stage).rank,
                decoration=lambda r: stage_icon(r.stage),
                width=7,
                background=tint,
            ),
            Column(
                _tr("Needs"),
                lambda r: attention_text(self.status(r), self._today),
                sort_key=lambda r: (
                    -self.status(r).urgency,
                    -len(self.status(r).hints),
                    none_last(self.status(r).follow_up),
                ),
                tooltip=lambda r: "\n".join(hint_label(h) for h in self.status(r).hints) or None,
                width=21,
                background=tint,
                font=bold,
            ),
            Column(
                _tr("Role"),
                lambda r: r.role,
                sort_key=lambda r: none_last(sort_key(r.role)[0]),
                width=18,
                flexible=True,
            ),
            Column(
                _tr("Institution"),
                lambda r: r.institution,
                sort_key=lambda r: none_last(sort_key(r.institution)[0]),
                width=22,
                flexible=True,
            ),
            Column(_tr("Specialty"), lambda r: r.specialty, width=13, whole=True),
            Column(
                _tr("Email"),
                lambda r: r.email,
                sort_key=lambda r: none_last(r.email.casefold()),
                width=20,
                hidden=True,
            ),
            Column(
                _tr("Tags"),
                lambda r: r.tags,
                sort_key=lambda r: none_last(", ".join(r.tags)),
                width=11,
                hidden=True,
            ),
            Column(_tr("Last touch"), lambda r: r.last_interaction, width=10, hidden=True),
            Column(
                _tr("Follow up"),
                lambda r: self.status(r).follow_up,
                sort_key=lambda r: none_last(self.status(r).follow_up),
                tooltip=follow_up_tip,
                width=10,
                hidden=True,  # "Needs" says when one is due; the detail has the date
                background=tint,
            ),
        ]

    def set_contacts(
        self, contacts: ContactList, today: date, *, presorted: Presorted | None = None
    ) -> None:
        """New rows with their follow-up state and search keys (keeps search,
        filters and sort). ``presorted``: the rows' order for the current
        sort, when worked out off the GUI thread."""
        self._status = contacts.statuses
        self._today = today
        self.set_rows(contacts.rows, contacts.keys, presorted=presorted)

    def set_search(self, query: str, stage: str | None, *, overdue_only: bool = False) -> None:
        """Narrow to rows matching every word of ``query``, a stage, and/or needing a touch."""
        words = query_words(query)
        before = (self._query, self._stage, self._overdue_only, self._generation_seen)
        self._query, self._stage = " ".join(words), stage or None
        self._overdue_only = overdue_only
        self._generation_seen = self.filter_generation
        if not words and not self._stage and not overdue_only and not self.field_filters():
            self.set_filter(None)
            return
        wanted = self._stage
        statuses = self._status
        # Typing on: every row the new words match, the old ones matched too.
        narrowing = before[1:] == (
            self._stage,
            overdue_only,
            self.filter_generation,
        ) and self._query.startswith(before[0])

        def select(rows: Sequence[ContactListRow], keys: Sequence[str]) -> list[bool]:
            keep: list[bool] | None = None
            if wanted:
                keep = [r.stage == wanted for r in rows]
            if overdue_only:
                late = [(s := statuses.get(r.id, NO_STATUS)).overdue or s.reply_owed for r in rows]
                keep = late if keep is None else _both(keep, late)
            kept = self.own_kept(rows)
            if kept is not None:
                keep = kept if keep is None else _both(keep, kept)
            own = self.own_texts()
            for word in words:
                found = [word in text for text in keys]
                if own:  # the user's own fields' values are found too
                    found = [
                        hit or word in own.get(r.id, "") for hit, r in zip(found, rows, strict=True)
                    ]
                keep = (
                    found if keep is None else [a and b for a, b in zip(keep, found, strict=True)]
                )
            return keep if keep is not None else [True] * len(rows)

        self.set_selector(select, narrowing=narrowing)

    def search_again(self) -> None:
        self.set_search(self._query, self._stage, overdue_only=self._overdue_only)

    def contact_id(self, row: int) -> int:
        return self.row_at(row).id
