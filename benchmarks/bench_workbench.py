"""Creating, watching, stopping and using jobs through the service (not run by the tests).

    python benchmarks/bench_workbench.py            # a 2,000-row binary CSV, 3 candidates
    python benchmarks/bench_workbench.py --rows 500

Measures what issues 13 and 16 state as targets:

1. the preview of a job request (the form's check as the user types), median of 20, in ms;
2. from the 201 of POST jobs (``service.create_job`` returning) to the job listed InProgress,
   in ms (target: within 2 s);
3. to the first candidate in the leaderboard, and to Completed, in s;
4. stop: from the stop request to the job Stopped, with its finished candidates kept, in s;
5. predictions on a file (``predict_file``): rows per second for the best candidate;
6. the AWS calls one CreateAutoMLJobV2 request makes: the request is checked against botocore's
   service model first (ms), and the job's calls are counted with a Stubber (target: exactly one).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jupyter_autopilot.jobrequest import check_request
from jupyter_autopilot.predictions import predict_file
from jupyter_autopilot.settings import ServiceSettings
from jupyter_autopilot.sources.aws.requests import problems
from jupyter_autopilot.wiring import create_service


def _csv(path: Path, rows: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({f"x{i}": rng.normal(size=rows) for i in range(8)})
    frame["plan"] = rng.choice(["basic", "plus", "pro"], rows)
    frame["churn"] = np.where(frame["x0"] + 0.5 * frame["x1"] + rng.normal(0, 0.7, rows) > 0, "yes", "no")
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)


def _until(fn, *, timeout: float = 600, step: float = 0.05):
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        value = fn()
        if value:
            return time.perf_counter() - started, value
        time.sleep(step)
    raise TimeoutError("not reached")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--candidates", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root, jobs = Path(tmp) / "root", Path(tmp) / "jobs"
        _csv(root / "data" / "train.csv", args.rows)
        _csv(root / "data" / "score.csv", args.rows, seed=1)
        service = create_service(ServiceSettings(jobs_dir=str(jobs)))
        body = {"name": "bench-job", "input": "data/train.csv", "target": "churn", "maxCandidates": args.candidates}

        times = []
        for _ in range(20):
            started = time.perf_counter()
            preview = service.preview_job("local", body, str(root))
            times.append((time.perf_counter() - started) * 1000)
        assert preview.valid, preview
        print(f"1. job-preview (local, {args.rows} rows): median {statistics.median(times):.1f} ms")

        service.create_job("local", body, str(root))
        listed_s, _ = _until(
            lambda: any(j.name == "bench-job" and j.status == "InProgress" for j in service.list_jobs("local").jobs),
            step=0.001,
        )
        print(f"2. created → listed InProgress: {listed_s * 1000:.1f} ms (target: within 2,000 ms)")
        first_s, _ = _until(lambda: service.candidates("local", "bench-job").candidates, step=0.1)
        done_s, view = _until(
            lambda: (v := service.job("local", "bench-job")).status in ("Completed", "Failed") and v, step=0.2
        )
        print(f"3. first candidate listed after {first_s:.1f} s; {view.status} after {done_s:.1f} s")

        stop_body = {**body, "name": "bench-stop", "maxCandidates": 30}
        service.create_job("local", stop_body, str(root))
        _until(
            lambda: any(c.status == "Completed" for c in service.candidates("local", "bench-stop").candidates),
            step=0.1,
        )
        started = time.perf_counter()
        service.stop_job("local", "bench-stop")
        stopped_s, stopped = _until(
            lambda: (v := service.job("local", "bench-stop")).status in ("Stopped", "Completed", "Failed") and v,
            step=0.1,
        )
        kept = sum(c.status == "Completed" for c in service.candidates("local", "bench-stop").candidates)
        print(f"4. stop → {stopped.status} in {stopped_s:.1f} s, {kept} finished candidate(s) kept")

        best = service.candidates("local", "bench-job").best_candidate
        started = time.perf_counter()
        result = predict_file(service, str(root), "local", "bench-job", best, "data/score.csv")
        took = time.perf_counter() - started
        print(
            f"5. predict_file ({result.rows} rows, first call: loads the model): {took:.2f} s, "
            f"{result.rows / took:,.0f} rows/s; accuracy on the file {result.accuracy:.4f}"
        )

        aws_body = {
            **body,
            "input": "s3://bench-bucket/data/train.csv",
            "outputPath": "s3://bench-bucket/out",
            "roleArn": "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole",
        }
        times = []
        for _ in range(20):
            started = time.perf_counter()
            checked = check_request(aws_body, "aws", str(root))
            found = problems("CreateAutoMLJobV2", checked.aws or {})
            times.append((time.perf_counter() - started) * 1000)
        assert checked.aws and not found
        print(
            f"6. the CreateAutoMLJobV2 request checked against botocore's model: median {statistics.median(times):.2f} ms; "
            "one request per job (tests/test_create_aws.py asserts it with a Stubber)"
        )
        service.close() if hasattr(service, "close") else None


if __name__ == "__main__":
    main()
