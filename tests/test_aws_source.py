"""AwsSource against moto (S3, training/processing/transform jobs, experiments, V2 describe) and
botocore's Stubber (ListCandidatesForAutoMLJob, V1 describe, Search, every error code), so every
request and response is checked against the real service model."""

from __future__ import annotations

import io
import json
import socket
import sys
import threading
from datetime import datetime

import boto3
import botocore.session
import pytest
from botocore import exceptions as bex
from botocore.response import StreamingBody
from botocore.stub import Stubber
from moto import mock_aws

from jupyter_autopilot import errors
from jupyter_autopilot.s3uri import parse_s3_uri
from jupyter_autopilot.sources.aws import AwsSource, map_aws_error, objective_direction

try:
    import aws_fixtures as F
except ImportError:  # tests/ imported as a package
    from tests import aws_fixtures as F

JOB = "churn-binary-v2"


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    F.aws_test_env(monkeypatch, tmp_path)
    return tmp_path


@pytest.fixture
def moto_source(aws_env):
    with mock_aws():
        yield AwsSource()


@pytest.fixture
def stubbed(aws_env):
    """(source, sagemaker Stubber, s3 Stubber); every queued response must be consumed."""
    sm = boto3.client("sagemaker", region_name=F.REGION)
    s3 = boto3.client("s3", region_name=F.REGION)
    source = AwsSource(clients={"sagemaker": sm, "s3": s3})
    with Stubber(sm) as sm_stub, Stubber(s3) as s3_stub:
        yield source, sm_stub, s3_stub
        sm_stub.assert_no_pending_responses()
        s3_stub.assert_no_pending_responses()


def _moto_job(source, record, candidates):
    sm, s3 = source._client("sagemaker"), source._client("s3")
    written = F.create_moto_aws_job(sm, s3, record, candidates)
    return sm, s3, written


# ---------------------------------------------------------------------------------------------
# status, session and clients


def test_status_with_env_credentials_and_region(aws_env):
    source = AwsSource()
    status = source.status()
    assert status.available is True
    assert "us-east-1" in status.message
    assert status.details["credentials"] == "env"
    assert source.label == "AWS (us-east-1)"
    assert "testing" not in json.dumps(status.details) + status.message


def test_status_without_credentials_says_how_to_fix(monkeypatch, tmp_path):
    F.aws_test_env(monkeypatch, tmp_path, credentials=False)
    status = AwsSource().status()
    assert status.available is False
    for hint in ("aws configure", "aws sso login", "AWS_PROFILE", "AutopilotConfig.aws_profile"):
        assert hint in status.message


def test_status_without_region_says_how_to_fix(monkeypatch, tmp_path):
    F.aws_test_env(monkeypatch, tmp_path, region=None)
    source = AwsSource()
    status = source.status()
    assert status.available is False
    assert "region" in status.message
    assert "AutopilotConfig.aws_region" in status.message and "AWS_REGION" in status.message
    assert source.label == "AWS (no region)"


def test_status_unknown_profile(aws_env):
    status = AwsSource(profile="no-such-profile").status()
    assert status.available is False
    assert "no-such-profile" in status.message


def test_region_and_credentials_from_profile(monkeypatch, tmp_path):
    config, creds = F.aws_test_env(monkeypatch, tmp_path, credentials=False, region=None)
    config.write_text("[profile analytics]\nregion = eu-west-1\n")
    creds.write_text("[analytics]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = SECRETEXAMPLE\n")
    source = AwsSource(profile="analytics")
    status = source.status()
    assert status.available, status.message
    assert status.details["region"] == "eu-west-1"
    assert status.details["credentials"] == "shared-credentials-file"
    assert source.label == "AWS (eu-west-1)"
    # AWS_REGION wins over the profile's region, like the AWS CLI; an explicit region wins over all
    monkeypatch.setenv("AWS_REGION", "ap-southeast-2")
    assert AwsSource(profile="analytics").region_name == "ap-southeast-2"
    assert AwsSource(profile="analytics", region="us-west-2").region_name == "us-west-2"
    monkeypatch.setenv("AWS_PROFILE", "analytics")
    assert AwsSource().status().available


def test_status_reports_failing_credential_process(monkeypatch, tmp_path):
    config, _ = F.aws_test_env(monkeypatch, tmp_path, credentials=False)
    failing = f'{sys.executable} -c "raise RuntimeError"'
    config.write_text(f"[profile broken]\ncredential_process = {failing}\nregion = us-east-1\n")
    status = AwsSource(profile="broken").status()
    assert status.available is False
    assert "--profile broken" in status.message


def test_status_reports_expired_sso_session(monkeypatch, tmp_path):
    config, _ = F.aws_test_env(monkeypatch, tmp_path, credentials=False)
    config.write_text(
        "[profile dev-sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n"
        "region = us-east-1\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\n"
        "sso_region = us-east-1\n"
    )

    def expired(self):
        raise bex.UnauthorizedSSOTokenError()

    monkeypatch.setattr(botocore.session.Session, "get_credentials", expired)
    status = AwsSource(profile="dev-sso").status()
    assert status.available is False
    assert "aws sso login --profile dev-sso" in status.message


def test_clients_are_configured_shared_and_created_once(aws_env):
    source = AwsSource(connect_timeout=3, read_timeout=11, total_max_attempts=6, retry_mode="adaptive", max_workers=16)
    seen = []
    barrier = threading.Barrier(8)

    def grab():
        barrier.wait()
        seen.append(source._client("sagemaker"))

    threads = [threading.Thread(target=grab) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(c) for c in seen}) == 1
    config = seen[0].meta.config
    assert config.retries == {"mode": "adaptive", "total_max_attempts": 6}
    assert (config.connect_timeout, config.read_timeout) == (3, 11)
    assert config.max_pool_connections == 16
    assert seen[0].meta.region_name == "us-east-1"
    s3 = source._client("s3")
    assert s3 is source._client("s3") and s3 is not seen[0]


def test_endpoint_url_is_used_for_both_services(aws_env):
    source = AwsSource(endpoint_url="http://127.0.0.1:5055")
    assert source._client("sagemaker").meta.endpoint_url == "http://127.0.0.1:5055"
    assert source._client("s3").meta.endpoint_url == "http://127.0.0.1:5055"


# ---------------------------------------------------------------------------------------------
# describe_job


def test_describe_v2_job_from_moto(moto_source):
    record, candidates = F.v2_binary_job(JOB)
    _moto_job(moto_source, record, candidates)
    described = moto_source.describe_job(JOB)
    assert "ResponseMetadata" not in described
    assert described["AutoMLJobStatus"] == "Completed"
    assert described["BestCandidate"]["CandidateName"] == candidates[0]["CandidateName"]
    assert isinstance(described["CreationTime"], datetime)
    assert described["AutoMLJobArtifacts"] == record["AutoMLJobArtifacts"]


def test_describe_missing_job_is_job_not_found(moto_source):
    with pytest.raises(errors.JobNotFound) as info:
        moto_source.describe_job("no-such-job")
    assert info.value.status == 404 and "no-such-job" in info.value.message
    assert info.value.request_id


def test_describe_invalid_name_makes_no_call(stubbed):
    source, _, _ = stubbed
    for bad in ("", "-x", "a" * 33, "job/../x", "job_name"):
        with pytest.raises(errors.InvalidName):
            source.describe_job(bad)


def test_v2_validation_error_falls_back_to_v1(stubbed):
    source, sm, _ = stubbed
    record, _ = F.v1_multiclass_job("iris-multiclass-v1")
    F.stub_v1_only_job(sm, record)
    described = source.describe_job("iris-multiclass-v1")
    assert described["ProblemType"] == "MulticlassClassification"
    assert described["AutoMLJobConfig"]["SecurityConfig"]["VpcConfig"]["Subnets"]


def test_v2_not_found_does_not_ask_v1(stubbed):
    source, sm, _ = stubbed
    sm.add_client_error(
        "describe_auto_ml_job_v2",
        "ValidationException",
        "Job gone-job does not exist.",
        400,
        expected_params={"AutoMLJobName": "gone-job"},
    )
    with pytest.raises(errors.JobNotFound):
        source.describe_job("gone-job")  # a V1 call would hit the empty Stubber and fail differently


def test_v1_fallback_not_found(stubbed):
    source, sm, _ = stubbed
    sm.add_client_error("describe_auto_ml_job_v2", "ValidationException", "Use DescribeAutoMLJob for this job.", 400)
    sm.add_client_error("describe_auto_ml_job", "ResourceNotFound", "Could not find job old-job.", 400)
    with pytest.raises(errors.JobNotFound):
        source.describe_job("old-job")


# ---------------------------------------------------------------------------------------------
# list_jobs


def test_list_jobs_pages_newest_first_with_filters(moto_source):
    sm = moto_source._client("sagemaker")
    for i in range(5):
        record, _ = F.v2_binary_job(f"churn-{i}")
        record["CreationTime"] = record["CreationTime"].replace(hour=i)
        if i == 2:
            record["AutoMLJobStatus"] = "Failed"
        F.create_moto_job(sm, record)
    F.create_moto_job(sm, F.v2_binary_job("other-job")[0])
    names, token, pages = [], None, 0
    while True:
        jobs, token = moto_source.list_jobs(name_contains="churn", max_results=2, next_token=token)
        pages += 1
        names += [j["AutoMLJobName"] for j in jobs]
        assert all("ResponseMetadata" not in j for j in jobs)
        if not token:
            break
    assert pages == 3
    assert names == ["churn-4", "churn-3", "churn-2", "churn-1", "churn-0"]
    failed, token = moto_source.list_jobs(status="Failed")
    assert [j["AutoMLJobName"] for j in failed] == ["churn-2"] and token is None


def test_list_jobs_sends_sort_and_passes_the_aws_token_through(stubbed):
    source, sm, _ = stubbed
    summary = {
        "AutoMLJobName": "churn-1",
        "AutoMLJobArn": f"arn:aws:sagemaker:us-east-1:{F.ACCOUNT}:automl-job/churn-1",
        "AutoMLJobStatus": "Completed",
        "AutoMLJobSecondaryStatus": "Completed",
        "CreationTime": F.T0,
        "LastModifiedTime": F.T0,
    }
    base = {
        "SortBy": "CreationTime",
        "SortOrder": "Descending",
        "NameContains": "churn",
        "StatusEquals": "Completed",
        "MaxResults": 2,
    }
    sm.add_response(
        "list_auto_ml_jobs",
        {"AutoMLJobSummaries": [summary, dict(summary, AutoMLJobName="churn-0")], "NextToken": "aws/opaque+token=="},
        base,
    )
    sm.add_response(
        "list_auto_ml_jobs",
        {"AutoMLJobSummaries": [dict(summary, AutoMLJobName="churn-x")]},
        dict(base, NextToken="aws/opaque+token=="),
    )
    jobs, token = source.list_jobs(name_contains="churn", status="Completed", max_results=2)
    assert [j["AutoMLJobName"] for j in jobs] == ["churn-1", "churn-0"] and token
    jobs, token = source.list_jobs(name_contains="churn", status="Completed", max_results=2, next_token=token)
    assert [j["AutoMLJobName"] for j in jobs] == ["churn-x"] and token is None


def test_list_jobs_rejects_bad_input(stubbed):
    source, _, _ = stubbed
    import base64

    smuggled = base64.b64encode(json.dumps({"NextToken": "x", "StatusEquals": "Failed"}).encode()).decode()
    for token in ("", "x" * 20000, smuggled):
        with pytest.raises(errors.InvalidParameter):
            source.list_jobs(next_token=token)
    with pytest.raises(errors.InvalidName):
        source.list_jobs(name_contains="bad name!")
    with pytest.raises(errors.InvalidName):
        source.list_jobs(status="Done")


def test_list_jobs_expired_page_token_is_400(moto_source):
    with pytest.raises(errors.InvalidParameter):
        moto_source.list_jobs(next_token="not-a-token-moto-issued")


# ---------------------------------------------------------------------------------------------
# list_candidates


def test_list_candidates_all_pages_of_300_without_describing_the_job(stubbed):
    source, sm, _ = stubbed
    _, candidates = F.v2_binary_job(JOB)
    pages = F.stub_list_candidates(sm, JOB, candidates, per_page=2)  # no describe queued: none is made
    assert pages == 2
    got = source.list_candidates(JOB)
    assert [c["CandidateName"] for c in got] == [c["CandidateName"] for c in candidates]
    assert isinstance(got[0]["CreationTime"], datetime)


def test_find_candidate_is_one_call_by_name(stubbed):
    source, sm, _ = stubbed
    _, candidates = F.v2_regression_job("house-prices")
    wanted = candidates[2]
    sm.add_response(
        "list_candidates_for_auto_ml_job",
        {"Candidates": [wanted]},
        {"AutoMLJobName": "house-prices", "CandidateNameEquals": wanted["CandidateName"], "MaxResults": 1},
    )
    assert source.find_candidate("house-prices", wanted["CandidateName"])["CandidateName"] == wanted["CandidateName"]
    sm.add_response(
        "list_candidates_for_auto_ml_job",
        {"Candidates": []},
        {"AutoMLJobName": "house-prices", "CandidateNameEquals": "nope", "MaxResults": 1},
    )
    assert source.find_candidate("house-prices", "nope") is None


def test_list_candidates_of_missing_job(stubbed):
    source, sm, _ = stubbed
    sm.add_client_error("list_candidates_for_auto_ml_job", "ResourceNotFound", "Could not find job nope.", 400)
    with pytest.raises(errors.JobNotFound):
        source.list_candidates("nope")


def test_objective_direction():
    record, candidates = F.v2_binary_job(JOB)
    assert objective_direction(record) == "Maximize"
    assert objective_direction(F.v2_regression_job("r")[0]) == "Minimize"
    no_type = F.candidate_record("r", 1, metric="MAE", direction=None, metrics=["MAE"])
    assert objective_direction(no_type) == "Minimize"
    assert objective_direction({}) == "Maximize"


# ---------------------------------------------------------------------------------------------
# steps: lazy, typed, parallel


def test_step_describes_are_lazy(stubbed):
    source, sm, _ = stubbed
    record, candidates = F.v2_binary_job(JOB)
    F.stub_describe_v2(sm, record)
    F.stub_list_candidates(sm, JOB, candidates)
    source.describe_job(JOB)
    source.list_candidates(JOB)
    sm.assert_no_pending_responses()  # nothing else was called: no DescribeTrainingJob yet
    step = candidates[0]["CandidateSteps"][-1]["CandidateStepName"]
    training = {
        "TrainingJobName": step,
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:{F.ACCOUNT}:training-job/{step}",
        "ModelArtifacts": {"S3ModelArtifacts": "s3://b/model.tar.gz"},
        "TrainingJobStatus": "Completed",
        "SecondaryStatus": "Completed",
        "HyperParameters": {"max_depth": "6"},
        "AlgorithmSpecification": {"TrainingInputMode": "File", "TrainingImage": F.IMAGE_XGBOOST},
        "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "CreationTime": F.T0,
    }
    sm.add_response("describe_training_job", training, {"TrainingJobName": step})
    got = source.describe_step(JOB, "AWS::SageMaker::TrainingJob", step)
    assert got["HyperParameters"] == {"max_depth": "6"}


def test_describe_every_step_type_from_moto(moto_source):
    record, candidates = F.v2_binary_job(JOB)
    _moto_job(moto_source, record, candidates)
    best = candidates[0]
    steps = {s["CandidateStepName"]: s for c in candidates[:2] for s in c["CandidateSteps"]}
    results = {name: moto_source.describe_step(JOB, step["CandidateStepType"], name) for name, step in steps.items()}
    algorithm = results[best["CandidateName"]]
    assert algorithm["HyperParameters"]["max_depth"] == "6"
    assert algorithm["EnableNetworkIsolation"] is True
    processing = [s for s in best["CandidateSteps"] if s["CandidateStepType"].endswith("ProcessingJob")][0]
    assert results[processing["CandidateStepName"]]["ProcessingJobStatus"] == "Completed"
    transform = [s for s in best["CandidateSteps"] if s["CandidateStepType"].endswith("TransformJob")][0]
    assert "TransformJobStatus" in moto_source.describe_step(
        JOB, "AWS::SageMaker::TransformJob", transform["CandidateStepName"]
    )


def test_describe_missing_step_and_bad_type(moto_source):
    with pytest.raises(errors.NotFound) as info:
        moto_source.describe_step(JOB, "AWS::SageMaker::TrainingJob", "gone-training-job")
    assert info.value.status == 404
    with pytest.raises(errors.InvalidParameter):
        moto_source.describe_step(JOB, "AWS::Lambda::Function", "x")
    # a name from a record is not held to the rules of names people type: AWS answers for it
    with pytest.raises(errors.AutopilotError) as info:
        moto_source.describe_step(JOB, "AWS::SageMaker::TrainingJob", "../../etc")
    assert info.value.status in (400, 404)
    with pytest.raises(errors.NotFound):
        moto_source.describe_step(JOB, "AWS::SageMaker::ProcessingJob", "gone")


# ---------------------------------------------------------------------------------------------
# S3: listing under the prefix only, bounded reads


def test_list_objects_only_under_the_candidate_prefix(moto_source):
    record, candidates = F.v2_binary_job(JOB)
    _, s3, written = _moto_job(moto_source, record, candidates)
    locations = candidates[0]["CandidateProperties"]["CandidateArtifactLocations"]
    prefix = parse_s3_uri(locations["Explainability"])
    found = moto_source.list_objects(JOB, prefix)
    keys = sorted(loc.uri for loc, _ in found)
    assert keys == sorted([written["analysis.json"], written["explainability report.pdf"]])
    assert all("-evil" not in k for k in keys)
    # the evil sibling exists in the bucket, right next to the prefix
    evil = s3.list_objects_v2(Bucket=F.BUCKET, Prefix=prefix.key)["Contents"]
    assert any("-evil/" in o["Key"] for o in evil)
    insights = moto_source.list_objects(JOB, parse_s3_uri(locations["ModelInsights"]))
    assert sorted(loc.key.rsplit("/", 1)[1] for loc, _ in insights) == ["report.pdf", "statistics.json"]
    assert moto_source.list_objects(JOB, prefix, limit=1) == found[:1]
    size = {loc.uri: n for loc, n in found}[written["analysis.json"]]
    assert size == len(moto_source.read_object(JOB, parse_s3_uri(written["analysis.json"]), 10_000))


def test_list_objects_rechecks_keys_and_pages(stubbed):
    source, _, s3 = stubbed
    prefix = parse_s3_uri("s3://autopilot-test-bucket/out/job/documentation/explainability/output")
    key = prefix.key + "/"
    s3.add_response(
        "list_objects_v2",
        {
            "IsTruncated": True,
            "NextContinuationToken": "page-2",
            "KeyCount": 2,
            "Contents": [
                {"Key": key + "sub/analysis.json", "Size": 10},
                {"Key": prefix.key + "-evil/analysis.json", "Size": 5},  # a misbehaving endpoint
            ],
        },
        {"Bucket": prefix.bucket, "Prefix": key, "MaxKeys": 1000},
    )
    s3.add_response(
        "list_objects_v2",
        {
            "IsTruncated": False,
            "KeyCount": 3,
            "Contents": [
                {"Key": key + "sub/report.pdf", "Size": 20},
                {"Key": key + "sub/", "Size": 0},
                {"Key": key + "../../secret.json", "Size": 1},
            ],
        },
        {"Bucket": prefix.bucket, "Prefix": key, "MaxKeys": 1000, "ContinuationToken": "page-2"},
    )
    found = source.list_objects(JOB, prefix)
    assert [(loc.key, n) for loc, n in found] == [(key + "sub/analysis.json", 10), (key + "sub/report.pdf", 20)]


class _TrackedBody(StreamingBody):
    closed_calls = 0

    def close(self):
        type(self).closed_calls += 1
        super().close()


def _get_object_response(data: bytes, length=None):
    response = {"Body": _TrackedBody(io.BytesIO(data), len(data))}
    if length is not None:
        response["ContentLength"] = length
    return response


def test_read_object_limits(stubbed):
    source, _, s3 = stubbed
    location = parse_s3_uri("s3://autopilot-test-bucket/out/statistics.json")
    params = {"Bucket": location.bucket, "Key": location.key}
    _TrackedBody.closed_calls = 0
    s3.add_response("get_object", _get_object_response(b"x" * 100, 100), params)
    with pytest.raises(errors.ArtifactTooLarge) as info:
        source.read_object(JOB, location, max_bytes=50)
    assert info.value.status == 413
    # no ContentLength: the bounded read catches it
    s3.add_response("get_object", _get_object_response(b"y" * 100), params)
    with pytest.raises(errors.ArtifactTooLarge):
        source.read_object(JOB, location, max_bytes=99)
    s3.add_response("get_object", _get_object_response(b"z" * 99, 99), params)
    assert source.read_object(JOB, location, max_bytes=99) == b"z" * 99
    assert _TrackedBody.closed_calls == 3


def test_read_missing_objects(moto_source):
    s3 = moto_source._client("s3")
    F.ensure_bucket(s3)
    with pytest.raises(errors.ArtifactNotFound):
        moto_source.read_object(JOB, parse_s3_uri(f"s3://{F.BUCKET}/nothing/here.json"), 100)
    with pytest.raises(errors.ArtifactNotFound):
        moto_source.read_object(JOB, parse_s3_uri("s3://no-such-bucket-xyz/a.json"), 100)
    with pytest.raises(errors.ArtifactNotFound):
        moto_source.read_object(JOB, parse_s3_uri(f"s3://{F.BUCKET}/a/prefix/"), 100)


# ---------------------------------------------------------------------------------------------
# experiments and trial components


def test_list_experiments_keeps_autopilot_ones(moto_source):
    sm = moto_source._client("sagemaker")
    for name in (f"{JOB}-aws-auto-ml-job", "my-own-experiment", "iris-aws-auto-ml-job"):
        sm.create_experiment(ExperimentName=name)
    names = sorted(e["ExperimentName"] for e in moto_source.list_experiments())
    assert names == ["churn-binary-v2-aws-auto-ml-job", "iris-aws-auto-ml-job"]


def test_list_experiments_pages_and_source_arn(stubbed):
    source, sm, _ = stubbed
    arn = f"arn:aws:sagemaker:us-east-1:{F.ACCOUNT}:automl-job/renamed"
    params = {"SortBy": "CreationTime", "SortOrder": "Descending", "MaxResults": 100}
    sm.add_response(
        "list_experiments",
        {
            "ExperimentSummaries": [
                {
                    "ExperimentName": "renamed-exp",
                    "ExperimentSource": {"SourceArn": arn, "SourceType": "SageMakerAutoMLJob"},
                },
                {"ExperimentName": "unrelated"},
            ],
            "NextToken": "t2",
        },
        params,
    )
    sm.add_response(
        "list_experiments",
        {"ExperimentSummaries": [{"ExperimentName": "x-aws-auto-ml-job"}]},
        dict(params, NextToken="t2"),
    )
    assert [e["ExperimentName"] for e in source.list_experiments()] == ["renamed-exp", "x-aws-auto-ml-job"]


def _trial_component(name, source_arn, parents=()):
    record = {
        "TrialComponentName": name,
        "DisplayName": name,
        "TrialComponentArn": f"arn:aws:sagemaker:us-east-1:{F.ACCOUNT}:experiment-trial-component/{name}",
        "Source": {"SourceArn": source_arn, "SourceType": "SageMakerAutoMLJob"},
        "Status": {"PrimaryStatus": "Completed"},
        "CreationTime": F.T0,
        "Parameters": {"SageMaker.InstanceType": {"StringValue": "ml.m5.xlarge"}},
    }
    if parents:
        record["Parents"] = [{"TrialName": p, "ExperimentName": p + "-exp"} for p in parents]
    return record


def test_unassigned_trial_components_via_search(stubbed):
    source, sm, _ = stubbed
    automl = f"arn:aws:sagemaker:us-east-1:{F.ACCOUNT}:automl-job/"
    params = {
        "Resource": "ExperimentTrialComponent",
        "SearchExpression": {
            "Filters": [{"Name": "Source.SourceArn", "Operator": "Contains", "Value": ":automl-job/"}]
        },
        "SortBy": "CreationTime",
        "SortOrder": "Descending",
        "MaxResults": 100,
    }
    sm.add_response(
        "search",
        {
            "Results": [
                {"TrialComponent": _trial_component("churn-aws-auto-ml-job", automl + "churn")},
                {"TrialComponent": _trial_component("in-a-trial", automl + "other", parents=["t1"])},
            ],
            "NextToken": "n2",
        },
        params,
    )
    sm.add_response(
        "search",
        {
            "Results": [
                {
                    "TrialComponent": _trial_component(
                        "training", f"arn:aws:sagemaker:us-east-1:{F.ACCOUNT}:training-job/x"
                    )
                },
                {"TrialComponent": _trial_component("iris-aws-auto-ml-job", automl + "iris")},
            ]
        },
        dict(params, NextToken="n2"),
    )
    got = source.list_unassigned_trial_components()
    assert [t["TrialComponentName"] for t in got] == ["churn-aws-auto-ml-job", "iris-aws-auto-ml-job"]
    assert got[0]["TrialComponentSource"]["SourceArn"].endswith(":automl-job/churn")
    assert "Parameters" not in got[0] and "Source" not in got[0]


def test_unassigned_trial_components_fallback_to_listing(stubbed):
    source, sm, _ = stubbed
    automl = f"arn:aws:sagemaker:us-east-1:{F.ACCOUNT}:automl-job/"
    sm.add_client_error("search", "ValidationException", "Unknown property name: Source.SourceArn", 400)

    def summary(name, arn):
        return {"TrialComponentName": name, "TrialComponentSource": {"SourceArn": arn}, "CreationTime": F.T0}

    sm.add_response(
        "list_trial_components",
        {
            "TrialComponentSummaries": [
                summary("churn-aws-auto-ml-job", automl + "churn"),
                summary("training", f"arn:aws:sagemaker:us-east-1:{F.ACCOUNT}:training-job/x"),
                summary("assigned-automl", automl + "assigned"),
            ]
        },
        {"SortBy": "CreationTime", "SortOrder": "Descending", "MaxResults": 100},
    )
    sm.add_response(
        "list_trials", {"TrialSummaries": []}, {"TrialComponentName": "churn-aws-auto-ml-job", "MaxResults": 1}
    )
    sm.add_response(
        "list_trials",
        {"TrialSummaries": [{"TrialName": "t"}]},
        {"TrialComponentName": "assigned-automl", "MaxResults": 1},
    )
    assert [t["TrialComponentName"] for t in source.list_unassigned_trial_components()] == ["churn-aws-auto-ml-job"]


def test_unassigned_trial_components_with_moto(moto_source):
    # moto's Search refuses Source.SourceArn and its trial components carry no source: the
    # fallback runs and finds none
    moto_source._client("sagemaker").create_trial_component(TrialComponentName="manual")
    assert moto_source.list_unassigned_trial_components() == []


# ---------------------------------------------------------------------------------------------
# error mapping


CLIENT_ERRORS = [
    ("ResourceNotFound", 400, errors.JobNotFound, 404),
    ("AccessDeniedException", 400, errors.AccessDenied, 403),
    ("AccessDenied", 403, errors.AccessDenied, 403),
    ("UnauthorizedOperation", 403, errors.AccessDenied, 403),
    ("ThrottlingException", 400, errors.Throttled, 429),
    ("Throttling", 400, errors.Throttled, 429),
    ("TooManyRequestsException", 429, errors.Throttled, 429),
    ("SlowDown", 503, errors.Throttled, 429),
    ("ExpiredToken", 400, errors.ExpiredCredentials, 401),
    ("ExpiredTokenException", 400, errors.ExpiredCredentials, 401),
    ("RequestExpired", 400, errors.ExpiredCredentials, 401),
    ("InvalidClientTokenId", 403, errors.ExpiredCredentials, 401),
    ("UnrecognizedClientException", 400, errors.ExpiredCredentials, 401),
    ("InternalFailure", 500, errors.UpstreamError, 502),
    ("ResourceLimitExceeded", 400, errors.LimitExceeded, 429),
    ("ResourceInUse", 400, errors.Conflict, 409),
]


@pytest.mark.parametrize("code,http,cls,status", CLIENT_ERRORS)
def test_client_error_codes(stubbed, monkeypatch, code, http, cls, status):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "SuperSecretValue123")
    source, sm, _ = stubbed
    source.profile = "team-dev"
    sm.add_client_error(
        "describe_auto_ml_job_v2",
        code,
        f"<b>{code}</b> happened",
        http,
        expected_params={"AutoMLJobName": JOB},
        response_meta={"RequestId": "req-4242"},
    )
    with pytest.raises(cls) as info:
        source.describe_job(JOB)
    err = info.value
    assert type(err) is cls and err.status == status
    body = json.dumps(err.to_json())
    assert err.to_json()["requestId"] == "req-4242"
    assert "SuperSecretValue123" not in body and "Traceback" not in body
    if cls is errors.AccessDenied:
        assert (
            "sagemaker:DescribeAutoMLJobV2" in err.message
            and err.to_json()["action"] == "sagemaker:DescribeAutoMLJobV2"
        )
    if cls is errors.ExpiredCredentials:
        assert "aws sso login --profile team-dev" in err.message
    if cls is errors.UpstreamError:
        assert code in err.message and err.to_json()["awsCode"] == code


def test_s3_error_codes(stubbed):
    source, _, s3 = stubbed
    location = parse_s3_uri("s3://autopilot-test-bucket/out/analysis.json")
    for code, http, cls in (
        ("NoSuchKey", 404, errors.ArtifactNotFound),
        ("AccessDenied", 403, errors.AccessDenied),
        ("SlowDown", 503, errors.Throttled),
        ("ExpiredToken", 400, errors.ExpiredCredentials),
    ):
        s3.add_client_error("get_object", code, code, http)
        with pytest.raises(cls) as info:
            source.read_object(JOB, location, 100)
        if cls is errors.AccessDenied:
            assert "s3:GetObject" in info.value.message


BOTOCORE_ERRORS = [
    (bex.NoCredentialsError(), errors.SourceUnavailable, "aws configure"),
    (
        bex.PartialCredentialsError(provider="env", cred_var="AWS_SECRET_ACCESS_KEY"),
        errors.SourceUnavailable,
        "aws configure",
    ),
    (bex.ProfileNotFound(profile="nope"), errors.SourceUnavailable, "nope"),
    (bex.NoRegionError(), errors.SourceUnavailable, "AutopilotConfig.aws_region"),
    (bex.SSOTokenLoadError(error_msg="token file missing"), errors.ExpiredCredentials, "aws sso login"),
    (bex.UnauthorizedSSOTokenError(), errors.ExpiredCredentials, "aws sso login"),
    (bex.TokenRetrievalError(provider="sso", error_msg="expired"), errors.ExpiredCredentials, "aws sso login"),
    (
        bex.ConnectTimeoutError(endpoint_url="https://api.sagemaker.us-east-1.amazonaws.com"),
        errors.UpstreamTimeout,
        "Timed out",
    ),
    (
        bex.ReadTimeoutError(endpoint_url="https://api.sagemaker.us-east-1.amazonaws.com"),
        errors.UpstreamTimeout,
        "Timed out",
    ),
    (
        bex.EndpointConnectionError(endpoint_url="https://api.sagemaker.us-east-1.amazonaws.com"),
        errors.UpstreamError,
        "Could not connect",
    ),
]


@pytest.mark.parametrize(
    "exc,cls,hint", BOTOCORE_ERRORS, ids=lambda v: type(v).__name__ if isinstance(v, Exception) else None
)
def test_botocore_errors(stubbed, monkeypatch, exc, cls, hint):
    source, _, _ = stubbed
    client = source._client("sagemaker")

    def fail(**kwargs):
        raise exc

    monkeypatch.setattr(client, "describe_auto_ml_job_v2", fail)
    with pytest.raises(cls) as info:
        source.describe_job(JOB)
    assert hint in info.value.message
    assert "Traceback" not in info.value.message
    assert map_aws_error(exc).status == cls.status


def test_no_credentials_for_real_then_recovers(monkeypatch, tmp_path):
    F.aws_test_env(monkeypatch, tmp_path, credentials=False)
    source = AwsSource()
    with pytest.raises(errors.SourceUnavailable) as info:
        source.list_jobs()  # botocore cannot sign: fails before any network call
    assert info.value.status == 503 and "aws configure" in info.value.message
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        assert source.list_jobs() == ([], None)  # the client was rebuilt with the new credentials


def test_no_region_and_missing_profile_for_real(monkeypatch, tmp_path):
    F.aws_test_env(monkeypatch, tmp_path, region=None)
    with pytest.raises(errors.SourceUnavailable):
        AwsSource().describe_job(JOB)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with pytest.raises(errors.SourceUnavailable) as info:
        AwsSource(profile="missing-profile").describe_job(JOB)
    assert "missing-profile" in info.value.message


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_is_502(aws_env):
    source = AwsSource(endpoint_url=f"http://127.0.0.1:{_free_port()}", connect_timeout=1, total_max_attempts=1)
    with pytest.raises(errors.UpstreamError) as info:
        source.describe_job(JOB)
    assert info.value.status == 502 and info.value.to_json()["awsCode"] == "EndpointConnectionError"


class _Server:
    """A local HTTP endpoint: ``mode`` "silent" never answers, "throttle" always throttles."""

    def __init__(self, mode):
        self.mode, self.requests = mode, 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.conns = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            self.requests += 1
            if self.mode == "throttle":
                conn.recv(65536)
                body = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"}).encode()
                conn.sendall(
                    b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\n"
                    b"x-amzn-RequestId: throttled-1\r\nConnection: close\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
                conn.close()

    def close(self):
        self.sock.close()
        for conn in self.conns:
            conn.close()


def test_read_timeout_is_504(aws_env):
    server = _Server("silent")
    try:
        source = AwsSource(endpoint_url=server.url, read_timeout=0.3, total_max_attempts=1)
        with pytest.raises(errors.UpstreamTimeout) as info:
            source.describe_job(JOB)
        assert info.value.status == 504
    finally:
        server.close()


def test_throttling_is_429_after_retries(aws_env):
    server = _Server("throttle")
    try:
        source = AwsSource(endpoint_url=server.url, total_max_attempts=2)
        with pytest.raises(errors.Throttled) as info:
            source.describe_job(JOB)
        assert server.requests == 2  # botocore retried once, as configured
        assert info.value.request_id == "throttled-1"
    finally:
        server.close()
