"""Using an AWS candidate from the service: deploy it to an endpoint, run a batch transform job,
list what was made from it, delete its endpoints, predict on an endpoint. Every write is one
explicit request of the user (the UI asks first); each request is checked field by field here,
then against botocore's service model (``sources.aws.use``)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from .. import records as rec
from ..errors import ArtifactFormatError, InvalidParameter, UpstreamError
from ..s3uri import parse_s3_uri
from ..timeutil import to_iso
from . import models
from .views import build

if TYPE_CHECKING:
    from .core import AutopilotService

LOCAL_MESSAGE = (
    "A local candidate is used on this machine: Predict on a file (or candidate.predict in a notebook). "
    "Endpoints and batch transform jobs are for candidates of AutoML jobs on AWS."
)
MAX_INSTANCES = 10
MAX_INVOKE_BYTES = 5 * 1024 * 1024  # what one InvokeEndpoint request may carry (6 MB), with room


def _aws(service: AutopilotService, source_id: str, job: str, candidate: str):
    if source_id != "aws":
        raise InvalidParameter(LOCAL_MESSAGE)
    src, entry, cand = service._job_and_candidate(source_id, job, candidate)
    return src, entry.record, cand


def _name(body: dict, field: str) -> str:
    from ..sources.aws.requests import member_problem

    value = body.get(field)
    if not isinstance(value, str) or not value:
        raise InvalidParameter(f"{field}: required.", field=field)
    operation, member = {
        "endpointName": ("CreateEndpoint", "EndpointName"),
        "transformJobName": ("CreateTransformJob", "TransformJobName"),
    }[field]
    problem = member_problem(operation, member, value)
    if problem:
        raise InvalidParameter(f"{field}: {problem.split(': ', 1)[-1]}", field=field)
    return value


def _instances(body: dict, operation: str, shape: str) -> tuple[str, int]:
    from ..sources.aws.requests import service_model

    kind = body.get("instanceType")
    allowed = service_model().shape_for(shape).enum
    if not isinstance(kind, str) or kind not in allowed:
        raise InvalidParameter(
            f"instanceType: an instance type {operation} takes (ml.m5.large, ml.c5.xlarge, ...), "
            f"not {str(kind)[:40]!r}.",
            field="instanceType",
        )
    count = body.get("instanceCount", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_INSTANCES:
        raise InvalidParameter(f"instanceCount: a whole number from 1 to {MAX_INSTANCES}.", field="instanceCount")
    return kind, count


def _s3(body: dict, field: str) -> str:
    value = body.get(field)
    try:
        return parse_s3_uri(value).uri
    except ArtifactFormatError:
        raise InvalidParameter(f"{field}: an s3:// URI, not {str(value)[:120]!r}.", field=field) from None


def _body(body: object, fields: set[str]) -> dict:
    if not isinstance(body, dict):
        raise InvalidParameter("The body is a JSON object.")
    unknown = sorted(set(body) - fields)
    if unknown:
        raise InvalidParameter(f"{unknown[0]}: not a field of this request.", field=unknown[0])
    return body


def endpoint_view(described: dict) -> models.Endpoint:
    variants = described.get("ProductionVariants") or []
    first = variants[0] if variants and isinstance(variants[0], dict) else {}
    return build(
        models.Endpoint,
        {
            "name": described.get("EndpointName"),
            "arn": described.get("EndpointArn"),
            "status": described.get("EndpointStatus"),
            "failureReason": described.get("FailureReason"),
            "instanceCount": first.get("CurrentInstanceCount") or first.get("DesiredInstanceCount"),
            "creationTime": to_iso(described.get("CreationTime")),
            "lastModifiedTime": to_iso(described.get("LastModifiedTime")),
        },
    )


def transform_view(described: dict) -> models.TransformJob:
    resources = described.get("TransformResources") or {}
    return build(
        models.TransformJob,
        {
            "name": described.get("TransformJobName"),
            "arn": described.get("TransformJobArn"),
            "status": described.get("TransformJobStatus"),
            "failureReason": described.get("FailureReason"),
            "input": rec.dig(described, "TransformInput", "DataSource", "S3DataSource", "S3Uri"),
            "output": rec.dig(described, "TransformOutput", "S3OutputPath"),
            "instanceType": resources.get("InstanceType"),
            "instanceCount": resources.get("InstanceCount"),
            "creationTime": to_iso(described.get("CreationTime")),
            "endTime": to_iso(described.get("TransformEndTime")),
        },
    )


def deployments(service: AutopilotService, source_id: str, job: str, candidate: str) -> models.Deployments:
    """The endpoints and batch transform jobs made from this candidate (by their tags)."""
    if source_id != "aws":
        service._job_and_candidate(source_id, job, candidate)  # 404s as for every view
        return models.Deployments(endpoints=[], transform_jobs=[], message=LOCAL_MESSAGE)
    from ..sources.aws import use

    src, _, _ = _aws(service, source_id, job, candidate)
    endpoints, transforms = [], []
    for record in use.made_from(src, job, candidate):
        for endpoint in record.get("Endpoints") or []:
            if isinstance(endpoint, dict):
                endpoints.append(endpoint_view(endpoint))
        last = record.get("LastBatchTransformJob")
        if record["use"] == "transform" and isinstance(last, dict):
            transforms.append(transform_view(last))
    return models.Deployments(endpoints=endpoints, transform_jobs=transforms, message=None)


def deploy(service: AutopilotService, source_id: str, job: str, candidate: str, body: object) -> models.Endpoint:
    """CreateModel, CreateEndpointConfig and CreateEndpoint for this candidate; the endpoint."""
    from ..sources.aws import use

    body = _body(body, {"endpointName", "instanceType", "instanceCount"})
    name = _name(body, "endpointName")
    kind, count = _instances(body, "CreateEndpointConfig", "ProductionVariantInstanceType")
    src, record, cand = _aws(service, source_id, job, candidate)
    model = use.model_request(name, record, cand, job, "endpoint")
    return endpoint_view(use.deploy(src, model, name, kind, count))


def transform(service: AutopilotService, source_id: str, job: str, candidate: str, body: object) -> models.TransformJob:
    """CreateModel and CreateTransformJob for this candidate on CSV rows under an S3 prefix."""
    from ..sources.aws import use

    body = _body(body, {"transformJobName", "input", "output", "instanceType", "instanceCount"})
    name = _name(body, "transformJobName")
    source_uri, output = _s3(body, "input"), _s3(body, "output")
    kind, count = _instances(body, "CreateTransformJob", "TransformInstanceType")
    src, record, cand = _aws(service, source_id, job, candidate)
    model = use.model_request(name, record, cand, job, "transform")
    params = {
        "TransformJobName": name,
        "ModelName": name,
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": source_uri}},
            "ContentType": "text/csv",
            "SplitType": "Line",
        },
        "TransformOutput": {"S3OutputPath": output, "Accept": "text/csv", "AssembleWith": "Line"},
        "TransformResources": {"InstanceType": kind, "InstanceCount": count},
        "Tags": model["Tags"],
    }
    return transform_view(use.transform(src, model, params))


def delete_endpoint(
    service: AutopilotService, source_id: str, job: str, candidate: str, endpoint: str
) -> models.Endpoint:
    """DeleteEndpoint (and its config and model) of an endpoint made from this candidate."""
    from ..sources.aws import use

    src, _, _ = _aws(service, source_id, job, candidate)
    described = use.owned_endpoint(src, job, candidate, endpoint)
    use.delete_endpoint(src, endpoint)
    return endpoint_view({**described, "EndpointStatus": "Deleting"})


def predict_endpoint(service: AutopilotService, source_id: str, job: str, candidate: str, endpoint: str, frame) -> Any:
    """Predictions of a deployed candidate on a DataFrame (its feature columns, in the training
    order, without the target): one InvokeEndpoint; a DataFrame of what the endpoint answers."""
    import pandas as pd

    from ..sources.aws import use

    src, record, cand = _aws(service, source_id, job, candidate)
    use.owned_endpoint(src, job, candidate, endpoint)
    # (a forecasting endpoint takes the target's history: its column stays)
    target = None if rec.is_forecasting(record) else rec.target_attribute(record)
    features = frame.drop(columns=[target]) if target is not None and target in frame.columns else frame
    if features.empty:
        raise InvalidParameter("There are no rows (or no feature columns) to predict on.")
    body = features.to_csv(header=False, index=False).encode("utf-8")
    if len(body) > MAX_INVOKE_BYTES:
        raise InvalidParameter(
            f"The rows take {len(body):,} bytes; an endpoint takes at most {MAX_INVOKE_BYTES:,} per request: "
            "send fewer rows, or use a batch transform job."
        )
    answer = use.invoke(src, endpoint, body).decode("utf-8", "replace")
    keys = use.answer_columns(cand)
    try:
        out = pd.read_csv(io.StringIO(answer), header=None)
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as exc:
        raise UpstreamError(
            f"Endpoint {endpoint!r} answered something that is not CSV rows ({type(exc).__name__})."
        ) from None
    if len(keys) == len(out.columns):
        out.columns = keys
    return out
