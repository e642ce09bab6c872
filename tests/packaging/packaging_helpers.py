"""Load the build scripts under packaging/ by file path, for the packaging tests.

packaging/ is no Python package (its name would shadow the PyPI ``packaging`` that pip,
setuptools and PyInstaller import), so its modules are loaded from their files.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load_packaging_module(relative: str) -> ModuleType:
    """The module at ``packaging/<relative>``, imported once under a private name."""
    name = "followup_packaging_" + relative.removesuffix(".py").replace("/", "_")
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PACKAGING / relative)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def extract_tarball(archive: Path, out: Path) -> None:
    """Unpack our own tarball, with the "tar" safety filter where this Python has it.

    Extraction filters arrived in Python 3.11.4; Debian 12's python3 is 3.11.2.
    """
    import tarfile

    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "tar_filter"):
            tar.extractall(out, filter="tar")
        else:  # our own archive, built by the test itself
            tar.extractall(out)
