"""A big store's Contacts tab shows its first screen at once, in the order the
whole list sorts into, and reads the rest in the background."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from img_crm.domain.text import fold, sort_key
from img_crm.store.contact_rows import list_contacts
from img_crm.store.contacts import add_contact
from img_crm.ui.ops import Ops
from img_crm.ui.views.contacts_tab import ContactsTab

NAMES = [
    "Ängel Ortiz",
    "ángel ortiz",
    "Zoë Park",
    "Łukasz Nowak",
    "محمد الأحمد",
    "王小明",
    "Ōta Ken",
]


@pytest.fixture
def big(ops: Ops, monkeypatch: pytest.MonkeyPatch) -> Ops:
    """60 contacts, where anything above 30 counts as big and a screen is 10."""
    monkeypatch.setattr(ContactsTab, "FIRST_SCREEN_ABOVE", 30)
    monkeypatch.setattr(ContactsTab, "FIRST_SCREEN", 10)
    chance = random.Random(7)
    with ops.store.session() as session:
        for n in range(60):
            name = f"{chance.choice(NAMES)} {chance.randrange(1000):03d}" if n % 3 else NAMES[n % 7]
            add_contact(session, data={"name": name, "stage": "cold"})
    return ops


def _names(tab: ContactsTab) -> list[str]:
    return [tab.model.row_at(n).name for n in range(tab.model.rowCount())]


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_the_first_screen_comes_first_in_the_final_order(
    qtbot: QtBot, big: Ops, order: Qt.SortOrder
) -> None:
    tab = ContactsTab(big, lazy=True)
    qtbot.addWidget(tab)
    tab.table.sortByColumn(0, order)
    tab.show()
    first = _names(tab)
    assert len(first) == 10
    assert tab.count_label.text() == "Contacts: 60 · reading the rest…"
    qtbot.waitUntil(lambda: tab.model.rowCount() == 60, timeout=10_000)
    everyone = _names(tab)
    assert everyone[:10] == first  # no row moved when the rest arrived
    expected = sorted(everyone, key=sort_key, reverse=order == Qt.SortOrder.DescendingOrder)
    assert everyone == expected
    assert tab.count_label.text() == "Contacts: 60"


def test_a_search_typed_while_reading_applies_to_everyone(qtbot: QtBot, big: Ops) -> None:
    tab = ContactsTab(big, lazy=True)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.background.busy
    tab.search.setText("angel")
    tab.live_search.run()
    qtbot.waitUntil(lambda: not tab.background.busy, timeout=10_000)
    shown = _names(tab)
    with big.reading() as session:
        everyone = [row.name for row in list_contacts(session)]
    assert sorted(shown) == sorted(n for n in everyone if fold(n).startswith("angel"))
    assert len(shown) > 10 and tab.model.total_count() == 60


def test_a_change_while_reading_wins_over_the_older_read(qtbot: QtBot, big: Ops) -> None:
    tab = ContactsTab(big, lazy=True)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.background.busy
    big.add_contact({"name": "Aaron Added", "stage": "warm"})  # reloads now, in full
    assert tab.model.total_count() == 61
    qtbot.wait(300)  # the older background read arrives and is dropped
    assert tab.model.total_count() == 61
    assert "Aaron Added" in _names(tab)


def test_a_small_store_reads_everything_at_once(qtbot: QtBot, ops: Ops) -> None:
    with ops.store.session() as session:
        for n in range(12):
            add_contact(session, data={"name": f"Person {n}", "stage": "cold"})
    tab = ContactsTab(ops, lazy=True)
    qtbot.addWidget(tab)
    tab.show()
    assert not tab.background.busy and tab.model.rowCount() == 12


@pytest.mark.parametrize(
    ("language", "country", "shown"),
    [
        ("English", "UnitedStates", "Contacts: 12,345 · reading the rest…"),
        ("German", "Germany", "Contacts: 12.345 · reading the rest…"),
    ],
)
def test_a_big_count_is_written_as_the_users_locale_writes_numbers(
    qtbot: QtBot, ops: Ops, language: str, country: str, shown: str
) -> None:
    from PySide6.QtCore import QLocale

    tab = ContactsTab(ops, lazy=True)
    qtbot.addWidget(tab)
    tab.setLocale(QLocale(getattr(QLocale.Language, language), getattr(QLocale.Country, country)))
    tab._loading_total = 12345  # as while a big store's rest is read
    tab._update_counts()
    assert tab.count_label.text() == shown


def test_a_contact_opened_before_the_rest_is_read_is_selected_when_it_arrives(
    qtbot: QtBot, big: Ops
) -> None:
    """Today's Open on a big store lands on the first screen; the contact,
    further down, is selected and shown once everyone is read."""
    tab = ContactsTab(big, lazy=True)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.background.busy
    shown = {tab.model.contact_id(n) for n in range(tab.model.rowCount())}
    with big.reading() as session:
        later = next(r for r in list_contacts(session) if r.id not in shown)
    tab.show_contact(later.id)
    assert tab.selected_ids() == []  # not on the first screen yet
    qtbot.waitUntil(lambda: not tab.background.busy, timeout=10_000)
    assert tab.selected_ids() == [later.id]
    assert tab.model.contact_id(tab.table.currentIndex().row()) == later.id


def test_a_row_chosen_while_reading_wins_over_an_earlier_open(qtbot: QtBot, big: Ops) -> None:
    tab = ContactsTab(big, lazy=True)
    qtbot.addWidget(tab)
    tab.show()
    shown = {tab.model.contact_id(n) for n in range(tab.model.rowCount())}
    with big.reading() as session:
        later = next(r for r in list_contacts(session) if r.id not in shown)
    tab.show_contact(later.id)
    chosen = tab.model.contact_id(2)
    tab.table.selectRow(2)  # the user clicks someone on the first screen
    qtbot.waitUntil(lambda: not tab.background.busy, timeout=10_000)
    assert tab.selected_ids() == [chosen]
