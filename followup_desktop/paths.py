"""Where the data lives: the platformdirs user data dir, unless overridden.

Precedence: ``--data-dir`` > ``FOLLOWUP_DATA_DIR`` > the platform's user data dir for
"FollowUp" (e.g. ``~/.local/share/FollowUp`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

from followup_desktop import APP_ID

ENV_DATA_DIR = "FOLLOWUP_DATA_DIR"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False, roaming=True))


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory to use (not created here)."""
    if override:
        return Path(override).expanduser().absolute()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().absolute()
    return default_data_dir()
