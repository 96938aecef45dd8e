"""The layering of DESIGN.md, checked on the source rather than trusted."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "img_crm"
QT_ALLOWED = ("ui/", "app.py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules() -> list[tuple[str, set[str]]]:
    return [
        (path.relative_to(PACKAGE).as_posix(), _imports(path)) for path in PACKAGE.rglob("*.py")
    ]


def test_only_ui_and_app_import_qt() -> None:
    offenders = [
        name
        for name, imports in _modules()
        if not name.startswith(QT_ALLOWED) and any(i.split(".")[0] == "PySide6" for i in imports)
    ]
    assert offenders == []


def test_layers_point_one_way() -> None:
    forbidden = {
        "domain/": ("img_crm.store", "img_crm.services", "img_crm.ui", "img_crm.cli"),
        "store/": ("img_crm.services", "img_crm.ui", "img_crm.cli"),
        "services/": ("img_crm.ui", "img_crm.cli"),
    }
    problems = [
        (name, imported)
        for name, imports in _modules()
        for prefix, banned in forbidden.items()
        if name.startswith(prefix)
        for imported in imports
        if imported.startswith(banned)
    ]
    assert problems == []


def test_only_the_store_opens_sqlite() -> None:
    offenders = [
        name
        for name, imports in _modules()
        if "sqlite3" in imports and not name.startswith("store/")
    ]
    assert offenders == []


# Every read of the clock goes through img_crm/clock.py, so one setting moves
# the whole program (and every date-dependent test) to another day.
CLOCK_READS = re.compile(
    r"\b(date|datetime)\.(today|now|utcnow)\(|\btime\.time\(|\bQ(Date|DateTime|Time)\.current"
)


def test_nothing_reads_the_clock_but_clock_py() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE).as_posix()}:{number}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "clock.py" or path.parent != PACKAGE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CLOCK_READS.search(line)
    ]
    assert offenders == []
