"""Bar charts as inline SVG, drawn on the server: no JavaScript, no CDN.

Bars are horizontal with each label on its own line above its bar, so that a
long Chinese department path stays readable at phone width (the SVG scales
to its container through ``viewBox``). A bar may carry a target, drawn as a
marker, for 学时 against target. Every text is escaped.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
LABEL = 16  # the label line above a bar
BAR = 14
GAP = 8
VALUE_ROOM = 56  # right of the bars, for the value


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | None
    target: Decimal | int | None = None


def _number(value) -> str:
    if value is None:
        return "–"
    return format(Decimal(value).normalize(), "f") if value else "0"


def _scale(bars, maximum) -> float:
    if maximum is None:
        values = [b.value or 0 for b in bars] + [b.target or 0 for b in bars]
        maximum = max(values, default=0)
    return float(maximum) or 1.0


def _bar(index: int, bar: Bar, scale: float, unit: str) -> str:
    room = WIDTH - VALUE_ROOM
    top = index * (LABEL + BAR + GAP)
    length = max(float(bar.value or 0) / scale * room, 0)
    value = f"{_number(bar.value)}{unit}"
    if bar.target is not None:
        value += f" / {_number(bar.target)}{unit}"
    parts = [
        f'<text x="0" y="{top + 12}" class="chart-label">{escape(bar.label)}</text>',
        f'<rect x="0" y="{top + LABEL}" width="{length:.1f}" height="{BAR}" '
        f'class="chart-bar"><title>{escape(bar.label)}: {escape(value)}</title></rect>',
        f'<text x="{length + 4:.1f}" y="{top + LABEL + 11}" class="chart-value">'
        f"{escape(value)}</text>",
    ]
    if bar.target is not None:
        mark = float(bar.target) / scale * room
        parts.append(
            f'<line x1="{mark:.1f}" x2="{mark:.1f}" y1="{top + LABEL - 2}" '
            f'y2="{top + LABEL + BAR + 2}" class="chart-target"/>'
        )
    return "".join(parts)


def bar_chart(
    title: str, bars: list[Bar], *, maximum=None, unit: str = ""
) -> SafeString:
    """Return a caption and an accessible SVG bar chart of ``bars``, for a ``<figure>``.

    ``maximum`` fixes the scale (100 for percentages); by default the largest
    value or target fills the width.
    """
    scale = _scale(bars, maximum)
    height = max(len(bars), 1) * (LABEL + BAR + GAP)
    body = "".join(_bar(i, bar, scale, unit) for i, bar in enumerate(bars))
    # The caption names the chart for everyone; the SVG's title for screen readers.
    return mark_safe(  # noqa: S308 - every text above is escaped
        f"<figcaption>{escape(title)}</figcaption>"
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )
