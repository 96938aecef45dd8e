"""Schema migrations keyed on ``PRAGMA user_version``.

``MIGRATIONS[i]`` upgrades a store from version ``i`` to ``i + 1``; the first
one creates the schema. All pending steps run in one transaction after a
backup of the existing file, so a failed upgrade leaves the store as it was.
A file written by a newer img-crm is refused without being modified.

One module because the steps are one ordered history: a reader checking what
version N holds, or what an export of version N becomes (``upgrade_tables``),
reads them top to bottom.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from img_crm.errors import StoreError, UserError
from img_crm.store import schema_v1, sqlite
from img_crm.store.backup import backup_database, timestamped_name
from img_crm.store.inspect import APPLICATION_ID
from img_crm.store.sqlite import dbapi

Migration = Callable[[dbapi.Connection], None]


def _statements(script: str) -> Iterator[str]:
    """Split a script into complete statements (triggers included).

    ``executescript`` would commit the open transaction first, so each
    statement is run on its own inside the migration's transaction.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if dbapi.complete_statement(pending):
            statement = pending.strip()
            pending = ""
            if statement:
                yield statement
    leftover = "\n".join(
        line for line in pending.splitlines() if line.strip() and not line.lstrip().startswith("--")
    )
    if leftover:
        raise ValueError(f"incomplete SQL statement at the end of a script: {leftover[:80]!r}")


def _create_schema(con: dbapi.Connection) -> None:
    for statement in _statements(schema_v1.SQL):
        con.execute(statement)


def _add_interview_questions(con: dbapi.Connection) -> None:
    """Version 2: questions to ask at each program's interview, with the answers."""
    for statement in _statements(
        """
        CREATE TABLE interview_question (
            id         INTEGER PRIMARY KEY,
            program_id INTEGER NOT NULL REFERENCES program (id) ON DELETE CASCADE,
            position   INTEGER NOT NULL DEFAULT 0,
            question   TEXT NOT NULL CHECK (length(trim(question)) > 0),
            answer     TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX ix_interview_question_program ON interview_question (program_id, position);
        """
    ):
        con.execute(statement)


def _add_plan_tasks(con: dbapi.Connection) -> None:
    """Version 3: the 12-24 month plan's tasks."""
    for statement in _statements(
        """
        CREATE TABLE plan_task (
            id         INTEGER PRIMARY KEY,
            key        TEXT NOT NULL UNIQUE,
            phase      TEXT NOT NULL,
            title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
            start      DATE NOT NULL,
            days       INTEGER NOT NULL CHECK (days > 0),
            after      TEXT NOT NULL DEFAULT '',   -- keys of prerequisites, comma-separated
            done       BOOLEAN NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
            position   INTEGER NOT NULL DEFAULT 0
        );
        """
    ):
        con.execute(statement)


def _add_connected_on(con: dbapi.Connection) -> None:
    """Version 4: a contact's department (the second part of a vCard's ORG);
    the parts of the name as files give them (given, family, suffix) and how
    the user greets them, so family-name-first names stay right; and when
    they connected with the user on LinkedIn, kept apart from
    "first contacted". Earlier LinkedIn imports put that date in
    first_contacted, which started the follow-up clock on a connection nobody
    made: for a LinkedIn-tagged contact with nothing logged and no follow-up
    set by hand, the date moves to connected_on."""
    con.execute("ALTER TABLE contact ADD COLUMN connected_on DATE")
    for column in ("department", "given_name", "family_name", "name_suffix", "address_as"):
        con.execute(f"ALTER TABLE contact ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    con.execute(
        """
        UPDATE contact SET connected_on = first_contacted, first_contacted = NULL
        WHERE first_contacted IS NOT NULL AND last_interaction IS NULL
          AND next_follow_up IS NULL
          AND id IN (SELECT contact_id FROM contact_tag WHERE tag = 'linkedin')
          AND id NOT IN (SELECT contact_id FROM activity WHERE contact_id IS NOT NULL)
        """
    )


def _add_contact_points(con: dbapi.Connection) -> None:
    """Version 5: any number of email addresses, phone numbers and web
    addresses per contact (``contact_point``), each with its label; the one
    email and phone a contact had become the first of theirs.
    ``contact.email`` and ``contact.phone`` stay, holding the first of each
    (the store's write path keeps them so)."""
    for statement in _statements(
        """
        CREATE TABLE contact_point (
            contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
            kind       TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'web')),
            value      TEXT NOT NULL CHECK (length(trim(value)) > 0),
            position   INTEGER NOT NULL,   -- the order within its kind; 0 is the first
            label      TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (contact_id, kind, value)
        );
        INSERT INTO contact_point (contact_id, kind, value, position, label)
            SELECT id, 'email', trim(email), 0, '' FROM contact WHERE trim(email) != '';
        INSERT INTO contact_point (contact_id, kind, value, position, label)
            SELECT id, 'phone', trim(phone), 0, '' FROM contact WHERE trim(phone) != '';
        """
    ):
        con.execute(statement)


#: The activity kinds the summary's columns count, as version 6 wrote them
#: into its triggers (a test holds them equal to the domain's: a change there
#: needs a migration that rewrites the triggers).
SUMMARY_WORK_KINDS = (
    "clinical-experience",
    "paper-accepted",
    "paper-submitted",
    "presentation",
    "research-task",
)
SUMMARY_OUTGOING_KINDS = ("meeting", "outreach-sent", "research-task")
SUMMARY_REPLY_KIND = "reply-received"


def _summary_select(where: str, moment: str = "created_at") -> str:
    """The summary rows of the contacts ``where`` picks, from their activities
    (``moment``: the SQL for when an activity happened on its day)."""
    work = ", ".join(f"'{kind}'" for kind in SUMMARY_WORK_KINDS)
    outgoing = ", ".join(f"'{kind}'" for kind in SUMMARY_OUTGOING_KINDS)
    return f"""
    INSERT INTO contact_activity_summary
    SELECT contact_id,
           min(occurred_on), max(occurred_on),
           min(CASE WHEN kind IN ({work}) THEN occurred_on END),
           max(CASE WHEN kind IN ({work}) THEN occurred_on END),
           max(CASE WHEN kind = '{SUMMARY_REPLY_KIND}' THEN occurred_on || '|' || {moment} END),
           max(CASE WHEN kind IN ({outgoing}) THEN occurred_on || '|' || {moment} END)
    FROM activity
    WHERE {where}
    GROUP BY contact_id;"""


def _summary_of(contact: str, moment: str = "created_at") -> str:
    """The statements that recompute one contact's summary row (none once the
    contact is gone: a deleted contact's activities are unlinked after it)."""
    still_there = f"contact_id = {contact} AND EXISTS (SELECT 1 FROM contact WHERE id = {contact})"
    return f"""
    DELETE FROM contact_activity_summary WHERE contact_id = {contact};
    {_summary_select(still_there, moment)}"""


def _add_activity_summary(con: dbapi.Connection) -> None:
    """Version 6: each contact's activity summary (first and last activity, of
    work, the newest reply and the newest message out), kept by triggers as
    ``last_interaction`` is, so the follow-up state of a whole contact list is
    one indexed read instead of an aggregate over every activity (57 % of a
    100,000-contact list's load). Derived data: not exported, not restored;
    the triggers fill it as activities are written."""
    script = f"""
        CREATE TABLE contact_activity_summary (
            contact_id    INTEGER PRIMARY KEY,
            first_on      DATE,
            last_on       DATE,
            first_work    DATE,
            last_work     DATE,
            last_reply    TEXT,   -- 'occurred_on|created_at' of the newest reply
            last_outgoing TEXT    -- the same for the newest message out
        );
        CREATE TRIGGER tr_summary_activity_insert AFTER INSERT ON activity
        WHEN NEW.contact_id IS NOT NULL
        BEGIN {_summary_of("NEW.contact_id")}
        END;
        CREATE TRIGGER tr_summary_activity_update
        AFTER UPDATE OF occurred_on, kind, contact_id, created_at ON activity
        BEGIN {_summary_of("OLD.contact_id")} {_summary_of("NEW.contact_id")}
        END;
        CREATE TRIGGER tr_summary_activity_delete AFTER DELETE ON activity
        WHEN OLD.contact_id IS NOT NULL
        BEGIN {_summary_of("OLD.contact_id")}
        END;
        CREATE TRIGGER tr_summary_contact_delete AFTER DELETE ON contact
        BEGIN
            DELETE FROM contact_activity_summary WHERE contact_id = OLD.id;
        END;
    """
    script += _summary_select("contact_id IN (SELECT id FROM contact)")
    for statement in _statements(script):
        con.execute(statement)


def _add_name_order(con: dbapi.Connection) -> None:
    """Version 7: each contact's folded name (``domain.text.sort_key``'s first
    part; the name as written breaks ties), kept by triggers in an indexed
    table, so the first screen of a big store is the first rows of an index
    instead of a fold of every name (0.57 s of a 100,000-contact first page).
    Only the fold is kept: no second copy of anyone's name.

    The fold is Python's: every connection img-crm opens lends it to SQLite as
    ``img_name_key`` (``store/sqlite.py``). A program without it cannot add or
    rename a contact (SQLite says "no such function"), rather than leave one
    out of order. Derived data: not exported, not restored."""
    sqlite.lend_functions(con)
    script = """
        CREATE TABLE contact_name_order (
            contact_id INTEGER PRIMARY KEY,
            folded     TEXT NOT NULL
        );
        CREATE INDEX ix_contact_name_order ON contact_name_order (folded);
        CREATE TRIGGER tr_name_order_insert AFTER INSERT ON contact
        BEGIN
            INSERT OR REPLACE INTO contact_name_order VALUES (NEW.id, img_name_key(NEW.name));
        END;
        CREATE TRIGGER tr_name_order_update AFTER UPDATE OF id, name ON contact
        BEGIN
            DELETE FROM contact_name_order WHERE contact_id = OLD.id;
            INSERT OR REPLACE INTO contact_name_order VALUES (NEW.id, img_name_key(NEW.name));
        END;
        CREATE TRIGGER tr_name_order_delete AFTER DELETE ON contact
        BEGIN
            DELETE FROM contact_name_order WHERE contact_id = OLD.id;
        END;
        INSERT INTO contact_name_order SELECT id, img_name_key(name) FROM contact;
    """
    for statement in _statements(script):
        con.execute(statement)


#: When an activity happened on its day, from version 8: the moment a file
#: gave (a message's Date, an event's start), else the moment it was logged.
ACTIVITY_MOMENT = "coalesce(occurred_at, created_at)"


def _add_imported_activities(con: dbapi.Connection) -> None:
    """Version 8: activities read from the user's own mail and calendar files.

    - ``activity.occurred_at``: the exact moment a file gave (UTC), so a reply
      that came at 23:50 is owed at 23:50 the next day, not at noon; the
      summary's triggers read it before the logging time.
    - ``imported_item``: each message (Message-ID) or event (UID) already read,
      per contact, so importing the same file again adds nothing; it outlives
      a deleted activity (the user removed it; a re-import must not bring it
      back) and goes with its contact.
    - ``follow_up_snooze``: every snooze of a follow-up, with its reason: a
      history the user wrote, so it is exported and restored."""
    script = f"""
        ALTER TABLE activity ADD COLUMN occurred_at TIMESTAMP;
        CREATE TABLE imported_item (
            source      TEXT NOT NULL CHECK (source IN ('mail', 'calendar')),
            key         TEXT NOT NULL CHECK (length(key) > 0),
            contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
            activity_id INTEGER REFERENCES activity (id) ON DELETE SET NULL,
            imported_on DATE NOT NULL,
            PRIMARY KEY (source, key, contact_id)
        );
        CREATE INDEX ix_imported_item_contact ON imported_item (contact_id);
        CREATE INDEX ix_imported_item_activity ON imported_item (activity_id);
        CREATE TABLE follow_up_snooze (
            id         INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
            snoozed_on DATE NOT NULL,
            until      DATE NOT NULL,
            reason     TEXT NOT NULL DEFAULT '',
            created_at TIMESTAMP NOT NULL
        );
        CREATE INDEX ix_follow_up_snooze_contact ON follow_up_snooze (contact_id, id);
        DROP TRIGGER tr_summary_activity_insert;
        DROP TRIGGER tr_summary_activity_update;
        DROP TRIGGER tr_summary_activity_delete;
        CREATE TRIGGER tr_summary_activity_insert AFTER INSERT ON activity
        WHEN NEW.contact_id IS NOT NULL
        BEGIN {_summary_of("NEW.contact_id", ACTIVITY_MOMENT)}
        END;
        CREATE TRIGGER tr_summary_activity_update
        AFTER UPDATE OF occurred_on, occurred_at, kind, contact_id, created_at ON activity
        BEGIN {_summary_of("OLD.contact_id", ACTIVITY_MOMENT)}
            {_summary_of("NEW.contact_id", ACTIVITY_MOMENT)}
        END;
        CREATE TRIGGER tr_summary_activity_delete AFTER DELETE ON activity
        WHEN OLD.contact_id IS NOT NULL
        BEGIN {_summary_of("OLD.contact_id", ACTIVITY_MOMENT)}
        END;
        DELETE FROM contact_activity_summary;
    """
    script += _summary_select("contact_id IN (SELECT id FROM contact)", ACTIVITY_MOMENT)
    for statement in _statements(script):
        con.execute(statement)


def _add_match_season(con: dbapi.Connection) -> None:
    """Version 9: the application season (signals, applications, interview
    invitations, the rank order list, the eligibility steps).

    - ``signal_rule``: how many signals a specialty allows, per season: data
      the user edits when AAMC publishes a new season (the 2025 season is
      written here, as shipped).
    - ``program``: whether it takes signals, the signal planned or sent (a
      sent one is locked), the day the application went, the rank list's
      pros and cons.
    - ``invitation`` with the dates it offered and every change, dated.
    - ``rank_criterion`` (the defaults written here), ``rank_rating``,
      ``rank_entry`` (the primary list and the supplemental ones, in order)
      and ``rank_change``, the dated history of the lists.
    - ``eligibility_step``: what the user entered for each ECFMG or visa step
      (when it was done; OET's scores and expiry)."""
    from img_crm.domain.ranking import DEFAULT_CRITERIA
    from img_crm.domain.signals import DEFAULT_RULES

    script = """
        ALTER TABLE program ADD COLUMN accepts_signals BOOLEAN;
        ALTER TABLE program ADD COLUMN eras_signal TEXT
            CHECK (eras_signal IN ('gold', 'silver', 'signal'));
        ALTER TABLE program ADD COLUMN eras_signal_state TEXT NOT NULL DEFAULT 'none'
            CHECK (eras_signal_state IN ('none', 'planned', 'sent'));
        ALTER TABLE program ADD COLUMN eras_signal_sent_on DATE;
        ALTER TABLE program ADD COLUMN applied_on DATE;
        ALTER TABLE program ADD COLUMN rank_pros TEXT NOT NULL DEFAULT '';
        ALTER TABLE program ADD COLUMN rank_cons TEXT NOT NULL DEFAULT '';
        CREATE TABLE signal_rule (
            id        INTEGER PRIMARY KEY,
            specialty TEXT NOT NULL CHECK (length(specialty) > 0),
            season    TEXT NOT NULL CHECK (length(season) > 0),
            gold      INTEGER NOT NULL DEFAULT 0 CHECK (gold BETWEEN 0 AND 100),
            silver    INTEGER NOT NULL DEFAULT 0 CHECK (silver BETWEEN 0 AND 100),
            signals   INTEGER NOT NULL DEFAULT 0 CHECK (signals BETWEEN 0 AND 100)
        );
        CREATE UNIQUE INDEX ux_signal_rule ON signal_rule (specialty COLLATE NOCASE, season);
        CREATE TABLE invitation (
            id           INTEGER PRIMARY KEY,
            program_id   INTEGER NOT NULL REFERENCES program (id) ON DELETE CASCADE,
            received_at  TIMESTAMP NOT NULL,
            respond_by   TIMESTAMP,
            status       TEXT NOT NULL DEFAULT 'invited' CHECK (status IN
                ('invited', 'scheduled', 'waitlisted', 'declined', 'cancelled', 'interviewed')),
            interview_at TIMESTAMP,
            notes        TEXT NOT NULL DEFAULT '',
            created_at   TIMESTAMP NOT NULL,
            updated_at   TIMESTAMP NOT NULL
        );
        CREATE INDEX ix_invitation_program ON invitation (program_id);
        CREATE TABLE invitation_date (
            id            INTEGER PRIMARY KEY,
            invitation_id INTEGER NOT NULL REFERENCES invitation (id) ON DELETE CASCADE,
            offered_at    TIMESTAMP NOT NULL
        );
        CREATE INDEX ix_invitation_date_invitation ON invitation_date (invitation_id);
        CREATE TABLE invitation_change (
            id            INTEGER PRIMARY KEY,
            invitation_id INTEGER NOT NULL REFERENCES invitation (id) ON DELETE CASCADE,
            changed_at    TIMESTAMP NOT NULL,
            from_status   TEXT,
            to_status     TEXT NOT NULL,
            what          TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX ix_invitation_change_invitation ON invitation_change (invitation_id, id);
        CREATE TABLE rank_criterion (
            id       INTEGER PRIMARY KEY,
            name     TEXT NOT NULL CHECK (length(name) > 0),
            weight   INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 0 AND 10),
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX ux_rank_criterion_name ON rank_criterion (name COLLATE NOCASE);
        CREATE TABLE rank_rating (
            program_id   INTEGER NOT NULL REFERENCES program (id) ON DELETE CASCADE,
            criterion_id INTEGER NOT NULL REFERENCES rank_criterion (id) ON DELETE CASCADE,
            rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
            PRIMARY KEY (program_id, criterion_id)
        );
        CREATE INDEX ix_rank_rating_criterion ON rank_rating (criterion_id);
        CREATE TABLE rank_entry (
            list_name  TEXT NOT NULL CHECK (length(list_name) > 0),
            program_id INTEGER NOT NULL REFERENCES program (id) ON DELETE CASCADE,
            position   INTEGER NOT NULL CHECK (position >= 1),
            PRIMARY KEY (list_name, program_id)
        );
        CREATE UNIQUE INDEX ux_rank_entry_position ON rank_entry (list_name, position);
        CREATE INDEX ix_rank_entry_program ON rank_entry (program_id);
        CREATE TABLE rank_change (
            id         INTEGER PRIMARY KEY,
            changed_at TIMESTAMP NOT NULL,
            list_name  TEXT NOT NULL,
            what       TEXT NOT NULL
        );
        CREATE TABLE eligibility_step (
            key        TEXT PRIMARY KEY CHECK (length(key) > 0),
            done_on    DATE,
            score      TEXT NOT NULL DEFAULT '',
            expires_on DATE,
            notes      TEXT NOT NULL DEFAULT ''
        );
    """
    for statement in _statements(script):
        con.execute(statement)
    con.executemany(
        "INSERT INTO signal_rule (specialty, season, gold, silver, signals) VALUES (?, ?, ?, ?, ?)",
        [(r.specialty, r.season, r.gold, r.silver, r.signals) for r in DEFAULT_RULES],
    )
    con.executemany(
        "INSERT INTO rank_criterion (name, weight, position) VALUES (?, ?, ?)",
        [(name, weight, n) for n, (name, weight) in enumerate(DEFAULT_CRITERIA)],
    )


def _add_files_and_fields(con: dbapi.Connection) -> None:
    """Version 10 (issue #24): files attached to contacts, programs, letters
    and activities, kept inside the store, and fields of the user's own.

    - ``attachment_file``: each file's bytes once, keyed by their SHA-256
      (the same CV attached ten times is one row). Inside the store, a file
      is in the same transaction, backup, passphrase and check as the rows
      that name it.
    - ``attachment``: a named file on exactly one record. A file's row no
      attachment names is removed by ``store/attachments.sweep_unused_files``
      once no undo can bring the attachment back (not by a trigger).
    - ``attachment_sent``: a version given to a contact or a program, dated
      by the user.
    - ``custom_field``: a field the user defined for contacts, programs or
      letters (its kind, and the choices of a choice field), in their order.
    - ``custom_value``: one record's value of one field, as text in the
      field's canonical form (``domain/custom_fields.py``)."""
    script = """
        CREATE TABLE attachment_file (
            digest TEXT PRIMARY KEY CHECK (length(digest) = 64),
            size   INTEGER NOT NULL CHECK (size >= 0),
            data   BLOB NOT NULL,
            CHECK (length(data) = size)
        );
        CREATE TABLE attachment (
            id          INTEGER PRIMARY KEY,
            name        TEXT NOT NULL CHECK (length(name) > 0),
            kind        TEXT NOT NULL DEFAULT 'other' CHECK (kind IN
                ('cv', 'statement', 'letter-request', 'certificate', 'evidence', 'other')),
            digest      TEXT NOT NULL REFERENCES attachment_file (digest),
            contact_id  INTEGER REFERENCES contact (id) ON DELETE CASCADE,
            program_id  INTEGER REFERENCES program (id) ON DELETE CASCADE,
            letter_id   INTEGER REFERENCES letter (id) ON DELETE CASCADE,
            activity_id INTEGER REFERENCES activity (id) ON DELETE CASCADE,
            added_at    TIMESTAMP NOT NULL,
            CHECK ((contact_id IS NOT NULL) + (program_id IS NOT NULL)
                   + (letter_id IS NOT NULL) + (activity_id IS NOT NULL) = 1)
        );
        CREATE INDEX ix_attachment_digest ON attachment (digest);
        CREATE INDEX ix_attachment_contact ON attachment (contact_id);
        CREATE INDEX ix_attachment_program ON attachment (program_id);
        CREATE INDEX ix_attachment_letter ON attachment (letter_id);
        CREATE INDEX ix_attachment_activity ON attachment (activity_id);
        CREATE TABLE attachment_sent (
            id            INTEGER PRIMARY KEY,
            attachment_id INTEGER NOT NULL REFERENCES attachment (id) ON DELETE CASCADE,
            contact_id    INTEGER REFERENCES contact (id) ON DELETE CASCADE,
            program_id    INTEGER REFERENCES program (id) ON DELETE CASCADE,
            sent_on       DATE NOT NULL,
            CHECK ((contact_id IS NULL) <> (program_id IS NULL))
        );
        CREATE UNIQUE INDEX ux_attachment_sent_contact
            ON attachment_sent (attachment_id, contact_id) WHERE contact_id IS NOT NULL;
        CREATE UNIQUE INDEX ux_attachment_sent_program
            ON attachment_sent (attachment_id, program_id) WHERE program_id IS NOT NULL;
        CREATE INDEX ix_attachment_sent_contact ON attachment_sent (contact_id);
        CREATE INDEX ix_attachment_sent_program ON attachment_sent (program_id);
        CREATE TABLE custom_field (
            id       INTEGER PRIMARY KEY,
            record   TEXT NOT NULL CHECK (record IN ('contact', 'program', 'letter')),
            name     TEXT NOT NULL CHECK (length(name) > 0),
            kind     TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'yes-no', 'choice')),
            choices  TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX ux_custom_field_name ON custom_field (record, name COLLATE NOCASE);
        CREATE TABLE custom_value (
            id         INTEGER PRIMARY KEY,
            field_id   INTEGER NOT NULL REFERENCES custom_field (id) ON DELETE CASCADE,
            contact_id INTEGER REFERENCES contact (id) ON DELETE CASCADE,
            program_id INTEGER REFERENCES program (id) ON DELETE CASCADE,
            letter_id  INTEGER REFERENCES letter (id) ON DELETE CASCADE,
            value      TEXT NOT NULL CHECK (length(value) > 0),
            CHECK ((contact_id IS NOT NULL) + (program_id IS NOT NULL)
                   + (letter_id IS NOT NULL) = 1)
        );
        CREATE UNIQUE INDEX ux_custom_value_contact
            ON custom_value (contact_id, field_id) WHERE contact_id IS NOT NULL;
        CREATE UNIQUE INDEX ux_custom_value_program
            ON custom_value (program_id, field_id) WHERE program_id IS NOT NULL;
        CREATE UNIQUE INDEX ux_custom_value_letter
            ON custom_value (letter_id, field_id) WHERE letter_id IS NOT NULL;
        CREATE INDEX ix_custom_value_field ON custom_value (field_id);
    """
    for statement in _statements(script):
        con.execute(statement)


#: Tables a new store starts with rows in (the season's shipped rules): a
#: restore replaces those rows with the export's.
SEEDED_TABLES = frozenset({"signal_rule", "rank_criterion"})

MIGRATIONS: list[Migration] = [
    _create_schema,
    _add_interview_questions,
    _add_plan_tasks,
    _add_connected_on,
    _add_contact_points,
    _add_activity_summary,
    _add_name_order,
    _add_imported_activities,
    _add_match_season,
    _add_files_and_fields,
]
SCHEMA_VERSION = len(MIGRATIONS)


def restore_statement(table: str, columns: Sequence[str]) -> str:
    """The INSERT that puts an export's rows back (settings replace the defaults).
    Table and column names must already be checked against the schema."""
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    verb = "INSERT OR REPLACE" if table == "setting" else "INSERT"
    return f'{verb} INTO "{table}" ({names}) VALUES ({marks})'


def _table_names(con: dbapi.Connection) -> set[str]:
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    return {row[0] for row in con.execute(query)}


def upgrade_tables(version: int, tables: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The tables of a JSON export from data version ``version``, as this
    version holds them. They are loaded into a store of that version in memory
    and migrated by the same steps a store file takes, so an export from an
    earlier img-crm restores with exactly what an upgrade would have made."""
    if not 1 <= version < SCHEMA_VERSION:
        raise ValueError(f"no upgrade from data version {version}")
    con = sqlite.connect(":memory:", isolation_level=None)
    try:
        con.execute("BEGIN")
        for step in MIGRATIONS[:version]:
            step(con)
        for name, content in tables.items():
            known = {row[1] for row in con.execute("SELECT * FROM pragma_table_info(?)", (name,))}
            columns = list(content["columns"])
            if not known or not set(columns) <= known:
                raise UserError(
                    f"Table {name} is not in data version {version} as the export says; "
                    "nothing was restored."
                )
            if content.get("rows"):
                try:
                    con.executemany(
                        restore_statement(name, columns), [tuple(row) for row in content["rows"]]
                    )
                except dbapi.Error as exc:
                    raise UserError(
                        f"Table {name}: a row was refused by data version {version}'s store "
                        f"({getattr(exc, 'sqlite_errorname', 'constraint')}); nothing was "
                        "restored."
                    ) from exc
        before = _table_names(con)
        for step in MIGRATIONS[version:]:
            step(con)
        upgraded: dict[str, dict[str, Any]] = {}
        # the export's tables, and those the later versions added (and filled)
        for name in [*tables, *sorted(_table_names(con) - before)]:
            columns = [row[1] for row in con.execute("SELECT * FROM pragma_table_info(?)", (name,))]
            keys = [
                row[1]
                for row in sorted(
                    con.execute("SELECT * FROM pragma_table_info(?)", (name,)), key=lambda r: r[5]
                )
                if row[5]
            ]
            order = ", ".join(f'"{k}"' for k in keys) or "rowid"
            selected = ", ".join(f'"{c}"' for c in columns)
            rows = con.execute(f'SELECT {selected} FROM "{name}" ORDER BY {order}').fetchall()
            upgraded[name] = {"columns": columns, "rows": [list(row) for row in rows]}
        return upgraded
    finally:
        con.close()


def read_version(path: Path) -> int:
    """The schema version of an existing store, read without writing to it."""
    try:
        con = sqlite.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except dbapi.DatabaseError as exc:
        raise StoreError(
            f"{path} is not an img-crm store that can be opened ({exc}). It was left untouched."
        ) from exc
    return int(version)


def check_version(path: Path) -> int:
    """Return the file's version, refusing one newer than this program."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    return refuse_newer(path, read_version(path))


def refuse_newer(path: Path, version: int) -> int:
    """Refuse, unchanged, a file from a newer img-crm; return its version."""
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer img-crm (data version {version}; this "
            f"program reads up to {SCHEMA_VERSION}). Install the newer img-crm to "
            "open it; the file was not changed."
        )
    return version


def upgrade(path: Path, *, backup_dir: Path | None) -> int:
    """Bring the store at ``path`` to ``SCHEMA_VERSION`` and mark it as img-crm's
    (``PRAGMA application_id``); return the old version. A store already at
    this version and marked is not written to. An older one is first backed up
    into ``backup_dir`` (None: a copy that needs no backup, such as a restore's)."""
    version = check_version(path)
    if version == SCHEMA_VERSION and _application_id(path) == APPLICATION_ID:
        return version
    if 0 < version < SCHEMA_VERSION and backup_dir is not None:
        backup_database(
            path, backup_dir / timestamped_name(f"before-v{version}-to-v{SCHEMA_VERSION}")
        )
    con = sqlite.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        con.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have upgraded.
            current = con.execute("PRAGMA user_version").fetchone()[0]
            if current == 0 and con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise StoreError(f"{path} already has tables but no data version; left unchanged.")
            for step in MIGRATIONS[current:]:
                step(con)
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            problems = con.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise StoreError(f"The upgrade left broken references: {problems[:5]}")
            con.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back by itself (a full disk); ROLLBACK then
            # would fail and hide the error that matters.
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
    finally:
        con.close()
    return version


def _application_id(path: Path) -> int:
    try:
        con = sqlite.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return int(con.execute("PRAGMA application_id").fetchone()[0]) & 0xFFFFFFFF
        finally:
            con.close()
    except dbapi.DatabaseError:
        return 0
