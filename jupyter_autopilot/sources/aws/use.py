"""Using an AWS candidate: a SageMaker model from its inference containers, an endpoint on it, a
batch transform job, predictions from an endpoint; the endpoints and transform jobs made from it.

Every resource made here carries the tags ``autopilot:job`` and ``autopilot:candidate`` (and
``autopilot:use``), and is found again by them (one Search over models); an endpoint is deleted
only when its tags say it was made from that candidate. Each request is checked against botocore's
service model before it is sent (``requests.check``), and sent once.
"""

from __future__ import annotations

import logging

from ...errors import AutopilotError, InvalidParameter, NotFound
from .requests import SERVICE, check

log = logging.getLogger(__name__)

TAG_JOB = "autopilot:job"
TAG_CANDIDATE = "autopilot:candidate"
TAG_USE = "autopilot:use"
#: what the Autopilot inference containers can answer, in the order asked for
INFERENCE_KEYS = ("predicted_label", "probability", "labels", "probabilities")
MAX_FOUND = 50  # models of one candidate looked up (Search page)


def tags(job: str, candidate: str, use: str) -> list[dict]:
    return [
        {"Key": TAG_JOB, "Value": job},
        {"Key": TAG_CANDIDATE, "Value": candidate},
        {"Key": TAG_USE, "Value": use},
    ]


def containers(candidate: dict) -> list[dict]:
    """The candidate's inference containers as CreateModel takes them, asked for labels and
    probabilities where they can give them: each container that lists what it supports
    (``SAGEMAKER_INFERENCE_SUPPORTED``) emits those of ``INFERENCE_KEYS`` it has
    (``SAGEMAKER_INFERENCE_OUTPUT``), and reads what the container before it emits
    (``SAGEMAKER_INFERENCE_INPUT``), as the inference pipeline of an Autopilot model expects."""
    out = []
    previous: str | None = None
    for c in candidate.get("InferenceContainers") or []:
        if not isinstance(c, dict) or not isinstance(c.get("Image"), str):
            continue
        env = {k: v for k, v in (c.get("Environment") or {}).items() if isinstance(k, str) and isinstance(v, str)}
        supported = [s.strip() for s in env.get("SAGEMAKER_INFERENCE_SUPPORTED", "").split(",") if s.strip()]
        emitted = ",".join(k for k in INFERENCE_KEYS if k in supported) or None
        if supported:
            if previous:
                env["SAGEMAKER_INFERENCE_INPUT"] = previous
            if emitted:
                env["SAGEMAKER_INFERENCE_OUTPUT"] = emitted
        previous = emitted if supported else None
        container: dict = {"Image": c["Image"]}
        if isinstance(c.get("ModelDataUrl"), str):
            container["ModelDataUrl"] = c["ModelDataUrl"]
        if env:
            container["Environment"] = env
        out.append(container)
    return out


def answer_columns(candidate: dict) -> list[str]:
    """What an endpoint of this candidate answers, column by column (its last container's output)."""
    for container in reversed(containers(candidate)):
        asked = (container.get("Environment") or {}).get("SAGEMAKER_INFERENCE_OUTPUT")
        if asked:
            return asked.split(",")
    return ["predicted_label"]


def model_request(name: str, job_record: dict, candidate: dict, job: str, use: str) -> dict:
    """CreateModel for a candidate: its containers, the job's role and VPC."""
    found = containers(candidate)
    if not found:
        raise NotFound(f"Candidate {candidate.get('CandidateName')!r} has no inference containers to deploy.")
    params: dict = {
        "ModelName": name,
        "Containers": found,
        "ExecutionRoleArn": job_record.get("RoleArn"),
        "Tags": tags(job, str(candidate.get("CandidateName")), use),
    }
    security = job_record.get("SecurityConfig") or (job_record.get("AutoMLJobConfig") or {}).get("SecurityConfig")
    vpc = (security or {}).get("VpcConfig")
    if isinstance(vpc, dict) and vpc.get("Subnets") and vpc.get("SecurityGroupIds"):
        params["VpcConfig"] = {"Subnets": vpc["Subnets"], "SecurityGroupIds": vpc["SecurityGroupIds"]}
    return params


def deploy(source, model: dict, endpoint: str, instance_type: str, instance_count: int) -> dict:
    """CreateModel, CreateEndpointConfig, CreateEndpoint (each checked first); the endpoint's
    DescribeEndpoint. What was made before a failed step is deleted again."""
    tagged = model["Tags"]
    config = {
        "EndpointConfigName": endpoint,
        "ProductionVariants": [
            {
                "VariantName": "AllTraffic",
                "ModelName": model["ModelName"],
                "InitialInstanceCount": instance_count,
                "InstanceType": instance_type,
                "InitialVariantWeight": 1.0,
            }
        ],
        "Tags": tagged,
    }
    create = {"EndpointName": endpoint, "EndpointConfigName": endpoint, "Tags": tagged}
    for operation, params in (
        ("CreateModel", model),
        ("CreateEndpointConfig", config),
        ("CreateEndpoint", create),
    ):
        check(operation, params)
    source._call(SERVICE, "create_model", **model)
    try:
        source._call(SERVICE, "create_endpoint_config", **config)
    except AutopilotError as exc:
        if _refused(exc):
            _quietly(source, "delete_model", ModelName=model["ModelName"])
        raise
    try:
        source._call(SERVICE, "create_endpoint", **create)
    except AutopilotError as exc:
        # only when AWS refused it: after a timeout the endpoint may exist, and it needs its config
        if _refused(exc):
            _quietly(source, "delete_endpoint_config", EndpointConfigName=endpoint)
            _quietly(source, "delete_model", ModelName=model["ModelName"])
        raise
    return _described(source, "describe_endpoint", {"EndpointName": endpoint}, fallback=create)


def _refused(exc: AutopilotError) -> bool:
    """AWS answered no (a 4xx: invalid, in use, a quota, access): nothing was made."""
    return 400 <= exc.status < 500 and exc.status != 408


def _described(source, method: str, params: dict, *, fallback: dict) -> dict:
    """The Describe* answer of what was just made; when that read fails, what was asked (the
    resource exists: reporting an error would invite a second, billed, attempt)."""
    try:
        return source._call(SERVICE, method, **params)
    except AutopilotError as exc:
        log.warning("%s after a create failed: %s", method, exc.message)
        return {**fallback, "EndpointStatus": "Creating", "TransformJobStatus": "InProgress"}


def transform(source, model: dict, params: dict) -> dict:
    """CreateModel then CreateTransformJob (both checked first); its DescribeTransformJob."""
    check("CreateModel", model)
    check("CreateTransformJob", params)
    source._call(SERVICE, "create_model", **model)
    try:
        source._call(SERVICE, "create_transform_job", **params)
    except AutopilotError as exc:
        if _refused(exc):
            _quietly(source, "delete_model", ModelName=model["ModelName"])
        raise
    name = params["TransformJobName"]
    return _described(source, "describe_transform_job", {"TransformJobName": name}, fallback=params)


def _quietly(source, method: str, **params) -> None:
    try:
        source._call(SERVICE, method, **params)
    except AutopilotError as exc:  # the first error is the one to report
        log.warning("could not undo %s %s: %s", method, params, exc.message)


def search_request(job: str, candidate: str, prefix: str = "") -> dict:
    """Search over models by this candidate's tags (``prefix``: how the property names start)."""
    return {
        "Resource": "Model",
        "SearchExpression": {
            "Filters": [
                {"Name": f"{prefix}Tags.{TAG_JOB}", "Operator": "Equals", "Value": job},
                {"Name": f"{prefix}Tags.{TAG_CANDIDATE}", "Operator": "Equals", "Value": candidate},
            ],
            "Operator": "And",
        },
        "SortBy": f"{prefix}CreationTime",
        "SortOrder": "Descending",
        "MaxResults": MAX_FOUND,
    }


def made_from(source, job: str, candidate: str) -> list[dict]:
    """The model-dashboard records (ModelDashboardModel: the model, its endpoints, its last batch
    transform job) of the models made from this candidate, newest first: one Search, by tags (the
    tags are checked again here)."""
    params = search_request(job, candidate)
    check("Search", params)
    try:
        page = source._call(SERVICE, "search", **params)
    except InvalidParameter:  # the model dashboard names its properties under "Model."
        page = source._call(SERVICE, "search", **search_request(job, candidate, "Model."))
    out = []
    for result in page.get("Results") or []:
        record = (result or {}).get("Model") or {}
        model = record.get("Model") or {}
        found = {t.get("Key"): t.get("Value") for t in model.get("Tags") or [] if isinstance(t, dict)}
        if found.get(TAG_JOB) == job and found.get(TAG_CANDIDATE) == candidate and found.get(TAG_USE):
            out.append({**record, "use": found[TAG_USE]})
    return out


def owned_endpoint(source, job: str, candidate: str, endpoint: str) -> dict:
    """DescribeEndpoint of an endpoint made from this candidate (its tags say so); NotFound else."""
    described = source._call(
        SERVICE,
        "describe_endpoint",
        not_found=NotFound(f"Endpoint {endpoint!r} not found in this AWS account and region."),
        EndpointName=endpoint,
    )
    listed = source._call(SERVICE, "list_tags", ResourceArn=described["EndpointArn"])
    found = {t.get("Key"): t.get("Value") for t in listed.get("Tags") or []}
    if found.get(TAG_JOB) != job or found.get(TAG_CANDIDATE) != candidate:
        raise NotFound(f"Endpoint {endpoint!r} was not made from candidate {candidate!r} of job {job!r}.")
    return described


def delete_endpoint(source, endpoint: str) -> None:
    """DeleteEndpoint, then the endpoint config and model made with it (same name)."""
    source._call(SERVICE, "delete_endpoint", EndpointName=endpoint)
    _quietly(source, "delete_endpoint_config", EndpointConfigName=endpoint)
    _quietly(source, "delete_model", ModelName=endpoint)


def invoke(source, endpoint: str, body: bytes) -> bytes:
    """InvokeEndpoint with CSV rows (no header); the CSV answer's bytes."""
    response = source._call(
        "sagemaker-runtime",
        "invoke_endpoint",
        not_found=NotFound(f"Endpoint {endpoint!r} not found (or not InService)."),
        EndpointName=endpoint,
        ContentType="text/csv",
        Accept="text/csv",
        Body=body,
    )
    payload = response.get("Body")
    return payload.read() if hasattr(payload, "read") else bytes(payload or b"")
