"""Where the data lives: ``--data-dir`` > ``FOLLOWUP_DATA_DIR`` > the platform's data dir."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from followup_desktop import paths


@pytest.fixture(autouse=True)
def _no_env_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)


def test_default_is_the_platform_user_data_dir_for_followup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    found = paths.data_dir()
    assert found == paths.default_data_dir()
    assert found.name == "FollowUp"
    if sys.platform.startswith("linux"):
        assert found == tmp_path / "xdg" / "FollowUp"


def test_nothing_is_created_just_by_asking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    paths.data_dir()
    paths.data_dir(tmp_path / "explicit")
    assert not (tmp_path / "xdg" / "FollowUp").exists()
    assert not (tmp_path / "explicit").exists()


def test_the_environment_variable_overrides_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "from-env"))
    assert paths.data_dir() == tmp_path / "from-env"


def test_the_flag_beats_the_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "from-env"))
    assert paths.data_dir(str(tmp_path / "from-flag")) == tmp_path / "from-flag"
    assert paths.data_dir(tmp_path / "as-path") == tmp_path / "as-path"


def test_an_empty_environment_variable_is_ignored(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(paths.ENV_DATA_DIR, "")
    assert paths.data_dir() == paths.default_data_dir()


def test_relative_and_home_paths_become_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.data_dir("rel/data") == tmp_path / "rel" / "data"
    assert paths.data_dir("~/jobs") == tmp_path / "home" / "jobs"
    monkeypatch.setenv(paths.ENV_DATA_DIR, "~/env-jobs")
    assert paths.data_dir() == tmp_path / "home" / "env-jobs"
    assert paths.data_dir().is_absolute()
