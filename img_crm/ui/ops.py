"""The GUI's one write path.

Views never open a session for writing: they call an ``Ops`` method, which
runs the store command in one transaction and then emits one change signal
per entity it touched. Models listen to those signals and reload; nothing
refreshes by hand.

One module because it is the one write path: one short method per use case, and
splitting it would make a second door for writes. Each method imports the
store and service modules it writes through: the window and its first screen
are up before the ORM those modules need is loaded (issue #20).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from img_crm.domain.custom_fields import FieldDef, FieldKind, RecordKind
from img_crm.errors import UserError
from img_crm.store import contact_rows, settings
from img_crm.store.db import Store
from img_crm.ui.labels import label

if TYPE_CHECKING:
    from sqlmodel import Session

    from img_crm.domain.attachments import AttachmentKind, Owner
    from img_crm.domain.invitations import InvitationStatus
    from img_crm.domain.signals import SignalKind, SignalRule, SignalState
    from img_crm.services import activity_import, exports, importer, program_csv
    from img_crm.services.demo import DemoSummary
    from img_crm.store import snapshots
    from img_crm.store.driver import Plain

T = TypeVar("T")


class Entity(Enum):
    CONTACTS = "contacts"
    ACTIVITIES = "activities"
    LETTERS = "letters"
    PROGRAMS = "programs"
    SETTINGS = "settings"
    TEMPLATES = "templates"
    PLAN = "plan"
    SEASON = "season"
    ATTACHMENTS = "attachments"
    FIELDS = "fields"


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
    #: Templates were added, changed, deleted or reset.
    templates_changed = Signal()
    #: The plan's tasks changed (edited, done, made again).
    plan_changed = Signal()
    #: The season's signals, invitations or rank lists changed (#22).
    season_changed = Signal()
    #: Files were attached, renamed, removed or marked as sent (#24).
    attachments_changed = Signal()
    #: Fields of the user's own were defined, renamed, moved or removed (#24).
    fields_changed = Signal()
    #: An action was refused; its title and sentence (shown by ``report``).
    refused = Signal(str, str)
    #: The store was protected, its passphrase changed or removed.
    protection_changed = Signal()
    #: A file was exported (its path): the window says it is not protected.
    exported = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        #: Contact and letter changes that Edit → Undo can take back, until the
        #: app closes.
        self.undo_stack = QUndoStack(self)
        #: The contact the last activity was logged for: the quick-log default.
        self.last_logged_contact: int | None = None
        #: Something was written since the last automatic backup.
        self.dirty = False
        #: The files the undo history's attachments name: kept in the store
        #: while an undo may put those attachments back (``_sweep``).
        self._held: set[str] = set()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads (models loading rows): it cannot write."""
        with self.store.reading() as session:
            yield session

    @contextmanager
    def plain(self) -> Iterator[Plain]:
        """A read through ``sqlite3`` alone (``Store.plain``), for the readers
        that take a ``store.driver.Source``: the contact list, its statuses and
        the first screen read before the ORM is imported."""
        with self.store.plain() as connection:
            yield connection

    def attempt(self, parent: QWidget | None, title: str, action: Callable[[], T]) -> T | None:
        """Run one thing the user asked for. A refusal (``UserError``) or a disk
        failure becomes one warning over ``parent`` and None; nothing else in
        ui/ turns an error into a dialog (Anki's ``CollectionOp`` failure path)."""
        try:
            return action()
        except UserError as exc:
            self.report(parent, title, str(exc))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            where = f" {exc.filename}" if exc.filename else ""
            self.report(
                parent,
                title,
                self.tr("Could not write%1: %2. Nothing was changed.")
                .replace("%1", where)
                .replace("%2", reason),
            )
        return None

    def report(self, parent: QWidget | None, title: str, message: str) -> None:
        """Show one sentence the user can act on (and announce it, for tests)."""
        self.refused.emit(title, message)
        QMessageBox.warning(parent, title, message)

    def write(self, command: Callable[[Session], T], *, changes: Sequence[Entity]) -> T:
        """Run ``command`` in one transaction, then announce what changed."""
        with self.store.session() as session:
            result = command(session)
            self._sweep(session)
        self.dirty = True
        for entity in changes:
            self._signal(entity).emit()
        return result

    def _sweep(self, session: Session) -> None:
        """Files no attachment names go in the same transaction, but those an
        undo step may put back (``store/snapshots.py``)."""
        from img_crm.store.attachments import sweep_unused_files

        sweep_unused_files(session, keep=self._held)

    def forget_undo(self) -> None:
        """Edit → Undo starts afresh (after an import, a restore, at close):
        the files only its steps named can go."""
        self.undo_stack.clear()
        self._held.clear()

    def sweep_files(self) -> None:
        """At close: no undo step is left to need a file no attachment names."""
        self.forget_undo()
        if self.store.read_only is not None:
            return
        from img_crm.store.attachments import unused_files

        with self.plain() as connection:
            if not unused_files(connection):
                return
        with self.store.session() as session:
            self._sweep(session)
        self.dirty = True

    def _signal(self, entity: Entity) -> Any:
        return {
            Entity.CONTACTS: self.contacts_changed,
            Entity.ACTIVITIES: self.activities_changed,
            Entity.LETTERS: self.letters_changed,
            Entity.PROGRAMS: self.programs_changed,
            Entity.SETTINGS: self.settings_changed,
            Entity.TEMPLATES: self.templates_changed,
            Entity.PLAN: self.plan_changed,
            Entity.SEASON: self.season_changed,
            Entity.ATTACHMENTS: self.attachments_changed,
            Entity.FIELDS: self.fields_changed,
        }[entity]

    # --- contacts (undoable) -------------------------------------------------------

    def change_contacts(
        self,
        text: str,
        contact_ids: Sequence[int],
        command: Callable[[Session], T],
        *,
        created: Callable[[T], Sequence[int]] = lambda _result: (),
    ) -> T:
        """Run a contact change in one transaction and make it undoable.

        The touched contacts are copied before and after; undo and redo put
        one copy or the other back. ``created`` names ids the command added.
        """
        from img_crm.store import snapshots

        ids = list(contact_ids)
        with self.store.session() as session:
            before = snapshots.capture(session, contact_ids=ids)
            result = command(session)
            new_ids = [*ids, *created(result)]
            existing = {
                row.id for row in contact_rows.list_contacts_by_id(session, contact_ids=new_ids)
            }
            after = snapshots.capture(session, contact_ids=[i for i in new_ids if i in existing])
            self._held |= before.digests | after.digests
            self._sweep(session)
        self._done(
            text,
            **self._swaps(before, after, self._restore),
        )
        return result

    def _done(self, text: str, *, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        """An undoable change has been written: put it on Edit → Undo and
        announce it (contacts and letters alike)."""
        self.undo_stack.push(_Command(text, undo=undo, redo=redo))
        self.dirty = True
        self._announce_contact_change()

    def _announce_contact_change(self) -> None:
        for entity in (Entity.CONTACTS, Entity.ACTIVITIES, Entity.LETTERS, Entity.PROGRAMS):
            self._signal(entity).emit()

    def _swaps(self, before: Any, after: Any, restore: Callable[[Any, Any], Any]) -> dict[str, Any]:
        """Undo puts ``before`` back and redo what was there just before the
        undo (not the copy taken at the change: a file attached or a value set
        since is part of it), and the other way round."""
        pair = [before, after]

        def undo() -> None:
            pair[1] = restore(pair[0], pair[1])

        def redo() -> None:
            pair[0] = restore(pair[1], pair[0])

        return {"undo": undo, "redo": redo}

    def _restore(self, snapshot: snapshots.Snapshot, current: snapshots.Snapshot) -> Any:
        """Put ``snapshot`` back over the contacts of ``current``; the copy of
        them as they were just before."""
        from img_crm.store import snapshots

        with self.store.session() as session:
            now = snapshots.capture(session, contact_ids=current.contact_ids)
            snapshots.restore(session, snapshot=snapshot, current_ids=current.contact_ids)
        self._held |= now.digests
        self._announce_contact_change()
        return now

    def add_contact(self, data: Mapping[str, Any]) -> int:
        """A new contact (``own_fields``: the values of the user's fields,
        by field id), in one transaction."""
        from img_crm.store import contacts

        fields = dict(data)
        own = fields.pop("own_fields", None)

        def add(session: Session) -> int:
            new_id = contacts.add_contact(session, data=fields)
            _set_own(session, RecordKind.CONTACT, new_id, own)
            return new_id

        return self.change_contacts(
            self.tr("Add %1").replace("%1", str(data.get("name", "")).strip()),
            [],
            add,
            created=lambda new_id: [new_id],
        )

    def update_contact(self, contact_id: int, changes: Mapping[str, Any]) -> None:
        from img_crm.store import contacts

        fields = dict(changes)
        own = fields.pop("own_fields", None)

        def update(session: Session) -> None:
            if fields:
                contacts.update_contact(session, contact_id=contact_id, changes=fields)
            _set_own(session, RecordKind.CONTACT, contact_id, own)

        self.change_contacts(
            self.tr("Edit %1").replace("%1", str(changes.get("name", "")).strip()),
            [contact_id],
            update,
        )

    # --- fields of the user's own (#24) ----------------------------------------------

    def own_fields(self, record: RecordKind) -> list[FieldDef]:
        from img_crm.store.custom_fields import list_fields

        with self.plain() as connection:
            return list_fields(connection, record=record)

    def own_values(self, record: RecordKind, record_id: int) -> dict[int, str]:
        from img_crm.store.custom_fields import values_of

        with self.plain() as connection:
            return values_of(connection, record=record, record_ids=[record_id]).get(record_id, {})

    def define_field(
        self, record: RecordKind, name: str, kind: FieldKind, choices: Sequence[str] = ()
    ) -> int:
        from img_crm.services.custom_fields import define

        return self.write(
            lambda s: define(s, record=record, name=name, kind=kind, choices=choices),
            changes=[Entity.FIELDS],
        )

    def change_field(
        self, field_id: int, *, name: str | None = None, choices: Sequence[str] | None = None
    ) -> None:
        from img_crm.store.custom_fields import change_field

        self.write(
            lambda s: change_field(s, field_id=field_id, name=name, choices=choices),
            changes=[Entity.FIELDS, Entity.CONTACTS, Entity.PROGRAMS, Entity.LETTERS],
        )
        if choices is not None:
            self.forget_undo()  # an undo step's copy may hold a choice there is no more

    def move_field(self, field_id: int, position: int) -> None:
        from img_crm.store.custom_fields import move_field

        self.write(
            lambda s: move_field(s, field_id=field_id, position=position),
            changes=[Entity.FIELDS],
        )

    def remove_field(self, field_id: int) -> int:
        """Remove a field and its values (not undoable: the question says so)."""
        from img_crm.store.custom_fields import remove_field

        removed = self.write(
            lambda s: remove_field(s, field_id=field_id),
            changes=[Entity.FIELDS, Entity.CONTACTS, Entity.PROGRAMS, Entity.LETTERS],
        )
        self.forget_undo()  # an undo step's copy may hold values of the field
        return removed

    def set_own_values(
        self, record: RecordKind, record_id: int, values: Mapping[int, str | None]
    ) -> None:
        """A program's or a letter's values (a contact's go with its form)."""
        entity = {RecordKind.PROGRAM: Entity.PROGRAMS, RecordKind.LETTER: Entity.LETTERS}.get(
            record, Entity.CONTACTS
        )
        self.write(lambda s: _set_own(s, record, record_id, values), changes=[entity])

    def snooze(self, contact_id: int, until: date, reason: str) -> None:
        """Put off a follow-up until a day, with the reason (undoable; kept
        in the contact's history)."""
        from img_crm.services.followups import snooze

        with self.reading() as session:
            name = contact_rows.get_contact(session, contact_id=contact_id).name
        self.change_contacts(
            self.tr("Snooze %1 until %2").replace("%1", name).replace("%2", until.isoformat()),
            [contact_id],
            lambda s: snooze(s, contact_id=contact_id, until=until, reason=reason),
        )

    def set_stage(
        self, contact_ids: Sequence[int], stage: str, *, on: date | None = None, note: str = ""
    ) -> None:
        """Move contacts to a stage; each move is recorded, dated and undoable."""
        from img_crm.store import contacts

        def move(session: Session) -> None:
            for contact_id in contact_ids:
                contacts.update_contact(
                    session,
                    contact_id=contact_id,
                    changes={"stage": stage},
                    today=on,
                    stage_note=note,
                )

        self.change_contacts(
            self.tr("Move %1 contact(s) to %2")
            .replace("%1", str(len(contact_ids)))
            .replace("%2", stage),
            contact_ids,
            move,
        )

    def change_tag(self, contact_ids: Sequence[int], tag: str, *, add: bool) -> None:
        """Add a tag to, or remove it from, every given contact."""
        from img_crm.store import contacts

        def apply(session: Session) -> None:
            for row in contact_rows.list_contacts_by_id(session, contact_ids=contact_ids):
                tags = [t for t in row.tags if t.casefold() != tag.casefold()]
                contacts.update_contact(
                    session, contact_id=row.id, changes={"tags": [*tags, tag] if add else tags}
                )

        template = self.tr("Tag %1 contact(s) “%2”") if add else self.tr("Untag %1 contact(s) “%2”")
        self.change_contacts(
            template.replace("%1", str(len(contact_ids))).replace("%2", tag), contact_ids, apply
        )

    def delete_contacts(self, contact_ids: Sequence[int]) -> int:
        from img_crm.store import contacts

        return self.change_contacts(
            self.tr("Delete %1 contact(s)").replace("%1", str(len(contact_ids))),
            contact_ids,
            lambda s: contacts.delete_contacts(s, contact_ids=contact_ids),
        )

    def merge_contacts(self, keep_id: int, other_id: int, choices: Mapping[str, Any]) -> None:
        from img_crm.services import duplicates

        self.change_contacts(
            self.tr("Merge contacts"),
            [keep_id, other_id],
            lambda s: duplicates.merge(s, keep_id=keep_id, other_id=other_id, choices=choices),
        )

    # --- activities ------------------------------------------------------------------

    def add_activity(self, data: Mapping[str, Any]) -> int:
        from img_crm.store import activities

        activity_id = self.write(
            lambda s: activities.add_activity(s, data=data),
            changes=[Entity.ACTIVITIES, Entity.CONTACTS],
        )
        if data.get("contact_id") is not None:
            self.last_logged_contact = int(data["contact_id"])
        return activity_id

    def update_activity(self, activity_id: int, data: Mapping[str, Any]) -> None:
        from img_crm.store import activities

        self.write(
            lambda s: activities.update_activity(s, activity_id=activity_id, data=data),
            changes=[Entity.ACTIVITIES, Entity.CONTACTS],
        )

    def delete_activities(self, activity_ids: Sequence[int]) -> int:
        from img_crm.store import activities

        return self.write(
            lambda s: activities.delete_activities(s, activity_ids=activity_ids),
            changes=[Entity.ACTIVITIES, Entity.CONTACTS],
        )

    # --- programs ---------------------------------------------------------------------

    def add_program(self, data: Mapping[str, Any]) -> int:
        from img_crm.store import programs

        return self.write(lambda s: programs.add_program(s, data=data), changes=[Entity.PROGRAMS])

    def update_program(self, program_id: int, changes: Mapping[str, Any]) -> None:
        from img_crm.store import programs

        self.write(
            lambda s: programs.update_program(s, program_id=program_id, changes=changes),
            changes=[Entity.PROGRAMS],
        )

    def delete_programs(self, program_ids: Sequence[int]) -> int:
        from img_crm.store import programs

        return self.write(
            lambda s: programs.delete_programs(s, program_ids=program_ids),
            changes=[Entity.PROGRAMS, Entity.CONTACTS, Entity.ACTIVITIES, Entity.LETTERS],
        )

    # --- the application season (#22) ---------------------------------------------------

    def rank_board(self) -> Any:
        from img_crm.services.ranking import board

        with self.reading() as session:
            return board(session)

    def rank_put(self, program_id: int, position: int, list_name: str = "primary") -> int:
        from img_crm.services import ranking

        return self.write(
            lambda s: ranking.put(s, program_id=program_id, position=position, list_name=list_name),
            changes=[Entity.SEASON],
        )

    def rank_remove(self, program_id: int, list_name: str = "primary") -> None:
        from img_crm.services import ranking

        self.write(
            lambda s: ranking.remove(s, program_id=program_id, list_name=list_name),
            changes=[Entity.SEASON],
        )

    def rank_rate(
        self, program_id: int, ratings: dict[int, int | None], pros: str, cons: str
    ) -> bool:
        """One program's ratings, pros and cons, in one dated history line."""
        from img_crm.services import ranking

        return self.write(
            lambda s: ranking.rate_program(
                s, program_id=program_id, ratings=ratings, pros=pros, cons=cons
            ),
            changes=[Entity.SEASON],
        )

    def rank_edit_criteria(
        self, kept: list[tuple[str | None, str, int]], removed: list[str]
    ) -> None:
        """The criteria as the user left them, in one transaction: ``kept``
        is (name it had or None for a new one, name, weight); ``removed``
        go with their ratings. Each change is a dated history line."""
        from img_crm.services import ranking

        def edit(session: Any) -> None:
            for name in removed:
                ranking.remove_criterion(session, name=name)
            for was, name, weight in kept:
                if was is not None and was != name:
                    ranking.rename_criterion(session, name=was, new_name=name)
                ranking.keep_criterion(session, name=name, weight=weight)

        self.write(edit, changes=[Entity.SEASON])

    def rank_certify(self) -> None:
        from img_crm.services import ranking

        self.write(ranking.certify, changes=[Entity.SEASON, Entity.SETTINGS])

    def rank_use_suggestion(self) -> list[int]:
        from img_crm.services import ranking

        return self.write(ranking.use_suggestion, changes=[Entity.SEASON])

    def signal_rules(self) -> list[SignalRule]:
        from img_crm.services.signals import rules

        with self.reading() as session:
            return rules(session)

    def keep_signal_rule(self, rule: SignalRule) -> None:
        """Keep a season's rule for a specialty (replacing that season's)."""
        from img_crm.services.signals import keep_rule

        self.write(lambda s: keep_rule(s, rule=rule), changes=[Entity.SEASON])

    def place_signal(
        self, program_id: int, kind: SignalKind | None, state: SignalState
    ) -> str | None:
        """Plan, send or take back a program's signal; returns a warning to show."""
        from img_crm.services import signals

        _kind, warning = self.write(
            lambda s: signals.place_signal(s, program_id=program_id, kind=kind, state=state),
            changes=[Entity.SEASON, Entity.PROGRAMS],
        )
        return warning

    def set_accepts_signals(self, program_id: int, accepts: bool | None) -> str | None:
        from img_crm.services import signals

        return self.write(
            lambda s: signals.set_accepts(s, program_id=program_id, accepts=accepts),
            changes=[Entity.SEASON, Entity.PROGRAMS],
        )

    def mark_applied(self, program_id: int, on: date | None) -> None:
        from img_crm.services import signals

        self.write(
            lambda s: signals.mark_applied(s, program_id=program_id, on=on),
            changes=[Entity.SEASON, Entity.PROGRAMS],
        )

    def receive_invitation(
        self,
        program_id: int,
        *,
        respond_by: datetime | None,
        offered: Sequence[datetime],
        received_at: datetime | None,
        notes: str = "",
    ) -> tuple[int, str | None]:
        """Record an invitation; returns its id and a warning (a short window)."""
        from img_crm.services import invitations

        return self.write(
            lambda s: invitations.receive(
                s,
                program_id=program_id,
                respond_by=respond_by,
                offered=offered,
                received_at=received_at,
                notes=notes,
            ),
            changes=[Entity.SEASON],
        )

    def answer_invitation(
        self,
        invitation_id: int,
        status: InvitationStatus,
        *,
        interview_local: datetime | None = None,
        note: str = "",
    ) -> list[Any]:
        """Move an invitation on; returns the clashes an accepted date makes."""
        from img_crm.services import invitations

        return self.write(
            lambda s: invitations.answer(
                s,
                invitation_id=invitation_id,
                status=status,
                interview_local=interview_local,
                note=note,
            ),
            changes=[Entity.SEASON, Entity.PROGRAMS],
        )

    def tie_contact(self, program_id: int, contact_id: int, kind: str, *, tie: bool = True) -> None:
        from img_crm.store import programs

        def apply(session: Session) -> None:
            if tie:
                programs.tie_contact(
                    session, program_id=program_id, contact_id=contact_id, kind=kind
                )
            else:
                programs.untie_contact(
                    session, program_id=program_id, contact_id=contact_id, kind=kind
                )

        self.write(apply, changes=[Entity.PROGRAMS, Entity.CONTACTS])

    def set_interview(self, program_id: int, local: datetime) -> None:
        from img_crm.store import programs

        self.write(
            lambda s: programs.set_interview(s, program_id=program_id, local=local),
            changes=[Entity.PROGRAMS],
        )

    def clear_interview(self, program_id: int) -> None:
        from img_crm.store import programs

        self.write(
            lambda s: programs.clear_interview(s, program_id=program_id),
            changes=[Entity.PROGRAMS],
        )

    def set_answer(self, question_id: int, answer: str) -> None:
        from img_crm.store import programs

        self.write(
            lambda s: programs.set_answer(s, question_id=question_id, answer=answer),
            changes=[Entity.PROGRAMS],
        )

    def add_question(self, program_id: int, question: str) -> int:
        from img_crm.store import programs

        return self.write(
            lambda s: programs.add_question(s, program_id=program_id, question=question),
            changes=[Entity.PROGRAMS],
        )

    def import_programs(
        self, records: Sequence[program_csv.ProgramRecord]
    ) -> program_csv.ProgramImport:
        from img_crm.services import program_csv

        return self.write(
            lambda s: program_csv.import_programs(s, records=records),
            changes=[Entity.PROGRAMS],
        )

    def export_programs_csv(self, destination: Path) -> int:
        from img_crm.services import program_csv
        from img_crm.store import programs

        with self.reading() as session:
            rows = programs.list_program_rows(session)
        return program_csv.write_programs_csv(rows, destination)

    # --- attachments (#24) ----------------------------------------------------------

    def attach_files(
        self, owner: Owner, files: Sequence[Path], kind: AttachmentKind | None = None
    ) -> list[int]:
        """Read every file first (one sentence for the first that cannot be
        attached), then attach them all in one transaction."""
        from img_crm.services import attachments

        picked = [attachments.read_picked(path) for path in files]
        return self.write(
            lambda s: attachments.attach(s, owner=owner, files=picked, kind=kind),
            changes=[Entity.ATTACHMENTS],
        )

    def rename_attachment(
        self, attachment_id: int, name: str | None, kind: AttachmentKind | None
    ) -> None:
        from img_crm.store import attachments

        self.write(
            lambda s: attachments.rename_attachment(
                s, attachment_id=attachment_id, name=name, kind=kind
            ),
            changes=[Entity.ATTACHMENTS],
        )

    def remove_attachments(self, attachment_ids: Sequence[int]) -> int:
        from img_crm.store import attachments

        return self.write(
            lambda s: attachments.remove_attachments(s, attachment_ids=attachment_ids),
            changes=[Entity.ATTACHMENTS],
        )

    def mark_sent(
        self,
        attachment_id: int,
        *,
        contact_ids: Sequence[int] = (),
        program_ids: Sequence[int] = (),
        on: date | None = None,
    ) -> int:
        from img_crm.services import attachments

        return self.write(
            lambda s: attachments.mark_sent(
                s,
                attachment_id=attachment_id,
                contact_ids=contact_ids,
                program_ids=program_ids,
                sent_on=on,
            ),
            changes=[Entity.ATTACHMENTS],
        )

    def unmark_sent(self, sent_ids: Sequence[int]) -> None:
        from img_crm.store import sent_files

        self.write(
            lambda s: sent_files.unmark_sent(s, sent_ids=sent_ids), changes=[Entity.ATTACHMENTS]
        )

    def copy_to_open(self, attachment_id: int) -> Path:
        """A copy of the attachment for the system's viewer (the data folder's
        ``opened/``); nothing in the store changes."""
        from img_crm.services import attachments

        with self.plain() as connection:
            return attachments.write_copy_to_open(
                connection, attachment_id=attachment_id, data_dir=self.store.path.parent
            )

    def save_attachment(self, attachment_id: int, destination: Path) -> Path:
        from img_crm.services import attachments

        with self.plain() as connection:
            return attachments.save_copy(
                connection, attachment_id=attachment_id, destination=destination
            )

    # --- letters (undoable) ---------------------------------------------------------

    def change_letters(
        self,
        text: str,
        letter_ids: Sequence[int],
        command: Callable[[Session], T],
        *,
        created: Callable[[T], Sequence[int]] = lambda _result: (),
    ) -> T:
        """Run a letter change in one transaction and make it undoable: the
        letters (status history and programs with them) are copied before and
        after, as ``change_contacts`` does for contacts."""
        from img_crm.store import snapshots

        ids = list(letter_ids)
        with self.store.session() as session:
            before = snapshots.capture_letters(session, letter_ids=ids)
            result = command(session)
            new_ids = [*ids, *created(result)]
            after = snapshots.capture_letters(session, letter_ids=new_ids)
            self._held |= before.digests | after.digests
            self._sweep(session)
        self._done(
            text,
            **self._swaps(before, after, self._restore_letters),
        )
        return result

    def _restore_letters(
        self, snapshot: snapshots.LetterSnapshot, current: snapshots.LetterSnapshot
    ) -> Any:
        from img_crm.store import snapshots

        with self.store.session() as session:
            now = snapshots.capture_letters(session, letter_ids=current.letter_ids)
            snapshots.restore_letters(session, snapshot=snapshot, current_ids=current.letter_ids)
        self._held |= now.digests
        self._announce_contact_change()
        return now

    def _change_letter(self, text: str, letter_id: int, command: Callable[[Session], T]) -> T:
        from img_crm.store import letters

        with self.reading() as session:
            row = letters.get_letter_row(session, letter_id=letter_id)
        return self.change_letters(text.replace("%1", row.writer_name), [letter_id], command)

    def add_letter(self, **fields: Any) -> int:
        from img_crm.store import letters

        return self.change_letters(
            self.tr("Add a letter"),
            [],
            lambda s: letters.add_letter(s, **fields),
            created=lambda new_id: [new_id],
        )

    def set_letter_status(self, letter_id: int, status: str, *, on: date | None = None) -> None:
        from img_crm.store import letters

        self._change_letter(
            self.tr("Letter from %1: %2").replace("%2", label("LetterStatus", status)),
            letter_id,
            lambda s: letters.set_letter_status(s, letter_id=letter_id, status=status, on=on),
        )

    def take_back_letter_status(self, letter_id: int) -> None:
        from img_crm.store import letters

        self._change_letter(
            self.tr("Letter from %1: take back its last status"),
            letter_id,
            lambda s: letters.take_back_status(s, letter_id=letter_id),
        )

    def update_letter(self, letter_id: int, changes: Mapping[str, Any]) -> None:
        from img_crm.store import letters

        self._change_letter(
            self.tr("Letter from %1: edit"),
            letter_id,
            lambda s: letters.update_letter(s, letter_id=letter_id, changes=changes),
        )

    def delete_letter(self, letter_id: int) -> None:
        from img_crm.store import letters

        self._change_letter(
            self.tr("Letter from %1: delete"),
            letter_id,
            lambda s: letters.delete_letter(s, letter_id=letter_id),
        )

    def assign_letter(self, letter_id: int, program_id: int, *, assigned: bool) -> None:
        from img_crm.store import letters

        def apply(session: Session) -> None:
            if assigned:
                letters.assign_letter(session, letter_id=letter_id, program_id=program_id)
            else:
                letters.unassign_letter(session, letter_id=letter_id, program_id=program_id)

        self._change_letter(
            self.tr("Letter from %1: send to a program")
            if assigned
            else self.tr("Letter from %1: take off a program"),
            letter_id,
            apply,
        )

    # --- import -------------------------------------------------------------------------

    def import_contacts(
        self,
        plan: importer.ImportPlan,
        progress: Callable[[int, int], bool] | None = None,
        *,
        skip_invalid: bool = False,
    ) -> importer.Summary:
        """Write an import plan in one transaction; a cancel rolls it all back."""
        from img_crm.services import importer

        summary = self.write(
            lambda s: importer.apply(s, plan, skip_invalid=skip_invalid, progress=progress),
            changes=[Entity.CONTACTS, Entity.ACTIVITIES, Entity.LETTERS],
        )
        self.forget_undo()  # earlier snapshots may not hold for imported rows
        return summary

    def read_mail(
        self,
        path: Path,
        *,
        with_bodies: bool = False,
        progress: Callable[[int, int], bool] | None = None,
    ) -> activity_import.ActivityPlan:
        """Read mail files into a plan (nothing is written), with the user's
        own addresses from Settings."""
        from img_crm.services import activity_import
        from img_crm.services.profile import load_profile

        with self.reading() as session:
            own = load_profile(session).my_emails
            return activity_import.plan_mail(
                session, path, own=own, with_bodies=with_bodies, progress=progress
            )

    def read_calendar(self, path: Path) -> activity_import.ActivityPlan:
        from img_crm.services import activity_import
        from img_crm.services.profile import load_profile

        with self.reading() as session:
            own = load_profile(session).my_emails
            return activity_import.plan_calendar(session, path, own=own)

    def import_activities(
        self,
        plan: activity_import.ActivityPlan,
        *,
        add: Sequence[str] = (),
        skip_invalid: bool = False,
    ) -> activity_import.Applied:
        """Log a mail or calendar plan (and add the chosen correspondents) in
        one transaction."""
        from img_crm.services import activity_import

        applied = self.write(
            lambda s: activity_import.apply(s, plan, add=add, skip_invalid=skip_invalid),
            changes=[Entity.CONTACTS, Entity.ACTIVITIES],
        )
        self.forget_undo()  # as after any import
        return applied

    def restore_json(self, document: dict[str, Any]) -> dict[str, int]:
        from img_crm.services import json_io

        counts = self.write(lambda s: json_io.restore_store_json(s, document), changes=list(Entity))
        self.forget_undo()
        return counts

    # --- templates -------------------------------------------------------------------------

    def save_template(self, **fields: Any) -> int:
        from img_crm.store import templates

        return self.write(
            lambda s: templates.save_template(s, **fields), changes=[Entity.TEMPLATES]
        )

    def delete_template(self, template_id: int) -> None:
        from img_crm.store import templates

        self.write(
            lambda s: templates.delete_template(s, template_id=template_id),
            changes=[Entity.TEMPLATES],
        )

    def reset_templates(self) -> None:
        from img_crm.store import templates

        self.write(lambda s: templates.reset_builtins(s), changes=[Entity.TEMPLATES])

    # --- plan -------------------------------------------------------------------------------

    def load_plan(self) -> list[Any]:
        """The stored plan; the first time, the one made from the match year is
        saved (and only shown, unsaved, where the store can only be read)."""
        from img_crm.services import plan as plan_service
        from img_crm.store import plan as plan_store

        with self.reading() as session:
            stored = plan_store.load_plan(session)
            if stored or self.store.read_only is not None:
                return stored or plan_service.current_plan(session)
        return self.write(lambda s: plan_service.ensure_plan(s), changes=[Entity.PLAN])

    def ensure_templates(self) -> None:
        """The built-in templates are stored on first use; a store that can only
        be read shows them unsaved."""
        from img_crm.store import templates

        if self.store.read_only is not None:
            return
        with self.reading() as session:
            if not templates.missing_builtins(session):
                return
        self.write(lambda s: templates.ensure_builtins(s), changes=[Entity.TEMPLATES])

    def eligibility(self) -> tuple[list[Any], list[Any]]:
        """The eligibility checklist and its steps as Gantt bars."""
        from img_crm.domain.eligibility import as_tasks
        from img_crm.services.eligibility import checklist

        with self.reading() as session:
            checked = checklist(session)
        return checked, as_tasks(checked)

    def record_eligibility_step(
        self,
        key: str,
        *,
        done_on: date | None,
        score: str | None = None,
        expires_on: date | None = None,
    ) -> None:
        """The user says an ECFMG or visa step is done (or not yet)."""
        from img_crm.services.eligibility import record_step

        self.write(
            lambda s: record_step(s, key=key, done_on=done_on, score=score, expires_on=expires_on),
            changes=[Entity.PLAN],
        )

    def update_plan_task(self, key: str, **changes: Any) -> None:
        from img_crm.store import plan as plan_store

        self.write(lambda s: plan_store.update_task(s, key=key, **changes), changes=[Entity.PLAN])

    def regenerate_plan(self) -> None:
        from img_crm.services import plan as plan_service
        from img_crm.store import plan as plan_store

        def rebuild(session: Session) -> None:
            plan_store.save_plan(session, tasks=[])
            plan_service.ensure_plan(session)

        self.write(rebuild, changes=[Entity.PLAN])

    # --- backups -------------------------------------------------------------------------

    def backup_now(self, reason: str = "manual") -> Path:
        from img_crm.services import backups

        path = backups.backup_now(self.store.path.parent, reason=reason)
        self.dirty = False
        return path

    def restore_backup(self, source: Path) -> Path | None:
        """Replace the store with a checked backup (the current one is backed up
        first); return where the current one went."""
        from img_crm.services import backups

        previous = backups.restore_open_store(self.store, source)
        self.forget_undo()
        for entity in Entity:
            self._signal(entity).emit()
        return previous

    # --- the passphrase (issue #23) -------------------------------------------

    @property
    def protected(self) -> bool:
        from img_crm.services import protection

        return protection.is_protected(self.store.path.parent)

    def protect(self, passphrase: str) -> int:
        """Put the store and its backups under ``passphrase``; the count of
        backups that could not be converted. The store stays open."""
        from img_crm.services import protection

        left = protection.protect(self.store, passphrase)
        self.protection_changed.emit()
        return left

    def change_passphrase(self, current: str, new: str) -> int:
        from img_crm.services import protection

        left = protection.change(self.store, current, new)
        self.protection_changed.emit()
        return left

    def remove_passphrase(self, current: str) -> int:
        from img_crm.services import protection

        left = protection.remove(self.store, current)
        self.protection_changed.emit()
        return left

    def export_warning(self) -> str | None:
        """What to say after an export of a protected store (its file is plain)."""
        from img_crm.services import protection

        return protection.export_warning(self.store.path.parent)

    def check_passphrase(self, passphrase: str) -> None:
        """Refuse (``UserError``) a passphrase that is not the store's: the
        window unlocks after idle with it."""
        from img_crm.services import protection

        protection.check(self.store.path.parent, passphrase)

    # --- settings and sample data -------------------------------------------

    def save_profile(self, values: dict[str, str]) -> None:
        # Intervals change every contact's follow-up date, so contacts reload too.
        from img_crm.services import profile

        self.write(
            lambda s: profile.save_profile_values(s, values=values),
            changes=[Entity.SETTINGS, Entity.CONTACTS],
        )

    def set_flag(self, key: str, value: str) -> None:
        self.write(
            lambda s: settings.set_setting(s, key=key, value=value), changes=[Entity.SETTINGS]
        )

    def load_demo(self) -> DemoSummary:
        from img_crm.services import demo  # the sample story: loaded when asked for

        summary = self.write(lambda s: demo.load_demo(s), changes=list(Entity))
        self.forget_undo()
        return summary

    # --- exports (read-only on the store, atomic on disk) ---------------------

    def export(
        self,
        kind: exports.Kind | str,
        destination: Path,
        *,
        safe: bool = False,
        contact_id: int | None = None,
        passphrase: str | None = None,
    ) -> exports.Written:
        """Any export (``services/exports.py``); a PDF is drawn with Qt here;
        ``passphrase`` encrypts the JSON archive."""
        from img_crm.services import exports

        with self.reading() as session:
            written = exports.export(
                session,
                kind,
                destination,
                safe=safe,
                contact_id=contact_id,
                write_pdf=_draw_pdf,
                passphrase=passphrase,
            )
        if passphrase is None:  # an encrypted archive is protected by its own
            self.exported.emit(str(written.path))
        return written

    def export_rank_list(self, destination: Path, list_name: str) -> int:
        """A rank list as CSV or PDF, by the file's suffix."""
        from img_crm.services.atomic import refuse_protected
        from img_crm.services.rank_export import export_list

        refuse_protected(destination)
        with self.reading() as session:
            count = export_list(session, destination, list_name=list_name, write_pdf=_draw_pdf)
        self.exported.emit(str(destination))
        return count


def _set_own(
    session: Session, record: RecordKind, record_id: int, values: Mapping[int, str | None] | None
) -> None:
    """Write a form's values of the user's fields, in the form's transaction."""
    if values:
        from img_crm.store.custom_fields import set_values

        set_values(session, record=record, record_id=record_id, values=values)


def _draw_pdf(html: str, destination: Path, title: str) -> None:
    """The exports' ``write_pdf``: Qt draws the page (``ui/pdf.py``)."""
    from img_crm.ui.pdf import write_pdf

    write_pdf(html, destination, title=title)


class _Command(QUndoCommand):
    """Undo and redo by putting back the before or the after copy of what
    changed (contacts, or letters)."""

    def __init__(self, text: str, *, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        super().__init__(text)
        self._undo = undo
        self._redo = redo
        self._done = True  # the change already ran when the command was pushed

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._redo()

    def undo(self) -> None:
        self._undo()
