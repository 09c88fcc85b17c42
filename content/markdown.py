"""The small Markdown subset of the curriculum's text fields (``FORMAT.md``)."""

import html
import re


def markdown(text: str) -> str:
    """Return the HTML of the small Markdown subset (paragraphs, lists, bold)."""
    parts = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            parts.append(
                "<ul>"
                + "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
                + "</ul>"
            )
        elif lines and all(re.match(r"\d+\. ", line) for line in lines):
            items = [re.sub(r"^\d+\. ", "", line) for line in lines]
            parts.append(
                "<ol>"
                + "".join(f"<li>{_inline(item)}</li>" for item in items)
                + "</ol>"
            )
        elif lines:
            parts.append(
                "<p>"
                + _inline(" ".join(lines) if _latin(lines) else "".join(lines))
                + "</p>"
            )
    return "".join(parts)


def _latin(lines: list[str]) -> bool:
    return not re.search(r"[\u4e00-\u9fff]", "".join(lines))


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)
