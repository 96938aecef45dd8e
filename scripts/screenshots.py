"""Render README screenshots of the real window with sample data.

Run under a display server (``make screenshots`` uses ``xvfb-run``)::

    python scripts/screenshots.py docs/screenshots

Each tab is shown at 1280x800 in the light and dark palettes. For a layout
review, ``--sizes 1024x700,1280x800,1920x1080`` draws every tab at each size
(``today-dark-1024x700.png``) instead::

    xvfb-run -a -s "-screen 0 1920x1080x24" python scripts/screenshots.py /tmp/shots \
        --sizes 1024x700,1280x800,1920x1080

The sample names are in many scripts: on Debian the fonts are
``fonts-dejavu-core``, ``fonts-droid-fallback`` (Chinese) and
``fonts-lohit-deva`` (Hindi), or a name shows as boxes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from img_crm.app import make_application, window_settings
from img_crm.domain.enums import Stage
from img_crm.domain.rows import ContactRow
from img_crm.services.demo import load_demo
from img_crm.store.contact_rows import get_contact
from img_crm.store.db import Store, open_store
from img_crm.ui import theme
from img_crm.ui.main_window import PROFILE_PROMPTED, WELCOME_DONE, MainWindow
from img_crm.ui.ops import Ops
from img_crm.ui.views.contact_dialog import ContactDialog
from img_crm.ui.views.templates_dialog import TemplatesDialog


def settle(app: QApplication, ms: int = 150) -> None:
    QTimer.singleShot(ms, app.quit)
    app.exec()


def _contact(store: Store, contact_id: int) -> ContactRow:
    with store.session() as session:
        return get_contact(session, contact_id=contact_id)


def shoot(target: Path, sizes: list[tuple[int, int]] | None = None) -> None:
    app = make_application()
    review = sizes is not None
    sizes = sizes or [(1280, 800)]
    target.mkdir(parents=True, exist_ok=True)
    for appearance in (theme.Appearance.LIGHT, theme.Appearance.DARK):
        theme.apply(app, appearance)
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder)
            store = open_store(data)
            window = MainWindow(Ops(store), window_settings(data))
            window.resize(*sizes[0])
            window.show()
            settle(app)

            def name_of(name: str, size: tuple[int, int], look: str = appearance.value) -> Path:
                tail = f"-{size[0]}x{size[1]}" if review else ""
                return target / f"{name}-{look}{tail}.png"

            for size in sizes:
                window.resize(*size)
                settle(app)
                window.grab().save(str(name_of("welcome", size)))
            with store.session() as session:
                load_demo(session)
                _rank_demo(session)
                _files_and_fields(session, contact_id=8)
            window.ops.set_flag(WELCOME_DONE, "1")
            window.ops.save_profile(
                {
                    "home_timezone": "Asia/Kolkata",
                    "visa": "j1",
                    "my_name": "Amina Yusuf",
                    "application_budget": "150",
                    "geo_divisions": "Middle Atlantic, East North Central, South Atlantic",
                }
            )
            window.ops.set_flag(PROFILE_PROMPTED, "1")
            window.ops.contacts_changed.emit()
            window.ops.activities_changed.emit()
            window.ops.letters_changed.emit()
            window.stack.setCurrentWidget(window.tabs)
            window.contacts_tab.select_contact(8)
            mentors = window.pipeline_tab.board.columns[Stage.MENTOR]
            mentors.setCurrentRow(0)
            window.programs_tab.select_program(1)
            window.letters_tab.select_letter(4)
            names = (
                "today",
                "contacts",
                "pipeline",
                "programs",
                "activity",
                "letters",
                "plan",
                "season",
            )
            pages = ("signals", "applications", "invitations", "rank")
            for size in sizes:
                window.resize(*size)
                for index, name in enumerate(names):
                    window.tabs.setCurrentIndex(index)
                    settle(app)
                    if name == "programs":  # the tab reads its rows when first shown
                        window.programs_tab.select_program(1)
                        settle(app)
                    if name != "season":
                        window.grab().save(str(name_of(name, size)))
                        continue
                    season = window.season_tab
                    for page in pages:
                        season.show_page(getattr(season, page))
                        settle(app)
                        window.grab().save(str(name_of(page, size)))
                    season.show_page(season.signals)
            window.tabs.setCurrentWidget(window.contacts_tab)
            window.contacts_tab.select_contact(8)
            detail = window.contacts_tab.detail
            detail.below.setCurrentIndex(1)  # the Files tab
            settle(app)
            window.grab().save(str(target / f"contact-files-{appearance.value}.png"))
            detail.below.setCurrentIndex(0)
            window.tabs.setCurrentIndex(0)
            dialog = ContactDialog(lambda data: None, contact=_contact(store, 8), parent=window)
            dialog.show()
            settle(app)
            dialog.grab().save(str(target / f"contact-dialog-{appearance.value}.png"))
            dialog.close()
            templates = TemplatesDialog(window.ops, contact_id=3, parent=window)
            templates.resize(1100, 680)
            templates.show()
            templates.extra["journal"].setText("JGIM")
            settle(app)
            templates.grab().save(str(target / f"templates-{appearance.value}.png"))
            templates.close()
            window.close()
            window.deleteLater()
            store.close()


def _files_and_fields(session: object, *, contact_id: int) -> None:
    """Two versions of a CV, a statement and a certificate on one contact,
    whom they were given to, and three fields of the user's own (#24)."""
    from datetime import date

    from img_crm.domain.attachments import Owner, OwnerKind
    from img_crm.domain.custom_fields import FieldKind, RecordKind
    from img_crm.services import attachments, custom_fields

    owner = Owner(OwnerKind.CONTACT, contact_id)
    ids = attachments.attach(
        session,
        owner=owner,
        files=[
            attachments.Picked("CV v2 (Internal Medicine).pdf", b"%PDF-1.4 two" * 900),
            attachments.Picked("CV v3 (Internal Medicine) — Amina Yusuf.pdf", b"%PDF-1.4" * 1400),
            attachments.Picked("Personal statement, IM, draft 4.docx", b"PK" * 4200),
            attachments.Picked("ECFMG certificate.pdf", b"%PDF-1.4 ecfmg" * 3000),
        ],
    )
    attachments.mark_sent(
        session, attachment_id=ids[0], contact_ids=[contact_id], sent_on=date(2026, 9, 2)
    )
    attachments.mark_sent(
        session,
        attachment_id=ids[1],
        contact_ids=[contact_id],
        program_ids=[1],
        sent_on=date(2026, 11, 20),
    )
    attachments.mark_sent(
        session, attachment_id=ids[2], contact_ids=[contact_id], sent_on=date(2026, 11, 20)
    )
    for name, kind, choices in (
        ("Visa status", FieldKind.CHOICE, ["J-1", "H-1B", "None needed"]),
        ("Hours together", FieldKind.NUMBER, []),
        ("Met at", FieldKind.TEXT, []),
    ):
        custom_fields.define(
            session, record=RecordKind.CONTACT, name=name, kind=kind, choices=choices
        )
    custom_fields.set_by_name(
        session,
        record=RecordKind.CONTACT,
        record_id=contact_id,
        values={"Visa status": "J-1", "Hours together": "160", "Met at": "SHM 2026, Chicago"},
    )


def _rank_demo(session: object) -> None:
    """The sample's interviewed programs rated and on the rank list."""
    from img_crm.services import ranking
    from img_crm.store.programs import list_programs

    interviewed = [p.id for p in list_programs(session) if p.interview_at is not None]  # type: ignore[arg-type]
    for n, program_id in enumerate(interviewed):
        assert program_id is not None
        for criterion, rating in (("Visa", 5 - n), ("Fit", 4), ("IMG support", 3 + n % 2)):
            ranking.rate(session, program_id=program_id, criterion=criterion, rating=rating)
        ranking.put(session, program_id=program_id, position=1)
        ranking.rate_program(
            session,
            program_id=program_id,
            ratings={},
            pros="Sponsors H-1B; two IMG chiefs this year" if n == 0 else "Research track",
            cons="Long commute from the hospital housing" if n == 0 else "Few IMGs",
        )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    chosen = None
    if "--sizes" in arguments:
        at = arguments.index("--sizes")
        chosen = [(int(w), int(h)) for w, h in (s.split("x") for s in arguments[at + 1].split(","))]
        del arguments[at : at + 2]
    shoot(Path(arguments[0] if arguments else "docs/screenshots"), chosen)
