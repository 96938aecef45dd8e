"""Schema version 1 as SQL: the whole domain. Never edit after a release; add a migration."""

SQL = """

CREATE TABLE contact (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
    title            TEXT NOT NULL DEFAULT '',
    role             TEXT NOT NULL DEFAULT '',
    institution      TEXT NOT NULL DEFAULT '',
    specialty        TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    linkedin_url     TEXT NOT NULL DEFAULT '',
    pubmed_url       TEXT NOT NULL DEFAULT '',
    us_based         BOOLEAN CHECK (us_based IN (0, 1)),
    timezone         TEXT NOT NULL DEFAULT '',
    stage            TEXT NOT NULL DEFAULT 'cold'
                     CHECK (stage IN ('cold', 'warm', 'mentor', 'sponsor')),
    first_contacted  DATE,
    last_interaction DATE,   -- kept by the activity triggers below
    next_follow_up   DATE,
    notes            TEXT NOT NULL DEFAULT '',
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);
CREATE INDEX ix_contact_stage ON contact (stage);
CREATE INDEX ix_contact_email ON contact (email COLLATE NOCASE);
CREATE INDEX ix_contact_last_interaction ON contact (last_interaction);
CREATE INDEX ix_contact_next_follow_up ON contact (next_follow_up);

CREATE TABLE contact_tag (
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    tag        TEXT NOT NULL CHECK (length(trim(tag)) > 0),
    PRIMARY KEY (contact_id, tag)
);
CREATE INDEX ix_contact_tag_tag ON contact_tag (tag);

CREATE TABLE stage_change (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    from_stage TEXT CHECK (from_stage IN ('cold', 'warm', 'mentor', 'sponsor')),
    to_stage   TEXT NOT NULL CHECK (to_stage IN ('cold', 'warm', 'mentor', 'sponsor')),
    changed_on DATE NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_stage_change_contact ON stage_change (contact_id, changed_on);

CREATE TABLE program (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL CHECK (length(trim(name)) > 0),
    institution           TEXT NOT NULL DEFAULT '',
    specialty             TEXT NOT NULL DEFAULT '',
    city                  TEXT NOT NULL DEFAULT '',
    state                 TEXT NOT NULL DEFAULT '',
    program_type          TEXT NOT NULL DEFAULT '',
    tier                  INTEGER CHECK (tier BETWEEN 1 AND 3),
    visa                  TEXT NOT NULL DEFAULT 'unknown',
    img_share             REAL CHECK (img_share BETWEEN 0 AND 100),
    website               TEXT NOT NULL DEFAULT '',
    timezone              TEXT NOT NULL DEFAULT '',
    signal_visa_info      BOOLEAN NOT NULL DEFAULT 0 CHECK (signal_visa_info IN (0, 1)),
    signal_img_residents  BOOLEAN NOT NULL DEFAULT 0 CHECK (signal_img_residents IN (0, 1)),
    signal_img_mentorship BOOLEAN NOT NULL DEFAULT 0 CHECK (signal_img_mentorship IN (0, 1)),
    signal_pd_replied     BOOLEAN NOT NULL DEFAULT 0 CHECK (signal_pd_replied IN (0, 1)),
    flag_no_visa          BOOLEAN NOT NULL DEFAULT 0 CHECK (flag_no_visa IN (0, 1)),
    flag_no_img           BOOLEAN NOT NULL DEFAULT 0 CHECK (flag_no_img IN (0, 1)),
    flag_no_reply         BOOLEAN NOT NULL DEFAULT 0 CHECK (flag_no_reply IN (0, 1)),
    application_status    TEXT NOT NULL DEFAULT 'researching',
    interview_at          DATETIME,   -- UTC; shown in the program's and the user's zone
    notes                 TEXT NOT NULL DEFAULT '',
    created_at            DATETIME NOT NULL,
    updated_at            DATETIME NOT NULL
);
CREATE INDEX ix_program_tier ON program (tier);

CREATE TABLE program_status_change (
    id          INTEGER PRIMARY KEY,
    program_id  INTEGER NOT NULL REFERENCES program (id) ON DELETE CASCADE,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    changed_on  DATE NOT NULL
);
CREATE INDEX ix_program_status_change_program ON program_status_change (program_id);

CREATE TABLE contact_program (
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    program_id INTEGER NOT NULL REFERENCES program (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    PRIMARY KEY (contact_id, program_id, kind)
);
CREATE INDEX ix_contact_program_program ON contact_program (program_id);

CREATE TABLE template (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    subject    TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL DEFAULT '',
    builtin    BOOLEAN NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);

CREATE TABLE activity (
    id          INTEGER PRIMARY KEY,
    occurred_on DATE NOT NULL,
    kind        TEXT NOT NULL,
    contact_id  INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    program_id  INTEGER REFERENCES program (id) ON DELETE SET NULL,
    template_id INTEGER REFERENCES template (id) ON DELETE SET NULL,
    hours       REAL CHECK (hours >= 0),
    exposure    TEXT,
    setting     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL
);
CREATE INDEX ix_activity_contact ON activity (contact_id, occurred_on);
CREATE INDEX ix_activity_occurred ON activity (occurred_on);
CREATE INDEX ix_activity_program ON activity (program_id);
CREATE INDEX ix_activity_template ON activity (template_id);

CREATE TABLE letter (
    id                  INTEGER PRIMARY KEY,
    writer_id           INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    letter_type         TEXT NOT NULL,
    specialty           TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'identified',
    waived              BOOLEAN NOT NULL DEFAULT 1 CHECK (waived IN (0, 1)),
    packet_cv           BOOLEAN NOT NULL DEFAULT 0 CHECK (packet_cv IN (0, 1)),
    packet_statement    BOOLEAN NOT NULL DEFAULT 0 CHECK (packet_statement IN (0, 1)),
    packet_evidence     BOOLEAN NOT NULL DEFAULT 0 CHECK (packet_evidence IN (0, 1)),
    packet_instructions BOOLEAN NOT NULL DEFAULT 0 CHECK (packet_instructions IN (0, 1)),
    notes               TEXT NOT NULL DEFAULT '',
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL
);
CREATE INDEX ix_letter_writer ON letter (writer_id);

CREATE TABLE letter_status_change (
    id          INTEGER PRIMARY KEY,
    letter_id   INTEGER NOT NULL REFERENCES letter (id) ON DELETE CASCADE,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    changed_on  DATE NOT NULL
);
CREATE INDEX ix_letter_status_change_letter ON letter_status_change (letter_id);

CREATE TABLE letter_program (
    letter_id  INTEGER NOT NULL REFERENCES letter (id) ON DELETE CASCADE,
    program_id INTEGER NOT NULL REFERENCES program (id) ON DELETE CASCADE,
    PRIMARY KEY (letter_id, program_id)
);
CREATE INDEX ix_letter_program_program ON letter_program (program_id);

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A contact's last interaction is the date of their newest activity. The
-- triggers keep it right whatever writes the activity (GUI, CLI, import).
CREATE TRIGGER tr_activity_insert AFTER INSERT ON activity
WHEN NEW.contact_id IS NOT NULL
BEGIN
    UPDATE contact SET last_interaction =
        (SELECT max(occurred_on) FROM activity WHERE contact_id = NEW.contact_id)
    WHERE id = NEW.contact_id;
END;

CREATE TRIGGER tr_activity_update AFTER UPDATE OF occurred_on, contact_id ON activity
BEGIN
    UPDATE contact SET last_interaction =
        (SELECT max(occurred_on) FROM activity WHERE contact_id = contact.id)
    WHERE id IN (OLD.contact_id, NEW.contact_id);
END;

CREATE TRIGGER tr_activity_delete AFTER DELETE ON activity
WHEN OLD.contact_id IS NOT NULL
BEGIN
    UPDATE contact SET last_interaction =
        (SELECT max(occurred_on) FROM activity WHERE contact_id = OLD.contact_id)
    WHERE id = OLD.contact_id;
END;
"""
