"""Using an AWS candidate: deploy (CreateModel, CreateEndpointConfig, CreateEndpoint), batch
transform (CreateModel, CreateTransformJob), what was made from it (Search by tags), delete an
endpoint it owns, predict on an endpoint (InvokeEndpoint). botocore's Stubber checks every request
against the real service model; every field is asserted."""

import io
import json
from datetime import datetime, timezone
from types import SimpleNamespace

import aws_fixtures as F
import boto3
import pandas as pd
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from jupyter_autopilot.service.cache import JobEntry
from jupyter_autopilot.sources.aws import AwsSource
from jupyter_autopilot.sources.aws.use import TAG_CANDIDATE, TAG_JOB, TAG_USE

JOB = "churn-aws"
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)


def _candidate() -> dict:
    """An Autopilot binary candidate's inference pipeline: feature transform, algorithm, inverse
    label transform (the last two say what they can emit)."""
    cand = F.candidate_record(JOB, 3, value=0.93)
    cand["InferenceContainers"][1]["Environment"] = {
        "MAX_CONTENT_LENGTH": "20971520",
        "SAGEMAKER_INFERENCE_OUTPUT": "predicted_label",
        "SAGEMAKER_INFERENCE_SUPPORTED": "predicted_label,probability,probabilities",
    }
    cand["InferenceContainers"].append(
        {
            "Image": F.IMAGE_SKLEARN,
            "ModelDataUrl": cand["InferenceContainers"][0]["ModelDataUrl"],
            "Environment": {
                "AUTOML_TRANSFORM_MODE": "inverse-label-transform",
                "SAGEMAKER_INFERENCE_OUTPUT": "predicted_label",
                "SAGEMAKER_INFERENCE_SUPPORTED": "predicted_label,probability,labels,probabilities",
            },
        }
    )
    return cand


CAND = _candidate()
NAME = CAND["CandidateName"]
TAGS = [{"Key": TAG_JOB, "Value": JOB}, {"Key": TAG_CANDIDATE, "Value": NAME}]


def _record() -> dict:
    record = F.v2_job_record(JOB)
    record["SecurityConfig"] = {
        "VpcConfig": {"Subnets": ["subnet-0abc"], "SecurityGroupIds": ["sg-0123"]},
    }
    return record


def _containers() -> list[dict]:
    """What CreateModel gets: the algorithm emits what it can, the inverse label transform reads
    that and emits labels and probabilities (the chaining the SageMaker SDK does)."""
    first, second, third = CAND["InferenceContainers"]
    return [
        {"Image": first["Image"], "ModelDataUrl": first["ModelDataUrl"], "Environment": first["Environment"]},
        {
            "Image": second["Image"],
            "ModelDataUrl": second["ModelDataUrl"],
            "Environment": {
                **second["Environment"],
                "SAGEMAKER_INFERENCE_OUTPUT": "predicted_label,probability,probabilities",
            },
        },
        {
            "Image": third["Image"],
            "ModelDataUrl": third["ModelDataUrl"],
            "Environment": {
                **third["Environment"],
                "SAGEMAKER_INFERENCE_INPUT": "predicted_label,probability,probabilities",
                "SAGEMAKER_INFERENCE_OUTPUT": "predicted_label,probability,labels,probabilities",
            },
        },
    ]


def stubs_source(stubs):
    return stubs[0].client._autopilot_source


@pytest.fixture
def service(jp_serverapp):
    return jp_serverapp.web_app.settings["autopilot_service"]


@pytest.fixture
def stubs(monkeypatch, tmp_path, service):
    """Stubbed SageMaker and SageMaker Runtime clients; the job and candidate known already (their
    reads are tested elsewhere), so every AWS call here is one of the use operations."""
    F.aws_test_env(monkeypatch, tmp_path)
    with mock_aws():
        sm = boto3.client("sagemaker", region_name=F.REGION)
        rt = boto3.client("sagemaker-runtime", region_name=F.REGION)
        s3 = boto3.client("s3", region_name=F.REGION)
        src = AwsSource(clients={"sagemaker": sm, "s3": s3, "sagemaker-runtime": rt})
        sm._autopilot_source = src
        service._sources["aws"] = src
        entry = JobEntry(None, _record())

        def known(source_id, job, name):
            from jupyter_autopilot.errors import CandidateNotFound

            if name != NAME:
                raise CandidateNotFound(f"no {name}")
            return src, entry, CAND

        monkeypatch.setattr(service, "_job_and_candidate", known)
        with Stubber(sm) as sm_stub, Stubber(rt) as rt_stub:
            yield sm_stub, rt_stub
            sm_stub.assert_no_pending_responses()
            rt_stub.assert_no_pending_responses()


def _endpoint(name: str, status: str = "Creating") -> dict:
    return {
        "EndpointName": name,
        "EndpointArn": f"arn:aws:sagemaker:{F.REGION}:123456789012:endpoint/{name}",
        "EndpointConfigName": name,
        "EndpointStatus": status,
        "CreationTime": NOW,
        "LastModifiedTime": NOW,
    }


async def _send(jp_fetch, method, parts, body=None):
    response = await jp_fetch(
        "autopilot",
        "api",
        "aws",
        "jobs",
        JOB,
        "candidates",
        *parts,
        method=method,
        body=None if body is None else json.dumps(body),
        raise_error=False,
        allow_nonstandard_methods=True,
    )
    return response.code, json.loads(response.body.decode() or "null")


def _expect_deploy(sm, endpoint="churn-ep-1", instance="ml.m5.large", count=2):
    tags = TAGS + [{"Key": TAG_USE, "Value": "endpoint"}]
    sm.add_response(
        "create_model",
        {"ModelArn": f"arn:aws:sagemaker:{F.REGION}:123456789012:model/{endpoint}"},
        {
            "ModelName": endpoint,
            "Containers": _containers(),
            "ExecutionRoleArn": F.ROLE_ARN,
            "Tags": tags,
            "VpcConfig": {"Subnets": ["subnet-0abc"], "SecurityGroupIds": ["sg-0123"]},
        },
    )
    sm.add_response(
        "create_endpoint_config",
        {"EndpointConfigArn": f"arn:aws:sagemaker:{F.REGION}:123456789012:endpoint-config/{endpoint}"},
        {
            "EndpointConfigName": endpoint,
            "ProductionVariants": [
                {
                    "VariantName": "AllTraffic",
                    "ModelName": endpoint,
                    "InitialInstanceCount": count,
                    "InstanceType": instance,
                    "InitialVariantWeight": 1.0,
                }
            ],
            "Tags": tags,
        },
    )


async def test_deploy_sends_model_config_and_endpoint_with_every_field(stubs, jp_fetch):
    sm, _ = stubs
    _expect_deploy(sm)
    sm.add_response(
        "create_endpoint",
        {"EndpointArn": _endpoint("churn-ep-1")["EndpointArn"]},
        {
            "EndpointName": "churn-ep-1",
            "EndpointConfigName": "churn-ep-1",
            "Tags": TAGS + [{"Key": TAG_USE, "Value": "endpoint"}],
        },
    )
    sm.add_response("describe_endpoint", _endpoint("churn-ep-1"), {"EndpointName": "churn-ep-1"})
    body = {"endpointName": "churn-ep-1", "instanceType": "ml.m5.large", "instanceCount": 2}
    code, view = await _send(jp_fetch, "POST", (NAME, "endpoints"), body)
    assert code == 201, view
    assert view["name"] == "churn-ep-1" and view["status"] == "Creating"


async def test_a_failed_step_undoes_what_was_made_and_maps_the_error(stubs, jp_fetch):
    sm, _ = stubs
    _expect_deploy(sm)
    sm.add_client_error("create_endpoint", "ResourceLimitExceeded", "endpoint quota reached", 400)
    sm.add_response("delete_endpoint_config", {}, {"EndpointConfigName": "churn-ep-1"})
    sm.add_response("delete_model", {}, {"ModelName": "churn-ep-1"})
    body = {"endpointName": "churn-ep-1", "instanceType": "ml.m5.large", "instanceCount": 2}
    code, data = await _send(jp_fetch, "POST", (NAME, "endpoints"), body)
    assert code == 429 and "quota" in data["message"]


async def test_a_timeout_on_create_endpoint_undoes_nothing(stubs, jp_fetch, monkeypatch):
    """After a timeout the endpoint may exist: its config and model must stay (no Delete* call)."""
    from jupyter_autopilot.errors import UpstreamTimeout

    sm, _ = stubs
    _expect_deploy(sm)
    src = stubs_source(stubs)
    original, called = src._call, []

    def timing_out(service, method, **params):
        called.append(method)
        if method == "create_endpoint":
            raise UpstreamTimeout("Timed out waiting for AWS (CreateEndpoint).")
        return original(service, method, **params)

    monkeypatch.setattr(src, "_call", timing_out)
    body = {"endpointName": "churn-ep-1", "instanceType": "ml.m5.large", "instanceCount": 2}
    code, data = await _send(jp_fetch, "POST", (NAME, "endpoints"), body)
    assert code == 504 and "Timed out" in data["message"]
    assert called == ["create_model", "create_endpoint_config", "create_endpoint"]


async def test_a_name_in_use_is_a_409(stubs, jp_fetch):
    sm, _ = stubs
    sm.add_client_error("create_model", "ValidationException", "Cannot create already existing model", 400)
    body = {"endpointName": "churn-ep-1", "instanceType": "ml.m5.large"}
    code, data = await _send(jp_fetch, "POST", (NAME, "endpoints"), body)
    assert code == 400 and "already existing" in data["message"]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"endpointName": "bad_name", "instanceType": "ml.m5.large"}, "endpointName"),
        ({"endpointName": "x" * 64, "instanceType": "ml.m5.large"}, "endpointName"),
        ({"endpointName": "ok-1", "instanceType": "m5.large"}, "instanceType"),
        ({"endpointName": "ok-1", "instanceType": "ml.m5.large", "instanceCount": 0}, "instanceCount"),
        ({"endpointName": "ok-1", "instanceType": "ml.m5.large", "colour": "red"}, "colour"),
    ],
)
async def test_a_wrong_field_is_a_400_naming_it_and_nothing_is_sent(stubs, jp_fetch, body, field):
    code, data = await _send(jp_fetch, "POST", (NAME, "endpoints"), body)
    assert code == 400 and data["field"] == field and data["message"].startswith(field), data


async def test_batch_transform_sends_model_and_transform_job(stubs, jp_fetch):
    sm, _ = stubs
    tags = TAGS + [{"Key": TAG_USE, "Value": "transform"}]
    sm.add_response(
        "create_model",
        {"ModelArn": f"arn:aws:sagemaker:{F.REGION}:123456789012:model/churn-batch-1"},
        {
            "ModelName": "churn-batch-1",
            "Containers": _containers(),
            "ExecutionRoleArn": F.ROLE_ARN,
            "Tags": tags,
            "VpcConfig": {"Subnets": ["subnet-0abc"], "SecurityGroupIds": ["sg-0123"]},
        },
    )
    request = {
        "TransformJobName": "churn-batch-1",
        "ModelName": "churn-batch-1",
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://my-bucket/score/"}},
            "ContentType": "text/csv",
            "SplitType": "Line",
        },
        "TransformOutput": {"S3OutputPath": "s3://my-bucket/scored/", "Accept": "text/csv", "AssembleWith": "Line"},
        "TransformResources": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1},
        "Tags": tags,
    }
    sm.add_response(
        "create_transform_job",
        {"TransformJobArn": f"arn:aws:sagemaker:{F.REGION}:123456789012:transform-job/churn-batch-1"},
        request,
    )
    described = {
        **{k: v for k, v in request.items() if k != "Tags"},
        "TransformJobArn": f"arn:aws:sagemaker:{F.REGION}:123456789012:transform-job/churn-batch-1",
        "TransformJobStatus": "InProgress",
        "CreationTime": NOW,
    }
    sm.add_response("describe_transform_job", described, {"TransformJobName": "churn-batch-1"})
    body = {
        "transformJobName": "churn-batch-1",
        "input": "s3://my-bucket/score/",
        "output": "s3://my-bucket/scored/",
        "instanceType": "ml.m5.xlarge",
    }
    code, view = await _send(jp_fetch, "POST", (NAME, "transform-jobs"), body)
    assert code == 201, view
    assert view["status"] == "InProgress" and view["input"] == "s3://my-bucket/score/"
    assert view["output"] == "s3://my-bucket/scored/" and view["instanceType"] == "ml.m5.xlarge"


def _dashboard(name: str, use: str, tags: list[dict], **extra) -> dict:
    return {
        "Model": {
            "Model": {
                "ModelName": name,
                "ModelArn": f"arn:aws:sagemaker:{F.REGION}:123456789012:model/{name}",
                "CreationTime": NOW,
                "Tags": tags + [{"Key": TAG_USE, "Value": use}],
            },
            **extra,
        }
    }


async def test_the_artifacts_list_what_was_made_from_the_candidate(stubs, jp_fetch):
    sm, _ = stubs
    endpoint = {k: _endpoint("churn-ep-1", "InService")[k] for k in ("EndpointName", "EndpointArn", "EndpointStatus")}
    endpoint |= {"CreationTime": NOW, "LastModifiedTime": NOW}
    transform = {
        "TransformJobName": "churn-batch-1",
        "TransformJobStatus": "Completed",
        "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/in/"}}},
        "TransformOutput": {"S3OutputPath": "s3://b/out/"},
        "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
        "CreationTime": NOW,
    }
    other = [{"Key": TAG_JOB, "Value": JOB}, {"Key": TAG_CANDIDATE, "Value": "another-candidate"}]
    sm.add_response(
        "search",
        {
            "Results": [
                _dashboard("churn-ep-1", "endpoint", TAGS, Endpoints=[endpoint]),
                _dashboard("churn-batch-1", "transform", TAGS, LastBatchTransformJob=transform),
                _dashboard("not-ours", "endpoint", other, Endpoints=[{**endpoint, "EndpointName": "not-ours"}]),
            ]
        },
        {
            "Resource": "Model",
            "SearchExpression": {
                "Filters": [
                    {"Name": f"Tags.{TAG_JOB}", "Operator": "Equals", "Value": JOB},
                    {"Name": f"Tags.{TAG_CANDIDATE}", "Operator": "Equals", "Value": NAME},
                ],
                "Operator": "And",
            },
            "SortBy": "CreationTime",
            "SortOrder": "Descending",
            "MaxResults": 50,
        },
    )
    code, data = await _send(jp_fetch, "GET", (NAME, "deployments"))
    assert code == 200, data
    assert [e["name"] for e in data["endpoints"]] == ["churn-ep-1"]
    assert data["endpoints"][0]["status"] == "InService"
    assert [t["name"] for t in data["transformJobs"]] == ["churn-batch-1"]
    assert data["transformJobs"][0]["output"] == "s3://b/out/" and data["message"] is None


async def test_delete_only_an_endpoint_made_from_this_candidate(stubs, jp_fetch):
    sm, _ = stubs
    sm.add_response("describe_endpoint", _endpoint("churn-ep-1", "InService"), {"EndpointName": "churn-ep-1"})
    sm.add_response(
        "list_tags",
        {"Tags": TAGS + [{"Key": TAG_USE, "Value": "endpoint"}]},
        {"ResourceArn": _endpoint("churn-ep-1")["EndpointArn"]},
    )
    sm.add_response("delete_endpoint", {}, {"EndpointName": "churn-ep-1"})
    sm.add_response("delete_endpoint_config", {}, {"EndpointConfigName": "churn-ep-1"})
    sm.add_response("delete_model", {}, {"ModelName": "churn-ep-1"})
    code, view = await _send(jp_fetch, "DELETE", (NAME, "endpoints", "churn-ep-1"))
    assert code == 202 and view["status"] == "Deleting", view

    sm.add_response("describe_endpoint", _endpoint("prod-ep", "InService"), {"EndpointName": "prod-ep"})
    sm.add_response(
        "list_tags", {"Tags": [{"Key": "team", "Value": "web"}]}, {"ResourceArn": _endpoint("prod-ep")["EndpointArn"]}
    )
    code, data = await _send(jp_fetch, "DELETE", (NAME, "endpoints", "prod-ep"))
    assert code == 404 and "was not made from" in data["message"]  # and nothing was deleted


async def test_local_candidates_say_how_they_are_used(jp_fetch, api):
    code, data = await api("local", "jobs", "fx-binary-v2", "candidates", "fx-binary-v2-xgb-002", "deployments")
    assert code == 200 and data["endpoints"] == [] and "Predict on a file" in data["message"]
    response = await jp_fetch(
        "autopilot", "api", "local", "jobs", "fx-binary-v2", "candidates", "fx-binary-v2-xgb-002", "endpoints",
        method="POST", body=json.dumps({"endpointName": "x", "instanceType": "ml.m5.large"}), raise_error=False,
    )  # fmt: skip
    assert response.code == 400


async def test_using_needs_write(jp_fetch, jp_serverapp, stubs):
    from jupyter_server.auth import Authorizer

    class ReadOnly(Authorizer):
        def is_authorized(self, handler, user, action, resource):
            return action == "read"

    jp_serverapp.web_app.settings["authorizer"] = ReadOnly(
        parent=jp_serverapp, identity_provider=jp_serverapp.identity_provider
    )
    body = {"endpointName": "churn-ep-1", "instanceType": "ml.m5.large"}
    for method, parts in (
        ("POST", (NAME, "endpoints")),
        ("POST", (NAME, "transform-jobs")),
        ("DELETE", (NAME, "endpoints", "e")),
    ):
        code, _ = await _send(jp_fetch, method, parts, body if method == "POST" else None)
        assert code == 403


def test_notebook_predict_on_an_endpoint(stubs, service):
    from jupyter_autopilot.notebook.candidate import Candidate

    sm, rt = stubs
    sm.add_response("describe_endpoint", _endpoint("churn-ep-1", "InService"), {"EndpointName": "churn-ep-1"})
    sm.add_response(
        "list_tags",
        {"Tags": TAGS + [{"Key": TAG_USE, "Value": "endpoint"}]},
        {"ResourceArn": _endpoint("churn-ep-1")["EndpointArn"]},
    )
    rt.add_response(
        "invoke_endpoint",
        {
            "Body": _body(b"yes,0.91,\"['no', 'yes']\",\"[0.09, 0.91]\"\nno,0.2,\"['no', 'yes']\",\"[0.8, 0.2]\"\n"),
            "ContentType": "text/csv",
        },
        {
            "EndpointName": "churn-ep-1",
            "ContentType": "text/csv",
            "Accept": "text/csv",
            "Body": b"3,70.5,basic\n40,20.0,pro\n",
        },
    )
    frame = pd.DataFrame({"tenure": [3, 40], "charges": [70.5, 20.0], "plan": ["basic", "pro"], "churn": ["yes", "no"]})
    job = SimpleNamespace(service=service, source="aws", name=JOB)
    cand = Candidate(job, SimpleNamespace(name=NAME))
    out = cand.predict(frame, endpoint="churn-ep-1")  # the target column (churn) is not sent
    assert list(out.columns) == ["predicted_label", "probability", "labels", "probabilities"]
    assert out["predicted_label"].tolist() == ["yes", "no"] and out["probability"].tolist() == [0.91, 0.2]


def _body(data: bytes):
    from botocore.response import StreamingBody

    return StreamingBody(io.BytesIO(data), len(data))
