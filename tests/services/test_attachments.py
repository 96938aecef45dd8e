"""Attachments (#24) on a real store, from real files in temp folders: stored
once, named as the user likes, opened as copies, given to people, carried by
backups, exports and restores, and refused with one sentence when a file
cannot be attached."""

from __future__ import annotations

import json
import os
import stat
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from img_crm import clock
from img_crm.domain.attachments import (
    AttachmentKind,
    Owner,
    OwnerKind,
    digest_of,
)
from img_crm.errors import UserError, ValidationError
from img_crm.services import attachments
from img_crm.store import attachments as rows
from img_crm.store import sent_files
from img_crm.store.db import Store
from tests.helpers import db as sqlite3
from tests.helpers.disks import fill, needs_mount, small_disk

CV = "CV (final) — Đặng.pdf"
CV_BYTES = b"%PDF-1.4\n% Curriculum vitae, version 3\n" + bytes(range(256)) * 40
KHAI = Owner(OwnerKind.CONTACT, 1)


def _file(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _attached_cv(store: Store, tmp_path: Path) -> int:
    """The CV attached to Khai, as the app attaches a picked file."""
    cv = _file(tmp_path / "in", CV, CV_BYTES)
    with store.session() as session:
        (ident,) = attachments.attach_paths(session, owner=KHAI, paths=[cv])
    return ident


def _opened(store: Store, ident: int, data_dir: Path) -> Path:
    """The copy written for a viewer of attachment ``ident``."""
    with store.plain() as connection:
        return attachments.write_copy_to_open(connection, attachment_id=ident, data_dir=data_dir)


def _files_stored(store: Store) -> int:
    with store.plain() as connection:
        return int(connection.execute("SELECT count(*) FROM attachment_file").fetchone()[0])


def test_the_same_cv_attached_ten_times_is_stored_once(demo_store: Store, tmp_path: Path) -> None:
    cv = _file(tmp_path / "mine", CV, CV_BYTES)
    owners = [Owner(OwnerKind.CONTACT, n) for n in range(1, 6)]
    owners += [Owner(OwnerKind.PROGRAM, n) for n in range(1, 4)]
    owners += [Owner(OwnerKind.LETTER, 1), Owner(OwnerKind.ACTIVITY, 1)]
    with demo_store.session() as session:
        for owner in owners:
            attachments.attach_paths(session, owner=owner, paths=[cv])
    assert _files_stored(demo_store) == 1
    with demo_store.plain() as connection:
        listed = rows.list_attachments(connection)
        on_letter = rows.list_attachments(connection, owner=Owner(OwnerKind.LETTER, 1))
        stored = rows.file_bytes(connection, digest=listed[0].digest)
    assert len(listed) == 10 and {row.owner for row in listed} == set(owners)
    assert {row.name for row in listed} == {CV}  # the name as the file had it, every letter kept
    assert {row.kind for row in listed} == {AttachmentKind.CV}  # guessed from "CV"
    assert listed[0].size == len(CV_BYTES) and stored == CV_BYTES
    assert [row.owner for row in on_letter] == [Owner(OwnerKind.LETTER, 1)]


def test_a_file_stays_while_anything_names_it_and_goes_with_the_last(
    demo_store: Store, tmp_path: Path
) -> None:
    cv = _file(tmp_path, CV, CV_BYTES)
    with demo_store.session() as session:
        first, second = (
            attachments.attach_paths(session, owner=owner, paths=[cv])[0]
            for owner in (KHAI, Owner(OwnerKind.PROGRAM, 1))
        )
    with demo_store.session() as session:
        rows.remove_attachments(session, attachment_ids=[first])
        assert rows.sweep_unused_files(session) == 0  # the program's still names it
    assert _files_stored(demo_store) == 1
    with demo_store.session() as session:
        rows.remove_attachments(session, attachment_ids=[second])
        assert rows.sweep_unused_files(session, keep={digest_of(CV_BYTES)}) == 0  # an undo's
        assert rows.sweep_unused_files(session) == 1
    assert _files_stored(demo_store) == 0
    with demo_store.session() as session, pytest.raises(UserError, match="no attachment with id"):
        rows.remove_attachments(session, attachment_ids=[second])


def test_deleting_a_record_takes_its_attachments_with_it(demo_store: Store, tmp_path: Path) -> None:
    from img_crm.store.programs import delete_programs

    statement = _file(tmp_path, "Personal statement v2.docx", b"PK statement")
    with demo_store.session() as session:
        (ident,) = attachments.attach_paths(
            session, owner=Owner(OwnerKind.PROGRAM, 2), paths=[statement]
        )
        sent_files.mark_sent(
            session, attachment_id=ident, contact_ids=[1], sent_on=date(2026, 11, 2)
        )
        delete_programs(session, program_ids=[2])
    with demo_store.plain() as connection:
        assert rows.list_attachments(connection) == []
        assert sent_files.sent_records(connection) == []
        assert rows.unused_files(connection) == 1  # swept by the next command or the window


@pytest.mark.parametrize(
    ("name", "data", "sentence"),
    [
        ("nothing.pdf", None, "nothing.pdf was not found; nothing was added."),
        ("a folder", "folder", "a folder is a folder; attach the files inside it."),
        (
            "scan.pdf",
            30 * 1024 * 1024 + 200_000,
            "scan.pdf is 30.2 MB; img-crm attaches files of up to 25 MB, so nothing was added.",
        ),
    ],
)
def test_a_file_that_cannot_be_attached_is_one_sentence_and_nothing_is_added(
    demo_store: Store, tmp_path: Path, name: str, data: object, sentence: str
) -> None:
    good = _file(tmp_path, "CV.pdf", CV_BYTES)
    path = tmp_path / name
    if data == "folder":
        path.mkdir()
    elif isinstance(data, int):
        with path.open("wb") as handle:  # a real file of that size (sparse)
            handle.truncate(data)
    with demo_store.session() as session, pytest.raises(UserError) as refused:
        attachments.attach_paths(session, owner=KHAI, paths=[good, path])
    assert str(refused.value) == sentence
    with demo_store.plain() as connection:
        assert rows.list_attachments(connection) == [] and _files_stored(demo_store) == 0


@pytest.mark.parametrize("kind", ["pipe", "device"])
def test_only_a_regular_file_is_read(tmp_path: Path, kind: str) -> None:
    """A pipe would wait for a writer for ever (the window would freeze);
    /dev/zero never ends."""
    import os

    path = tmp_path / "pipe" if kind == "pipe" else Path("/dev/zero")
    if kind == "pipe":
        os.mkfifo(path)
    with pytest.raises(UserError) as refused:
        attachments.read_picked(path)
    assert str(refused.value) == (
        f"{path.name} is not a file (a device or a pipe); nothing was added."
    )


def test_names_are_checked_and_a_record_that_is_gone_is_named(
    demo_store: Store, tmp_path: Path
) -> None:
    cv = _file(tmp_path, "cv.pdf", CV_BYTES)
    with demo_store.session() as session:
        (ident,) = attachments.attach_paths(session, owner=KHAI, paths=[cv])
    for bad, message in (
        ("", "must not be empty"),
        ("drafts/cv.pdf", "must not hold a / or \\"),
        ("cv\x00.pdf", "holds a control character"),
        ("x" * 256, "is longer than 255 characters"),
    ):
        with demo_store.session() as session, pytest.raises(ValidationError) as refused:
            rows.rename_attachment(session, attachment_id=ident, name=bad, kind=None)
        assert message in refused.value.errors["name"]
    with demo_store.session() as session:
        rows.rename_attachment(
            session, attachment_id=ident, name="  Lebenslauf – Ärztin.pdf ", kind=None
        )
        rows.rename_attachment(
            session, attachment_id=ident, name=None, kind=AttachmentKind.EVIDENCE
        )
    with demo_store.plain() as connection:
        row = rows.get_attachment(connection, attachment_id=ident)
    assert (row.name, row.kind) == ("Lebenslauf – Ärztin.pdf", AttachmentKind.EVIDENCE)
    with demo_store.session() as session, pytest.raises(UserError) as gone:
        attachments.attach_paths(session, owner=Owner(OwnerKind.LETTER, 999), paths=[cv])
    assert str(gone.value) == "There is no letter with id 999; nothing was added."


def test_opening_writes_an_owner_only_copy_the_viewer_can_read(
    demo_store: Store, tmp_path: Path
) -> None:
    ident = _attached_cv(demo_store, tmp_path)
    folder = demo_store.path.parent
    copy = _opened(demo_store, ident, folder)
    assert copy.name == CV and copy.read_bytes() == CV_BYTES
    assert copy.is_relative_to(folder / "opened")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    attachments.forget_opened(folder, older_than=3600)  # a viewer may still read it
    assert copy.exists()
    attachments.forget_opened(folder)
    assert not (folder / "opened").exists()


def test_a_copy_s_age_is_the_file_system_s_whatever_today_the_app_is_given(
    demo_store: Store, tmp_path: Path
) -> None:
    """Copies are stamped by the disk's clock: an app told it is a month
    later (a test's today, a traveller) keeps a copy written a minute ago
    and removes one two days old."""
    ident = _attached_cv(demo_store, tmp_path)
    folder = demo_store.path.parent
    fresh = _opened(demo_store, ident, folder)
    old = fresh.parent.parent / "99" / "old.pdf"
    old.parent.mkdir(mode=0o700)
    old.write_bytes(b"old")
    two_days_ago = fresh.stat().st_mtime - 2 * 24 * 3600
    for path in (old, old.parent):
        os.utime(path, (two_days_ago, two_days_ago))
    clock.set_now(clock.now() + timedelta(days=30))
    attachments.forget_opened(folder, older_than=attachments.OPENED_KEEP_SECONDS)
    assert fresh.exists()
    assert not old.parent.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_RUNTIME_DIR is Linux's")
def test_on_linux_a_copy_goes_to_the_session_s_runtime_folder_not_the_disk(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$XDG_RUNTIME_DIR is memory, the user's alone and emptied at logout: a
    protected store's file opened there never reaches the disk in plain.
    Each data folder has its own; a runtime folder others may read is not used."""
    runtime = tmp_path / "run-user"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    ident = _attached_cv(demo_store, tmp_path)
    folder = demo_store.path.parent
    copy = _opened(demo_store, ident, folder)
    other = _opened(demo_store, ident, tmp_path / "another")
    assert copy.is_relative_to(runtime / "img-crm") and copy.read_bytes() == CV_BYTES
    assert other.parent.parent != copy.parent.parent  # one folder per data folder
    assert not (folder / "opened").exists()
    for path in (copy, copy.parent, copy.parent.parent, copy.parent.parent.parent):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    attachments.forget_opened(folder)
    assert not copy.exists() and other.exists()
    runtime.chmod(0o755)
    fallback = _opened(demo_store, ident, folder)
    assert fallback.is_relative_to(folder / "opened")


def test_a_copy_gets_a_name_every_system_accepts() -> None:
    assert attachments.copy_name('Draft: "final" <v2>?.pdf') == "Draft_ _final_ _v2__.pdf"
    long = "Đặng " * 80 + ".pdf"
    named = attachments.copy_name(long)
    assert named.endswith(".pdf") and len(named.encode("utf-8")) <= 240
    assert attachments.copy_name("...") == "attachment"


def test_who_was_given_which_version(demo_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "versions"
    with demo_store.session() as session:
        cv2, cv3, ps = (
            attachments.attach_paths(session, owner=KHAI, paths=[_file(folder, name, data)])[0]
            for name, data in (
                ("CV v2.pdf", b"two"),
                ("CV v3.pdf", b"three"),
                ("Personal statement.docx", b"ps"),
            )
        )
        attachments.mark_sent(
            session, attachment_id=cv3, contact_ids=[2], sent_on=date(2026, 10, 5)
        )
        attachments.mark_sent(
            session,
            attachment_id=cv2,
            contact_ids=[2, 3],
            program_ids=[1],
            sent_on=date(2026, 9, 1),
        )
        attachments.mark_sent(session, attachment_id=ps, contact_ids=[2], sent_on=date(2026, 9, 1))
        # given again later: the day moves, the record stays one
        attachments.mark_sent(session, attachment_id=cv2, contact_ids=[3], sent_on=date(2026, 9, 9))
    with demo_store.plain() as connection:
        second = attachments.versions_given(connection, contact_id=2)
        third = attachments.versions_given(connection, contact_id=3)
        to_program = sent_files.sent_records(connection, program_id=1)
    assert second.newest[AttachmentKind.CV].name == "CV v3.pdf"
    assert second.newest[AttachmentKind.STATEMENT].name == "Personal statement.docx"
    assert [(r.name, r.sent_on) for r in third.sent] == [("CV v2.pdf", date(2026, 9, 9))]
    assert list(third.newest) == [AttachmentKind.CV]
    assert [r.name for r in to_program] == ["CV v2.pdf"]
    with demo_store.session() as session, pytest.raises(UserError, match="at least one"):
        attachments.mark_sent(session, attachment_id=cv2)


def test_merging_two_contacts_keeps_every_attachment_and_record(
    demo_store: Store, tmp_path: Path
) -> None:
    from img_crm.store.merge import merge_contacts

    folder = tmp_path / "merge"
    with demo_store.session() as session:
        on_other = attachments.attach_paths(
            session, owner=Owner(OwnerKind.CONTACT, 2), paths=[_file(folder, "cv.pdf", b"cv")]
        )[0]
        attachments.mark_sent(
            session, attachment_id=on_other, contact_ids=[1, 2], sent_on=date(2026, 9, 1)
        )
        merge_contacts(session, keep_id=1, other_id=2)
    with demo_store.plain() as connection:
        (kept,) = rows.list_attachments(connection, owner=KHAI)
        given = sent_files.sent_records(connection, attachment_id=on_other)
    assert kept.id == on_other
    assert [(r.contact_id, r.sent_on) for r in given] == [(1, date(2026, 9, 1))]


def test_backups_carry_the_files_and_restore_them(demo_store: Store, tmp_path: Path) -> None:
    from img_crm.store.backup import backup_database

    cv = _file(tmp_path, CV, CV_BYTES)
    with demo_store.session() as session:
        attachments.attach_paths(session, owner=KHAI, paths=[cv])
    copy = backup_database(demo_store.path, tmp_path / "backup.sqlite3")
    con = sqlite3.connect(copy)
    try:
        found = con.execute(
            "SELECT a.name, f.data FROM attachment a JOIN attachment_file f USING (digest)"
        ).fetchall()
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    assert found == [(CV, CV_BYTES)]


def test_the_json_export_embeds_the_files_and_restores_them(
    demo_store: Store, tmp_path: Path
) -> None:
    from img_crm.services.json_io import read_json_document, restore_store_json, write_store_json
    from img_crm.store.db import open_store

    cv = _file(tmp_path, CV, CV_BYTES)
    with demo_store.session() as session:
        attachments.attach_paths(session, owner=KHAI, paths=[cv])
        attachments.attach_paths(session, owner=Owner(OwnerKind.PROGRAM, 1), paths=[cv])
        write_store_json(session, tmp_path / "all.json")
    text = (tmp_path / "all.json").read_text(encoding="utf-8")
    document = json.loads(text)
    assert [f["sha256"] for f in document["files"]] == [digest_of(CV_BYTES)]  # once
    target = open_store(tmp_path / "target")
    try:
        with target.session() as session:
            counts = restore_store_json(session, read_json_document(text))
        assert counts["attachment"] == 2 and counts["attachment_file"] == 1
        with target.plain() as connection:
            restored = rows.list_attachments(connection)
            assert rows.file_bytes(connection, digest=restored[0].digest) == CV_BYTES
        assert [r.name for r in restored] == [CV, CV]
    finally:
        target.close()


@pytest.mark.parametrize(
    ("tamper", "sentence"),
    [
        (
            lambda d: d["files"][0].update(base64="AAAA"),
            "File 1 of the export does not match its SHA-256 digest or size",
        ),
        (lambda d: d["files"][0].update(base64="not base64!"), "is not valid base64"),
        (lambda d: d["files"].clear(), "points to a attachment_file that is not in the export"),
        (lambda d: d["files"][0].update(size=-1), "has no size img-crm accepts"),
        (
            lambda d: d["tables"]["attachment"].update(rows=[]),
            "holds a file no attachment names",
        ),
    ],
)
def test_a_tampered_export_of_files_is_refused_and_nothing_is_restored(
    demo_store: Store, tmp_path: Path, tamper: object, sentence: str
) -> None:
    from img_crm.services.json_io import restore_store_json, store_document
    from img_crm.store.db import open_store

    with demo_store.session() as session:
        attachments.attach_paths(session, owner=KHAI, paths=[_file(tmp_path, CV, CV_BYTES)])
        document = store_document(session)
    assert callable(tamper)
    tamper(document)
    target = open_store(tmp_path / "target")
    try:
        with target.session() as session, pytest.raises(UserError) as refused:
            restore_store_json(session, document)
        assert sentence in str(refused.value) and "nothing was restored" in str(refused.value)
        with target.plain() as connection:
            assert connection.execute("SELECT count(*) FROM contact").fetchone()[0] == 0
    finally:
        target.close()


def test_a_json_export_too_big_to_import_again_is_refused_for_a_zip(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from img_crm.services import json_io

    monkeypatch.setattr(json_io, "MAX_EMBEDDED_BYTES", 1000)
    with demo_store.session() as session:
        attachments.attach_paths(session, owner=KHAI, paths=[_file(tmp_path, CV, CV_BYTES)])
        with pytest.raises(UserError) as refused:
            json_io.write_store_json(session, tmp_path / "all.json")
    assert "export to a .zip archive instead" in str(refused.value)
    assert not (tmp_path / "all.json").exists()


def test_the_archive_carries_the_files_beside_the_json(demo_store: Store, tmp_path: Path) -> None:
    import pyzipper

    from img_crm.services.json_archive import read_archive_document, write_archive
    from img_crm.services.json_io import restore_store_json
    from img_crm.store.db import open_store

    with demo_store.session() as session:
        attachments.attach_paths(session, owner=KHAI, paths=[_file(tmp_path, CV, CV_BYTES)])
        write_archive(session, tmp_path / "all.zip", "archive secret words")
    with pyzipper.AESZipFile(tmp_path / "all.zip") as archive:
        names = archive.namelist()
        archive.setpassword(b"archive secret words")
        inside = archive.read(f"files/{digest_of(CV_BYTES)}")
    assert names == ["img-crm.json", f"files/{digest_of(CV_BYTES)}"] and inside == CV_BYTES
    assert CV_BYTES[:40] not in (tmp_path / "all.zip").read_bytes()  # encrypted
    document = read_archive_document(tmp_path / "all.zip", "archive secret words")
    target = open_store(tmp_path / "target")
    try:
        with target.session() as session:
            restore_store_json(session, document)
        with target.plain() as connection:
            (row,) = rows.list_attachments(connection)
            assert rows.file_bytes(connection, digest=row.digest) == CV_BYTES
    finally:
        target.close()


def test_an_archive_missing_a_listed_file_is_refused(demo_store: Store, tmp_path: Path) -> None:
    import zipfile

    import pyzipper

    from img_crm.services.json_archive import read_archive_document, write_archive

    with demo_store.session() as session:
        attachments.attach_paths(session, owner=KHAI, paths=[_file(tmp_path, CV, CV_BYTES)])
        write_archive(session, tmp_path / "all.zip", "archive secret words")
    with pyzipper.AESZipFile(tmp_path / "all.zip") as archive:
        archive.setpassword(b"archive secret words")
        json_text = archive.read("img-crm.json")
    with pyzipper.AESZipFile(
        tmp_path / "cut.zip", "w", compression=zipfile.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as cut:
        cut.setpassword(b"archive secret words")
        cut.writestr("img-crm.json", json_text)
    with pytest.raises(UserError) as refused:
        read_archive_document(tmp_path / "cut.zip", "archive secret words")
    assert str(refused.value) == (
        f"cut.zip lacks files/{digest_of(CV_BYTES)}, a file its img-crm.json lists; "
        "nothing was restored."
    )


def test_a_file_the_system_refuses_to_read_is_named() -> None:
    """``/proc/self/mem`` opens and then fails every read at its start (EIO),
    for root too: as a disk with a bad sector would."""
    mem = Path("/proc/self/mem")
    if not mem.exists():
        pytest.skip("needs Linux's /proc")
    with pytest.raises(UserError) as refused:
        attachments.read_picked(mem)
    assert str(refused.value) == "mem cannot be read (Input/output error); nothing was added."


def test_a_protected_store_keeps_its_files_encrypted_with_everything_else(
    demo_store: Store, tmp_path: Path
) -> None:
    """The files are inside the store: under its passphrase, in its backups,
    and converted with it; not a readable byte of them in the data folder."""
    from img_crm.services.backups import backup_now
    from tests.helpers.protect import files_of, plain_text_in, protect_open

    words = "Curriculum vitae of Đặng Thị Hương, version 3"
    data = words.encode("utf-8") * 50
    with demo_store.session() as session:
        attachments.attach_paths(session, owner=KHAI, paths=[_file(tmp_path / "in", CV, data)])
    protect_open(demo_store)
    with demo_store.session() as session:
        attachments.attach_paths(
            session,
            owner=Owner(OwnerKind.PROGRAM, 1),
            paths=[_file(tmp_path / "in", "statement.txt", words.encode("utf-16"))],
        )
    backup_now(demo_store.path.parent, reason="manual")
    with demo_store.plain() as connection:
        first, second = rows.list_attachments(connection)
        assert (first.owner.kind, second.owner.kind) == (OwnerKind.CONTACT, OwnerKind.PROGRAM)
        assert rows.file_bytes(connection, digest=first.digest) == data
    demo_store.close()
    folder = demo_store.path.parent
    assert len(files_of(folder / "backups")) >= 1
    assert plain_text_in(files_of(folder), [words, CV]) == []


def test_a_name_keeps_every_script_but_not_the_controls_that_disguise_it(
    demo_store: Store, tmp_path: Path
) -> None:
    """ "CV\u202efdp.exe" shows as "CVexe.pdf": the override goes, and the
    name shows what the file is; Arabic needs no control to read right."""
    folder = tmp_path / "names"
    disguised = _file(folder, "CV\u202efdp.exe", b"MZ")
    arabic = _file(folder, "سيرة ذاتية — محمد.pdf", b"%PDF")
    with demo_store.session() as session:
        attachments.attach_paths(session, owner=KHAI, paths=[disguised, arabic])
    with demo_store.plain() as connection:
        names = sorted(row.name for row in rows.list_attachments(connection, owner=KHAI))
    assert names == sorted(["CVfdp.exe", "سيرة ذاتية — محمد.pdf"])
    # a name stored before, or given with marks, is written for the viewer without them
    assert attachments.copy_name("CV\u202efdp.exe") == "CVfdp.exe"
    assert attachments.copy_name("CV\u200f.\u200fpdf") == "CV.pdf"


def test_forgetting_clears_the_runtime_folder_and_the_data_folder_alike(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command run without a session (ssh, cron) wrote its copy under the
    data folder: closing a window that uses the runtime folder removes it too.
    An ``opened/`` made others-readable by an older version is made owner-only."""
    folder = demo_store.path.parent
    stale = folder / "opened" / "1" / "CV.pdf"
    stale.parent.mkdir(parents=True)
    (folder / "opened").chmod(0o755)
    stale.write_bytes(b"plain")
    ident = _attached_cv(demo_store, tmp_path)
    again = _opened(demo_store, ident, folder)
    assert stat.S_IMODE((folder / "opened").stat().st_mode) == 0o700
    if sys.platform.startswith("linux"):
        runtime = tmp_path / "run-user"
        runtime.mkdir(mode=0o700)
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        fresh = _opened(demo_store, ident, folder)
        assert fresh.is_relative_to(runtime)
    attachments.forget_opened(folder)
    assert not stale.exists() and not again.exists() and not (folder / "opened").exists()


@needs_mount
def test_a_full_disk_still_ages_and_removes_old_copies(demo_store: Store, tmp_path: Path) -> None:
    """The runtime folder is small: when it is full, old copies are what must go."""
    with small_disk(tmp_path / "disk", "1m") as disk:
        data = disk / "data"
        old = data / "opened" / "7" / "old.pdf"
        old.parent.mkdir(parents=True)
        old.write_bytes(b"x" * 1000)
        a_day_ago = old.stat().st_mtime - 2 * 24 * 3600
        for path in (old, old.parent):
            os.utime(path, (a_day_ago, a_day_ago))
        fill(disk)
        attachments.forget_opened(data, older_than=attachments.OPENED_KEEP_SECONDS)
        assert not old.exists()
