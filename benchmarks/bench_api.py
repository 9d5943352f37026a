"""Benchmark of the REST API on local jobs: a 750-candidate job (Autopilot's maximum) and the
hand-made fixture jobs, through a real `jupyter server` over HTTP, cold and warm (cached).

    python benchmarks/bench_api.py            # prints a table of median / max milliseconds
"""

from __future__ import annotations

import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from fixture_jobs import _job_dir, analysis, candidate, job_v2, s3, training_job, write_fixture_jobs  # noqa: E402


def big_job(root: Path, n: int = 750) -> str:
    name = "bench-750"
    cands = []
    for i in range(n):
        v = 0.5 + (i * 7919 % n) / (2 * n)
        cands.append(
            candidate(
                name,
                f"{name}-c{i:03d}",
                metric="F1",
                value=v,
                kind="Maximize",
                metrics=[
                    ("F1", v, "Validation"),
                    ("Accuracy", v, "Validation"),
                    ("AUC", v, "Validation"),
                    ("LogLoss", 1 - v, "Validation"),
                    ("F1", v, "Train"),
                ],
                explain=(i == 0),
                insights=(i == 0),
            )
        )
    best = max(cands, key=lambda c: c["FinalAutoMLJobObjectiveMetric"]["Value"])
    best["CandidateProperties"]["CandidateArtifactLocations"] = cands[0]["CandidateProperties"][
        "CandidateArtifactLocations"
    ]
    out = f"{name}/output/{name}"
    objects = {
        s3(f"{out}/documentation/explainability/output/{name}-c000/x/analysis.json"): analysis(
            {"label0": {f"feature_{k}": 1 / (k + 1) for k in range(200)}}
        )
    }
    trainings = [
        training_job(name, c["CandidateName"], {"eta": "0.1", "max_depth": str(3 + i % 5)}) for i, c in enumerate(cands)
    ]
    _job_dir(
        root,
        job_v2(name, problem="BinaryClassification", metric="F1", target="y", best=best),
        cands,
        trainings,
        objects,
    )
    return best["CandidateName"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        jobs = Path(tmp) / "jobs"
        write_fixture_jobs(jobs)
        best = big_job(jobs)
        token, port = secrets.token_hex(8), free_port()
        env = dict(
            os.environ,
            JUPYTER_AUTOPILOT_JOBS_DIR=str(jobs),
            PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter_server",
                f"--port={port}",
                f"--IdentityProvider.token={token}",
                "--no-browser",
                "--allow-root",
                f"--ServerApp.root_dir={tmp}",
                "--ServerApp.jpserver_extensions",
                "jupyter_autopilot=True",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}/autopilot/api/"

        def get(path):
            req = urllib.request.Request(
                base + path, headers={"Authorization": f"token {token}", "Accept-Encoding": "gzip"}
            )
            t = time.perf_counter()
            with urllib.request.urlopen(req) as r:
                body = r.read()
            return (time.perf_counter() - t) * 1000, len(body)

        for _ in range(100):
            try:
                get("sources")
                break
            except OSError:
                time.sleep(0.2)
        routes = [
            ("jobs (8 jobs)", "local/jobs"),
            ("job bench-750", "local/jobs/bench-750"),
            ("candidates, 750 rows", "local/jobs/bench-750/candidates"),
            ("explainability (200 features)", f"local/jobs/bench-750/candidates/{best}/explainability"),
            ("performance", "local/jobs/fx-binary-v2/candidates/fx-binary-v2-xgb-002/performance"),
            ("artifacts", "local/jobs/fx-binary-v2/candidates/fx-binary-v2-xgb-002/artifacts"),
            ("network", "local/jobs/fx-binary-v2/candidates/fx-binary-v2-xgb-002/network"),
        ]
        print(f"{'route':34} {'cold ms':>8} {'warm median ms':>15} {'warm max ms':>12} {'wire bytes':>10}")
        try:
            for label, path in routes:
                cold, size = get(path)
                warm = [get(path)[0] for _ in range(20)]
                print(f"{label:34} {cold:8.1f} {statistics.median(warm):15.1f} {max(warm):12.1f} {size:10d}")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
