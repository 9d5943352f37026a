"""AWS reads at the round-trip limit, coalesced: concurrent cold requests share one fetch per
thing, a finished job reopened costs no call, the cache is bounded, cache hits need no thread,
and every part of a view fails alone."""

import asyncio
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import aws_fixtures as F
from bench_aws import JOB, FakeAws

from jupyter_autopilot.service import AutopilotService
from jupyter_autopilot.service.cache import JobLRU, SingleFlight

VIEWS = ("explainability", "performance", "artifacts", "network")


@pytest.fixture
def fake(monkeypatch, tmp_path):
    F.aws_test_env(monkeypatch, tmp_path)
    return FakeAws(latency=0.05)


def counts(calls):
    out = {}
    for name in calls:
        out[name] = out.get(name, 0) + 1
    return out


def test_the_leaderboard_is_one_describe_and_pages_of_300(fake):
    service = AutopilotService({"aws": fake.source()})
    view = service.candidates("aws", JOB).to_dict()
    assert len(view["candidates"]) == 750
    assert counts(fake.calls) == {"DescribeAutoMLJobV2": 1, "ListCandidatesForAutoMLJob": 3}
    values = [c["objectiveValue"] for c in view["candidates"][1:]]
    assert values == sorted(values, reverse=True)  # ranked by the view, not by the listing


def test_concurrent_cold_requests_share_one_fetch_per_page(fake):
    service = AutopilotService({"aws": fake.source()})
    barrier = threading.Barrier(8)

    def leaderboard():
        barrier.wait()
        return service.candidates("aws", JOB)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: leaderboard(), range(8)))
    assert all(r is results[0] for r in results)  # one view, built once
    assert counts(fake.calls) == {"DescribeAutoMLJobV2": 1, "ListCandidatesForAutoMLJob": 3}


def test_model_details_together_cost_the_lower_bound_and_reopen_costs_nothing(fake):
    service = AutopilotService({"aws": fake.source()})
    other = fake.candidates[1]
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(getattr(service, v), "aws", JOB, other["CandidateName"]) for v in VIEWS]
        views = [f.result().to_dict() for f in futures]
    steps = len(other["CandidateSteps"])
    assert counts(fake.calls) == {
        "DescribeAutoMLJobV2": 1,
        "ListCandidatesForAutoMLJob": 1,  # one lookup by name, not every page
        "DescribeTrainingJob": sum(s["CandidateStepType"].endswith("TrainingJob") for s in other["CandidateSteps"]),
        "DescribeProcessingJob": sum(s["CandidateStepType"].endswith("ProcessingJob") for s in other["CandidateSteps"]),
        "DescribeTransformJob": sum(s["CandidateStepType"].endswith("TransformJob") for s in other["CandidateSteps"]),
        "ListObjectsV2": 2,
        "GetObject": 2,
    }
    assert len(fake.calls) == 2 + steps + 4
    assert views[0]["available"] and views[1]["report"]["available"]
    before = len(fake.calls)
    for view in VIEWS:
        getattr(service, view)("aws", JOB, other["CandidateName"])
    service.job("aws", JOB).to_dict()
    assert len(fake.calls) == before  # reopened after concurrent opens: 0 calls
    service.candidates("aws", JOB).to_dict()
    before = len(fake.calls)
    service.candidates("aws", JOB).to_dict()
    for view in VIEWS:
        getattr(service, view)("aws", JOB, fake.candidates[2]["CandidateName"])
    after_first = len(fake.calls)
    for view in VIEWS:
        getattr(service, view)("aws", JOB, fake.candidates[2]["CandidateName"])
    assert len(fake.calls) == after_first  # reopened after sequential opens: 0 calls
    assert "ListCandidatesForAutoMLJob" not in fake.calls[before:]  # the listing serves lookups now


def test_a_step_that_cannot_be_described_marks_only_its_part(fake):
    broken = fake.candidates[1]
    training = next(
        s["CandidateStepName"] for s in broken["CandidateSteps"] if s["CandidateStepType"].endswith("TrainingJob")
    )

    source = fake.source()
    from botocore.exceptions import ClientError

    def deny(model, context, **kwargs):
        params = context.get("bench_params", {})
        if model.name == "DescribeTrainingJob" and params.get("TrainingJobName") == training:
            raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "DescribeTrainingJob")
        return None

    source._client("sagemaker").meta.events.register_first("before-call.sagemaker.*", deny)
    service = AutopilotService({"aws": source})
    view = service.explainability("aws", JOB, broken["CandidateName"]).to_dict()
    assert view["available"] is True and view["labels"]  # SHAP still shows
    by_step = {s["step"]: s for s in view["hyperparametersByStep"]}
    assert by_step[training]["error"] and "denied" in by_step[training]["error"].lower()
    assert view["hyperparametersFrom"] != training
    artifacts = service.artifacts("aws", JOB, broken["CandidateName"]).to_dict()
    assert artifacts["inputs"]
    network = service.network("aws", JOB, broken["CandidateName"]).to_dict()
    assert network is not None


def test_names_from_records_are_not_held_to_typed_name_rules(fake):
    # CandidateName has no pattern in the service model: an underscore is AWS's to judge
    odd = fake.candidates[1]
    old = odd["CandidateName"]
    new = old.replace("-", "_", 1)
    odd["CandidateName"] = new
    for step in odd["CandidateSteps"]:
        if step["CandidateStepName"] == old:
            step["CandidateStepName"] = new
    service = AutopilotService({"aws": fake.source()})
    for view in VIEWS:
        result = getattr(service, view)("aws", JOB, new)
        assert result is not None
    assert service.explainability("aws", JOB, new).to_dict()["hyperparameters"]


def test_single_flight_shares_one_computation_and_its_error():
    flight = SingleFlight()
    started = threading.Event()
    release = threading.Event()
    calls = []

    def slow():
        calls.append(1)
        started.set()
        release.wait(5)
        raise ValueError("shared")

    errors = []

    def call():
        try:
            flight.do("k", slow)
        except ValueError as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=call) for _ in range(5)]
    threads[0].start()
    started.wait(5)
    for t in threads[1:]:
        t.start()
    release.set()
    for t in threads:
        t.join(5)
    assert len(calls) <= 2 and errors and set(errors) == {"shared"}
    assert flight.do("k", lambda: 3) == 3  # an error is not kept


def test_the_job_cache_is_bounded_least_recently_used_first():
    lru: JobLRU[int] = JobLRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1
    lru.put("c", 3)
    assert lru.get("b") is None and lru.get("a") == 1 and lru.get("c") == 3 and len(lru) == 2


# -- REST: a finished job's cached views are answered on the event loop --------------------------


@pytest.fixture
def blocked_pool(jp_serverapp):
    """Every worker thread of the local source is held: only answers without a thread get through."""
    release = threading.Event()
    app = jp_serverapp.web_app
    return app, release


async def test_cached_views_answer_without_a_worker_thread(api, blocked_pool):
    app, release = blocked_pool
    code, first = await api("local", "jobs", "fx-binary-v2", "candidates")
    assert code == 200
    code, _ = await api("local", "jobs", "fx-binary-v2", "candidates", "fx-binary-v2-xgb-002", "explainability")
    assert code == 200
    # now hold every thread of the local pool
    limiter = app.settings["autopilot_limiters"]["local"]
    holders = []
    for _ in range(int(limiter.total_tokens)):
        holders.append(asyncio.ensure_future(_hold(limiter, release)))
    await asyncio.sleep(0.1)
    assert limiter.available_tokens == 0
    code, again = await api("local", "jobs", "fx-binary-v2", "candidates")
    assert code == 200 and again == first
    code, data = await api("local", "jobs", "fx-binary-v2", "candidates", "fx-binary-v2-xgb-002", "explainability")
    assert code == 200 and data["available"]
    release.set()
    await asyncio.gather(*holders)


async def _hold(limiter, release):
    import anyio

    async with limiter:
        while not release.is_set():
            await anyio.sleep(0.02)


def test_a_listing_started_before_the_job_ended_is_read_again(fake):
    """A job that ends while its listing runs could be cached with a partial leaderboard: a
    listing started less than SETTLE_SECONDS after the job's end is redone."""
    from datetime import datetime, timezone

    fake.record["EndTime"] = datetime.now(timezone.utc)
    service = AutopilotService({"aws": fake.source()})
    service.candidates("aws", JOB).to_dict()
    assert counts(fake.calls)["ListCandidatesForAutoMLJob"] == 6  # read again after the describe
    before = len(fake.calls)
    service.candidates("aws", JOB).to_dict()
    assert len(fake.calls) == before  # and then kept
