"""The Plan tab: the 12-24 month plan as a Gantt chart you can edit in place."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QLineF, QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from img_crm import clock
from img_crm.domain.eligibility import TASK_PREFIX, Checked
from img_crm.domain.plan import PHASE_TEXT, Phase, Task
from img_crm.errors import UserError
from img_crm.services.plan import NoMatchYearError, write_plan_ics
from img_crm.ui.dates import pydate, qdate
from img_crm.ui.ops import Ops
from img_crm.ui.theme import TONES, graphic, tone
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import muted
from img_crm.ui.views.lazy import LazyLoader

PHASE_COLORS = {
    Phase.FOUNDATION: "#4a90c2",
    Phase.DEEP_WORK: "#3fa46a",
    Phase.APPLICATION_PREP: "#e0a526",
    Phase.SUBMISSION: "#e0683c",
    Phase.ELIGIBILITY: "#8e6cc9",
}
DAY = 1.6  # pixels per day
ROW = 30
LABEL_WIDTH = 0
TOP = 36


class TaskBar(QGraphicsRectItem):
    """One task's bar; double-click to edit it."""

    def __init__(self, task: Task, rect: QRectF, tab: PlanTab) -> None:
        super().__init__(rect)
        self.task = task
        self._tab = tab
        self.setToolTip(f"{PHASE_TEXT[task.phase]}: {task.title}\n{task.start} → {task.end}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._tab.change(self.task)


class TaskDialog(Dialog):
    def __init__(self, task: Task, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit task"))
        self.title = QLineEdit(task.title, self)
        self.title.setAccessibleName(self.tr("Task"))
        self.start = QDateEdit(qdate(task.start), self)
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.start.setAccessibleName(self.tr("Start"))
        self.days = QSpinBox(self)
        self.days.setRange(1, 730)
        self.days.setValue(task.days)
        self.days.setSuffix(self.tr(" days"))
        self.days.setAccessibleName(self.tr("Duration"))
        self.done_box = QCheckBox(self.tr("&Done"), self)
        self.done_box.setChecked(task.done)
        form = QFormLayout(self)
        form.addRow(self.tr("&Task"), self.title)
        form.addRow(self.tr("&Start"), self.start)
        form.addRow(self.tr("D&uration"), self.days)
        form.addRow(self.done_box)
        note = QLabel(
            self.tr("Tasks that depend on this one move so they still start after it."), self
        )
        muted(note)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self) -> dict[str, object]:
        return {
            "title": self.title.text(),
            "start": pydate(self.start.date()),
            "days": self.days.value(),
            "done": self.done_box.isChecked(),
        }


class PlanTab(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None, *, lazy: bool = False) -> None:
        super().__init__(parent)
        self.ops = ops
        self.scene = QGraphicsScene(self)
        self.view = QGraphicsView(self.scene, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(self.tr("Plan as a Gantt chart"))
        self.view.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.png_button = QPushButton(self.tr("Export &PNG…"), self)
        self.ics_button = QPushButton(self.tr("Export .&ics…"), self)
        self.regenerate_button = QPushButton(self.tr("&Regenerate from match year…"), self)
        # the keyboard's way to what a double-click on a bar does
        self.change_button = QPushButton(self.tr("&Change…"), self)
        self.change_button.setToolTip(self.tr("Change a task, or mark an eligibility step done"))
        for button in (self.png_button, self.ics_button, self.regenerate_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        hint = QLabel(
            self.tr(
                "Double-click a task to change it, or an eligibility step to mark it done. "
                "A late one has a thick red outline."
            ),
            self,
        )
        hint.setWordWrap(True)
        muted(hint)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        for button in (
            self.change_button,
            self.regenerate_button,
            self.png_button,
            self.ics_button,
        ):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self.png_button.clicked.connect(self.export_png)
        self.ics_button.clicked.connect(self.export_ics)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.change_button.clicked.connect(self.choose)
        self.change_button.setAccessibleName(self.tr("Change a task or step"))
        self.tasks: list[Task] = []
        #: The ECFMG and visa steps, drawn under the plan's tasks.
        self.checked: list[Checked] = []
        self.steps: list[Task] = []
        self.bars: list[TaskBar] = []
        self.loader = LazyLoader(
            self, self.reload, signals=[ops.plan_changed, ops.settings_changed], lazy=lazy
        )

    def reload(self) -> None:
        try:
            self.tasks = self.ops.load_plan()
        except NoMatchYearError:  # the window's words, not the command line's
            self.tasks = []
            self.message.setText(
                self.tr(
                    "Set your match year first (Settings → Profile): the plan is dated back "
                    "from it, so that applications go out when ERAS opens in September."
                )
            )
        except UserError as exc:
            self.tasks = []
            self.message.setText(str(exc))
        else:
            self.message.setText("")
        self.checked, self.steps = self.ops.eligibility() if self.tasks else ([], [])
        self.message.setVisible(bool(self.message.text()))
        for button in (
            self.png_button,
            self.ics_button,
            self.regenerate_button,
            self.change_button,
        ):
            button.setEnabled(bool(self.tasks))
        self.draw(clock.today())

    def draw(self, today: date) -> None:
        self.scene.clear()
        self.bars = []
        if not self.tasks:
            return
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        alert = tone(palette, "alert")
        alert_line = graphic(TONES["alert"], palette)
        every = [*self.tasks, *self.steps]
        first = min(t.start for t in every).replace(day=1)
        last = max(t.end for t in every)

        def x(day: date) -> float:
            return (day - first).days * DAY

        # the plan's tasks, then a heading row, then the eligibility steps
        rows: list[Task | None] = [*self.tasks, *([None, *self.steps] if self.steps else [])]
        height = TOP + ROW * len(rows) + 10
        month = first
        font = QFont(self.font())
        while month <= last:
            line = self.scene.addLine(QLineF(x(month), 18, x(month), height), QPen(grid))
            line.setZValue(-2)
            # Months by name, and above them each year where it starts (a month
            # is 48 px wide: no room for "Dec 2026" on each)
            label = self.scene.addSimpleText(QLocale().toString(qdate(month), "MMM"), font)
            label.setBrush(text)
            label.setPos(x(month) + 2, 0)
            if month == first or month.month == 1:
                year = self.scene.addSimpleText(str(month.year), font)
                year.setBrush(text)
                year.setPos(x(month) + 2, -18)
            month = (month + timedelta(days=32)).replace(day=1)
        positions: dict[str, QRectF] = {}
        for index, task in enumerate(rows):
            top = TOP + index * ROW
            if task is None:
                heading = QFont(font)
                heading.setBold(True)
                title = self.scene.addSimpleText(
                    self.tr("Eligibility for the Match: ECFMG and your visa track"), heading
                )
                title.setBrush(text)
                title.setPos(0, top + 4)
                continue
            rect = QRectF(x(task.start), top, max(task.days * DAY, 4), ROW - 10)
            bar = TaskBar(task, rect, self)
            color = graphic(PHASE_COLORS[task.phase], palette)
            if task.done:
                color.setAlpha(110)
            bar.setBrush(QBrush(color))
            late = task.late(today)
            bar.setPen(QPen(alert_line, 3) if late else QPen(color.darker(130), 1))
            self.scene.addItem(bar)
            self.bars.append(bar)
            positions[task.key] = rect
            caption = ("✔ " if task.done else "") + task.title + (" (late)" if late else "")
            label = self.scene.addSimpleText(caption, font)
            label.setBrush(alert if late else text)
            label.setPos(rect.right() + 6, top + 1)
        arrow_pen = QPen(graphic("#8a8f98", palette), 1.2)
        for task in every:
            for before in task.after:
                if before not in positions:
                    continue
                source, target = positions[before], positions[task.key]
                if target.left() >= source.right():
                    # down from where the step ends, then along the task's own
                    # row to its start: the row is empty there, while a line
                    # along the step's row crossed its caption
                    path = QPainterPath(QPointF(source.right(), source.bottom()))
                    path.lineTo(source.right(), target.center().y())
                    path.lineTo(target.left(), target.center().y())
                else:  # they overlap: into the task's top edge
                    start = QPointF(source.right(), source.center().y())
                    end = QPointF(target.left(), target.top() + 2)
                    path = QPainterPath(start)
                    path.lineTo(end.x() - 4, start.y())
                    path.lineTo(end.x() - 4, end.y() - 4)
                    path.lineTo(end)
                arrow = QGraphicsPathItem(path)
                arrow.setPen(arrow_pen)
                arrow.setZValue(-1)
                self.scene.addItem(arrow)
        if first <= today <= last:
            now = self.scene.addLine(QLineF(x(today), 14, x(today), height), QPen(alert_line, 2))
            now.setToolTip(self.tr("Today"))
            marker = self.scene.addSimpleText(self.tr("today"), font)
            marker.setBrush(alert)
            marker.setPos(x(today) + 3, 16)
        self._legend(height + 8, font, text)
        self.scene.setSceneRect(self.scene.itemsBoundingRect().adjusted(-10, -5, 40, 10))

    def _legend(self, top: float, font: QFont, text: QColor) -> None:
        """What each colour means, under the bars (and in the PNG)."""
        left = 0.0
        for phase, color in PHASE_COLORS.items():
            swatch = self.scene.addRect(QRectF(left, top + 3, 12, 12), QPen(Qt.PenStyle.NoPen))
            swatch.setBrush(QBrush(graphic(color, self.palette())))
            caption = self.scene.addSimpleText(PHASE_TEXT[phase], font)
            caption.setBrush(text)
            caption.setPos(left + 18, top)
            left += 18 + caption.boundingRect().width() + 24

    def edit_task(self, task: Task) -> None:
        dialog = TaskDialog(task, self)
        if dialog.exec():
            changes = dialog.changes()
            self.ops.attempt(
                self, self.tr("Plan"), lambda: self.ops.update_plan_task(task.key, **changes)
            )

    def choose(self) -> None:
        """Pick a task or a step by name, then change it as a double-click would."""
        rows = [*self.tasks, *self.steps]
        names = [
            (self.tr("Eligibility: %1") if t.key.startswith(TASK_PREFIX) else "%1").replace(
                "%1", t.title
            )
            for t in rows
        ]
        chosen, ok = QInputDialog.getItem(
            self, self.tr("Change"), self.tr("Task or step:"), names, 0, False
        )
        if not ok or chosen not in names:
            return
        self.change(rows[names.index(chosen)])

    def change(self, task: Task) -> None:
        """A plan task is edited; an eligibility step is marked done (or not)."""
        if task.key.startswith(TASK_PREFIX):
            self.edit_step(task.key.removeprefix(TASK_PREFIX))
        else:
            self.edit_task(task)

    def edit_step(self, key: str) -> None:
        """Mark an ECFMG or visa step done (or not), as on ``plan step``."""
        from img_crm.ui.views.step_dialog import StepDialog

        item = next((c for c in self.checked if c.step.key == key), None)
        if item is None:
            return

        def record(done: date | None, score: str | None, expires: date | None) -> None:
            self.ops.record_eligibility_step(key, done_on=done, score=score, expires_on=expires)

        StepDialog(item, record, self).exec()

    def regenerate(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Regenerate the plan"),
            self.tr("Replace your plan with a fresh one dated from your match year?"),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ops.regenerate_plan()

    def render_png(self, destination: Path) -> None:
        rect = self.scene.sceneRect()
        image = QImage(int(rect.width()) * 2, int(rect.height()) * 2, QImage.Format.Format_ARGB32)
        image.fill(self.palette().color(self.backgroundRole()))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.scene.render(painter)
        painter.end()
        temporary = destination.with_name(f".{destination.name}.partial.png")
        if not image.save(str(temporary)):  # the format follows the .png suffix
            temporary.unlink(missing_ok=True)
            raise UserError(f"Could not write {destination}.")
        temporary.replace(destination)

    def _save_path(self, title: str, name: str, filters: str, suffix: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), filters)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix else path.with_suffix(suffix)

    def export_png(self) -> None:
        path = self._save_path(
            self.tr("Export the plan"), "plan.png", self.tr("PNG (*.png)"), ".png"
        )
        if path is not None:
            self.ops.attempt(self, self.tr("Export failed"), lambda: self.render_png(path))

    def export_ics(self) -> None:
        path = self._save_path(
            self.tr("Export the plan"), "plan.ics", self.tr("Calendar (*.ics)"), ".ics"
        )
        if path is not None:
            self.ops.attempt(
                self, self.tr("Export failed"), lambda: write_plan_ics(self.tasks, path)
            )
