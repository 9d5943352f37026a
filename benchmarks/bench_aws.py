"""AWS reads at the round-trip limit: the aws source and the service against a simulated
SageMaker + S3 with a fixed latency per call, on a 750-candidate job.

    python benchmarks/bench_aws.py [--latency-ms 100]

Every SageMaker and S3 call is answered by botocore event hooks (``before-call``) after
sleeping the latency, from records in the real API shapes; calls are counted. Printed:

- cold leaderboard: calls, round trips on the critical path, time, and the ratio to the lower
  bound (describe ∥ ⌈750/300⌉ sequential pages);
- cold model details: the 4 views requested together (as the UI does), ratio to the lower bound
  (describe ∥ candidate lookup, then the step describes ∥ both S3 listings, then the gets);
- reopen: calls made when the same job's views are asked again (after concurrent and after
  sequential opens): the target is 0;
- isolation: a real ``jupyter server`` whose AWS endpoint hangs; 8 AWS requests in flight, then
  the time of requests that need no AWS call (sources, a local job, a cached local view).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import aws_fixtures as F  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402
from botocore.response import StreamingBody  # noqa: E402

from jupyter_autopilot.service import AutopilotService  # noqa: E402
from jupyter_autopilot.sources.aws import AwsSource  # noqa: E402

JOB = "bench-750"
N = 750
PAGE = 300


class FakeAws:
    """Answers SageMaker and S3 calls from memory after ``latency`` seconds; counts them."""

    def __init__(self, latency: float):
        self.latency = latency
        self.calls: list[str] = []
        self.lock = threading.Lock()
        self.active = 0
        self.record, self.candidates = self._job()
        self.objects: dict[tuple[str, str], bytes] = {}
        for cand in self.candidates[:3]:
            F.put_candidate_artifacts(self, cand, evil_sibling=False)

    def put_object(self, Bucket: str, Key: str, Body, **kwargs) -> None:
        self.objects[(Bucket, Key)] = Body if isinstance(Body, bytes) else str(Body).encode()

    def _job(self):
        record, _ = F.v2_binary_job(JOB)
        candidates = [
            F.candidate_record(JOB, i, value=0.5 + (i * 7919 % N) / (2 * N), explainability=i < 3, model_insights=i < 3)
            for i in range(N)
        ]
        record["BestCandidate"] = max(candidates, key=lambda c: c["FinalAutoMLJobObjectiveMetric"]["Value"])
        return record, candidates

    @staticmethod
    def keep_params(params, context, **kwargs):
        context["bench_params"] = dict(params)

    def hook(self, model, context, **kwargs):
        name = model.name
        params = context.get("bench_params", {})
        with self.lock:
            self.calls.append(name)
        time.sleep(self.latency)
        body = self.answer(name, params)
        return AWSResponse("https://aws.invalid", 200, {}, None), dict(body, ResponseMetadata={"HTTPStatusCode": 200})

    def answer(self, name: str, params: dict) -> dict:
        if name == "DescribeAutoMLJobV2":
            return self.record
        if name == "ListCandidatesForAutoMLJob":
            wanted = params.get("CandidateNameEquals")
            pool = [c for c in self.candidates if wanted is None or c["CandidateName"] == wanted]
            start = int(params.get("NextToken") or 0)
            size = int(params.get("MaxResults") or 10)
            page = {"Candidates": pool[start : start + size]}
            if start + size < len(pool):
                page["NextToken"] = str(start + size)
            return page
        if name == "DescribeTrainingJob":
            return step_record("TrainingJob", params["TrainingJobName"])
        if name == "DescribeProcessingJob":
            return step_record("ProcessingJob", params["ProcessingJobName"])
        if name == "DescribeTransformJob":
            return step_record("TransformJob", params["TransformJobName"])
        if name == "ListObjectsV2":
            prefix = params.get("Prefix", "")
            keys = sorted(k for b, k in self.objects if b == params["Bucket"] and k.startswith(prefix))
            return {
                "Contents": [{"Key": k, "Size": len(self.objects[(params["Bucket"], k)])} for k in keys],
                "IsTruncated": False,
                "KeyCount": len(keys),
            }
        if name == "GetObject":
            data = self.objects[(params["Bucket"], params["Key"])]
            return {"Body": StreamingBody(io.BytesIO(data), len(data)), "ContentLength": len(data)}
        raise KeyError(name)

    def source(self) -> AwsSource:
        source = AwsSource(region=F.REGION)
        for service in ("sagemaker", "s3"):
            events = source._client(service).meta.events
            events.register(f"before-parameter-build.{service}.*", self.keep_params)
            events.register(f"before-call.{service}.*", self.hook)
        # a server's clients are made once: their paginator models are loaded before any job is cold
        source._client("sagemaker").get_paginator("list_candidates_for_auto_ml_job")
        source._client("s3").get_paginator("list_objects_v2")
        return source


def step_record(kind: str, name: str) -> dict:
    """A Describe{Training,Processing,Transform}Job response with its required members."""
    arn = f"arn:aws:sagemaker:{F.REGION}:{F.ACCOUNT}:{kind.lower().replace('job', '-job')}/{name}"
    out = f"s3://{F.BUCKET}/autopilot/output/{JOB}/tuning/{name}"
    common = {"CreationTime": F.T0, "LastModifiedTime": F.T0}
    if kind == "TrainingJob":
        return {
            **common,
            "TrainingJobName": name,
            "TrainingJobArn": arn,
            "TrainingJobStatus": "Completed",
            "SecondaryStatus": "Completed",
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
            "ModelArtifacts": {"S3ModelArtifacts": f"{out}/output/model.tar.gz"},
            "HyperParameters": {"max_depth": "6", "eta": "0.3"},
            "AlgorithmSpecification": {"TrainingImage": "xgboost:1", "TrainingInputMode": "File"},
            "ResourceConfig": {"InstanceType": "ml.m5.4xlarge", "InstanceCount": 1, "VolumeSizeInGB": 50},
            "EnableNetworkIsolation": True,
        }
    if kind == "ProcessingJob":
        return {
            **common,
            "ProcessingJobName": name,
            "ProcessingJobArn": arn,
            "ProcessingJobStatus": "Completed",
            "ProcessingResources": {
                "ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.2xlarge", "VolumeSizeInGB": 50}
            },
            "AppSpecification": {"ImageUri": "sklearn:1"},
        }
    return {
        **common,
        "TransformJobName": name,
        "TransformJobArn": arn,
        "TransformJobStatus": "Completed",
        "ModelName": f"{name}-model",
        "TransformResources": {"InstanceType": "ml.m5.4xlarge", "InstanceCount": 1},
        "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"{out}/in"}}},
    }


def timed(fn):
    started = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - started


def run_service_benchmarks(latency: float) -> dict:
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    os.environ.setdefault("AWS_DEFAULT_REGION", F.REGION)
    results = {}
    # once per server process, not per job: botocore's SageMaker model (record shapes) and plotly
    from jupyter_autopilot import shapes
    from jupyter_autopilot.service import figures

    shapes.service_model()
    figures.to_json(figures.shap_bar([{"name": "warm", "importance": 1.0}]))

    # cold leaderboard
    fake = FakeAws(latency)
    service = AutopilotService({"aws": fake.source()})
    view, seconds = timed(lambda: service.candidates("aws", JOB).to_dict())
    assert len(view["candidates"]) == N
    bound_trips = max(1, math.ceil(N / PAGE))
    results["leaderboard"] = {
        "calls": len(fake.calls),
        "seconds": seconds,
        "bound_seconds": bound_trips * latency,
        "ratio_time": seconds / (bound_trips * latency),
    }

    # cold model details: the 4 views at once, for a candidate that is not the best
    fake = FakeAws(latency)
    service = AutopilotService({"aws": fake.source()})
    name = fake.candidates[1]["CandidateName"]
    views = ("explainability", "performance", "artifacts", "network")
    with ThreadPoolExecutor(4) as pool:
        started = time.perf_counter()
        futures = [pool.submit(getattr(service, v), "aws", JOB, name) for v in views]
        for future in futures:
            future.result()
        seconds = time.perf_counter() - started
    # describe ∥ lookup, steps ∥ listings, gets
    bound_trips = 3
    steps = len(fake.candidates[1]["CandidateSteps"])
    bound_calls = 2 + steps + 2 + 2
    results["model details"] = {
        "calls": len(fake.calls),
        "bound_calls": bound_calls,
        "ratio_calls": len(fake.calls) / bound_calls,
        "seconds": seconds,
        "bound_seconds": bound_trips * latency,
        "ratio_time": seconds / (bound_trips * latency),
    }
    # reopen after the concurrent opens (the same views again)
    before = len(fake.calls)
    for v in views:
        getattr(service, v)("aws", JOB, name)
    service.job("aws", JOB).to_dict()
    results["reopen after concurrent"] = {"calls": len(fake.calls) - before}

    # reopen after sequential opens
    fake = FakeAws(latency)
    service = AutopilotService({"aws": fake.source()})
    service.job("aws", JOB).to_dict()
    service.candidates("aws", JOB).to_dict()
    for v in views:
        getattr(service, v)("aws", JOB, name)
    before = len(fake.calls)
    service.job("aws", JOB).to_dict()
    service.candidates("aws", JOB).to_dict()
    for v in views:
        getattr(service, v)("aws", JOB, name)
    results["reopen after sequential"] = {"calls": len(fake.calls) - before}
    return results


class _Hang(BaseHTTPRequestHandler):
    release = threading.Event()

    def do_POST(self):  # SageMaker is JSON over POST
        self.release.wait(60)
        self.send_response(500)
        self.end_headers()

    do_GET = do_POST

    def log_message(self, *args):
        pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_isolation_benchmark() -> dict:
    hang = ThreadingHTTPServer(("127.0.0.1", 0), _Hang)
    threading.Thread(target=hang.serve_forever, daemon=True).start()
    tmp = Path(tempfile.mkdtemp(prefix="bench-aws-"))
    from fixture_jobs import write_fixture_jobs

    jobs = write_fixture_jobs(tmp / "jobs")
    token = secrets.token_hex(8)
    port = _free_port()
    config = tmp / "config.py"
    config.write_text(
        "c.ServerApp.jpserver_extensions = {'jupyter_autopilot': True}\n"
        f"c.IdentityProvider.token = {token!r}\n"
        f"c.AutopilotConfig.jobs_dir = {str(jobs)!r}\n"
        f"c.AutopilotConfig.aws_endpoint_url = 'http://127.0.0.1:{hang.server_address[1]}'\n"
        "c.AutopilotConfig.aws_region = 'us-east-1'\n"
        "c.AutopilotConfig.read_timeout = 60\n"
        "c.AutopilotConfig.total_max_attempts = 1\n"
    )
    env = dict(
        os.environ,
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        JUPYTER_CONFIG_DIR=str(tmp / "cfg"),
        JUPYTER_RUNTIME_DIR=str(tmp / "rt"),
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            f"--config={config}",
            f"--port={port}",
            "--allow-root",
            f"--ServerApp.root_dir={tmp}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}/autopilot/api"

    def get(path: str, timeout: float = 90) -> int:
        request = urllib.request.Request(f"{base}/{path}", headers={"Authorization": f"token {token}"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    try:
        deadline = time.time() + 60
        while True:
            try:
                if get("sources", timeout=5) == 200:
                    break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        get("local/jobs/fx-binary-v2/candidates")  # warm: a cached view

        def hang_one() -> None:
            try:
                get("aws/jobs")
            except OSError:
                pass  # the server is stopped under it at the end

        hung = [threading.Thread(target=hang_one, daemon=True) for _ in range(8)]
        for thread in hung:
            thread.start()
        time.sleep(1.0)  # the 8 calls are in flight (the endpoint holds them)
        timings = {}
        for label, path in (
            ("sources", "sources"),
            ("local job list", "local/jobs"),
            ("local cached leaderboard", "local/jobs/fx-binary-v2/candidates"),
            ("local job", "local/jobs/fx-multiclass-v2"),
        ):
            samples = []
            for _ in range(5):
                started = time.perf_counter()
                assert get(path) == 200
                samples.append(time.perf_counter() - started)
            timings[label] = statistics.median(samples)
        return timings
    finally:
        _Hang.release.set()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
        hang.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency-ms", type=float, default=100)
    args = parser.parse_args()
    latency = args.latency_ms / 1000
    results = run_service_benchmarks(latency)
    print(f"Simulated AWS latency: {args.latency_ms:g} ms per call; job of {N} candidates")
    lb = results["leaderboard"]
    print(
        f"cold leaderboard: {lb['calls']} calls, {lb['seconds'] * 1000:.0f} ms "
        f"(lower bound {lb['bound_seconds'] * 1000:.0f} ms) -> {lb['ratio_time']:.2f}x"
    )
    md = results["model details"]
    print(
        f"cold model details (4 views together): {md['calls']} calls (bound {md['bound_calls']}, "
        f"{md['ratio_calls']:.2f}x), {md['seconds'] * 1000:.0f} ms (bound {md['bound_seconds'] * 1000:.0f} ms) "
        f"-> {md['ratio_time']:.2f}x"
    )
    print(f"reopen after concurrent opens: {results['reopen after concurrent']['calls']} calls")
    print(f"reopen after sequential opens: {results['reopen after sequential']['calls']} calls")
    for label, seconds in run_isolation_benchmark().items():
        print(f"while 8 AWS calls hang: {label}: {seconds * 1000:.1f} ms")
    print(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
