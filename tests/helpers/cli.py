"""The img-crm command as a user runs it: a real process on a real store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, data_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``img-crm --data-dir DATA_DIR ARGS...`` in a new process (stdout, stderr as text)."""
    return subprocess.run(
        [sys.executable, "-m", "img_crm", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
