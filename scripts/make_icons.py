"""Draw Attune's icons (two overlapping circles: two people, attuned) reproducibly.

Run: .venv/bin/python scripts/make_icons.py  (needs Pillow; the PNGs are committed)
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
BACKGROUND = (45, 106, 106)  # --accent
RING = (245, 241, 234)  # --bg


def draw(size: int, *, maskable: bool) -> Image.Image:
    scale = 4  # draw large, then shrink: smooth edges without antialias support
    big = size * scale
    image = Image.new("RGB", (big, big), BACKGROUND)
    pen = ImageDraw.Draw(image)
    # Maskable icons keep their drawing inside the central 80 % safe zone.
    span = big * (0.52 if maskable else 0.66)
    radius = span / 3.2
    width = max(2, int(big * 0.055))
    cy = big / 2
    for cx in (big / 2 - radius * 0.6, big / 2 + radius * 0.6):
        pen.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            outline=RING,
            width=width,
        )
    # Two colours and their edge blends: a 16-colour palette looks the same and
    # makes the file a fraction of the size (every first visit fetches an icon).
    return image.resize((size, size), Image.Resampling.LANCZOS).quantize(colors=16)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    draw(180, maskable=False).save(OUT / "apple-touch-icon.png", optimize=True)
    draw(96, maskable=False).save(OUT / "badge-96.png", optimize=True)


if __name__ == "__main__":
    main()
