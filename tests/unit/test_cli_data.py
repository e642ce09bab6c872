"""`followup-desktop backup | export | import`: output, files, and errors with exit code 2."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from followup_desktop.app import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(capsys, "--data-dir", str(data_dir), "demo", "--size", "12")[0] == 0
    return data_dir


def test_backup_into_the_backups_folder_and_to_a_file(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--data-dir", str(demo), "backup")
    assert code == 0
    made = Path(out.strip().removeprefix("Backed up to "))
    assert made.parent == demo / "backups"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    target = tmp_path / "stick" / "copy.sqlite3"
    assert run(capsys, "--data-dir", str(demo), "backup", "--to", str(target))[0] == 0
    assert target.exists()
    code, out, err = run(capsys, "--data-dir", str(demo), "backup", "--to", str(target))
    assert code == 2
    assert out == ""
    assert err.startswith("followup-desktop: error: ")
    assert "already exists" in err
    assert "Traceback" not in err


def test_export_each_format_then_import_into_a_new_folder(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(demo), "export"]
    assert run(capsys, *base, "--format", "json", str(tmp_path / "all.json"))[0] == 0
    code, out, _ = run(capsys, *base, str(tmp_path / "jobs.csv"))
    assert code == 0
    assert "jobs-contacts.csv" in out
    assert run(capsys, *base, "--format", "ics", str(tmp_path / "rounds.ics"))[0] == 0
    assert (tmp_path / "rounds.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert json.loads((tmp_path / "all.json").read_text())["format"] == "followup-desktop"

    new = tmp_path / "new"
    code, out, _ = run(capsys, "--data-dir", str(new), "import", str(tmp_path / "all.json"))
    assert code == 0
    assert out.startswith("Imported ") and "12 interviews" in out
    code, out, _ = run(capsys, "--data-dir", str(new), "import", str(tmp_path / "all.json"))
    assert code == 0
    assert out.startswith("Nothing new to import.")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"format": "followup-desktop", "version": 1, "interviews": [{}]}',
            "interviews[0].id: is required",
        ),
        ("{oops", "line 1, column 2"),
        ("Company,Role\nAcme,\n", "row 2, Role: is required"),
    ],
)
def test_a_bad_file_is_reported_in_one_line(
    content: str,
    message: str,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", str(data_dir), "import", str(path))
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_backup_or_export_without_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "none"), "backup")
    assert code == 2
    assert "No Follow-Up data" in err
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "none"), "export", "x.json")
    assert code == 2


def test_export_to_a_folder_that_does_not_exist(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--data-dir", str(demo), "export", str(tmp_path / "no" / "x.json"))
    assert code == 2
    assert "Could not write" in err
