"""A dark palette like the ones desktops ship, to check the charts read on dark."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def dark_palette() -> QPalette:
    p = QPalette()
    for role, color in {
        QPalette.ColorRole.Window: "#1f2329",
        QPalette.ColorRole.WindowText: "#e6e8eb",
        QPalette.ColorRole.Base: "#272c33",
        QPalette.ColorRole.AlternateBase: "#2d333b",
        QPalette.ColorRole.Text: "#e6e8eb",
        QPalette.ColorRole.Button: "#2d333b",
        QPalette.ColorRole.ButtonText: "#e6e8eb",
        QPalette.ColorRole.Highlight: "#4c8dff",
        QPalette.ColorRole.PlaceholderText: "#9aa3ad",
    }.items():
        p.setColor(role, QColor(color))
    return p
