"""Fill the jobs folder the browser tests run on (one folder, two kinds of jobs).

- the hand-made fixture jobs of ``tests/fixture_jobs.py`` (fx-*): V1/V2 records, Maximize and
  Minimize objectives, no best candidate, hostile strings, ...;
- the demo jobs made by the local AutoML runner (demo-binary, demo-multiclass, demo-regression),
  through ``jupyter autopilot demo --no-lab --jobs-dir DIR``.

The folder is ``ui-tests/.jobs`` (git-ignored) unless ``AUTOPILOT_UI_TESTS_JOBS_DIR`` says otherwise.
Run by ``npm start`` (the Playwright webServer command) before JupyterLab starts. The fixture
jobs are rewritten every time (they are tiny); demo jobs already trained are reused.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEMO_JOBS = ("demo-binary", "demo-multiclass", "demo-regression")


def jobs_dir() -> Path:
    return Path(os.environ.get("AUTOPILOT_UI_TESTS_JOBS_DIR") or HERE / ".jobs").resolve()


def main() -> int:
    try:
        import jupyter_autopilot  # noqa: F401
    except ImportError:
        print(
            "[ui-tests] jupyter_autopilot is not installed in this Python "
            f"({sys.executable}): run scripts/setup.sh and activate .venv first.",
            file=sys.stderr,
        )
        return 1
    target = jobs_dir()
    target.mkdir(parents=True, exist_ok=True)
    t0 = time.time()

    sys.path.insert(0, str(REPO / "tests"))
    from fixture_jobs import write_fixture_jobs

    write_fixture_jobs(target)
    print(f"[ui-tests] fixture jobs written to {target}", flush=True)

    if all((target / name / "job.json").is_file() for name in DEMO_JOBS):
        print("[ui-tests] demo jobs already there, reused", flush=True)
    else:
        cmd = [sys.executable, "-m", "jupyter", "autopilot", "demo", "--no-lab", "--jobs-dir", str(target), "--quiet"]
        print("[ui-tests] training the demo jobs: " + " ".join(cmd[1:]), flush=True)
        subprocess.run(cmd, check=True)
        missing = [name for name in DEMO_JOBS if not (target / name / "job.json").is_file()]
        if missing:
            print(f"[ui-tests] the demo did not write {', '.join(missing)}", file=sys.stderr)
            return 1
    print(f"[ui-tests] jobs ready in {time.time() - t0:.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
