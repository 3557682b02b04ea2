"""Draw the rich menu's image with Pillow: one coloured tile per button, an icon above a large label."""

import io
import math

from noto_cjk_sans_jp_bold import FONT_PATH
from PIL import Image, ImageDraw, ImageFont

BACKGROUND = "#FFFFFF"  # the gap between tiles, so each area is visibly its own
INK = "#FFFFFF"  # labels and icons are white on tiles dark enough for a contrast of at least 4.5:1
GAP = 12
LABEL_SIZE = 118
ICON_RADIUS = 150


def label_font(size: int = LABEL_SIZE) -> ImageFont.FreeTypeFont:
    """Noto Sans CJK JP Bold, shipped in a PyPI package, so any machine draws the same menu."""
    return ImageFont.truetype(str(FONT_PATH), size)


def icon_list(draw: ImageDraw.ImageDraw, x: float, y: float, r: float) -> None:
    """Three bullets and lines: a list."""
    for row in (-1, 0, 1):
        cy = y + row * r * 0.6
        draw.ellipse((x - r, cy - r * 0.14, x - r * 0.72, cy + r * 0.14), fill=INK)
        draw.rounded_rectangle((x - r * 0.5, cy - r * 0.11, x + r, cy + r * 0.11), r * 0.1, fill=INK)


def icon_progress(draw: ImageDraw.ImageDraw, x: float, y: float, r: float) -> None:
    """Three rising bars on a base line: progress."""
    for step, height in enumerate((0.7, 1.15, 1.6)):
        left = x - r + step * r * 0.72
        draw.rectangle((left, y + r * 0.8 - r * height, left + r * 0.52, y + r * 0.8), fill=INK)
    draw.rectangle((x - r * 1.1, y + r * 0.8, x + r * 1.1, y + r * 0.92), fill=INK)


def icon_letter(letter: str):
    """A ring with a letter in it: ? for questions, i for how to use."""
    def draw_icon(draw: ImageDraw.ImageDraw, x: float, y: float, r: float) -> None:
        """The ring and its letter."""
        draw.ellipse((x - r, y - r, x + r, y + r), outline=INK, width=int(r * 0.14))
        draw.text((x, y), letter, font=label_font(int(r * 1.25)), fill=INK, anchor="mm")
    return draw_icon


def icon_star(draw: ImageDraw.ImageDraw, x: float, y: float, r: float) -> None:
    """A five-pointed star: what the user follows."""
    points = [(x + (r if k % 2 == 0 else r * 0.42) * math.sin(k * math.pi / 5),
               y - (r if k % 2 == 0 else r * 0.42) * math.cos(k * math.pi / 5)) for k in range(10)]
    draw.polygon(points, fill=INK)


def icon_globe(draw: ImageDraw.ImageDraw, x: float, y: float, r: float) -> None:
    """A globe: another language."""
    width = int(r * 0.1)
    draw.ellipse((x - r, y - r, x + r, y + r), outline=INK, width=width)
    draw.ellipse((x - r * 0.45, y - r, x + r * 0.45, y + r), outline=INK, width=width)
    inner = r - width  # Pillow draws the outline inward: lines end where it begins
    for offset in (-0.5, 0, 0.5):
        half = inner * math.sqrt(1 - offset * offset)
        draw.line((x - half, y + offset * r, x + half, y + offset * r), fill=INK, width=width)


def draw_menu(size: tuple[int, int], tiles: list[tuple[tuple[int, int, int, int], str, str, object]]) -> bytes:
    """A PNG of the given size: each tile is (bounds x, y, width, height; label; colour; icon)."""
    image = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(image)
    font = label_font()
    for (x, y, width, height), label, colour, icon in tiles:
        draw.rounded_rectangle((x + GAP, y + GAP, x + width - GAP, y + height - GAP), 36, fill=colour)
        middle = x + width / 2
        icon(draw, middle, y + height * 0.38, ICON_RADIUS)
        draw.text((middle, y + height * 0.76), label, font=font, fill=INK, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
