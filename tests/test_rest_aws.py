"""The REST API on the aws source: moto for SageMaker V2 describe, steps, S3, experiments; every
ListCandidatesForAutoMLJob / V1 describe request and response checked against the service model
(serve_candidates, Stubber)."""

import aws_fixtures as F
import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from jupyter_autopilot.s3uri import parse_s3_uri
from jupyter_autopilot.sources.aws import AwsSource


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    F.aws_test_env(monkeypatch, tmp_path)
    with mock_aws():
        yield


@pytest.fixture
def service(jp_serverapp):
    return jp_serverapp.web_app.settings["autopilot_service"]


@pytest.fixture
def moto_jobs(aws_env, service):
    """Three jobs in moto: V2 binary (Maximize), V2 regression (Minimize), V2 without best candidate."""
    src = service.source("aws")
    sm, s3 = src._client("sagemaker"), src._client("s3")
    jobs = {
        "bin-job": F.v2_binary_job("bin-job"),
        "reg-job": F.v2_regression_job("reg-job"),
        "nobest-job": F.v2_job_without_best_candidate("nobest-job"),
    }
    for record, candidates in jobs.values():
        F.create_moto_aws_job(sm, s3, record, candidates)
    calls = F.serve_candidates(sm, {name: cands for name, (rec, cands) in jobs.items()})
    reads = []
    s3.meta.events.register(
        "before-parameter-build.s3.GetObject",
        lambda params, **kw: reads.append(f"s3://{params['Bucket']}/{params['Key']}"),
    )
    sm_calls = []
    sm.meta.events.register("before-call.sagemaker.*", lambda model, **kw: sm_calls.append(model.name))
    return {"jobs": jobs, "calls": calls, "reads": reads, "sm_calls": sm_calls}


async def test_sources_lists_aws_available(moto_jobs, api):
    code, data = await api("sources")
    aws = next(s for s in data["sources"] if s["id"] == "aws")
    assert aws["available"] is True and F.REGION in aws["label"]


async def test_jobs_and_job(moto_jobs, api):
    code, data = await api("aws", "jobs")
    assert code == 200
    assert {j["name"] for j in data["jobs"]} == {"bin-job", "reg-job", "nobest-job"}
    statuses = {j["name"]: j["status"] for j in data["jobs"]}
    assert statuses["bin-job"] == statuses["reg-job"] == "Completed" and statuses["nobest-job"]
    code, job = await api("aws", "jobs", "bin-job")
    record, _ = moto_jobs["jobs"]["bin-job"]
    assert job["problemType"] == "BinaryClassification"
    assert job["bestCandidate"] == record["BestCandidate"]["CandidateName"]
    assert job["objective"]["direction"] == "Maximize"
    code, job = await api("aws", "jobs", "nobest-job")
    assert job["bestCandidate"] is None


async def test_candidates_order_for_both_directions(moto_jobs, api):
    code, data = await api("aws", "jobs", "bin-job", "candidates")
    values = [c["objectiveValue"] for c in data["candidates"] if c["objectiveValue"] is not None]
    assert data["candidates"][0]["isBest"] and values == sorted(values, reverse=True)
    code, data = await api("aws", "jobs", "reg-job", "candidates")
    assert data["objective"]["direction"] == "Minimize"
    values = [c["objectiveValue"] for c in data["candidates"] if c["objectiveValue"] is not None]
    assert data["candidates"][0]["isBest"] and values == sorted(values)
    code, data = await api("aws", "jobs", "nobest-job", "candidates")
    assert data["bestCandidate"] is None and not any(c["isBest"] for c in data["candidates"])


def _best_and_other(moto_jobs):
    record, candidates = moto_jobs["jobs"]["bin-job"]
    best = record["BestCandidate"]["CandidateName"]
    other = next(
        c["CandidateName"]
        for c in candidates
        if c["CandidateName"] != best
        and "Explainability" not in c.get("CandidateProperties", {}).get("CandidateArtifactLocations", {})
    )
    return best, other


async def test_model_details_and_files(moto_jobs, api):
    best, other = _best_and_other(moto_jobs)
    code, data = await api("aws", "jobs", "bin-job", "candidates", best, "explainability")
    assert code == 200 and data["available"] and data["labels"][0]["features"]
    importances = [f["importance"] for f in data["labels"][0]["features"]]
    assert importances == sorted(importances, reverse=True)
    assert data["hyperparameters"] and data["hyperparametersFrom"] == best
    code, data = await api("aws", "jobs", "bin-job", "candidates", best, "performance")
    assert code == 200 and data["report"]["available"] and data["report"]["confusionMatrix"]["matrix"]
    code, data = await api("aws", "jobs", "bin-job", "candidates", best, "artifacts")
    assert code == 200 and data["inputs"] and data["outputs"] and data["intermediate"]
    code, data = await api("aws", "jobs", "bin-job", "candidates", best, "network")
    assert code == 200 and data["from"] == "trainingJob"
    code, nb = await api("aws", "jobs", "bin-job", "notebooks", "dataExploration")
    assert code == 200 and nb["nbformat"] == 4
    code, data = await api("aws", "jobs", "bin-job", "candidates", other, "explainability")
    assert code == 200 and data["available"] is False and "best candidate" in data["reason"]


async def test_reads_only_what_records_name_and_caches_completed_jobs(moto_jobs, api, service):
    best, _ = _best_and_other(moto_jobs)
    views = ["explainability", "performance", "artifacts", "network"]
    await api("aws", "jobs", "bin-job")
    await api("aws", "jobs", "bin-job", "candidates")
    for view in views:
        code, _ = await api("aws", "jobs", "bin-job", "candidates", best, view)
        assert code == 200
    await api("aws", "jobs", "bin-job", "notebooks", "dataExploration")
    record, _ = moto_jobs["jobs"]["bin-job"]
    named = [
        parse_s3_uri(F.explainability_prefix("bin-job", best)),
        parse_s3_uri(F.model_insights_prefix("bin-job", best)),
        parse_s3_uri(record["AutoMLJobArtifacts"]["DataExplorationNotebookLocation"]),
    ]
    assert moto_jobs["reads"]
    for uri in moto_jobs["reads"]:
        assert any(prefix.contains(parse_s3_uri(uri)) for prefix in named), uri
    # reopening a completed job's views costs no AWS call
    before_sm, before_s3 = len(moto_jobs["sm_calls"]), len(moto_jobs["reads"])
    await api("aws", "jobs", "bin-job")
    await api("aws", "jobs", "bin-job", "candidates")
    for view in views:
        await api("aws", "jobs", "bin-job", "candidates", best, view)
    assert len(moto_jobs["sm_calls"]) == before_sm
    assert len(moto_jobs["reads"]) == before_s3


async def test_unknown_job_is_404(moto_jobs, api):
    code, data = await api("aws", "jobs", "no-such-job")
    assert code == 404 and "no-such-job" in data["message"]


async def test_experiments_and_trial_components(moto_jobs, api):
    code, data = await api("aws", "experiments")
    assert code == 200 and isinstance(data["experiments"], list)
    code, data = await api("aws", "trial-components", params={"unassigned": "true"})
    assert code == 200 and isinstance(data["trialComponents"], list)


@pytest.fixture
def stubbed(aws_env, service):
    sm = boto3.client("sagemaker", region_name=F.REGION)
    s3 = boto3.client("s3", region_name=F.REGION)
    service._sources["aws"] = AwsSource(clients={"sagemaker": sm, "s3": s3})
    with Stubber(sm) as stub:
        yield stub
        stub.assert_no_pending_responses()


async def test_v1_job_through_fallback(stubbed, api):
    record, candidates = F.v1_multiclass_job("v1-job")
    F.stub_v1_only_job(stubbed, record)
    code, job = await api("aws", "jobs", "v1-job")
    assert code == 200 and job["apiVersion"] == "V1"
    assert job["problemType"] == "MulticlassClassification" and job["targetAttribute"]
    F.stub_list_candidates(stubbed, "v1-job", candidates)
    code, data = await api("aws", "jobs", "v1-job", "candidates")
    assert code == 200 and data["candidates"][0]["isBest"]


@pytest.mark.parametrize(
    "code,http,status,words",
    [
        ("AccessDeniedException", 400, 403, "sagemaker:DescribeAutoMLJobV2"),
        ("ThrottlingException", 400, 429, "throttl"),
        ("ExpiredTokenException", 400, 401, "credentials"),
        ("ValidationException", 400, 404, "not-here"),
    ],
)
async def test_aws_errors_map_to_statuses(stubbed, api, code, http, status, words):
    message = "Could not find job not-here" if code == "ValidationException" else "nope"
    stubbed.add_client_error(
        "describe_auto_ml_job_v2",
        service_error_code=code,
        service_message=message,
        http_status_code=http,
        expected_params={"AutoMLJobName": "not-here"},
    )
    got, data = await api("aws", "jobs", "not-here")
    assert got == status
    assert words.lower() in data["message"].lower()
    assert "Traceback" not in data["message"]


async def test_no_credentials_is_503_with_a_fix(monkeypatch, tmp_path, api):
    F.aws_test_env(monkeypatch, tmp_path, credentials=False)
    code, data = await api("sources")
    aws = next(s for s in data["sources"] if s["id"] == "aws")
    assert aws["available"] is False and "credentials" in aws["message"].lower()
    code, data = await api("aws", "jobs")
    assert code in (401, 503)
    assert "aws configure" in data["message"] or "sso login" in data["message"] or "AWS_PROFILE" in data["message"]
