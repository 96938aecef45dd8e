"""Write a small store at one schema version, for the migration tests.

Run once when a schema version is released, and commit the file; never
regenerate an old one (it stands for what users have on disk)::

    python scripts/make_store_fixture.py 2 tests/data/store-v2.sqlite3
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from img_crm.store import migrations

ROWS = [
    "INSERT INTO contact (id, name, title, institution, email, stage, first_contacted, "
    "last_interaction, notes, created_at, updated_at) VALUES "
    "(1, 'Nguyễn Thị Minh Khai', 'Dr.', 'Brookside Medical Center', 'khai@example.org', 'warm', "
    "'2026-03-01', '2026-04-02', 'Likes data, \"short\" emails\nand Fridays', "
    "'2026-03-01 10:00:00.000000', '2026-04-02 10:00:00.000000')",
    "INSERT INTO contact (id, name, stage, created_at, updated_at) VALUES "
    "(2, 'محمد الأحمد', 'mentor', '2026-03-02 10:00:00.000000', '2026-03-02 10:00:00.000000')",
    "INSERT INTO contact_tag VALUES (1, 'research'), (2, 'alumni')",
    "INSERT INTO stage_change (id, contact_id, from_stage, to_stage, changed_on, note) VALUES "
    "(1, 1, NULL, 'cold', '2026-03-01', ''), (2, 1, 'cold', 'warm', '2026-03-20', 'replied'), "
    "(3, 2, NULL, 'mentor', '2026-03-02', '')",
    "INSERT INTO program (id, name, tier, visa, img_share, timezone, application_status, "
    "created_at, updated_at) VALUES (1, 'Lakeview IM', 1, 'j1', 30.0, 'America/Chicago', "
    "'applied', '2026-03-05 10:00:00.000000', '2026-03-05 10:00:00.000000')",
    "INSERT INTO program_status_change VALUES (1, 1, NULL, 'applied', '2026-03-05')",
    "INSERT INTO contact_program VALUES (2, 1, 'works')",
    "INSERT INTO activity (id, occurred_on, kind, contact_id, hours, description, created_at) "
    "VALUES (1, '2026-04-02', 'research-task', 1, 6.0, 'Chart review of 76 patients', "
    "'2026-04-02 10:00:00.000000')",
    "INSERT INTO letter (id, writer_id, letter_type, specialty, status, created_at, updated_at) "
    "VALUES (1, 2, 'us-clinical', 'Internal Medicine', 'asked', '2026-04-01 10:00:00.000000', "
    "'2026-04-01 10:00:00.000000')",
    "INSERT INTO letter_status_change VALUES (1, 1, NULL, 'asked', '2026-04-01')",
    "INSERT INTO letter_program VALUES (1, 1)",
    "INSERT INTO setting VALUES ('target_specialty', 'Internal Medicine')",
]
ROWS_V2 = [
    "INSERT INTO interview_question (id, program_id, position, question, answer) VALUES "
    "(1, 1, 0, 'Which visas do you sponsor?', 'J-1 only')",
]

ROWS_V3 = [
    "INSERT INTO plan_task (id, key, phase, title, start, days, after, done, position) VALUES "
    "(1, 'specialty', 'foundation', 'Choose one target specialty', '2026-03-01', 21, '', 1, 0), "
    "(2, 'contact-map', 'foundation', 'Build the contact map', '2026-03-22', 42, 'specialty', "
    "0, 1)",
]

ROWS_V4 = ["UPDATE contact SET connected_on = '2025-11-02' WHERE id = 2"]

ROWS_V5 = [
    "UPDATE contact SET phone = '+1 312 555 0100' WHERE id = 2",
    "INSERT INTO contact_point (contact_id, kind, value, position, label) VALUES "
    "(1, 'email', 'khai@example.org', 0, ''), "
    "(1, 'email', 'khai@brookside.example.edu', 1, 'work'), "
    "(2, 'phone', '+1 312 555 0100', 0, 'mobile'), "
    "(2, 'phone', '+1 312 555 0199', 1, 'Lab'), "
    "(2, 'web', 'https://brookside.example.edu/alahmad', 0, '')",
]

ROWS_V8 = [
    "INSERT INTO activity (id, occurred_on, kind, contact_id, description, created_at, "
    "occurred_at) VALUES (2, '2026-04-03', 'reply-received', 1, 'Re: chart review', "
    "'2026-04-05 09:00:00.000000', '2026-04-03 23:50:00.000000')",
    "INSERT INTO imported_item (source, key, contact_id, activity_id, imported_on) VALUES "
    "('mail', 'reply-1@brookside.example.edu', 1, 2, '2026-04-05'), "
    "('calendar', 'gone-event@example.org', 2, NULL, '2026-04-05')",
    "INSERT INTO follow_up_snooze (id, contact_id, snoozed_on, until, reason, created_at) "
    "VALUES (1, 2, '2026-04-06', '2026-04-13', 'On service this week', "
    "'2026-04-06 08:00:00.000000')",
]

ROWS_V9 = [
    "UPDATE program SET accepts_signals = 1, eras_signal = 'gold', eras_signal_state = 'sent', "
    "eras_signal_sent_on = '2026-09-20', applied_on = '2026-09-24', rank_pros = 'J-1 friendly', "
    "rank_cons = 'Far from family' WHERE id = 1",
    "INSERT INTO signal_rule (id, specialty, season, gold, silver, signals) VALUES "
    "(13, 'Internal Medicine', '2026', 3, 12, 0)",
    "INSERT INTO invitation (id, program_id, received_at, respond_by, status, interview_at, "
    "notes, created_at, updated_at) VALUES (1, 1, '2026-10-01 14:00:00.000000', "
    "'2026-10-03 14:00:00.000000', 'scheduled', '2026-11-10 14:00:00.000000', '', "
    "'2026-10-01 15:00:00.000000', '2026-10-02 08:00:00.000000')",
    "INSERT INTO invitation_date (id, invitation_id, offered_at) VALUES "
    "(1, 1, '2026-11-10 14:00:00.000000'), (2, 1, '2026-11-17 14:00:00.000000')",
    "INSERT INTO invitation_change (id, invitation_id, changed_at, from_status, to_status, what) "
    "VALUES (1, 1, '2026-10-01 15:00:00.000000', NULL, 'invited', ''), "
    "(2, 1, '2026-10-02 08:00:00.000000', 'invited', 'scheduled', 'date accepted')",
    "INSERT INTO rank_rating (program_id, criterion_id, rating) VALUES (1, 1, 5), (1, 5, 4)",
    "INSERT INTO rank_entry (list_name, program_id, position) VALUES ('primary', 1, 1)",
    "INSERT INTO rank_change (id, changed_at, list_name, what) VALUES "
    "(1, '2026-12-01 10:00:00.000000', 'primary', 'Brookside Internal Medicine added at 1')",
    "INSERT INTO eligibility_step (key, done_on, score, expires_on, notes) VALUES "
    "('step-1', '2025-06-01', 'Pass', NULL, ''), ('oet', '2025-08-01', 'B B B A', "
    "'2027-08-01', '')",
]

#: Data version 10 (#24): one CV attached to a contact and to a program (its
#: bytes stored once), a statement on a letter, who was given the CV, and a
#: field of the user's own of each kind on a contact, a program and a letter.
CV = "93ab509217517175a639d3134c433ce1646e2a865e1dc3038183d73d0c9fce20"
STATEMENT = "ace5676dbd708bc1bf2ef7d2c4f72721c97f09356213b241535dc06ae0331322"
ROWS_V10 = [
    f"INSERT INTO attachment_file (digest, size, data) VALUES ('{CV}', 49, "
    "X'255044462d312e340a25204356206f66204e677579656e20546869204d69"
    "6e68204b6861692c2076657273696f6e20330a')",
    f"INSERT INTO attachment_file (digest, size, data) VALUES ('{STATEMENT}', 27, "
    "X'506572736f6e616c2073746174656d656e742c2064726166742032')",
    "INSERT INTO attachment (id, name, kind, digest, contact_id, program_id, letter_id, "
    "activity_id, added_at) VALUES "
    f"(1, 'CV (final) — Đặng.pdf', 'cv', '{CV}', 1, NULL, NULL, NULL, "
    "'2026-10-01 09:00:00.000000'), "
    f"(2, 'CV v3.pdf', 'cv', '{CV}', NULL, 1, NULL, NULL, '2026-10-01 09:05:00.000000'), "
    f"(3, 'PS draft 2.txt', 'statement', '{STATEMENT}', NULL, NULL, 1, NULL, "
    "'2026-10-02 09:00:00.000000')",
    "INSERT INTO attachment_sent (id, attachment_id, contact_id, program_id, sent_on) VALUES "
    "(1, 1, 2, NULL, '2026-10-03'), (2, 2, NULL, 1, '2026-10-04')",
    "INSERT INTO custom_field (id, record, name, kind, choices, position) VALUES "
    "(1, 'contact', 'Visa status', 'choice', 'J-1\nH-1B\nNone needed', 0), "
    "(2, 'contact', 'Hours together', 'number', '', 1), "
    "(3, 'program', 'Interview offered', 'yes-no', '', 0), "
    "(4, 'letter', 'Asked on', 'date', '', 0)",
    "INSERT INTO custom_value (id, field_id, contact_id, program_id, letter_id, value) VALUES "
    "(1, 1, 1, NULL, NULL, 'J-1'), (2, 2, 1, NULL, NULL, '76.5'), "
    "(3, 3, NULL, 1, NULL, 'yes'), (4, 4, NULL, NULL, 1, '2026-04-01')",
]


def make(version: int, target: Path) -> None:
    target.unlink(missing_ok=True)
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("BEGIN")
    for step in migrations.MIGRATIONS[:version]:
        step(con)
    con.execute(f"PRAGMA user_version = {version}")
    extra = (
        (ROWS_V2 if version >= 2 else [])
        + (ROWS_V3 if version >= 3 else [])
        + (ROWS_V4 if version >= 4 else [])
        + (ROWS_V5 if version >= 5 else [])
        + (ROWS_V8 if version >= 8 else [])
        + (ROWS_V9 if version >= 9 else [])
        + (ROWS_V10 if version >= 10 else [])
    )
    for statement in ROWS + extra:
        con.execute(statement)
    con.execute("COMMIT")
    con.execute("VACUUM")
    con.close()


if __name__ == "__main__":
    make(int(sys.argv[1]), Path(sys.argv[2]))
