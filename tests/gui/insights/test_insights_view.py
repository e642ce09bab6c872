"""The Insights view: the figures it shows, the period filter, text for screen readers, themes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from insight_palettes import dark_palette
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette

from followup_desktop.core.insights_text import describe, duration, percent
from followup_desktop.services.insights import InsightsService
from followup_desktop.ui.insights import InsightsWindow
from followup_desktop.ui.insights_menu import install_insights, install_report
from followup_desktop.ui.main_window import MainWindow


@pytest.fixture
def view(qtbot, sample):
    window = InsightsWindow(sample)
    qtbot.addWidget(window)
    window.picker.set_preset("all")
    window.show()
    qtbot.waitUntil(lambda: window.insights is not None and window.funnel_chart.height() > 200)
    return window


def test_the_view_shows_the_computed_figures(view, sample):
    expected = InsightsService(sample).insights(None, None)
    ins = view.insights
    assert ins.funnel == expected.funnel and ins.replies == expected.replies
    assert view.tiles["applications"].value.text() == "40"
    assert view.tiles["reply"].value.text() == duration(expected.replies.overall.median)
    t = expected.followups.total
    assert view.tiles["on_time"].value.text() == percent(t.on_time / t.settled)
    assert view.tiles["quiet"].value.text() == str(len(expected.quiet))
    assert [b.reached for b in view.funnel_chart.bars] == [s.reached for s in ins.funnel.steps]
    assert view.reply_chart.rows[0][0] == "All companies"
    assert view.quiet_list.topLevelItemCount() == len(expected.quiet) > 0


def test_numbers_are_there_as_text_for_screen_readers(view, sample):
    sections = describe(view.insights, sample.ctx.tz)
    assert view.funnel_chart.accessibleName() == "Where applications got to"
    assert view.funnel_chart.accessibleDescription() == " ".join(sections[0].lines)
    assert "median wait" in view.reply_chart.accessibleDescription()
    assert view.followup_chart.accessibleDescription().startswith("Of ")
    assert view.tiles["applications"].accessibleName() == "Applications: 40"
    text = view.text.toPlainText()
    for section in sections:
        assert section.title in text
        for line in section.lines:
            assert line in text
    # Charts take keyboard focus, so a screen reader reaches them and reads the description.
    assert view.funnel_chart.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_the_period_filter(view, qtbot):
    all_time = view.insights.funnel.total
    view.picker.set_preset("30d")
    qtbot.waitUntil(lambda: view.insights.period.start is not None)
    assert view.insights.funnel.total < all_time
    view.picker.set_period(date(2020, 1, 1), date(2020, 1, 31))
    qtbot.waitUntil(lambda: view.insights.funnel.total == 0)
    assert view.tiles["reply"].value.text() == "—"
    assert not view.quiet_list.isVisible() and view.quiet_empty.isVisible()
    assert "No interviews were added in this period." in view.text.toPlainText()


def test_typing_dates_makes_a_custom_period_and_to_follows_from(view, qtbot):
    picker = view.picker
    picker.set_preset("3m")
    picker.first.setDate(picker.last.date().addDays(5))
    assert picker.preset.currentData() == "custom"
    first, last = picker.period()
    assert last == first
    qtbot.waitUntil(lambda: view.insights.period.start is not None)


def test_it_follows_changes_to_the_board(view, sample, qtbot):
    before = view.insights.funnel.total
    sample.board.create_interview("Zeta Corp", "Designer")
    qtbot.waitUntil(lambda: view.insights.funnel.total == before + 1, timeout=3000)


def contrast_pixels(image: QImage, background: QColor) -> int:
    """Pixels clearly lighter or darker than the background (text, bars, dots)."""
    bg = background.lightnessF()
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if abs(image.pixelColor(x, y).lightnessF() - bg) > 0.35:
                count += 1
    return count


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_charts_are_drawn_readably_in_light_and_dark(view, qtbot, dark):
    if dark:
        view.setPalette(dark_palette())
    view.resize(1200, 900)
    qtbot.wait(10)
    for chart in (view.funnel_chart, view.reply_chart, view.followup_chart):
        base = chart.palette().color(QPalette.ColorRole.Base)
        assert (base.lightnessF() < 0.3) is dark
        image = chart.grab().toImage()
        assert contrast_pixels(image, base) > 150, chart


def test_view_menu_opens_it_and_file_menu_has_the_report(qtbot, sample):
    window = MainWindow(sample)
    qtbot.addWidget(window)
    show_action = install_insights(window)
    report_action = install_report(window)
    assert show_action in window.view_menu.actions()
    assert show_action.shortcut().toString() == "Ctrl+Shift+I"
    assert report_action in window.file_menu.actions()
    assert report_action.text() == "Job-search &report…"
    assert window.findChild(InsightsWindow) is None  # built on first use
    show_action.trigger()
    insights = window.findChild(InsightsWindow)
    assert insights is not None and insights.show_action is show_action
    qtbot.waitUntil(lambda: insights.isVisible() and insights.insights is not None)
    first, last = insights.picker.period()  # the last 3 months by default
    assert insights.insights == InsightsService(sample).insights(first, last)
    assert insights.isWindow() and insights.parent() is window
    show_action.trigger()  # again: the same window
    assert window.findChildren(InsightsWindow) == [insights]
    from followup_desktop.ui.report_dialog import ReportDialog

    report_action.trigger()
    dialog = window.findChild(ReportDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_report_button_opens_the_dialog_on_the_same_period(view, qtbot):
    from followup_desktop.ui.report_dialog import ReportDialog

    view.picker.set_period(date(2026, 1, 1), date(2026, 2, 28))
    view.report_button.click()
    dialog = view.findChild(ReportDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.picker.period() == (date(2026, 1, 1), date(2026, 2, 28))
    dialog.reject()
    assert dialog.picker.period()[1] - dialog.picker.period()[0] == timedelta(days=58)
