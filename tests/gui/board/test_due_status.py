"""The status bar's due count: counted in SQL, refreshed once after a burst of changes, after
the board has repainted."""

from __future__ import annotations

from datetime import timedelta

from followup_desktop.services import Services
from followup_desktop.ui.main_window import MainWindow


def test_the_count_follows_changes_once_per_burst(qtbot, services: Services, cards, monkeypatch):
    interview = cards.applied[0]
    now = services.ctx.now()
    add = services.followups.add_custom
    overdue = add(interview, "Ring back", now - timedelta(days=5))
    due = add(interview, "Send the portfolio", now - timedelta(hours=1))
    window = MainWindow(services)
    qtbot.addWidget(window)
    expected_before = len(services.followups.due(now))
    overdue_before = sum(1 for f in services.followups.due(now) if f.display.value == "overdue")
    assert window.due_label.text().startswith(f"{expected_before} follow-up")
    assert f"{overdue_before} overdue" in window.due_label.text()

    refreshes: list[str] = []
    original = window._refresh_status
    monkeypatch.setattr(window, "_refresh_status", lambda: refreshes.append("x") or original())
    window._status_timer.timeout.disconnect()
    window._status_timer.timeout.connect(window._refresh_status)
    services.followups.mark_done(overdue)
    services.followups.mark_done(due)
    assert refreshes == []  # not inside the change: after it, once
    qtbot.waitUntil(lambda: refreshes == ["x"])
    after = len(services.followups.due(now))
    assert after == expected_before - 2
    assert window.due_label.text().startswith(f"{after} follow-up") or after == 0
    window.bridge.detach()
