"""Shared fixtures. Qt runs offscreen; every test gets its own data folder."""

from __future__ import annotations

import inspect
import os
import re

# Must be set before Qt is imported anywhere: with no display pytest-qt aborts.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from img_crm import clock
from img_crm.store.db import Store, open_store

# CI runs the same generated cases every time, so a red run can be reproduced;
# local runs explore new cases (and `make soak` 10,000 of them).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today",
        metavar="YYYY-MM-DD",
        help=f"run every test as if today were this day (or set ${clock.ENV_VAR})",
    )


# A test is date-sensitive when it uses the sample data (its dates follow
# "today") or reads the clock; `make test-dates` runs these on six other days.
DATED_FIXTURES = frozenset({"demo_store", "demo_ops"})
DATED_SOURCE = re.compile(r"\bclock\.|\bload_demo\b|\"demo\"|\btoday\b")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        function = getattr(item, "function", None)
        source = inspect.getsource(function) if function is not None else ""
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & DATED_FIXTURES or DATED_SOURCE.search(source):
            item.add_marker(pytest.mark.dated)


def pytest_report_header(config: pytest.Config) -> str:
    chosen = config.getoption("--today") or os.environ.get(clock.ENV_VAR)
    return f"today: {chosen or 'the real date'}"


@pytest.fixture(autouse=True)
def _today(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The one clock for every test: the real one, or the day given with --today.

    The setting is also exported to the environment, so the CLI processes a
    test starts live on the same day.
    """
    chosen = request.config.getoption("--today") or os.environ.get(clock.ENV_VAR)
    if chosen:
        moment = clock.parse_moment(chosen)
        monkeypatch.setenv(clock.ENV_VAR, moment.isoformat())
        clock.set_now(moment)
    else:
        clock.set_now(None)
    yield
    clock.set_now(None)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default data folder at a temp dir so no test touches the user's."""
    folder = tmp_path / "default-data"
    monkeypatch.setenv("IMG_CRM_DATA_DIR", str(folder))
    # Copies opened for a viewer go under the data folder, whatever session
    # the tests run in (test_attachments sets a runtime folder of its own).
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store_kind() -> str:
    """ "plain", or "protected" (a SQLCipher file under a passphrase, issue #23).
    The modules that prove the store's guarantees override it with both."""
    return "plain"


@pytest.fixture
def store(data_dir: Path, store_kind: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A freshly migrated store on a real SQLite (or SQLCipher) file. A
    protected one's passphrase is in a file ``IMG_CRM_PASSPHRASE_FILE`` names,
    so the commands a test runs open it too."""
    from img_crm.store import cipher

    opened = open_store(data_dir)
    if store_kind == "protected":
        from tests.helpers.protect import passphrase_file, protect_open

        protect_open(opened)
        secret = passphrase_file(data_dir.parent / "passphrase")
        monkeypatch.setenv("IMG_CRM_PASSPHRASE_FILE", str(secret))
    yield opened
    opened.close()
    cipher.forget_all()


@pytest.fixture
def demo_store(store: Store) -> Store:
    from img_crm.services.demo import load_demo

    with store.session() as session:
        load_demo(session)
    return store


@pytest.fixture(autouse=True)
def _umask_restored() -> Iterator[None]:
    """``img_crm.cli.main`` makes the process's files private (umask 077); a test
    that calls it in-process must not make the next test's files private too,
    or a test of our own file modes would pass for the wrong reason."""
    mask = os.umask(0o022)
    os.umask(mask)
    yield
    os.umask(mask)


@pytest.fixture(scope="session", autouse=True)
def _one_qt_application(qapp: object) -> object:
    """One QApplication for the whole run, made first. A CLI export to PDF run
    in-process would otherwise make the offscreen QGuiApplication the real
    command makes (``ui/pdf.py``), and every widget after it would abort.
    The command's own way is proven in a process of its own
    (``tests/cli/test_processes.py``)."""
    return qapp
