"""Screenshots of the Insights view on sample data, light and dark, for docs/screenshots/.

    .venv/bin/python scripts/screenshot_insights.py [OUT_DIR]

Runs offscreen (no display needed), on a throwaway data folder with 60 sample interviews and
a fixed clock, so the pictures only change when the view does. Writes insights.png and
insights-dark.png (the same view under a dark palette).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

#: A Tuesday morning; the sample data is dated around it.
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def dark_palette() -> QPalette:
    """A dark palette like the ones desktops ship (used to check the charts read on dark)."""
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1f2329",
        QPalette.ColorRole.WindowText: "#e6e8eb",
        QPalette.ColorRole.Base: "#272c33",
        QPalette.ColorRole.AlternateBase: "#2d333b",
        QPalette.ColorRole.Text: "#e6e8eb",
        QPalette.ColorRole.Button: "#2d333b",
        QPalette.ColorRole.ButtonText: "#e6e8eb",
        QPalette.ColorRole.Highlight: "#4c8dff",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: "#9aa3ad",
        QPalette.ColorRole.ToolTipBase: "#2d333b",
        QPalette.ColorRole.ToolTipText: "#e6e8eb",
        QPalette.ColorRole.Mid: "#3a414a",
        QPalette.ColorRole.Dark: "#15181c",
        QPalette.ColorRole.Light: "#3d444d",
    }
    for role, color in roles.items():
        p.setColor(role, QColor(color))
    return p


def main(out_dir: Path) -> int:
    from followup_desktop import sample_data
    from followup_desktop.services import Services
    from followup_desktop.store.db import close_store, open_store
    from followup_desktop.ui.insights import InsightsWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setStyle("Fusion")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="followup-shot-") as tmp:
        db_path = open_store(Path(tmp))
        services = Services.create(clock=lambda: NOW, tz=ZoneInfo("Europe/London"), db_path=db_path)
        sample_data.generate(services, size=60)
        for name, palette in (("insights.png", None), ("insights-dark.png", dark_palette())):
            window = InsightsWindow(services)
            if palette is not None:
                window.setPalette(palette)
            window.resize(1200, 850)
            window.show()
            for _ in range(3):  # the charts' sizes settle over a few layout passes
                app.processEvents()
            target = out_dir / name
            window.grab().save(str(target))
            print(f"wrote {target}")
            window.close()
            window.deleteLater()
            app.processEvents()
        close_store()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
