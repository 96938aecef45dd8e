"""Start img-crm at login, on Linux desktops: the XDG autostart entry.

``$XDG_CONFIG_HOME/autostart/img-crm.desktop`` (the freedesktop.org
Desktop Application Autostart Specification): GNOME, KDE, Xfce, Cinnamon
and MATE start what it says at login. Written atomically and owner-only;
removed when the user turns the option off. The Windows and macOS
installers set up their own (packaging/README.md).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from img_crm import APP_DISPLAY_NAME
from img_crm.services.atomic import atomic_text_writer

ENTRY_NAME = "img-crm.desktop"


def supported() -> bool:
    """Whether this platform reads XDG autostart entries."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd"))


def entry_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart" / ENTRY_NAME


def start_command(data_dir: Path | None = None) -> list[str]:
    """How this img-crm is started again: the frozen program, or this Python
    running the package; with the data folder it runs on, when not the
    default one."""
    command = (
        [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "img_crm"]
    )
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return command


def _quoted(argument: str) -> str:
    """One Exec argument as the Desktop Entry Specification quotes it."""
    if argument and not any(ch in argument for ch in " \t\n\"'\\><~|&;$*?#()`%"):
        return argument
    escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in argument)
    return f'"{escaped.replace("%", "%%")}"'


def entry_text(command: Sequence[str]) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_DISPLAY_NAME}\n"
        "Comment=Reminders for your follow-ups, replies and letters\n"
        f"Exec={' '.join(_quoted(a) for a in command)}\n"
        "Icon=img-crm\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def is_enabled() -> bool:
    return entry_path().is_file()


def set_enabled(enabled: bool, *, command: Sequence[str]) -> None:
    """Write or remove the entry (``OSError`` if the folder cannot be written)."""
    path = entry_path()
    if not enabled:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with atomic_text_writer(path) as handle:
        handle.write(entry_text(command))
