"""The XDG autostart entry: written owner-only, quoted as the spec says, removed."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from img_crm.services import autostart


def test_the_entry_is_written_quoted_and_private_then_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    command = ["/opt/img crm/python", "-m", "img_crm", "--data-dir", '/home/a/"my" data$']
    autostart.set_enabled(True, command=command)
    entry = tmp_path / "config" / "autostart" / "img-crm.desktop"
    assert autostart.is_enabled() and entry.is_file()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    lines = entry.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    assert 'Exec="/opt/img crm/python" -m img_crm --data-dir "/home/a/\\"my\\" data\\$"' in lines
    autostart.set_enabled(False, command=command)
    assert not entry.exists() and not autostart.is_enabled()
