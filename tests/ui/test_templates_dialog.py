"""Contact → Templates…: fill from a contact, missing placeholders, copy, log as sent."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from img_crm.store.activities import list_activities
from img_crm.ui.ops import Ops
from img_crm.ui.views.templates_dialog import TemplatesDialog


def test_fill_highlight_missing_copy_and_log(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_ops.save_profile({"my_name": "Amina Yusuf"})
    dialog = TemplatesDialog(demo_ops, contact_id=3)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 9
    assert dialog.current() is not None and dialog.current().name == "First outreach"  # type: ignore[union-attr]
    assert set(dialog.extra) == {"paper_title", "journal", "hours_per_week"}
    assert (
        "background:#f2c14e" in dialog.preview.toHtml()
        or "{paper_title}" in dialog.preview.toPlainText()
    )
    assert not dialog.copy_button.isEnabled()
    assert dialog.missing.text() == "Fill before sending: Paper title, Journal, Hours per week"
    dialog.extra["paper_title"].setText("HF readmissions")
    dialog.extra["journal"].setText("JGIM")
    dialog.extra["hours_per_week"].setText("10")
    assert dialog.copy_button.isEnabled() and dialog.missing.text() == ""
    assert dialog.filled.body.startswith("Dear Dr. 王小明") and "Amina Yusuf" in dialog.filled.body
    dialog.copy()
    assert "HF readmissions" in QGuiApplication.clipboard().text()
    template_id = dialog.current().id  # type: ignore[union-attr]
    dialog.log_sent()
    with demo_ops.reading() as session:
        logged = list_activities(session, contact_id=3)[0]
    assert logged.kind == "outreach-sent"
    assert "1 sent" in dialog.list.item(0).text()
    assert dialog.current() is not None and dialog.current().id == template_id  # type: ignore[union-attr]


def test_own_templates_and_reset(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = TemplatesDialog(demo_ops)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(
        "img_crm.ui.views.templates_dialog.QInputDialog.getText", lambda *a, **k: ("Hello", True)
    )
    dialog.new_template()
    assert dialog.list.count() == 10 and dialog.current().name == "Hello"  # type: ignore[union-attr]
    dialog.delete()
    assert dialog.list.count() == 9
    dialog.body.setPlainText("Changed")
    dialog.save()
    assert dialog.current().body == "Changed"  # type: ignore[union-attr]
    dialog.reset()
    assert dialog.current().body != "Changed"  # type: ignore[union-attr]
    assert not dialog.delete_button.isEnabled()  # built-ins are reset, not deleted


def test_every_placeholder_can_be_filled_and_copy_says_it_copied(qtbot: QtBot, ops: Ops) -> None:
    """A contact without a specialty, and no name in the profile: the dialog
    offers a field for each ({specialty}, {my_name}, …), and Copy, once
    enabled, says what it did."""
    from PySide6.QtCore import Qt

    contact = ops.add_contact({"name": "Dr. Ines Duarte", "title": "Dr."})
    dialog = TemplatesDialog(ops, contact_id=contact)
    qtbot.addWidget(dialog)
    assert dialog.current().name == "First outreach"  # type: ignore[union-attr]
    assert list(dialog.extra) == [
        "specialty",
        "my_name",
        "target_specialty",
        "paper_title",
        "journal",
        "hours_per_week",
    ]
    assert dialog.extra["my_name"].placeholderText() == "or set it once in Settings → Profile"
    assert not dialog.copy_button.isEnabled()
    for key, edit in dialog.extra.items():
        edit.setText(f"<{key}>")
    assert dialog.copy_button.isEnabled() and dialog.missing.text() == ""
    assert dialog.filled.subject == "Help with your <specialty> research"
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().startswith("Help with your <specialty> research")
    assert dialog.missing.text() == (
        "Copied the subject and message to the clipboard; paste them into your mail."
    )
    ops.update_contact(contact, {"name": "Dr. Ines Duarte", "specialty": "Cardiology"})
    dialog.contact.setCurrentIndex(dialog.contact.findData(contact))
    dialog.refresh_preview()
    assert "specialty" not in dialog.extra  # the contact fills it now
    assert dialog.filled.subject == "Help with your Cardiology research"
