"""Light and dark, switched while the window is open, and legible in both:
every text colour the app uses meets WCAG AA (4.5:1), every chart bar and
line 3:1, measured on the palettes and on what the widgets paint."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem, QLabel
from pytestqt.qtbot import QtBot

from img_crm.ui import theme
from img_crm.ui.icons import STAGE_COLORS
from img_crm.ui.main_window import MainWindow
from img_crm.ui.models.contacts import OVERDUE_TINT, REPLY_OWED_TINT
from img_crm.ui.ops import Ops
from img_crm.ui.views.charts import KIND_COLORS
from img_crm.ui.views.plan_tab import PHASE_COLORS

MakeWindow = Callable[..., MainWindow]
R = QPalette.ColorRole
PALETTES = {"light": theme.light_palette, "dark": theme.dark_palette}


@pytest.fixture
def app() -> Iterator[QApplication]:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    yield instance
    theme.apply(instance, theme.Appearance.SYSTEM)  # the next test starts as it found it


def test_contrast_is_measured_as_wcag_defines_it() -> None:
    assert theme.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert theme.over(QColor(0, 0, 0, 128), QColor("#efefef")).name() == "#777777"


@pytest.mark.parametrize("name", PALETTES)
def test_every_text_role_and_tone_meets_aa(name: str) -> None:
    palette = PALETTES[name]()
    window, base = theme.backgrounds(palette)
    pairs = {
        "window text": (palette.color(R.WindowText), window),
        "text": (palette.color(R.Text), base),
        "button text": (palette.color(R.ButtonText), palette.color(R.Button)),
        "placeholder on window": (theme.over(palette.color(R.PlaceholderText), window), window),
        "placeholder on base": (theme.over(palette.color(R.PlaceholderText), base), base),
        "link": (palette.color(R.Link), base),
        "tooltip": (palette.color(R.ToolTipText), palette.color(R.ToolTipBase)),
        "selection": (palette.color(R.HighlightedText), palette.color(R.Highlight)),
        "text on a reply-owed row": (palette.color(R.Text), theme.over(REPLY_OWED_TINT, base)),
        "text on an overdue row": (palette.color(R.Text), theme.over(OVERDUE_TINT, base)),
    }
    for tone in ("muted", *theme.TONES):
        color = theme.tone(palette, tone)
        pairs[f"{tone} on window"] = (color, window)
        pairs[f"{tone} on base"] = (color, base)
    low = {what: round(theme.contrast(a, b), 2) for what, (a, b) in pairs.items()}
    assert {what: r for what, r in low.items() if r < theme.TEXT_RATIO} == {}


@pytest.mark.parametrize("name", PALETTES)
def test_every_chart_colour_stands_out_at_3_to_1(name: str) -> None:
    palette = PALETTES[name]()
    window, base = theme.backgrounds(palette)
    colours = {**STAGE_COLORS, **KIND_COLORS, **PHASE_COLORS}
    low = {
        str(key): round(min(theme.contrast(c, window), theme.contrast(c, base)), 2)
        for key, value in colours.items()
        if (c := theme.graphic(value, palette))
    }
    assert {k: r for k, r in low.items() if r < theme.GRAPHIC_RATIO} == {}
    # Made legible by changing lightness only: still the same hue...
    for key, value in KIND_COLORS.items():
        assert abs(theme.graphic(value, palette).hslHue() - QColor(value).hslHue()) <= 2, key
    # ...and the kinds stacked in one bar stay told apart (in light, "Reply
    # received" had been darkened into the blue of "Outreach sent").
    shades = {kind: _lab(theme.graphic(value, palette)) for kind, value in KIND_COLORS.items()}
    close = [
        (a.value, b.value, round(math.dist(shades[a], shades[b]), 1))
        for a, b in itertools.combinations(shades, 2)
        if math.dist(shades[a], shades[b]) < 20
    ]
    assert close == []


def _lab(color: QColor) -> tuple[float, float, float]:
    """CIE L*a*b* of an sRGB colour (D65), for ΔE76 distances."""

    def linear(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = linear(color.red()), linear(color.green()), linear(color.blue())
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def _painted_contrasts(window: MainWindow) -> dict[str, float]:
    """What the user reads after a switch: Today's secondary lines and chart
    titles and labels, the Plan's months and task names."""
    today = window.today_tab
    bg = today.palette().color(R.Window)
    seen: dict[str, float] = {}
    labels = [w for w in today.findChildren(QLabel) if w.isVisibleTo(today) and w.text()]
    # each due row's second line: muted, amber when late, red when losing touch
    secondary = [w for w in labels if w.property("imgCrmTone") in ("muted", "warn", "alert")]
    assert len(secondary) >= 5
    for name, group in (("today text", labels), ("today secondary text", secondary)):
        seen[name] = min(theme.contrast(w.palette().color(R.WindowText), bg) for w in group)
    for chart_view in (today.funnel_chart, today.month_chart):
        chart = chart_view.chart()
        seen[f"{chart_view.accessibleName()} title"] = theme.contrast(
            chart.titleBrush().color(), bg
        )
        for axis in chart.axes():
            seen[f"{chart_view.accessibleName()} axis"] = theme.contrast(axis.labelsColor(), bg)
    plan = window.plan_tab
    plan_bg = plan.view.palette().color(R.Base)
    texts = [i for i in plan.scene.items() if isinstance(i, QGraphicsSimpleTextItem)]
    assert len(texts) > 20  # months, years, task names, the legend
    seen["plan text"] = min(theme.contrast(t.brush().color(), plan_bg) for t in texts)
    return {what: round(ratio, 2) for what, ratio in seen.items()}


def test_the_palette_switches_live_and_every_painted_text_stays_legible(
    qtbot: QtBot, demo_ops: Ops, make_window: MakeWindow, app: QApplication
) -> None:
    """Seen before: after View → Appearance → Dark, the Plan's month and task
    names stayed near-black on dark and Today's secondary text sat at 1.3:1
    until a restart; back to Light, chart titles stayed near-white."""
    theme.apply(app, theme.Appearance.LIGHT)
    window = make_window(demo_ops)
    window.resize(1280, 800)
    window.show()
    for tab in (window.plan_tab, window.today_tab):  # both drawn once, in light
        window.tabs.setCurrentWidget(tab)
    for choice in (theme.Appearance.DARK, theme.Appearance.LIGHT, theme.Appearance.DARK):
        window.appearance_actions[choice].trigger()
        qtbot.wait(10)
        assert theme.is_dark(window.today_tab.palette()) is (choice is theme.Appearance.DARK)
        # The Plan is not on screen: it redraws when opened.
        window.tabs.setCurrentWidget(window.plan_tab)
        window.tabs.setCurrentWidget(window.today_tab)
        seen = _painted_contrasts(window)
        assert {k: v for k, v in seen.items() if v < theme.TEXT_RATIO} == {}, (choice, seen)
    window.appearance_actions[theme.Appearance.SYSTEM].trigger()
    qtbot.wait(10)  # widgets get the new palette through posted events
    assert not theme.is_dark(window.palette())  # the offscreen system palette is light
