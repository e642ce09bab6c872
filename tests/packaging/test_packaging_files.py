"""The files that make Follow-Up installable: icons, .ico/.icns, desktop entry, AppStream,
Windows version resource, and what the bundle leaves out. Fast: no PyInstaller run."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from packaging_helpers import ROOT, load_packaging_module
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader

from followup_desktop import APP_ID, __version__

render_icons = load_packaging_module("render_icons.py")
bundle_options = load_packaging_module("bundle_options.py")
version_info = load_packaging_module("windows/version_info.py")

LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"
SHIPPED_SVGS = [
    "followup.svg",
    "followup-small.svg",
    "followup-tray.svg",
    "followup-tray-attention.svg",
]


def _desktop_entry() -> dict[str, str]:
    lines = (LINUX / "followup-desktop.desktop").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


@pytest.mark.parametrize("name", SHIPPED_SVGS)
@pytest.mark.parametrize("size", [16, 22, 48])
def test_every_icon_draws_an_opaque_mark_on_a_transparent_corner(qapp, name, size):
    image = QImage.fromData(render_icons.render_png(ICONS / name, size))
    assert (image.width(), image.height()) == (size, size)
    # The rounded tile leaves the very corner (nearly) clear, and fills the middle.
    assert image.pixelColor(0, 0).alpha() < 64
    assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_small_sizes_come_from_the_16px_drawing():
    assert render_icons.source_for(16).name == "followup-small.svg"
    assert render_icons.source_for(24).name == "followup-small.svg"
    assert render_icons.source_for(32).name == "followup.svg"


def test_the_attention_variant_differs_from_the_tray_icon_in_its_corner(qapp):
    plain = QImage.fromData(render_icons.render_png(ICONS / "followup-tray.svg", 22))
    attention = QImage.fromData(render_icons.render_png(ICONS / "followup-tray-attention.svg", 22))
    corner = attention.pixelColor(16, 5)
    assert corner.red() > 200 and corner.blue() < 100  # the amber-red dot
    assert plain.pixelColor(16, 5) != corner


def _read_all(data: bytes, fmt: bytes) -> list[tuple[int, int]]:
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(fmt))
    sizes = []
    for _ in range(reader.imageCount()):
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        sizes.append((image.width(), image.height()))
        reader.jumpToNextImage()
    return sizes


def test_ico_holds_every_size_and_qt_reads_it_back(qapp):
    pngs = {
        size: render_icons.render_png(ICONS / "followup.svg", size)
        for size in render_icons.ICO_SIZES
    }
    data = render_icons.ico_bytes(pngs)
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(render_icons.ICO_SIZES))
    width_of_last = data[6 + 16 * (count - 1)]
    assert width_of_last == 0  # 256 px is written as 0
    assert sorted(_read_all(data, b"ico")) == [(s, s) for s in render_icons.ICO_SIZES]


def test_ico_refuses_images_over_256_px():
    with pytest.raises(ValueError, match="1 to 256"):
        render_icons.ico_bytes({512: b"png"})


def test_icns_has_a_correct_table_of_png_elements(qapp):
    sizes = {size for _kind, size in render_icons.ICNS_TYPES}
    pngs = {size: render_icons.render_png(ICONS / "followup.svg", size) for size in sizes}
    data = render_icons.icns_bytes(pngs)
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    offset, kinds = 8, []
    while offset < len(data):
        kind, length = data[offset : offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        assert data[offset + 8 : offset + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        offset += length
    assert offset == len(data)
    assert kinds == [kind for kind, _size in render_icons.ICNS_TYPES]


def test_render_all_lays_out_the_hicolor_theme(qapp, tmp_path: Path):
    made = render_icons.render_all(tmp_path)
    for size in render_icons.PNG_SIZES:
        png = tmp_path / "hicolor" / f"{size}x{size}" / "apps" / "followup-desktop.png"
        image = QImage(str(png))
        assert (image.width(), image.height()) == (size, size)
    assert (tmp_path / "hicolor" / "scalable" / "apps" / "followup-desktop.svg").is_file()
    assert made["ico"].stat().st_size > 1000 and made["icns"].stat().st_size > 1000


def test_desktop_entry_matches_the_app():
    entry = _desktop_entry()
    # Qt sets WM_CLASS to (executable name, application name) = ("FollowUp", APP_ID), and on
    # Wayland the app id to setDesktopFileName(...), which must name this file.
    assert entry["StartupWMClass"] == APP_ID
    app_py = (ROOT / "followup_desktop" / "app.py").read_text(encoding="utf-8")
    assert 'setDesktopFileName("followup-desktop")' in app_py
    assert entry["Icon"] == render_icons.ICON_NAME
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Exec"].startswith("followup-desktop")  # install.sh puts the full path here


def test_metainfo_names_the_desktop_file_and_the_current_version():
    tree = ET.parse(LINUX / "io.github.followup.FollowUp.metainfo.xml")
    root = tree.getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == "io.github.followup.FollowUp"
    assert root.findtext("launchable") == "followup-desktop.desktop"
    newest = root.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__, "add a <release> for the new version"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", newest.get("date", ""))


def test_windows_version_resource_is_a_pyinstaller_version_expression(tmp_path: Path):
    # PyInstaller evaluates the file with its own classes, which need pefile (Windows only);
    # stand-ins that record their arguments check the same expression here.
    names = [
        "VSVersionInfo",
        "FixedFileInfo",
        "StringFileInfo",
        "StringTable",
        "StringStruct",
        "VarFileInfo",
        "VarStruct",
    ]

    def recorder(name):
        return lambda *args, **kwargs: (name, args, kwargs)

    path = version_info.write_version_file("1.2.3rc1", tmp_path / "v.txt")
    info = eval(path.read_text(encoding="utf-8"), {name: recorder(name) for name in names})
    name, _args, parts = info
    assert name == "VSVersionInfo"
    assert parts["ffi"][2]["filevers"] == (1, 2, 3, 0)
    table = parts["kids"][0][1][0][0]  # StringFileInfo([StringTable(lang, [StringStruct...])])
    strings = dict(entry[1] for entry in table[1][1])
    assert strings["ProductVersion"] == "1.2.3rc1"
    assert strings["OriginalFilename"] == "FollowUp.exe"


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("2.0", (2, 0, 0, 0)),
        ("1.2.3.4.5", (1, 2, 3, 4)),
        ("1.0.dev3+g12ab", (1, 0, 0, 0)),
    ],
)
def test_version_numbers(version, numbers):
    assert version_info.version_numbers(version) == numbers


def test_version_numbers_need_a_number():
    with pytest.raises(ValueError, match="no version numbers"):
        version_info.version_numbers("dev")


@pytest.mark.parametrize(
    ("dest", "dropped"),
    [
        ("PySide6/Qt/translations/qt_de.qm", True),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
        ("PySide6\\plugins\\imageformats\\qtiff.dll", True),  # Windows wheels: no Qt/ folder
        ("PySide6\\plugins\\tls\\qschannelbackend.dll", True),
        ("PySide6\\translations\\qtbase_de.qm", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", False),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", False),
        ("followup_desktop/_resources/icons/followup.svg", False),
    ],
)
def test_what_the_bundle_leaves_out(dest, dropped):
    assert bundle_options.is_dropped(dest) is dropped


def test_modules_the_app_uses_are_never_excluded():
    excluded = set(bundle_options.excludes())
    used = {
        match
        for path in (ROOT / "followup_desktop").rglob("*.py")
        for match in re.findall(r"\b(PySide6\.Qt\w+)", path.read_text(encoding="utf-8"))
    }
    for module in (
        "jinja2",
        "peewee",
        "platformdirs",
        "sqlite3",
        "PySide6.QtDBus",
        "PySide6.QtSvg",
        "PySide6.QtPrintSupport",
        "PySide6.QtNetwork",
    ):
        used.add(module)
    assert used & excluded == set()


def test_unused_libraries_keeps_what_something_still_links_to():
    binaries = [
        ("PySide6/QtGui.abi3.so", "/x/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/x/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/x/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/x/libQt6XcbQpa.so.6", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),  # only the dropped gtk3 theme
        ("libpython3.11.so.1.0", "/x/libpython3.11.so.1.0", "BINARY"),  # the bootloader's
        ("libQt6XcbQpa.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6", "SYMLINK"),
    ]
    needs = {
        "/x/QtGui.abi3.so": {"libQt6Gui.so.6"},
        "/x/libqxcb.so": {"libQt6XcbQpa.so.6", "libQt6Gui.so.6"},
        "/x/libpython3.11.so.1.0": set(),
    }
    assert bundle_options.unused_libraries(binaries, needs.__getitem__) == {"libcairo.so.2"}
