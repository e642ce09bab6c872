"""The main window as the GUI tests of one feature need it: that feature plugged in, shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from followup_desktop.services import Services
from followup_desktop.ui.main_window import MainWindow


def shown_window(qtbot: Any, services: Services, install: Callable[[Any], object]) -> MainWindow:
    """A 1280×800 main window with ``install(window)`` done, shown, past its first frame."""
    win = MainWindow(services)
    qtbot.addWidget(win)
    install(win)
    win.finish_menus()
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    # Side panels fill right after the window's first frame (MainWindow.after_first_frame).
    qtbot.waitUntil(lambda: win.first_frame.done)
    return win
