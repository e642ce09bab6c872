"""Start-up imports only what the first frame needs: export formats, vCards, mail and the
editor's dialogs load when first used (each cost tens of ms at every start; see
docs/performance.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Modules a start must not import (what they cost at start, measured before they went lazy).
NOT_AT_START = {
    "icalendar": "~100 ms: File ▸ Export as a calendar only",
    "vobject": "~50 ms with dateutil: vCard import and export only",
    "email.policy": "~15 ms: writing a message only",
    "followup_desktop.services.compose": "the compose window and the Templates page",
    "followup_desktop.ui.dialogs.interview_editor": "opening a card",
    "followup_desktop.store.exchange.csv_import": "File ▸ Import only",
    "followup_desktop.sample_data": "--demo and the demo command only",
}

PROBE = """
import json, sys
from followup_desktop.app import main
code = main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
sys.exit(code)
"""


@pytest.mark.slow
def test_a_start_leaves_the_occasional_features_unloaded(data_dir: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data_dir), "--quit-after", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "followup_desktop.ui.board.board_widget" in loaded  # it did start
    assert {name: why for name, why in NOT_AT_START.items() if name in loaded} == {}
