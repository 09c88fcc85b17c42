"""The badge picture: a round red seal with the issuer along its rim, a star, and the course.

Drawn with Pillow in Noto CJK (Debian's fonts-noto-cjk, which
scripts/system-deps.sh installs), found through fontconfig.
"""

import io
import math
import subprocess
from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

SIZE = 512
SEAL_RED = (200, 16, 46, 255)
PAPER = (255, 253, 247, 255)
FONT_FAMILIES = ("Noto Serif CJK SC:bold", "Noto Sans CJK SC:bold")
KNOWN_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
)


class FontMissingError(RuntimeError):
    """No CJK font to draw the badge with: install fonts-noto-cjk."""


def seal_png(credential: dict) -> bytes:
    """Return the PNG picture of a credential's badge (without the credential baked in)."""
    achievement = credential["credentialSubject"]["achievement"]
    language = achievement.get("inLanguage", "zh-Hans").lower()
    with translation.override(language):
        label = _("Certificate of completion")
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = SIZE / 2
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=PAPER, outline=SEAL_RED, width=16)
    draw.ellipse((40, 40, SIZE - 40, SIZE - 40), outline=SEAL_RED, width=3)
    _draw_star(draw, centre, centre - 40, 62)
    _draw_rim_text(image, credential["issuer"]["name"], radius=centre - 72)
    _draw_lines(draw, achievement["name"], top=centre + 36, width=300, size=34, lines=2)
    _draw_lines(draw, label, top=SIZE - 118, width=220, size=26, lines=1)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


@cache
def _font_file() -> tuple[str, int]:
    for family in FONT_FAMILIES:
        try:
            found = subprocess.run(
                ["fc-match", "--format=%{file}|%{index}|%{family}", family],
                capture_output=True,
                text=True,
                timeout=10,
                check=True,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            break
        path, index, families = found.split("|", 2)
        # fc-match always answers with something; only a CJK face will do.
        if "CJK" in families:
            return path, int(index)
    for path, index in KNOWN_FONTS:
        try:
            ImageFont.truetype(path, 10, index=index)
        except OSError:
            continue
        return path, index
    raise FontMissingError("No Noto CJK font found: install fonts-noto-cjk")


def _font(size: int) -> ImageFont.FreeTypeFont:
    path, index = _font_file()
    return ImageFont.truetype(path, size, index=index)


def _draw_star(draw: ImageDraw.ImageDraw, x: float, y: float, radius: float) -> None:
    points = []
    for corner in range(10):
        length = radius if corner % 2 == 0 else radius * 0.382
        angle = math.radians(-90 + corner * 36)
        points.append((x + length * math.cos(angle), y + length * math.sin(angle)))
    draw.polygon(points, fill=SEAL_RED)


def _draw_rim_text(image: Image.Image, text: str, *, radius: float) -> None:
    """Write ``text`` upright along the upper arc, as on an official seal."""
    font = _font(40 if len(text) <= 12 else 30)
    span = min(240.0, 18.0 * len(text))
    step = span / max(len(text) - 1, 1)
    for position, char in enumerate(text):
        angle = -90 - span / 2 + position * step if len(text) > 1 else -90
        glyph = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (32, 32), char, font=font, fill=SEAL_RED, anchor="mm"
        )
        glyph = glyph.rotate(-(angle + 90), resample=Image.Resampling.BICUBIC)
        x = SIZE / 2 + radius * math.cos(math.radians(angle)) - 32
        y = SIZE / 2 + radius * math.sin(math.radians(angle)) - 32
        image.alpha_composite(glyph, (round(x), round(y)))


def _draw_lines(
    draw: ImageDraw.ImageDraw,
    text: str,
    *,
    top: float,
    width: int,
    size: int,
    lines: int,
) -> None:
    """Write ``text`` centred in at most ``lines`` lines, shrinking the type to fit."""
    while True:
        font = _font(size)
        wrapped = _wrap(text, font, width)
        if len(wrapped) <= lines or size <= 14:
            break
        size -= 2
    for number, line in enumerate(wrapped[:lines]):
        draw.text(
            (SIZE / 2, top + number * size * 1.25),
            line,
            font=font,
            fill=SEAL_RED,
            anchor="mt",
        )


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    # Chinese breaks between any two characters, other scripts between words.
    tokens, word = [], ""
    for char in text:
        if char.isascii() and not char.isspace():
            word += char
            continue
        tokens += [word] if word else []
        word = ""
        tokens.append(char)
    tokens += [word] if word else []
    lines = [""]
    for token in tokens:
        if lines[-1] and font.getlength(lines[-1] + token) > width:
            lines.append(token.lstrip())
        else:
            lines[-1] += token
    return lines
