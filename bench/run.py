"""Run every benchmark in this folder; each prints its figure and its target."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = []
for script in sorted(here.glob("*.py")):
    if script.name == "run.py" or script.name.startswith("_"):
        continue
    print(f"== {script.stem}", flush=True)
    if subprocess.run([sys.executable, str(script)], cwd=here.parent).returncode:
        failed.append(script.stem)
if failed:
    print("over target or failed: " + ", ".join(failed))
    sys.exit(1)
