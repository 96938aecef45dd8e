"""Render the one SVG app icon into every file the installers want.

    python packaging/make_icons.py [OUT_DIR]     (default: build/icons)

Writes ``png/img-crm-<N>.png`` for N in 16..512, ``img-crm.ico`` (Windows,
16-256) and ``img-crm.icns`` (macOS, 16-512). Qt's own SVG renderer draws the
PNGs, so they look exactly like the icon the running app shows; Pillow packs
them into .ico and .icns, formats we would rather not write by hand.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "img-crm.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int, destination: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(destination), "PNG"):
        raise SystemExit(f"could not write {destination}")


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "icons"
    png_dir = out / "png"
    png_dir.mkdir(parents=True, exist_ok=True)
    _app = QGuiApplication([])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    for size in SIZES:
        render(renderer, size, png_dir / f"img-crm-{size}.png")
    # Hand Pillow the crisp renders instead of letting it shrink the largest one.
    images = {size: Image.open(png_dir / f"img-crm-{size}.png") for size in SIZES}
    ico = [images[size] for size in ICO_SIZES]
    ico[-1].save(out / "img-crm.ico", sizes=[(n, n) for n in ICO_SIZES], append_images=ico[:-1])
    images[512].save(out / "img-crm.icns", append_images=list(images.values())[:-1])
    print(f"icons written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
