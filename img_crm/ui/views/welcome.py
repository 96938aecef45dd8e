"""The first screen of an empty store: try the sample network or start empty."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from img_crm import APP_DISPLAY_NAME
from img_crm.ui.icons import app_icon


class WelcomePanel(QWidget):
    #: The user asked for the sample network.
    sample_requested = Signal()
    #: The user chose to start with an empty store.
    empty_requested = Signal()
    #: The user wants to bring in contacts from LinkedIn, Google, a phone or a backup.
    import_requested = Signal()
    #: "Protect with a passphrase…": before any data goes in (issue #23).
    protect_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("Welcome to %1").replace("%1", APP_DISPLAY_NAME), self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(
            self.tr(
                "Keep track of the US physicians who can vouch for you: who you contacted, "
                "the work you did with them, how each relationship moves from cold to warm "
                "to mentor to sponsor, and where your letters stand.\n\n"
                "Everything stays on this computer. Nothing is sent anywhere."
            ),
            self,
        )
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sample_button = QPushButton(self.tr("Load &sample data"), self)
        self.sample_button.setToolTip(
            self.tr("A fictional network to explore; delete it any time.")
        )
        self.empty_button = QPushButton(self.tr("Start &empty"), self)
        self.import_button = QPushButton(self.tr("&Import contacts…"), self)
        self.import_button.setToolTip(
            self.tr("From LinkedIn, Google Contacts, a phone (vCard), a spreadsheet or a backup.")
        )
        self.import_button.setAccessibleName(self.tr("Import contacts"))
        self.import_button.clicked.connect(self.import_requested)
        self.sample_button.setAccessibleName(self.tr("Load sample data"))
        self.empty_button.setAccessibleName(self.tr("Start empty"))
        # No default button: Enter must not fill a real store with the fictional
        # network. The keyboard starts on Import, the usual first step.
        self.sample_button.clicked.connect(self.sample_requested)
        self.empty_button.clicked.connect(self.empty_requested)

        self.protect_button = QPushButton(self.tr("&Protect with a passphrase…"), self)
        self.protect_button.setFlat(True)
        self.protect_button.setToolTip(
            self.tr(
                "On a shared computer: encrypt the store and its backups, so only someone "
                "with the passphrase can read them. You can do it later from the File menu."
            )
        )
        self.protect_button.setAccessibleName(self.tr("Protect with a passphrase"))
        self.protect_button.clicked.connect(self.protect_requested)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.empty_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        # A fixed-width column keeps the wrapped text's height right and centred.
        content = QWidget(self)
        content.setFixedWidth(560)
        column = QVBoxLayout(content)
        column.addWidget(icon)
        column.addWidget(title)
        column.addSpacing(12)
        column.addWidget(body)
        column.addSpacing(20)
        column.addLayout(buttons)
        column.addSpacing(8)
        column.addWidget(self.protect_button, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(content)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        outer.addLayout(row)
        outer.addStretch(3)
        self.setFocusProxy(self.import_button)
        QWidget.setTabOrder(self.import_button, self.empty_button)
        QWidget.setTabOrder(self.empty_button, self.sample_button)
        QWidget.setTabOrder(self.sample_button, self.protect_button)
