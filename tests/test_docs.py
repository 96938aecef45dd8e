"""The README and docs say what is true: the command-line walk-through runs as
written, the JSON format names the real schema version, the changelog keeps
its format, and nothing links outside the repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from img_crm import __version__
from img_crm.services.json_io import store_document
from img_crm.store.db import Store
from img_crm.store.migrations import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
KINDS = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")


def _command_line_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Command line") :]
    found = re.search(r"```sh\n(.*?)```", section, re.S)
    assert found, "the Command line section has no sh block"
    return found.group(1)


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="runs the venv's own img-crm")
def test_the_readme_command_line_block_runs_as_written(tmp_path: Path) -> None:
    """The block runs in bash as written. Each ``img-crm`` in it is forked from a
    warm interpreter (``tests/helpers/warm_cli.py``), and the last line runs the
    venv's real ``img-crm`` script, which the block has put on the PATH."""
    # As in the project folder after `make run`: a .venv with img-crm in it.
    (tmp_path / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k not in ("IMG_CRM_DATA_DIR", "VIRTUAL_ENV")}
    warm = ROOT / "tests" / "helpers" / "warm_cli.py"
    sock = tmp_path / "warm.sock"
    server = subprocess.Popen(
        [sys.executable, str(warm), "serve", str(sock)],
        stdout=subprocess.PIPE,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        script = (
            "set -euo pipefail\n"
            f'img-crm() {{ {sys.executable} -S {warm} {sock} "$@"; }}\n'
            + _command_line_block()
            + "command img-crm --version\n"
        )
        result = subprocess.run(
            ["bash", "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        server.kill()
        server.wait()
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    for name in ("contacts.csv", "contacts.vcf", "img-crm.ics", "everything.json"):
        assert (tmp_path / name).stat().st_size > 0, name
    assert (tmp_path / "try-img-crm" / "img-crm.sqlite3").is_file()
    assert "Ana Lima" in result.stdout
    assert result.stdout.rstrip().endswith(f"img-crm {__version__}")


def test_the_json_format_page_names_the_real_schema_version_and_tables(store: Store) -> None:
    text = (ROOT / "docs" / "json-format.md").read_text(encoding="utf-8")
    assert f'"schema_version": {SCHEMA_VERSION},' in text
    assert f"## Tables (schema version {SCHEMA_VERSION})" in text
    with store.session() as session:
        tables = store_document(session)["tables"]
    documented = set(re.findall(r"^\| `(\w+)` \|", text, re.M))
    assert documented == set(tables)


def test_the_changelog_keeps_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[([^\]]+)\](.*)$", text, re.M)
    assert versions[0][0] == "Unreleased"
    assert ("0.1.0", " - 2026-11-22") in versions
    for block in re.split(r"^## ", text, flags=re.M)[1:]:
        kinds = re.findall(r"^### (.+)$", block, re.M)
        assert all(kind in KINDS for kind in kinds), kinds
        assert len(kinds) == len(set(kinds)), f"a kind appears twice: {kinds}"
    for name, _ in versions:
        assert re.search(rf"^\[{re.escape(name)}\]: \S+", text, re.M), f"no link for {name}"


def test_no_document_links_outside_the_repository() -> None:
    documents = [README, ROOT / "CHANGELOG.md", *ROOT.glob("docs/*.md"), *ROOT.glob("*/README.md")]
    outside = [
        f"{path.relative_to(ROOT)}: {target}"
        for path in documents
        for target in re.findall(r"\]\(([^)]+)\)", path.read_text(encoding="utf-8"))
        if not target.startswith(("http://", "https://", "#"))
        and not (path.parent / target.split("#")[0]).resolve().is_relative_to(ROOT)
    ]
    assert outside == []
    for path in documents:
        assert "../shared" not in path.read_text(encoding="utf-8"), path
