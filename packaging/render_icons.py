"""Render Follow-Up's SVG icons to PNG, ICO (Windows) and ICNS (macOS) with Qt alone.

    python packaging/render_icons.py OUT_DIR

writes, from ``resources/icons/``:

- ``OUT_DIR/hicolor/<N>x<N>/apps/followup-desktop.png`` for N in :data:`PNG_SIZES` and
  ``OUT_DIR/hicolor/scalable/apps/followup-desktop.svg`` — the freedesktop icon theme layout
  that install.sh copies as is;
- ``OUT_DIR/followup.ico`` (16–256 px) and ``OUT_DIR/followup.icns`` (16–1024 px).

Sizes up to 24 px come from ``followup-small.svg``, drawn for a 16 px grid; larger ones from
``followup.svg``. QSvgRenderer (QtSvg, part of PySide6-Essentials) draws them: no extra
dependency. ICO and ICNS are written here: both are a small header and a table of PNG images.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
#: The name of the icon in the freedesktop icon theme; the .desktop file's ``Icon=``.
ICON_NAME = "followup-desktop"
#: The sizes installed in the hicolor theme.
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types holding PNG data, by pixel size (the @2x types repeat sizes; see
#: https://en.wikipedia.org/wiki/Apple_Icon_Image_format).
ICNS_TYPES: tuple[tuple[bytes, int], ...] = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128@2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256@2x
    (b"ic10", 1024),  # 512@2x
)
#: Largest size drawn from the small-size source.
SMALL_MAX = 24


def source_for(size: int) -> Path:
    """The SVG a ``size`` px render is drawn from."""
    return ICONS / ("followup-small.svg" if size <= SMALL_MAX else "followup.svg")


def render_png(svg: Path, size: int) -> bytes:
    """``svg`` drawn into a transparent ``size``×``size`` PNG."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"PNG"))
    if not writer.write(image):
        raise OSError(f"could not encode {svg} at {size} px: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: Mapping[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG image per size (Windows Vista and later read these)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries = b""
    images = b""
    for size in sizes:
        if not 1 <= size <= 256:
            raise ValueError(f"an ICO image is 1 to 256 px, not {size}")
        data = pngs[size]
        side = size % 256  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def icns_bytes(pngs: Mapping[int, bytes]) -> bytes:
    """A macOS .icns with a PNG element for every type in :data:`ICNS_TYPES`."""
    body = b""
    for kind, size in ICNS_TYPES:
        data = pngs[size]
        body += kind + struct.pack(">I", 8 + len(data)) + data
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def render_all(out_dir: Path) -> dict[str, Path]:
    """Write every render into ``out_dir``; return the main files by kind."""
    from PySide6.QtGui import QGuiApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _kind, size in ICNS_TYPES)})
    pngs = {size: render_png(source_for(size), size) for size in sizes}

    hicolor = out_dir / "hicolor"
    for size in PNG_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
    scalable = hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICONS / "followup.svg", scalable)

    ico = out_dir / "followup.ico"
    ico.write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    icns = out_dir / "followup.icns"
    icns.write_bytes(icns_bytes(pngs))
    png256 = out_dir / "followup-256.png"
    png256.write_bytes(pngs[256])
    return {"hicolor": hicolor, "ico": ico, "icns": icns, "png": png256}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out = Path(argv[0])
    for kind, path in render_all(out).items():
        print(f"render_icons: {kind}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
