"""``img-crm attachments`` (#24): add, list, open, rename, remove, sent-to,
on real files and the sample store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from img_crm.services import attachments as service
from tests.helpers.cli import run_cli

CV = "CV (final) — Đặng.pdf"


@pytest.fixture
def demo(data_dir: Path) -> Path:
    assert run_cli("demo", data_dir=data_dir).returncode == 0
    return data_dir


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / CV).write_bytes(b"%PDF-1.4 CV three")
    (folder / "Personal statement v2.docx").write_bytes(b"PK statement two")
    return folder


def _listed(data_dir: Path, *owner: str) -> list[dict[str, object]]:
    ran = run_cli("attachments", "list", *owner, "--json", data_dir=data_dir)
    assert ran.returncode == 0, ran.stderr
    return list(json.loads(ran.stdout))


def test_add_list_rename_and_remove(demo: Path, files: Path) -> None:
    ran = run_cli(
        "attachments",
        "add",
        str(files / CV),
        str(files / "Personal statement v2.docx"),
        "--contact",
        "1",
        data_dir=demo,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == [
        f"Attached {CV} (17 bytes) as attachment 1.",
        "Attached Personal statement v2.docx (16 bytes) as attachment 2.",
    ]
    again = run_cli(
        "attachments",
        "add",
        str(files / CV),
        "--program",
        "1",
        "--name",
        "CV v3.pdf",
        data_dir=demo,
    )
    assert again.returncode == 0 and "as attachment 3" in again.stdout
    listed = _listed(demo)
    assert [(a["name"], a["kind"], a["owner"], a["owner_id"]) for a in listed] == [
        (CV, "cv", "contact", 1),
        ("Personal statement v2.docx", "statement", "contact", 1),
        ("CV v3.pdf", "cv", "program", 1),
    ]
    assert listed[0]["sha256"] == listed[2]["sha256"]
    assert [a["id"] for a in _listed(demo, "--program", "1")] == [3]
    table = run_cli("attachments", "list", "--contact", "1", data_dir=demo).stdout
    assert table.splitlines()[0].split() == ["ID", "NAME", "KIND", "SIZE", "ON", "SENT", "TO"]
    assert f"1   {CV}" in table  # names of any script align in the table
    renamed = run_cli(
        "attachments",
        "rename",
        "2",
        "Statement (IM) v2.docx",
        "--kind",
        "statement",
        data_dir=demo,
    )
    assert renamed.returncode == 0, renamed.stderr
    assert _listed(demo)[1]["name"] == "Statement (IM) v2.docx"
    refused = run_cli("attachments", "remove", "1", "2", data_dir=demo)
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert len(_listed(demo)) == 3
    removed = run_cli("attachments", "remove", "1", "2", "--yes", data_dir=demo)
    assert removed.returncode == 0 and removed.stdout.strip() == "Removed 2 attachments."
    assert [a["id"] for a in _listed(demo)] == [3]


def test_the_last_removal_takes_the_file_out_of_the_store(demo: Path, files: Path) -> None:
    from tests.helpers import db as sqlite3

    run_cli("attachments", "add", str(files / CV), "--contact", "1", data_dir=demo)
    run_cli("attachments", "add", str(files / CV), "--contact", "2", data_dir=demo)
    con = sqlite3.connect(demo / "img-crm.sqlite3")

    def stored() -> int:
        return int(con.execute("SELECT count(*) FROM attachment_file").fetchone()[0])

    try:
        assert stored() == 1
        assert run_cli("attachments", "remove", "1", "--yes", data_dir=demo).returncode == 0
        assert stored() == 1
        assert run_cli("attachments", "remove", "2", "--yes", data_dir=demo).returncode == 0
        assert stored() == 0
    finally:
        con.close()


def test_open_saves_a_copy_or_hands_one_to_the_viewer(
    demo: Path, files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_cli("attachments", "add", str(files / CV), "--contact", "1", data_dir=demo)
    saved = run_cli("attachments", "open", "1", "--to", str(tmp_path / "copy.pdf"), data_dir=demo)
    assert saved.returncode == 0, saved.stderr
    assert (tmp_path / "copy.pdf").read_bytes() == b"%PDF-1.4 CV three"
    handed: list[Path] = []
    monkeypatch.setattr(service, "open_with_system", handed.append)  # no viewer in a test
    opened = run_cli("attachments", "open", "1", data_dir=demo)
    assert opened.returncode == 0, opened.stderr
    assert handed == [demo / "opened" / "1" / CV]
    assert handed[0].read_bytes() == b"%PDF-1.4 CV three"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="xdg-open is Linux's")
def test_with_no_viewer_the_sentence_names_the_folder_not_the_file(
    demo: Path, files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's name is the user's: the refusal names where the copy is."""
    run_cli("attachments", "add", str(files / CV), "--contact", "1", data_dir=demo)
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no xdg-open
    ran = run_cli("attachments", "open", "1", data_dir=demo)
    assert ran.returncode == 1
    folder = demo / "opened" / "1"
    assert ran.stderr.strip() == (
        f"img-crm: No program to open files with was found (xdg-open); the copy is in {folder}."
    )
    assert (folder / CV).read_bytes() == b"%PDF-1.4 CV three"


def test_sent_to_records_and_the_contact_shows_the_versions(demo: Path, files: Path) -> None:
    run_cli("attachments", "add", str(files / CV), "--contact", "1", data_dir=demo)
    ran = run_cli(
        "attachments",
        "sent-to",
        "1",
        "--contact",
        "2",
        "--program",
        "1",
        "--on",
        "2026-10-05",
        data_dir=demo,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "Recorded as sent to 2 records."
    (listed,) = _listed(demo)
    assert [(s["contact_id"], s["program_id"], s["sent_on"]) for s in listed["sent_to"]] == [
        (2, None, "2026-10-05"),
        (None, 1, "2026-10-05"),
    ]
    shown = json.loads(run_cli("contacts", "show", "2", "--json", data_dir=demo).stdout)
    assert shown["versions"] == {"cv": {"attachment_id": 1, "name": CV, "sent_on": "2026-10-05"}}
    forgot = run_cli("attachments", "forget-sent", "1", data_dir=demo)
    assert forgot.returncode == 0 and forgot.stdout.strip() == "Forgot 1 sent-to record."
    assert len(_listed(demo)[0]["sent_to"]) == 1
    again = run_cli("attachments", "forget-sent", "1", data_dir=demo)
    assert again.returncode == 1
    assert "There is no sent-to record with id 1; nothing was forgotten." in again.stderr


def test_deleting_says_how_many_files_go(demo: Path, files: Path) -> None:
    run_cli("attachments", "add", str(files / CV), "--contact", "2", data_dir=demo)
    run_cli("attachments", "add", str(files / CV), "--program", "1", data_dir=demo)
    asked = run_cli("contacts", "delete", "2", data_dir=demo)
    assert asked.returncode == 1 and "their attached files (1)" in asked.stderr
    asked = run_cli("programs", "delete", "1", data_dir=demo)
    assert asked.returncode == 1 and "attached files (1)" in asked.stderr


def test_the_json_export_counts_its_files_as_the_restore_does(
    demo: Path, files: Path, tmp_path: Path
) -> None:
    run_cli("attachments", "add", str(files / CV), "--contact", "2", data_dir=demo)
    out = run_cli("export", "json", str(tmp_path / "all.json"), data_dir=demo).stdout
    back = run_cli("import", str(tmp_path / "all.json"), data_dir=tmp_path / "fresh").stdout
    assert out.split()[1] == back.split()[0]  # "Exported N rows", "N rows in ... restored"


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (
            ["{files}/missing.pdf", "--contact", "1"],
            "missing.pdf was not found; nothing was added.",
        ),
        (["{files}", "--contact", "1"], "files is a folder; attach the files inside it."),
        (["{files}/" + CV], "Say what to attach it to: --contact ID, --program ID,"),
        ([f"{{files}}/{CV}", "--contact", "1", "--program", "1"], "Name one record:"),
        (
            [f"{{files}}/{CV}", "--letter", "77"],
            "There is no letter with id 77; nothing was added.",
        ),
        ([f"{{files}}/{CV}", "--contact", "1", "--name", "a/b.pdf"], "name: must not hold a /"),
    ],
)
def test_what_cannot_be_attached_is_one_sentence_and_nothing_is_added(
    demo: Path, files: Path, args: list[str], sentence: str
) -> None:
    ran = run_cli("attachments", "add", *(a.format(files=files) for a in args), data_dir=demo)
    assert ran.returncode != 0
    assert sentence in ran.stderr and "Traceback" not in ran.stderr
    assert len(ran.stderr.strip().splitlines()) == 1
    assert _listed(demo) == []
