"""The mail import's preview and the Settings pages of #21, as real widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from img_crm import clock
from img_crm.domain.enums import Stage
from img_crm.services.profile import load_cadence, load_profile
from img_crm.store.activities import list_activities
from img_crm.store.contact_rows import list_contacts
from img_crm.ui.ops import Ops
from img_crm.ui.views.activity_import_dialog import ActivityImportDialog, read_with_progress
from img_crm.ui.views.settings_dialog import Reminders, SettingsDialog
from tests.helpers.mail import ME, exchange


def test_the_preview_adds_the_ticked_correspondent_with_their_mail(
    qtbot: QtBot, ops: Ops, tmp_path: Path
) -> None:
    ops.save_profile({"my_emails": ME})
    ops.add_contact({"name": "Ana Lima", "email": "ana@example.edu"})
    path = exchange(
        tmp_path / "Inbox",
        [(ME, "Sam <sam@example.edu>"), ("sam@example.edu", ME), ("ana@example.edu", ME)],
        now=clock.now(),
    )
    plan = read_with_progress(ops, path, None)  # type: ignore[arg-type]
    assert plan is not None
    dialog = ActivityImportDialog(ops, path, plan)
    qtbot.addWidget(dialog)
    assert "To log: 0 sent to your contacts, 1 received from them." in dialog.summary.text()
    assert dialog.people.count() == 1
    item = dialog.people.item(0)
    assert item.text() == "Sam <sam@example.edu> · 2 messages"
    item.setCheckState(Qt.CheckState.Checked)
    dialog.run_import()
    assert dialog.result() == 1 and str(dialog.applied) == "3 activities logged, 1 contact added"
    with ops.reading() as session:
        sam = next(c for c in list_contacts(session) if c.email == "sam@example.edu")
        assert len(list_activities(session, contact_id=sam.id)) == 2


def test_settings_keep_your_addresses_the_maximums_and_the_reminder_choices(
    qtbot: QtBot, ops: Ops
) -> None:
    taken: list[Reminders] = []
    with ops.reading() as session:
        dialog = SettingsDialog(
            load_profile(session),
            ops.save_profile,
            cadence=load_cadence(session),
            reminders=Reminders(tray=False),
            on_reminders=taken.append,
        )
    qtbot.addWidget(dialog)
    assert [dialog.pages.tabText(n) for n in range(dialog.pages.count())] == [
        "&Profile",
        "&Follow-ups",
        "Rem&inders",
        "P&rograms",
    ]
    assert not dialog.no_tray.isHidden()  # this desktop has no tray: said so
    dialog.my_emails.setText("Me@Example.org, not-an-address")
    dialog.save()
    assert "'not-an-address' is not an email address" in dialog.error.text()
    dialog.my_emails.setText("Me@Example.org; work@hospital.example.edu")
    dialog.maximums[Stage.WARM].setValue(5)  # below the 14-day interval
    dialog.save()
    assert dialog.error.text() == "Warm: losing touch must come after the follow-up is due."
    assert dialog.pages.currentIndex() == 1
    dialog.maximums[Stage.WARM].setValue(40)
    dialog.remind.setChecked(True)
    assert not dialog.close_to_tray.isEnabled()  # no tray to close to
    dialog.save()
    assert dialog.result() == 1
    with ops.reading() as session:
        assert load_profile(session).my_emails == ("me@example.org", "work@hospital.example.edu")
        assert load_cadence(session).maximums[Stage.WARM] == 40
    assert [(r.enabled, r.digest_at, r.close_to_tray) for r in taken] == [(True, "08:00", False)]
