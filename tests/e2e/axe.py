"""axe-core in the browser journeys: every page a journey loads is checked.

In a test marked ``axe``, the ``page`` fixture adds axe-core (vendored under
``vendor/axe-core``) to every page the browser loads; the page runs it once
loaded and reports the serious and critical violations back, and the test
fails at its end if any page had one. ``check`` runs it again on demand, for
a page that script changed after its load.
"""

import json
from pathlib import Path

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
FAILING_IMPACTS = ["serious", "critical"]

# What the check leaves out, in one place, each with why. Only markup the
# project cannot reasonably change belongs here.
EXCLUDED_SELECTORS: list[str] = []

_HOOK = """
if (window === window.top) {
%(axe)s
  const excluded = %(excluded)s;
  const failing = %(failing)s;
  let queue = Promise.resolve();
  // One run at a time: axe refuses to start while another run is going.
  // Colours are judged once transitions (a message fading in) have ended.
  const settled = () => Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
    .map(a => a.finished.catch(() => null)));
  window.__axeCheck = () => (queue = queue.then(async () => {
    await settled();
    const context = excluded.length ? {exclude: excluded.map(s => [s])} : document;
    const result = await axe.run(context, {resultTypes: ["violations"]});
    const found = result.violations.filter(v => failing.includes(v.impact)).map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
    }));
    window.__axeReport(location.href, found);
    return found;
  }));
  window.addEventListener("load", () => setTimeout(window.__axeCheck, 0));
}
"""


def describe(url: str, found: list[dict]) -> str:
    return "\n".join(
        f"{url}: {v['id']} ({v['impact']}) {v['help']}: {', '.join(v['nodes'])}"
        for v in found
    )


class PageChecker:
    """Has every page of ``context`` checked as it loads; keeps what is found."""

    def __init__(self, context):
        self.found: list[str] = []
        self.checked: list[str] = []
        context.expose_binding("__axeReport", self._report)
        context.add_init_script(
            _HOOK
            % {
                "axe": AXE,
                "excluded": json.dumps(EXCLUDED_SELECTORS),
                "failing": json.dumps(FAILING_IMPACTS),
            }
        )

    def _report(self, source, url: str, found: list[dict]) -> None:
        self.checked.append(url)
        if found:
            self.found.append(describe(url, found))


def check(page) -> None:
    """Check the page as it is now (the result is kept with the load-time ones)."""
    page.evaluate("() => window.__axeCheck && window.__axeCheck()")
