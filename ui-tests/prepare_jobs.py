"""Fill the jobs folder the browser tests run on (one folder, two kinds of jobs).

- the hand-made fixture jobs of ``tests/fixture_jobs.py`` (fx-*): V1/V2 records, Maximize and
  Minimize objectives, no best candidate, hostile strings, ...;
- the demo jobs made by the local AutoML runner (demo-binary, demo-multiclass, demo-regression),
  through ``jupyter autopilot demo --no-lab --jobs-dir DIR``.

The folder is ``ui-tests/.jobs`` (git-ignored) unless ``AUTOPILOT_UI_TESTS_JOBS_DIR`` says otherwise.
Run by ``npm start`` (the Playwright webServer command) before JupyterLab starts. The fixture
jobs are rewritten every time (they are tiny); demo jobs already trained are reused while the
code that made them (the package but its views) and the library versions are unchanged, and
trained again when either changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEMO_JOBS = ("demo-binary", "demo-multiclass", "demo-regression")
#: what the demo jobs are made by: the package's Python code (its views excepted: they only read
#: jobs) and the installed library versions (a model is refused by other versions)
PACKAGE = REPO / "jupyter_autopilot"
VIEW_CODE = ("service", "rest", "notebook", "labextension")
FINGERPRINT = ".demo-code.sha256"


def code_fingerprint() -> str:
    """A hash of the code that trains the demo jobs (paths and contents) and the library versions."""
    from jupyter_autopilot.runner.models import library_versions

    digest = hashlib.sha256()
    for file in sorted(PACKAGE.rglob("*.py")):
        relative = file.relative_to(PACKAGE)
        if relative.parts[0] in VIEW_CODE:
            continue
        digest.update(relative.as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    digest.update(repr(sorted(library_versions().items())).encode())
    return digest.hexdigest()


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

    fingerprint = code_fingerprint()
    recorded = target / FINGERPRINT
    same_code = recorded.is_file() and recorded.read_text().strip() == fingerprint
    if same_code and all((target / name / "job.json").is_file() for name in DEMO_JOBS):
        print("[ui-tests] demo jobs already there (made by this code), reused", flush=True)
    else:
        recorded.unlink(missing_ok=True)
        cmd = [sys.executable, "-m", "jupyter", "autopilot", "demo", "--no-lab", "--jobs-dir", str(target), "--quiet"]
        if not same_code:
            cmd.append("--force")  # (the runner or the demo changed since they were trained)
        print("[ui-tests] training the demo jobs: " + " ".join(cmd[1:]), flush=True)
        subprocess.run(cmd, check=True)
        missing = [name for name in DEMO_JOBS if not (target / name / "job.json").is_file()]
        if missing:
            print(f"[ui-tests] the demo did not write {', '.join(missing)}", file=sys.stderr)
            return 1
        recorded.write_text(fingerprint + "\n")
    print(f"[ui-tests] jobs ready in {time.time() - t0:.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
