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
    front_ends = ("img_crm.ui", "img_crm.cli", "img_crm.app")
    forbidden = {
        "domain/": ("img_crm.store", "img_crm.services", *front_ends),
        "store/": ("img_crm.services", *front_ends),
        "services/": front_ends,
        "cli/": ("img_crm.ui",),
        "ui/views/": ("img_crm.store",),
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


def test_every_raw_connection_waits_as_long_as_the_engine() -> None:
    """``store/sqlite.py:connect`` gives each one the shared busy timeout."""
    offenders = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "sqlite.py" and "sqlite3.connect(" in path.read_text(encoding="utf-8")
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


def test_in_the_gui_only_ops_writes() -> None:
    """Views and models never open a writing session: every write goes through
    ``ui/ops.py``, which commits and announces it."""
    writes = re.compile(r"\.session\(\)|\bstore\.engine\b")
    offenders = [
        f"{path.relative_to(PACKAGE).as_posix()}:{number}"
        for path in (PACKAGE / "ui").rglob("*.py")
        if path.name not in ("ops.py", "store_dialogs.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if writes.search(line)
    ]
    assert offenders == []


def test_in_the_gui_only_ops_turns_a_refusal_into_a_warning_box() -> None:
    """A view may show a refusal inline (an error label, a preview line), but a
    warning box for a ``UserError`` is ``Ops.report``'s alone, so every refusal
    looks and reads the same."""
    handler = re.compile(r"except\b.*\bUserError\b")
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        if path.name in ("ops.py", "error_reporting.py"):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if handler.search(line) and any(
                "QMessageBox" in later for later in lines[number + 1 : number + 9]
            ):
                offenders.append(f"{path.relative_to(PACKAGE).as_posix()}:{number + 1}")
    assert offenders == []


def test_no_module_is_long_without_a_reason() -> None:
    """A module over 400 lines says at its top why it is one module."""
    long = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if len(path.read_text(encoding="utf-8").splitlines()) > 400
        and "One module because" not in path.read_text(encoding="utf-8")[:1500]
    ]
    assert long == []


def test_ruff_holds_the_same_layers() -> None:
    """Each layer has its ruff.toml banning what it may not import."""
    for layer, banned in (
        ("domain", ("PySide6", "img_crm.store", "img_crm.services", "img_crm.ui", "img_crm.cli")),
        ("store", ("PySide6", "img_crm.services", "img_crm.ui", "img_crm.cli")),
        ("services", ("PySide6", "img_crm.ui", "img_crm.cli")),
        ("cli", ("PySide6", "img_crm.ui")),
        ("ui/views", ("img_crm.store",)),
    ):
        config = (PACKAGE / layer / "ruff.toml").read_text(encoding="utf-8")
        assert "TID251" in config, layer
        for module in banned:
            assert f'"{module}".msg' in config, (layer, module)


def test_pre_commit_runs_the_same_checks_as_ci() -> None:
    config = (PACKAGE.parent / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    for entry in ("ruff check", "ruff format --check", "tests/test_architecture.py"):
        assert entry in config
