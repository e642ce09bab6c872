"""Finding the shipped resources (icons, templates) in every way the app can run.

The top-level ``resources/`` folder is packaged as ``followup_desktop._resources`` (see
pyproject.toml), so one lookup serves a source checkout, an installed wheel and the
PyInstaller bundle (which collects that package's data under the same name).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """The folder holding ``icons/`` and ``templates/``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidate = Path(frozen_root) / "followup_desktop" / "_resources"
        if candidate.is_dir():
            return candidate
    # A source checkout: the repository's own resources/ (editable installs too).
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    installed = Path(__file__).resolve().parent / "_resources"
    if installed.is_dir():
        return installed
    raise FileNotFoundError("Follow-Up's resources folder is missing: reinstall the app.")


def resource_path(*parts: str) -> Path:
    """A file inside the resources folder, e.g. ``resource_path("icons", "app.svg")``."""
    return resources_dir().joinpath(*parts)
