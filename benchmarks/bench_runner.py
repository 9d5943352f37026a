"""Wall time of the local AutoML runner (not run by the tests).

    python benchmarks/bench_runner.py                 # both benchmarks
    python benchmarks/bench_runner.py --skip-large    # only the demo build
    python benchmarks/bench_runner.py --rows 20000    # a smaller "large" input

1. The demo build: the three demo jobs (breast cancer, wine, diabetes), 8 candidates each.
2. A generated binary-classification CSV of 100,000 rows and 30 feature columns (24 numeric,
   6 categorical, some missing values) with 10 candidates.

Prints the wall time of each job and, per job, of each phase and candidate (from the
timestamps the runner wrote into the records).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as `jupyter autopilot run|demo` does

from jupyter_autopilot.demo import DEMO_JOBS, build_demo_jobs
from jupyter_autopilot.runner import run_job


def _t(value: str) -> float:
    return datetime.fromisoformat(value).timestamp()


def summarize(job_dir: Path) -> str:
    job = json.loads((job_dir / "job.json").read_text())
    candidates = json.loads((job_dir / "candidates.json").read_text())["Candidates"]
    lines = [
        f"  {job['AutoMLJobName']}: {job['AutoMLJobStatus']}, {len(candidates)} candidates, "
        f"{_t(job['EndTime']) - _t(job['CreationTime']):.1f} s"
    ]
    for c in candidates:
        name = c["CandidateName"]
        training = json.loads((job_dir / "training-jobs" / f"{name}.json").read_text())
        seconds = _t(training["TrainingEndTime"]) - _t(training["TrainingStartTime"])
        metric = c.get("FinalAutoMLJobObjectiveMetric") or {}
        best = " (best)" if name == job.get("BestCandidate", {}).get("CandidateName") else ""
        lines.append(
            f"    {name:<48} train+validate {seconds:6.1f} s   "
            f"{metric.get('MetricName', '')} {metric.get('Value', float('nan')):.4f}{best}"
        )
    return "\n".join(lines)


def bench_demo(root: Path) -> float:
    jobs_dir = root / "demo-jobs"
    start = time.perf_counter()
    build_demo_jobs(jobs_dir, force=True, quiet=True)
    total = time.perf_counter() - start
    print(f"Demo build (3 jobs, 8 candidates each): {total:.1f} s wall")
    for name, *_ in DEMO_JOBS:
        print(summarize(jobs_dir / name))
    return total


def make_large_csv(path: Path, rows: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    numeric = rng.normal(size=(rows, 24)).astype(np.float32)
    frame = pd.DataFrame(numeric, columns=[f"num_{i:02d}" for i in range(24)])
    levels = [3, 5, 8, 12, 20, 40]
    for i, k in enumerate(levels):
        frame[f"cat_{i}"] = np.char.add("level_", rng.integers(0, k, rows).astype(str))
    logit = numeric[:, 0] * 1.5 - numeric[:, 1] + 0.8 * numeric[:, 2] * numeric[:, 3]
    logit += np.where(frame["cat_0"].to_numpy() == "level_1", 1.0, 0.0) + rng.normal(scale=1.0, size=rows)
    for column in ("num_05", "num_10", "cat_3"):
        frame.loc[rng.random(rows) < 0.05, column] = np.nan
    frame["target"] = np.where(logit > 0, "yes", "no")
    frame.to_csv(path, index=False)


def bench_large(root: Path, rows: int, candidates: int) -> float:
    csv = root / "large.csv"
    start = time.perf_counter()
    make_large_csv(csv, rows)
    print(
        f"\nGenerated {rows} rows x 30 feature columns ({csv.stat().st_size / 1e6:.0f} MB) "
        f"in {time.perf_counter() - start:.1f} s"
    )
    start = time.perf_counter()
    run_job(csv, "target", "bench-large", jobs_dir=root / "jobs", max_candidates=candidates, quiet=False)
    total = time.perf_counter() - start
    print(f"Large job ({rows} rows x 30 columns, {candidates} candidates): {total:.1f} s wall")
    print(summarize(root / "jobs" / "bench-large"))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--candidates", type=int, default=10)
    parser.add_argument("--keep", metavar="DIR", help="write the jobs here and keep them")
    args = parser.parse_args()
    print(f"CPUs: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-runner-") as tmp:
        root = Path(args.keep) if args.keep else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        if not args.skip_demo:
            bench_demo(root)
        if not args.skip_large:
            bench_large(root, args.rows, args.candidates)


if __name__ == "__main__":
    main()
