"""Every subpackage must be listed in pyproject.toml, or the wheel and bundle miss it."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "followup_desktop").rglob("__init__.py")
    }
    missing = found - listed
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {missing}"
    assert "followup_desktop._resources" in listed


def test_core_and_store_never_import_qt():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("core", "store")
        for path in (ROOT / "followup_desktop" / folder).rglob("*.py")
        if "PySide6" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
