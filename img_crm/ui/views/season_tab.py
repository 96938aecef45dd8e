"""The Season tab: the application season's four pages (#22).

Signals, applications and fees, interview invitations and the rank order
list each read the store only when their page is looked at: a change marks
every page stale and reloads the one on screen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from img_crm.ui.ops import Ops
from img_crm.ui.views.applications_page import ApplicationsPage
from img_crm.ui.views.invitations_page import InvitationsPage
from img_crm.ui.views.lazy import LazyLoader
from img_crm.ui.views.rank_page import RankPage
from img_crm.ui.views.signals_page import SignalsPage


class SeasonTab(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None, *, lazy: bool = False) -> None:
        super().__init__(parent)
        self.ops = ops
        self.signals = SignalsPage(ops, self)
        self.applications = ApplicationsPage(ops, self)
        self.invitations = InvitationsPage(ops, self)
        self.rank = RankPage(ops, self)
        self.pages = QTabWidget(self)
        self.pages.setObjectName("seasonPages")
        self.pages.setAccessibleName(self.tr("Season pages"))
        self.pages.addTab(self.signals, self.tr("Signals"))
        self.pages.addTab(self.applications, self.tr("Applications and fees"))
        self.pages.addTab(self.invitations, self.tr("Invitations"))
        self.pages.addTab(self.rank, self.tr("Rank list"))
        #: Kept in the window's state, as other tabs' tables and splitters are.
        self.tables = [
            self.signals.left_table,
            self.signals.table,
            self.applications.table,
            self.invitations.table,
            self.rank.ratings.table,
        ]
        self.splitters = [self.signals.splitter, self.invitations.splitter, self.rank.splitter]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._stale: set[QWidget] = set()
        self.pages.currentChanged.connect(lambda _index: self._load_current())
        self.loader = LazyLoader(
            self,
            self.reload,
            signals=[ops.season_changed, ops.programs_changed, ops.settings_changed],
            lazy=lazy,
        )

    def reload(self) -> None:
        self._stale = {self.signals, self.applications, self.invitations, self.rank}
        self._load_current()

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        self._load_current()

    def _load_current(self) -> None:
        page = self.pages.currentWidget()
        if page in self._stale:
            self._stale.discard(page)
            page.reload()  # type: ignore[attr-defined]
