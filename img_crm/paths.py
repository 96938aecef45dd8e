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


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder (not created)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_data_dir(path: Path) -> Path:
    """Create the data folder, private to the user on POSIX (0700)."""
    path.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        os.chmod(path, 0o700)
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
