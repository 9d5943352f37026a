"""Creating and stopping AutoML jobs on AWS: POST aws/jobs → exactly one CreateAutoMLJobV2, each
field mapped (botocore's Stubber checks every request against the real service model), its
errors mapped; aws/job-preview; POST aws/jobs/{job}/stop → one StopAutoMLJob; the notebook API."""

import json

import aws_fixtures as F
import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from jupyter_autopilot import AutoMLJob
from jupyter_autopilot.jobrequest import JobDefaults, check_request
from jupyter_autopilot.sources.aws import AwsSource
from jupyter_autopilot.sources.aws.requests import problems

ROLE = "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole"
FULL_BODY = {
    "name": "churn-aws",
    "input": "s3://my-bucket/data/train/",
    "target": "churn",
    "problemType": "BinaryClassification",
    "objective": "auc",
    "mode": "ENSEMBLING",
    "maxCandidates": 40,
    "maxRuntimeSeconds": 7200,
    "outputPath": "s3://my-bucket/autopilot/out",
    "roleArn": ROLE,
    "security": {
        "volumeKmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "enableInterContainerTrafficEncryption": True,
        "vpcConfig": {"subnets": ["subnet-0abc", "subnet-0def"], "securityGroupIds": ["sg-0123"]},
    },
    "tags": {"team": "data", "cost-center": "42"},
}
FULL_REQUEST = {
    "AutoMLJobName": "churn-aws",
    "AutoMLJobInputDataConfig": [
        {
            "ChannelType": "training",
            "ContentType": "text/csv;header=present",
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://my-bucket/data/train/"}},
        }
    ],
    "OutputDataConfig": {"S3OutputPath": "s3://my-bucket/autopilot/out"},
    "AutoMLProblemTypeConfig": {
        "TabularJobConfig": {
            "TargetAttributeName": "churn",
            "ProblemType": "BinaryClassification",
            "Mode": "ENSEMBLING",
            "CompletionCriteria": {"MaxCandidates": 40, "MaxAutoMLJobRuntimeInSeconds": 7200},
        }
    },
    "RoleArn": ROLE,
    "AutoMLJobObjective": {"MetricName": "AUC"},
    "SecurityConfig": {
        "VolumeKmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "EnableInterContainerTrafficEncryption": True,
        "VpcConfig": {"SecurityGroupIds": ["sg-0123"], "Subnets": ["subnet-0abc", "subnet-0def"]},
    },
    "Tags": [{"Key": "team", "Value": "data"}, {"Key": "cost-center", "Value": "42"}],
}
MINIMAL = {
    "name": "small",
    "input": "s3://my-bucket/data/train.csv",
    "target": "y",
    "outputPath": "s3://my-bucket/out",
    "roleArn": ROLE,
}


@pytest.fixture
def service(jp_serverapp):
    return jp_serverapp.web_app.settings["autopilot_service"]


@pytest.fixture
def stubbed(monkeypatch, tmp_path, service):
    F.aws_test_env(monkeypatch, tmp_path)
    with mock_aws():
        sm = boto3.client("sagemaker", region_name=F.REGION)
        s3 = boto3.client("s3", region_name=F.REGION)
        service._sources["aws"] = AwsSource(clients={"sagemaker": sm, "s3": s3})
        with Stubber(sm) as stub:
            yield stub
            stub.assert_no_pending_responses()


def _in_progress(name: str, secondary: str = "Starting", status: str = "InProgress") -> dict:
    record = F.v2_job_record(name, status=status, secondary_status=secondary)
    for key in ("BestCandidate", "EndTime"):
        record.pop(key, None)
    return record


async def _post(jp_fetch, parts, body):
    response = await jp_fetch("autopilot", "api", *parts, method="POST", body=json.dumps(body), raise_error=False)
    return response.code, json.loads(response.body.decode() or "null")


def test_every_request_the_form_builds_is_valid_in_the_service_model():
    checked = check_request(FULL_BODY, "aws", ".")
    assert checked.errors == {} and checked.aws == FULL_REQUEST
    assert problems("CreateAutoMLJobV2", FULL_REQUEST) == []


async def test_create_maps_every_field_into_one_create_auto_ml_job_v2(stubbed, jp_fetch):
    stubbed.add_response(
        "create_auto_ml_job_v2", {"AutoMLJobArn": F._arn("automl-job", "churn-aws")}, expected_params=FULL_REQUEST
    )
    stubbed.add_response("describe_auto_ml_job_v2", _in_progress("churn-aws"), {"AutoMLJobName": "churn-aws"})
    code, view = await _post(jp_fetch, ("aws", "jobs"), FULL_BODY)
    assert code == 201, view
    assert view["name"] == "churn-aws" and view["status"] == "InProgress" and view["onAws"] is True


async def test_a_minimal_request_sends_only_what_the_user_set(stubbed, jp_fetch):
    expected = {
        "AutoMLJobName": "small",
        "AutoMLJobInputDataConfig": [
            {
                "ChannelType": "training",
                "ContentType": "text/csv;header=present",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://my-bucket/data/train.csv"}},
            }
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://my-bucket/out"},
        "AutoMLProblemTypeConfig": {"TabularJobConfig": {"TargetAttributeName": "y"}},
        "RoleArn": ROLE,
    }
    stubbed.add_response("create_auto_ml_job_v2", {"AutoMLJobArn": F._arn("automl-job", "small")}, expected)
    stubbed.add_response("describe_auto_ml_job_v2", _in_progress("small"), {"AutoMLJobName": "small"})
    code, view = await _post(jp_fetch, ("aws", "jobs"), MINIMAL)
    assert code == 201, view


async def test_settings_give_the_role_and_output_path(stubbed, jp_fetch, service, monkeypatch):
    monkeypatch.setattr(
        service, "job_defaults", JobDefaults(role_arn=ROLE, output_path="s3://defaults-bucket/autopilot")
    )
    body = {k: v for k, v in MINIMAL.items() if k not in ("roleArn", "outputPath")}
    code, preview = await _post(jp_fetch, ("aws", "job-preview"), body)
    assert code == 200 and preview["valid"], preview
    assert preview["request"]["RoleArn"] == ROLE
    assert preview["request"]["OutputDataConfig"] == {"S3OutputPath": "s3://defaults-bucket/autopilot"}
    response = await jp_fetch("autopilot", "api", "sources")
    settings = json.loads(response.body)["settings"]
    assert settings["defaultRoleArn"] == ROLE and settings["awsMaxCandidates"] == 750


async def test_a_problem_type_without_objective_gets_autopilots_default(stubbed, jp_fetch):
    body = {**MINIMAL, "problemType": "Regression"}
    code, preview = await _post(jp_fetch, ("aws", "job-preview"), body)
    assert code == 200 and preview["valid"]
    assert preview["request"]["AutoMLJobObjective"] == {"MetricName": "MSE"}
    assert any("MSE" in note for note in preview["notes"])


@pytest.mark.parametrize(
    "change,field",
    [
        ({"roleArn": "arn:aws:iam::1:role/x"}, "roleArn"),
        ({"roleArn": None}, "roleArn"),
        ({"outputPath": None}, "outputPath"),
        ({"outputPath": "my-bucket/out"}, "outputPath"),
        ({"input": "data/train.csv"}, "input"),
        ({"name": "bad_name"}, "name"),
        ({"problemType": "Regression", "objective": "F1"}, "objective"),
        ({"objective": "F1"}, "objective"),
        ({"mode": "FAST"}, "mode"),
        ({"maxCandidates": 751}, "maxCandidates"),
        ({"maxRuntimeSeconds": 0}, "maxRuntimeSeconds"),
        ({"security": {"vpcConfig": {"subnets": ["subnet-1"]}}}, "security"),
        ({"security": {"vpcConfig": {"subnets": ["subnet 1"], "securityGroupIds": ["sg-1"]}}}, "security"),
        ({"security": {"volumeKmsKeyId": "key with spaces"}}, "security"),
        ({"tags": {f"k{i}": "v" for i in range(51)}}, "tags"),
        ({"tags": {"bad!key": "v"}}, "tags"),
        ({"tags": ["team"]}, "tags"),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_a_wrong_field_is_a_400_naming_it_and_nothing_is_sent(stubbed, jp_fetch, change, field):
    body = {k: v for k, v in {**MINIMAL, **change}.items() if v is not None}
    code, data = await _post(jp_fetch, ("aws", "jobs"), body)  # the Stubber has no response: no call
    assert code == 400, data
    assert data["field"].split(".")[0] == field and data["message"].startswith(field), data
    code, preview = await _post(jp_fetch, ("aws", "job-preview"), body)
    assert code == 200 and not preview["valid"] and preview["request"] is None
    assert preview["errors"][0]["field"].split(".")[0] == field


async def test_the_preview_reports_every_wrong_field_at_once(stubbed, jp_fetch):
    body = {"name": "bad_name", "input": "nope", "target": "", "roleArn": "x"}
    code, preview = await _post(jp_fetch, ("aws", "job-preview"), body)
    assert code == 200
    assert [e["field"] for e in preview["errors"]] == ["name", "input", "target", "outputPath", "roleArn"]


@pytest.mark.parametrize(
    "aws_code,status,words",
    [
        ("ResourceInUse", 409, "exists"),
        ("ResourceLimitExceeded", 429, "quota"),
        ("ValidationException", 400, "not valid"),
        ("AccessDeniedException", 403, "sagemaker:CreateAutoMLJobV2"),
    ],
)
async def test_aws_errors_of_create_are_mapped(stubbed, jp_fetch, aws_code, status, words):
    stubbed.add_client_error(
        "create_auto_ml_job_v2",
        service_error_code=aws_code,
        service_message="Job small already exists" if aws_code == "ResourceInUse" else "refused",
        http_status_code=400,
    )
    code, data = await _post(jp_fetch, ("aws", "jobs"), MINIMAL)
    assert code == status, data
    assert words.lower() in data["message"].lower() and "Traceback" not in data["message"]


async def test_a_created_job_is_never_reported_as_an_error(stubbed, jp_fetch):
    """CreateAutoMLJobV2 succeeded, then describing it failed: 201 with a view from the request
    (an error would invite a second, billed, attempt)."""
    stubbed.add_response("create_auto_ml_job_v2", {"AutoMLJobArn": F._arn("automl-job", "small")})
    stubbed.add_client_error("describe_auto_ml_job_v2", "ThrottlingException", "slow down", 400)
    code, view = await _post(jp_fetch, ("aws", "jobs"), MINIMAL)
    assert code == 201, view
    assert view["name"] == "small" and view["status"] == "InProgress" and view["targetAttribute"] == "y"


async def test_a_name_in_use_on_aws_is_a_409_naming_the_field(stubbed, jp_fetch):
    stubbed.add_client_error("create_auto_ml_job_v2", "ResourceInUse", "Job small already exists", 400)
    code, data = await _post(jp_fetch, ("aws", "jobs"), MINIMAL)
    assert code == 409 and data["field"] == "name" and data["message"].startswith("name:")


async def test_stop_sends_one_stop_auto_ml_job(stubbed, jp_fetch):
    stubbed.add_response("describe_auto_ml_job_v2", _in_progress("run-1", "ModelTuning"), {"AutoMLJobName": "run-1"})
    stubbed.add_response("stop_auto_ml_job", {}, {"AutoMLJobName": "run-1"})
    stubbed.add_response(
        "describe_auto_ml_job_v2", _in_progress("run-1", "ModelTuning", "Stopping"), {"AutoMLJobName": "run-1"}
    )
    code, view = await _post(jp_fetch, ("aws", "jobs", "run-1", "stop"), {})
    assert code == 202 and view["status"] == "Stopping", view


async def test_stop_an_ended_or_unknown_job_sends_nothing(stubbed, jp_fetch):
    ended = F.v2_job_record("done-1")
    stubbed.add_response("describe_auto_ml_job_v2", ended, {"AutoMLJobName": "done-1"})
    code, data = await _post(jp_fetch, ("aws", "jobs", "done-1", "stop"), {})
    assert code == 409 and "ended" in data["message"]
    stubbed.add_client_error(
        "describe_auto_ml_job_v2", "ResourceNotFound", "Job not found", 400, expected_params={"AutoMLJobName": "gone"}
    )
    code, data = await _post(jp_fetch, ("aws", "jobs", "gone", "stop"), {})
    assert code == 404


async def test_create_and_preview_need_write(jp_fetch, jp_serverapp, stubbed):
    from jupyter_server.auth import Authorizer

    class ReadOnly(Authorizer):
        def is_authorized(self, handler, user, action, resource):
            return action == "read"

    jp_serverapp.web_app.settings["authorizer"] = ReadOnly(
        parent=jp_serverapp, identity_provider=jp_serverapp.identity_provider
    )
    for parts in (("aws", "jobs"), ("aws", "job-preview"), ("aws", "jobs", "small", "stop")):
        code, _ = await _post(jp_fetch, parts, MINIMAL)
        assert code == 403


def test_notebook_create_on_aws_sends_the_same_request(stubbed, service, monkeypatch):
    import jupyter_autopilot.notebook.job as job_module

    monkeypatch.setattr(job_module, "get_service", lambda **kw: service)
    preview = AutoMLJob.preview(
        "small", input="s3://my-bucket/data/train.csv", target="y", source="aws", output_path="s3://my-bucket/out",
        role_arn=ROLE,
    )  # fmt: skip
    assert preview["valid"] and preview["operation"] == "CreateAutoMLJobV2"
    stubbed.add_response("create_auto_ml_job_v2", {"AutoMLJobArn": F._arn("automl-job", "small")}, preview["request"])
    stubbed.add_response("describe_auto_ml_job_v2", _in_progress("small"), {"AutoMLJobName": "small"})
    stubbed.add_response("describe_auto_ml_job_v2", _in_progress("small"), {"AutoMLJobName": "small"})
    job = AutoMLJob.create(
        "small", input="s3://my-bucket/data/train.csv", target="y", source="aws", output_path="s3://my-bucket/out",
        role_arn=ROLE,
    )  # fmt: skip
    assert job.name == "small" and job.source == "aws"
    with pytest.raises(Exception) as info:
        AutoMLJob.create("small", input="s3://my-bucket/x.csv", target="y", source="aws", role_arn="nope")
    assert info.value.status == 400 and info.value.message.startswith("outputPath")
