"""Where img-crm keeps its files: one place decides, everything else asks.

Priority: an explicit ``--data-dir``, then ``IMG_CRM_DATA_DIR``, then the
platform's user data folder. Tests and portable installs use the first two.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from img_crm import APP_NAME

ENV_VAR = "IMG_CRM_DATA_DIR"
STORE_FILENAME = "img-crm.sqlite3"
LOCK_FILENAME = "img-crm.lock"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder (not created)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_data_dir(path: Path) -> Path:
    """Create the data folder, private to the user on POSIX (0700).

    A folder that exists but cannot be changed (a read-only medium) is left as
    it is: it can still be read."""
    path.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32" and (path.stat().st_mode & 0o777) != 0o700:
        try:
            os.chmod(path, 0o700)
        except OSError:
            if os.access(path, os.W_OK):
                raise
    return path


def store_path(folder: Path) -> Path:
    """The SQLite store inside a data folder."""
    return folder / STORE_FILENAME


def backups_dir(folder: Path) -> Path:
    """Where automatic and manual backups go."""
    return folder / "backups"


def resources_dir() -> Path | None:
    """The ``resources/`` folder of a source checkout or a frozen bundle, if any."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


def lock_path(folder: Path) -> Path:
    """The single-instance lock the GUI holds while it has the store open."""
    return folder / LOCK_FILENAME


def gui_holding(folder: Path) -> int | None:
    """The process id of a running img-crm window on this data folder, or None.

    Reads the lock the GUI holds (Qt's QLockFile writes its process id, the
    application name and the host name, one per line) and checks that the
    process is alive on this machine, so the command line, which has no Qt,
    can tell whether the window is open. A lock left by a crash does not count.
    """
    import socket

    try:
        lines = lock_path(folder).read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    host = lines[2] if len(lines) > 2 else ""
    if host and host != socket.gethostname():
        return None
    if pid == os.getpid() or pid <= 0:
        return None
    if sys.platform == "win32":
        return pid  # os.kill would end the process there; a lock file is taken as held
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid  # alive, under another user
    except (OSError, OverflowError):  # not a process id at all
        return None
    return pid


def keep_files_private() -> None:
    """Every file and folder this process creates is the user's alone (0600 and
    0700 on POSIX): the store, backups, exports, the lock, window state."""
    if sys.platform != "win32":
        os.umask(0o077)
