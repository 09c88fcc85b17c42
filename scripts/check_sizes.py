"""Fail when an app has a module over 400 lines or a function over 40 (STYLE.md).

Migrations are generated and exempt. Run by `make lint`.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = [
    "lms",
    "common",
    "audit",
    "xapi",
    "people",
    "packages",
    "courses",
    "assessments",
    "certificates",
    "ledger",
    "reports",
    "content",
]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 40


def problems(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    found = []
    lines = len(source.splitlines())
    if lines > MAX_MODULE_LINES:
        found.append(f"{path}: module has {lines} lines (at most {MAX_MODULE_LINES})")
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(
                    f"{path}:{node.lineno}: {node.name}() has {length} lines "
                    f"(at most {MAX_FUNCTION_LINES})"
                )
    return found


def main() -> int:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                found += problems(path.relative_to(ROOT))
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
