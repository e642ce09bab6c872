"""What goes into a Follow-Up bundle, and what is left out.

Shared by ``followup.spec`` and by the size baseline (``baseline/hello.spec``, a hello-world
PySide6 window), so the two bundles are built the same way and their sizes compare fairly.

PyInstaller's PySide6 hooks collect every Qt plugin of the modules in use, all of Qt's
translations, and the libraries those plugins link to (GTK for the gtk3 theme, OpenSSL for the
TLS backends...). This module removes what Follow-Up never uses:

- Qt modules: QML/Quick, 3D, WebEngine, Multimedia, Designer, Help, Test, SQL (the app uses
  Python's sqlite3), OpenGL... (Python modules, so their Qt libraries are never collected).
- Qt plugins: only the platform plugins a desktop needs (xcb, wayland, offscreen for smoke
  tests, and the native ones on Windows/macOS), no eglfs/linuxfb/vnc, no TLS or network
  information backends (the app never touches the network), no virtual keyboard, no evdev
  input, no image formats the app never reads (tiff, webp, tga, wbmp, pdf).
  The gtk3 platform theme goes too: it links to the *system's* GTK, which would then run
  against the GLib copied into the bundle from the build machine — a known source of crashes
  on newer desktops. The xdg-desktop-portal theme stays, so file dialogs still go native.
- Qt's translations: the app's text is English, and translated standard buttons in an English
  window read worse than English ones.
- Then, on Linux, every shared library no longer needed by anything left in the bundle (the
  libraries of the dropped plugins).

Keep: QtCore/Gui/Widgets, QtDBus (tray and notifications on Linux), QtSvg (the icons),
QtPrintSupport (printing a letter), QtNetwork (QLocalServer for a single running instance).
"""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

#: Qt for Python modules the app never imports. Listing one also stops its Qt library and
#: plugins from being collected.
EXCLUDED_QT_MODULES: tuple[str, ...] = tuple(
    f"PySide6.{name}"
    for name in (
        "Qt3DAnimation",
        "Qt3DCore",
        "Qt3DExtras",
        "Qt3DInput",
        "Qt3DLogic",
        "Qt3DRender",
        "QtAxContainer",
        "QtBluetooth",
        "QtCharts",
        "QtConcurrent",
        "QtDataVisualization",
        "QtDesigner",
        "QtGraphs",
        "QtGraphsWidgets",
        "QtHelp",
        "QtHttpServer",
        "QtLabsStyleKit",
        "QtLocation",
        "QtMultimedia",
        "QtMultimediaWidgets",
        "QtNetworkAuth",
        "QtNfc",
        "QtOpenGL",
        "QtOpenGLWidgets",
        "QtPdf",
        "QtPdfWidgets",
        "QtPositioning",
        "QtQml",
        "QtQmlFeatures",
        "QtQuick",
        "QtQuick3D",
        "QtQuickControls2",
        "QtQuickTest",
        "QtQuickWidgets",
        "QtRemoteObjects",
        "QtScxml",
        "QtSensors",
        "QtSerialBus",
        "QtSerialPort",
        "QtSpatialAudio",
        "QtSql",
        "QtStateMachine",
        "QtTest",
        "QtTextToSpeech",
        "QtUiTools",
        "QtWebChannel",
        "QtWebEngineCore",
        "QtWebEngineQuick",
        "QtWebEngineWidgets",
        "QtWebSockets",
        "QtWebView",
        "QtXml",
    )
)

#: Python packages that must never ride along (tooling from the build venv, GUI toolkits the
#: standard library offers, test frameworks).
EXCLUDED_PYTHON_MODULES: tuple[str, ...] = (
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "lib2to3",
    "pydoc_data",
    "unittest",
    "doctest",
    "test",
    "distutils",
    "setuptools",
    "pkg_resources",
    "pip",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "IPython",
    "numpy",
    "PIL",
    "PyInstaller",
)

#: Bundle paths (relative to ``_internal``) to leave out; fnmatch patterns, where ``*`` also
#: crosses folders: Qt sits in ``PySide6/Qt/`` in Linux and macOS wheels, in ``PySide6/`` on
#: Windows.
DROPPED_FILES: tuple[str, ...] = (
    "PySide6/*translations/*",
    *(
        f"PySide6/*plugins/{group}/*"
        for group in (
            "egldeviceintegrations",
            "generic",
            "networkinformation",
            "tls",
            "qmltooling",
            "designer",
            "sqldrivers",
            "vectorimageformats",
            "wayland-graphics-integration-server",
        )
    ),
    "PySide6/*plugins/platforminputcontexts/*virtualkeyboard*",
    "PySide6/*plugins/platformthemes/*gtk3*",
    *(
        f"PySide6/*plugins/platforms/*{name}*"
        for name in ("eglfs", "linuxfb", "minimalegl", "vnc", "vkkhrdisplay")
    ),
    *(
        f"PySide6/*plugins/imageformats/*{name}*"
        for name in ("qtiff", "qwebp", "qtga", "qwbmp", "qpdf")
    ),
)

#: Linux libraries Qt opens with dlopen() rather than linking, so no NEEDED entry leads to them;
#: the unused-library pass must keep them. (libpython is opened by PyInstaller's bootloader.)
DLOPENED_LIBRARIES: tuple[str, ...] = ("libpython*",)

# A TOC entry: (name inside the bundle, source path, type code).
TocEntry = tuple[str, str, str]


def excludes() -> list[str]:
    """Module names for ``Analysis(excludes=...)``."""
    return [*EXCLUDED_QT_MODULES, *EXCLUDED_PYTHON_MODULES]


def is_dropped(dest: str) -> bool:
    """True when a file at ``dest`` (relative to the bundle's ``_internal``) is left out."""
    posix = PurePosixPath(dest.replace("\\", "/")).as_posix()
    return any(fnmatch.fnmatch(posix, pattern) for pattern in DROPPED_FILES)


def _is_plain_library(dest: str) -> bool:
    """A shared library only needed because something else links to it."""
    path = PurePosixPath(dest.replace("\\", "/"))
    if "plugins" in path.parts:  # Qt loads plugins itself: each is a root.
        return False
    name = path.name
    if any(fnmatch.fnmatch(name, pattern) for pattern in DLOPENED_LIBRARIES):
        return False
    return name.startswith("lib") and ".so" in name


def _linux_needed(path: str) -> set[str]:
    """Every library ``path`` needs, transitively (ldd), by file name."""
    from PyInstaller.depend import bindepend

    return {name for name, _resolved in bindepend.get_imports(path)}


def unused_libraries(
    binaries: Iterable[TocEntry], needed: Callable[[str], set[str]] = _linux_needed
) -> set[str]:
    """Bundle names of the Linux shared libraries nothing left in ``binaries`` needs.

    Roots are every binary that is not a plain library: extension modules, Qt plugins and the
    libraries Qt or the bootloader open themselves.
    """
    entries = [entry for entry in binaries if entry[2] in ("BINARY", "EXTENSION")]
    reached: set[str] = set()
    for dest, source, _kind in entries:
        if not _is_plain_library(dest):
            reached |= needed(source)
    return {
        dest
        for dest, _source, _kind in entries
        if _is_plain_library(dest) and PurePosixPath(dest).name not in reached
    }


def prune(binaries: list[TocEntry], datas: list[TocEntry]) -> tuple[list[TocEntry], list[TocEntry]]:
    """``(binaries, datas)`` of an Analysis without what the app never uses.

    Prints one line per group of dropped files, so a build log says what was left out.
    """
    kept_binaries = [entry for entry in binaries if not is_dropped(entry[0])]
    kept_datas = [entry for entry in datas if not is_dropped(entry[0])]
    dropped = len(binaries) - len(kept_binaries) + len(datas) - len(kept_datas)
    print(f"bundle_options: left out {dropped} unused Qt plugins and translations")
    if sys.platform.startswith("linux"):
        unused = unused_libraries(kept_binaries)
        kept_binaries = [entry for entry in kept_binaries if entry[0] not in unused]
        # PyInstaller links each library moved to a subfolder from the top: drop those links.
        names = {PurePosixPath(dest).name for dest in unused}
        kept_binaries = [
            entry
            for entry in kept_binaries
            if not (entry[2] == "SYMLINK" and PurePosixPath(entry[0]).name in names)
        ]
        print(
            f"bundle_options: left out {len(unused)} libraries nothing needs any more: "
            + ", ".join(sorted(PurePosixPath(d).name for d in unused))
        )
    return kept_binaries, kept_datas


def build_onedir(
    name: str,
    script: str,
    *,
    pathex: Iterable[str] = (),
    datas: Iterable[tuple[str, str]] = (),
    icon: str | None = None,
    version_file: str | None = None,
    mac_bundle: dict[str, object] | None = None,
) -> None:
    """Run PyInstaller's build steps for a onedir bundle ``dist/<name>/<name>``.

    Called from a .spec file (PyInstaller's build context). Every Follow-Up bundle is built
    through here, so the app and the size baseline share excludes, pruning and stripping.
    ``mac_bundle`` holds ``BUNDLE`` arguments (``bundle_identifier``, ``info_plist``...) for
    the macOS ``.app``.
    """
    from PyInstaller.building.api import COLLECT, EXE, PYZ
    from PyInstaller.building.build_main import Analysis

    analysis = Analysis(
        [script], pathex=list(pathex), datas=list(datas), excludes=excludes(), noarchive=False
    )
    analysis.binaries, analysis.datas = prune(analysis.binaries, analysis.datas)
    pyz = PYZ(analysis.pure)
    # Stripping debug symbols halves a debug-built libpython; macOS would lose code signatures.
    strip = sys.platform.startswith("linux")
    exe = EXE(
        pyz,
        analysis.scripts,
        [],
        exclude_binaries=True,
        name=name,
        # A GUI app: no console window on Windows (so --version prints nothing there).
        console=False,
        strip=strip,
        upx=False,
        icon=icon,
        version=version_file,
    )
    collected = COLLECT(exe, analysis.binaries, analysis.datas, strip=strip, upx=False, name=name)
    if sys.platform == "darwin" and mac_bundle is not None:
        from PyInstaller.building.osx import BUNDLE

        BUNDLE(collected, name=f"{name}.app", icon=icon, **mac_bundle)
