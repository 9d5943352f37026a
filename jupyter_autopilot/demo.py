"""The demo jobs: three local AutoML runs on datasets that ship inside scikit-learn.

- ``demo-binary``: breast cancer (diagnosis malignant/benign), BinaryClassification, F1
- ``demo-multiclass``: wine (cultivar), MulticlassClassification, Accuracy
- ``demo-regression``: diabetes (disease progression), Regression, MSE

Nothing is downloaded. Each job is written to CSV with the datasets' real column names, then
run through the local runner like any user CSV.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .jobfolder import JOB_RECORD

DEMO_MAX_CANDIDATES = 8


def _breast_cancer():
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer(as_frame=True)
    frame = bunch.frame.drop(columns=["target"])
    frame["diagnosis"] = [str(bunch.target_names[t]) for t in bunch.target]
    return frame, "diagnosis"


def _wine():
    from sklearn.datasets import load_wine

    bunch = load_wine(as_frame=True)
    frame = bunch.frame.drop(columns=["target"])
    frame["cultivar"] = [str(bunch.target_names[t]) for t in bunch.target]
    return frame, "cultivar"


def _diabetes():
    from sklearn.datasets import load_diabetes

    bunch = load_diabetes(as_frame=True, scaled=False)
    frame = bunch.frame.drop(columns=["target"])
    frame["disease_progression"] = bunch.target
    return frame, "disease_progression"


# (job name, CSV file name, dataset loader, problem type, objective)
DEMO_JOBS = [
    ("demo-binary", "breast-cancer.csv", _breast_cancer, "BinaryClassification", "F1"),
    ("demo-multiclass", "wine.csv", _wine, "MulticlassClassification", "Accuracy"),
    ("demo-regression", "diabetes.csv", _diabetes, "Regression", "MSE"),
]


def default_demo_jobs_dir() -> Path:
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "autopilot" / "demo-jobs"


def _is_completed(job_dir: Path) -> bool:
    try:
        with open(job_dir / JOB_RECORD, encoding="utf-8") as fh:
            record = json.load(fh)
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and record.get("AutoMLJobStatus") == "Completed"


def build_demo_jobs(
    jobs_dir, force: bool = False, quiet: bool = True, max_candidates: int = DEMO_MAX_CANDIDATES
) -> list:
    """Build the three demo jobs in ``jobs_dir``; returns their names.

    A job that already exists and is Completed is kept unless ``force``; a job left
    unfinished (Failed, or interrupted) is rebuilt.
    """
    from .runner import run_job

    jobs_dir = Path(jobs_dir).expanduser()
    jobs_dir.mkdir(parents=True, exist_ok=True)
    names = []
    with tempfile.TemporaryDirectory(prefix="autopilot-demo-") as tmp:
        for name, filename, load, problem_type, objective in DEMO_JOBS:
            names.append(name)
            job_dir = jobs_dir / name
            if not force and _is_completed(job_dir):
                continue
            frame, target = load()
            csv = Path(tmp) / filename
            frame.to_csv(csv, index=False)
            run_job(
                csv,
                target,
                name,
                jobs_dir=jobs_dir,
                problem_type=problem_type,
                objective=objective,
                max_candidates=max_candidates,
                overwrite=job_dir.exists(),
                seed=0,
                quiet=quiet,
            )
    return names
