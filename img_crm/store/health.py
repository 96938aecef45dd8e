"""Integrity checks of a store file, for ``img-crm check`` and start-up."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class HealthReport:
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.integrity == ["ok"] and not self.foreign_keys


def check_store(path: Path) -> HealthReport:
    """Run ``integrity_check`` and ``foreign_key_check`` without writing."""
    report = HealthReport()
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        report.integrity = [row[0] for row in con.execute("PRAGMA integrity_check")]
        report.foreign_keys = [
            f"{table} row {rowid} points to a missing {parent}"
            for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check")
        ]
    except sqlite3.DatabaseError as exc:
        report.integrity = [f"cannot read the file: {exc}"]
    finally:
        con.close()
    return report
