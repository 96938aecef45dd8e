"""Big or endless input: refused with a sentence, in bounded memory."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from img_crm.services.file_text import MAX_IMPORT_BYTES
from img_crm.services.import_formats import MAX_CELL


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    def limit_memory() -> None:  # 1.5 GB of address space: /dev/zero read whole would need more
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))

    return subprocess.run(
        [sys.executable, "-m", "img_crm", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit_memory,
    )


def _sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("fmt", ["csv", "vcard", "json"])
def test_an_endless_file_is_refused_at_once(data_dir: Path, fmt: str) -> None:
    said = _sentence(run("import", "/dev/zero", "--format", fmt, data_dir=data_dir))
    assert "is not a regular file" in said
    said = _sentence(run("programs", "import", "/dev/zero", data_dir=data_dir))
    assert "is not a regular file" in said


def test_a_file_over_the_limit_is_refused_without_being_read(
    data_dir: Path, tmp_path: Path
) -> None:
    big = tmp_path / "huge.csv"
    with open(big, "wb") as handle:  # sparse: no disk space, no time
        handle.truncate(MAX_IMPORT_BYTES + 2**20)
    said = _sentence(run("import", str(big), data_dir=data_dir))
    assert "101 MB; img-crm imports files of up to 100 MB" in said


def test_a_cell_over_the_limit_names_its_line(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("name,notes\nAna Lima,short\nBo Chen," + "x" * (MAX_CELL + 1) + "\n")
    said = _sentence(run("import", str(path), data_dir=data_dir))
    assert "line 3: a cell is longer than 1,000,000 characters" in said
    programs = tmp_path / "programs.csv"
    programs.write_text("name,notes\nLakeview IM," + "y" * (MAX_CELL + 1) + "\n")
    said = _sentence(run("programs", "import", str(programs), data_dir=data_dir))
    assert "programs.csv, line 2: a cell is longer than" in said
