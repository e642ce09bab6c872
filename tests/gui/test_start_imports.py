"""Start-up imports only what the first frame needs: export formats, vCards, mail, Insights and
the editor's dialogs load when first used, the tray, menus' features and settings pages right
after the first frame (each cost ms at every start; see docs/performance.md); what the start
needs below the UI is imported before PySide6 (``app.BELOW_THE_UI``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop.app import BELOW_THE_UI

#: Modules a start must not import, even after its first frame (what they cost at start,
#: measured before they went lazy).
NOT_AT_START = {
    "icalendar": "~100 ms: File ▸ Export as a calendar only",
    "vobject": "~50 ms with dateutil: vCard import and export only",
    "email.policy": "~15 ms: writing a message only",
    "followup_desktop.services.compose": "the compose window and the Templates page",
    "followup_desktop.ui.dialogs.interview_editor": "opening a card",
    "followup_desktop.store.exchange.csv_import": "File ▸ Import only",
    "followup_desktop.sample_data": "--demo and the demo command only",
    "followup_desktop.ui.insights": "~30 ms with what it draws: View ▸ Insights builds it",
    "followup_desktop.core.insights": "~17 ms of dataclasses: Insights and the report only",
    "followup_desktop.core.history": "~6 ms of dataclasses: Insights and the report only",
    "followup_desktop.services.insights": "Insights and the report only",
    "followup_desktop.ui.report_dialog": "File ▸ Job-search report… only",
}

#: Modules that wait for the first frame (installed right after it by
#: ``app.install_features(defer=True)``): none of them shows in it.
NOT_BEFORE_THE_FIRST_FRAME = {
    "followup_desktop.ui.tray": "the tray icon: ~10 ms with a tray (pixmaps, D-Bus)",
    "followup_desktop.ui.compose_wiring": "~11 ms: Compose ▸ entries and the Templates page",
    "followup_desktop.ui.settings.templates_page": "a Settings page",
    "followup_desktop.ui.settings.notifications_page": "a Settings page, ~6 ms",
    "followup_desktop.autostart": "the Notifications page's start-at-login (subprocess...)",
    "followup_desktop.ui.data_menu": "File ▸ Back up / Restore / Export / Import",
    "followup_desktop.services.exchange": "File ▸ Back up / Restore / Export / Import",
    "followup_desktop.ui.insights_menu": "View ▸ Insights, File ▸ Job-search report…",
}

PROBE = """
import json, sys
import followup_desktop.app as app
at_first_paint = []
report = app.report_first_paint

def snapshot():
    at_first_paint.extend(sorted(sys.modules))
    report()

app.report_first_paint = snapshot
code = app.main(sys.argv[1:])
print(json.dumps({"first_paint": at_first_paint, "end": sorted(sys.modules)}))
sys.exit(code)
"""


@pytest.mark.slow
def test_a_start_leaves_the_occasional_features_unloaded(data_dir: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FOLLOWUP_REPORT_FIRST_PAINT": "1"}
    done = subprocess.run(
        # Quits 300 ms after the first frame: the work that waited for it has run.
        [sys.executable, "-c", PROBE, "--data-dir", str(data_dir), "--quit-after", "300"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    at_first_paint, at_end = set(loaded["first_paint"]), set(loaded["end"])
    assert "followup_desktop.ui.board.board_widget" in at_first_paint  # it did start
    assert {name: why for name, why in NOT_AT_START.items() if name in at_end} == {}
    early = {n: why for n, why in NOT_BEFORE_THE_FIRST_FRAME.items() if n in at_first_paint}
    assert early == {}
    # ... and they did come, right after it (the lists above are not stale).
    assert set(NOT_BEFORE_THE_FIRST_FRAME) - {"followup_desktop.ui.tray"} <= at_end
    # Everything imported before PySide6 is needed by the start.
    assert set(BELOW_THE_UI) <= at_first_paint


def test_what_a_start_imports_before_pyside6_does_not_import_qt() -> None:
    probe = (
        "import importlib, sys\n"
        "from followup_desktop.app import BELOW_THE_UI\n"
        "for name in BELOW_THE_UI: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
