"""A round red seal drawn in SVG, for templates that have no seal image (pure).

It is drawn as official seals are cut: a ring, a five-pointed star in the
middle, the organisation's name running clockwise along the top of the
ring, each character upright towards the centre, and a short label under
the star. Each character is placed and turned here rather than set on an
SVG ``textPath``, so that the seal looks the same in every renderer.
"""

import math

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

SIZE = 200
CENTRE = SIZE / 2
RING = 94  # radius of the ring's centre line
TEXT_RADIUS = 67  # radius of the characters' centres
STAR_RADIUS = 27
RED = "#c8102e"


def seal_svg(organisation: str, label: str, font_family: str) -> SafeString:
    """Return an inline ``<svg>`` seal with ``organisation`` round its top."""
    characters = [c for c in organisation if not c.isspace()] or ["·"]
    return format_html(
        '<svg class="seal-drawn" viewBox="0 0 {size} {size}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<circle cx="{c}" cy="{c}" r="{ring}" fill="none" stroke="{red}" '
        'stroke-width="6"/>'
        '<polygon points="{star}" fill="{red}"/>'
        '<g fill="{red}" font-family="{family}" font-weight="bold" '
        'text-anchor="middle">{arc}'
        '<text x="{c}" y="{label_y}" font-size="17">{label}</text></g>'
        "</svg>",
        size=SIZE,
        c=_number(CENTRE),
        ring=RING,
        red=RED,
        star=_star_points(),
        family=font_family,
        arc=_arc_text(characters),
        label_y=_number(CENTRE + STAR_RADIUS + 34),
        label=label,
    )


def _arc_text(characters: list[str]) -> SafeString:
    count = len(characters)
    # Short names are spread less, long ones up to 260 degrees of the ring.
    span = min(260.0, max(120.0, count * 30.0))
    step = span / count
    size = min(27.0, 0.85 * TEXT_RADIUS * math.radians(step))
    return format_html_join(
        "",
        '<text x="{}" y="{}" font-size="{}" transform="rotate({} {} {})">{}</text>',
        (
            _placed(character, -span / 2 + step * (number + 0.5), size)
            for number, character in enumerate(characters)
        ),
    )


def _placed(character: str, angle: float, size: float) -> tuple:
    # Angles are clockwise from the top; the glyph's middle sits on the
    # circle, so its baseline is a third of its size below that point.
    x = CENTRE + TEXT_RADIUS * math.sin(math.radians(angle))
    y = CENTRE - TEXT_RADIUS * math.cos(math.radians(angle))
    numbers = (x, y + size * 0.35, size, angle, x, y)
    return (*(_number(n) for n in numbers), character)


def _star_points() -> str:
    points = []
    for corner in range(10):
        radius = STAR_RADIUS if corner % 2 == 0 else STAR_RADIUS * 0.382
        angle = math.radians(corner * 36)
        x = CENTRE + radius * math.sin(angle)
        y = CENTRE - radius * math.cos(angle)
        points.append(f"{_number(x)},{_number(y)}")
    return " ".join(points)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
