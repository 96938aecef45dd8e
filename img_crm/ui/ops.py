"""The GUI's one write path.

Views never open a session for writing: they call an ``Ops`` method, which
runs the store command in one transaction and then emits one change signal
per entity it touched. Models listen to those signals and reload; nothing
refreshes by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from sqlmodel import Session

from img_crm.services import csv_io, demo, json_io, profile
from img_crm.store import contacts, settings
from img_crm.store.db import Store

T = TypeVar("T")


class Entity(Enum):
    CONTACTS = "contacts"
    ACTIVITIES = "activities"
    LETTERS = "letters"
    PROGRAMS = "programs"
    SETTINGS = "settings"


class Ops(QObject):
    """Commands on the store, each followed by the change signals it causes."""

    #: Contacts, their tags or stage history changed.
    contacts_changed = Signal()
    #: Activities changed (or the contacts they name).
    activities_changed = Signal()
    #: Letters or their assignments changed.
    letters_changed = Signal()
    #: Programs or their ties changed.
    programs_changed = Signal()
    #: Profile or app settings changed.
    settings_changed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads (models loading rows)."""
        with self.store.session() as session:
            yield session

    def write(self, command: Callable[[Session], T], *, changes: Sequence[Entity]) -> T:
        """Run ``command`` in one transaction, then announce what changed."""
        with self.store.session() as session:
            result = command(session)
        for entity in changes:
            self._signal(entity).emit()
        return result

    def _signal(self, entity: Entity) -> Any:
        return {
            Entity.CONTACTS: self.contacts_changed,
            Entity.ACTIVITIES: self.activities_changed,
            Entity.LETTERS: self.letters_changed,
            Entity.PROGRAMS: self.programs_changed,
            Entity.SETTINGS: self.settings_changed,
        }[entity]

    # --- contacts ------------------------------------------------------------

    def add_contact(self, data: Mapping[str, Any]) -> int:
        return self.write(lambda s: contacts.add_contact(s, data=data), changes=[Entity.CONTACTS])

    def update_contact(self, contact_id: int, changes: Mapping[str, Any]) -> None:
        self.write(
            lambda s: contacts.update_contact(s, contact_id=contact_id, changes=changes),
            changes=[Entity.CONTACTS, Entity.ACTIVITIES, Entity.LETTERS],
        )

    def delete_contacts(self, contact_ids: Sequence[int]) -> int:
        return self.write(
            lambda s: contacts.delete_contacts(s, contact_ids=contact_ids),
            changes=[Entity.CONTACTS, Entity.ACTIVITIES, Entity.LETTERS, Entity.PROGRAMS],
        )

    # --- settings and sample data -------------------------------------------

    def save_profile(self, values: dict[str, str]) -> None:
        self.write(
            lambda s: profile.save_profile_values(s, values=values), changes=[Entity.SETTINGS]
        )

    def set_flag(self, key: str, value: str) -> None:
        self.write(lambda s: settings.set_setting(s, key=key, value=value), changes=[])

    def load_demo(self) -> demo.DemoSummary:
        return self.write(lambda s: demo.load_demo(s), changes=list(Entity))

    # --- exports (read-only on the store, atomic on disk) ---------------------

    def export_contacts_csv(self, destination: Path) -> int:
        with self.reading() as session:
            rows = contacts.list_contacts(session)
        return csv_io.write_contacts_csv(rows, destination)

    def export_json(self, destination: Path) -> dict[str, int]:
        with self.reading() as session:
            return json_io.write_store_json(session, destination)
