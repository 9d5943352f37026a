"""Untrusted input through the REST API and the aws source: safe header values, strict query
parameters, malformed AWS answers, S3 reads confined to the job (counted), one hung source never
freezing the other."""

import asyncio
import json
import shutil
import threading
from urllib.parse import unquote

import aws_fixtures as F
import boto3
import pytest
from moto import mock_aws

from jupyter_autopilot.errors import AutopilotError
from jupyter_autopilot.service import AutopilotService
from jupyter_autopilot.sources.aws import AwsSource

JOB = "fx-binary-v2"
NASTY = "Notebook\r\nX-Evil: 1 été ✓.ipynb"


@pytest.fixture
def jobs_dir(tmp_path, fixture_jobs_dir):
    """A jobs folder whose notebook and candidate names are legal in S3 but unsafe in a header."""
    root = tmp_path / "jobs"
    shutil.copytree(fixture_jobs_dir / JOB, root / JOB)
    job_json = root / JOB / "job.json"
    record = json.loads(job_json.read_text())
    uri = record["AutoMLJobArtifacts"]["DataExplorationNotebookLocation"]
    bucket_key = uri[len("s3://") :]
    old = root / JOB / "s3" / bucket_key
    new = old.with_name(NASTY)
    old.rename(new)
    record["AutoMLJobArtifacts"]["DataExplorationNotebookLocation"] = uri.rsplit("/", 1)[0] + "/" + NASTY
    job_json.write_text(json.dumps(record))
    return root


async def test_unicode_and_crlf_file_names_are_encoded_in_headers(api, jp_fetch):
    response = await jp_fetch("autopilot", "api", "local", "jobs", JOB, "notebooks", "dataExploration")
    assert response.code == 200
    header = response.headers["X-Autopilot-Notebook-Name"]
    assert "\r" not in header and "\n" not in header and header.isascii()
    assert header.startswith("UTF-8''") and unquote(header[len("UTF-8''") :]) == NASTY
    assert "X-Evil" not in response.headers
    report = await jp_fetch(
        "autopilot", "api", "local", "jobs", JOB, "candidates", "fx-binary-v2-xgb-002", "reports", "performanceJson"
    )
    disposition = report.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="fx-binary-v2-xgb-002-performanceJson.json"')
    assert "filename*=UTF-8''fx-binary-v2-xgb-002-performanceJson.json" in disposition


@pytest.mark.parametrize("value", ["maybe", "yes", "2", "[]"])
async def test_unassigned_takes_true_or_false_only(api, value):
    code, data = await api("local", "trial-components", params={"unassigned": value})
    assert code == 400 and "unassigned" in data["message"]


async def test_status_takes_a_job_status_only(api):
    code, data = await api("local", "jobs", params={"status": "Done"})
    assert code == 400 and "status" in data["message"]


def test_openapi_document_carries_the_enforced_name_rules():
    from importlib.resources import files

    from jupyter_autopilot import names

    doc = json.loads(files("jupyter_autopilot.rest").joinpath("openapi.json").read_text())
    seen = {}
    for item in doc["paths"].values():
        for op in item.values():
            for param in op.get("parameters", []):
                seen.setdefault(param["name"], []).append(param["schema"])
    assert all(s["pattern"] == f"^{names.JOB_NAME.pattern}$" for s in seen["job"])
    assert all(s["pattern"] == f"^{names.CANDIDATE_NAME.pattern}$" for s in seen["candidate"])
    assert all(s["enum"] == [*names.JOB_STATUSES, ""] for s in seen["status"])  # empty: no filter
    assert all(s["type"] == "boolean" for s in seen["unassigned"])
    assert all(s["enum"] == ["local", "aws"] for s in seen["source"])


# -- one hung source never freezes the other ------------------------------------------------------


@pytest.fixture
def hung_aws(jp_serverapp):
    """An aws source whose every call blocks until released."""
    release = threading.Event()
    entered = threading.Semaphore(0)

    class HungSource(AwsSource):
        def status(self):
            from jupyter_autopilot.sources.base import SourceStatus

            return SourceStatus(True, "hung")

        def list_jobs(self, **kwargs):
            entered.release()
            release.wait(30)
            return [], None

    service = jp_serverapp.web_app.settings["autopilot_service"]
    service._factories["aws"] = HungSource()
    service._sources.pop("aws", None)
    yield entered, release
    release.set()


async def test_eight_hung_aws_calls_never_delay_local_routes(hung_aws, api):
    entered, release = hung_aws
    hung = [asyncio.ensure_future(api("aws", "jobs")) for _ in range(8)]
    # wait until the 8 calls hold the aws pool
    for _ in range(8):
        while not entered.acquire(blocking=False):
            await asyncio.sleep(0.02)
    code, data = await api("local", "jobs")
    assert code == 200 and data["jobs"]
    code, _ = await api("local", "jobs", JOB, "candidates")
    assert code == 200
    code, _ = await api("sources")
    assert code == 200
    assert not any(task.done() for task in hung)  # answered while the 8 aws calls still hung
    release.set()
    results = await asyncio.gather(*hung)
    assert all(code == 200 for code, _ in results)


# -- the aws source: malformed answers, S3 reads confined ----------------------------------------


@pytest.fixture
def aws_source(monkeypatch, tmp_path):
    F.aws_test_env(monkeypatch, tmp_path)
    with mock_aws():
        yield AwsSource()


def _inject(client, operation: str, body: dict):
    """Make ``client`` answer ``operation`` with a 200 whose parsed body is ``body``."""

    from botocore.awsrequest import AWSResponse

    def answer(**kwargs):
        return (AWSResponse("https://sagemaker.invalid", 200, {}, None), dict(body, ResponseMetadata={}))

    client.meta.events.register(f"before-call.sagemaker.{operation}", answer)


@pytest.mark.parametrize(
    "body",
    [{}, {"AutoMLJobName": "bin-job"}, {"AutoMLJobStatus": ["Completed"], "Junk": 1}],
    ids=["empty", "name only", "junk"],
)
def test_a_200_without_the_required_members_is_an_unexpected_answer(aws_source, body):
    _inject(aws_source._client("sagemaker"), "DescribeAutoMLJobV2", body)
    with pytest.raises(AutopilotError) as exc:
        aws_source.describe_job("bin-job")
    assert exc.value.status == 502 and "Unexpected answer from AWS" in exc.value.message
    assert "DescribeAutoMLJobV2" in exc.value.message


def test_a_list_answer_without_its_list_is_an_unexpected_answer(aws_source):
    _inject(aws_source._client("sagemaker"), "ListAutoMLJobs", {"NextToken": None})
    with pytest.raises(AutopilotError) as exc:
        aws_source.list_jobs()
    assert exc.value.status == 502 and "ListAutoMLJobs" in exc.value.message


def test_aws_reads_stay_below_the_job_output_counted(aws_source):
    sm, s3 = aws_source._client("sagemaker"), aws_source._client("s3")
    record, candidates = F.v2_binary_job("bin-job")
    F.create_moto_aws_job(sm, s3, record, candidates)
    # a second job's and a foreign bucket's files, named by the records of the first
    F.ensure_bucket(s3, "other-bucket")
    F.put_object(s3, "s3://other-bucket/secret/analysis.json", F.analysis_json({"label0": {"x": 1.0}}))
    F.put_object(s3, F.output_path("bin-job") + "/other-job/analysis.json", F.analysis_json({"label0": {"x": 1.0}}))
    foreign = {
        "s3://other-bucket/secret": "another bucket",
        "s3://" + F.BUCKET + "/": "bucket root",
        F.output_path("bin-job") + "/other-job": "another job",
    }
    others = [c for c in candidates if c["CandidateName"] != record["BestCandidate"]["CandidateName"]]
    for uri, cand in zip(foreign, others, strict=False):
        cand.setdefault("CandidateProperties", {})["CandidateArtifactLocations"] = {
            "Explainability": uri,
            "ModelInsights": uri,
        }
    F.serve_candidates(sm, {"bin-job": others})  # moto has no ListCandidatesForAutoMLJob
    calls: list[str] = []
    s3.meta.events.register("before-call.s3.*", lambda model, params, **kw: calls.append(f"{model.name} {params}"))
    service = AutopilotService({"aws": aws_source})
    for cand in others[: len(foreign)]:
        view = service.explainability("aws", "bin-job", cand["CandidateName"]).to_dict()
        assert view["available"] is False and "outside the job's own output location" in view["reason"]
        performance = service.performance("aws", "bin-job", cand["CandidateName"]).to_dict()
        assert performance["report"]["available"] is False
    assert calls == []  # not one S3 request for a location outside the job


def test_boto3_sessions_are_not_touched_by_injection():
    # the injection above is per client: a new client answers normally (no leak between tests)
    with mock_aws():
        client = boto3.client("sagemaker", region_name=F.REGION)
        assert client.list_auto_ml_jobs()["AutoMLJobSummaries"] == []


async def test_unassigned_false_is_refused_not_ignored(api):
    code, data = await api("local", "trial-components", params={"unassigned": "false"})
    assert code == 400 and "unassigned=true" in data["message"]
    code, data = await api("local", "trial-components", params={"unassigned": "true"})
    assert code == 200 and data["unassigned"] is True
