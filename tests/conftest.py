"""Shared fixtures. Qt runs offscreen; every test gets its own data folder."""

from __future__ import annotations

import os

# Must be set before Qt is imported anywhere: with no display pytest-qt aborts.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from img_crm.store.db import Store, open_store

# CI runs the same generated cases every time, so a red run can be reproduced;
# local runs explore new cases (and `make soak` 10,000 of them).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default data folder at a temp dir so no test touches the user's."""
    folder = tmp_path / "default-data"
    monkeypatch.setenv("IMG_CRM_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """A freshly migrated store on a real SQLite file."""
    opened = open_store(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(store: Store) -> Store:
    from img_crm.services.demo import load_demo

    with store.session() as session:
        load_demo(session)
    return store
