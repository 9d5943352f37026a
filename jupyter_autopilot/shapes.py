"""Records checked against botocore's SageMaker service model, on the way in.

Every record the service reads (from AWS or from a local job folder) passes through
:func:`conform` with the shape of the API response it claims to be. A member whose value has
the wrong JSON type for its shape (a list where a string is expected, a number where a list
is, ...) is dropped, so the rest of the server only ever sees members of the right type, or no
member: one bad field hides that field, never the view (and never becomes a 500).

:func:`missing_required` names the required members a response lacks: the aws source turns a
200 answer without them into a 502 "unexpected answer from AWS" instead of a job of nulls.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

#: the operation whose response (or the shape) each kind of record is
JOB_V2 = "DescribeAutoMLJobV2"
JOB_V1 = "DescribeAutoMLJob"
STEP_OPERATIONS = {
    "AWS::SageMaker::TrainingJob": "DescribeTrainingJob",
    "AWS::SageMaker::ProcessingJob": "DescribeProcessingJob",
    "AWS::SageMaker::TransformJob": "DescribeTransformJob",
}
CANDIDATE_SHAPE = "AutoMLCandidate"
JOB_SUMMARY_SHAPE = "AutoMLJobSummary"
EXPERIMENT_SHAPE = "ExperimentSummary"
TRIAL_COMPONENT_SHAPE = "TrialComponentSummary"

_DROP = object()
_MAX_DEPTH = 64


@lru_cache(maxsize=1)
def service_model():
    """SageMaker's service model (loaded once, ~0.5 s)."""
    import botocore.session

    return botocore.session.get_session().get_service_model("sagemaker")


def output_shape(operation: str):
    return service_model().operation_model(operation).output_shape


def shape(name: str):
    return service_model().shape_for(name)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _conform(value: Any, model, depth: int) -> Any:
    if value is None:
        return _DROP
    if depth > _MAX_DEPTH:
        return _DROP
    kind = model.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return _DROP
        out = {}
        members = model.members
        for key, item in value.items():
            if not isinstance(key, str):
                continue
            member = members.get(key)
            if member is None:
                out[key] = item  # a member this botocore does not know (a newer API): kept as it is
                continue
            conformed = _conform(item, member, depth + 1)
            if conformed is not _DROP:
                out[key] = conformed
        return out
    if kind == "list":
        if not isinstance(value, list):
            return _DROP
        items = (_conform(item, model.member, depth + 1) for item in value)
        return [item for item in items if item is not _DROP]
    if kind == "map":
        if not isinstance(value, dict):
            return _DROP
        out = {}
        for key, item in value.items():
            conformed = _conform(item, model.value, depth + 1)
            if isinstance(key, str) and conformed is not _DROP:
                out[key] = conformed
        return out
    if kind == "string":
        return value if isinstance(value, str) else _DROP
    if kind in ("integer", "long"):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value if isinstance(value, int) and not isinstance(value, bool) else _DROP
    if kind in ("float", "double"):
        # "NaN" / "Infinity" strings are how AWS JSON spells non-finite values
        return value if _number(value) or isinstance(value, str) else _DROP
    if kind == "boolean":
        return value if isinstance(value, bool) else _DROP
    if kind == "timestamp":
        # datetime from boto3; ISO 8601 strings or epoch seconds in job folders
        return value if isinstance(value, (datetime, date, str)) or _number(value) else _DROP
    if kind == "blob":
        return value if isinstance(value, (bytes, str)) else _DROP
    return value


def conform(value: Any, model) -> Any:
    """``value`` with every member of the wrong type for ``model`` removed (None when the value
    itself is of the wrong type)."""
    out = _conform(value, model, 0)
    return None if out is _DROP else out


def conform_response(record: Any, operation: str) -> dict | None:
    out = conform(record, output_shape(operation))
    return out if isinstance(out, dict) else None


def job_operation(record: dict) -> str:
    """Which Describe response a job record is: V1 records carry AutoMLJobConfig/InputDataConfig."""
    if "AutoMLJobInputDataConfig" in record or "AutoMLProblemTypeConfig" in record:
        return JOB_V2
    if "InputDataConfig" in record or "AutoMLJobConfig" in record or "ProblemType" in record:
        return JOB_V1
    return JOB_V2


def job_record(record: Any) -> dict | None:
    if not isinstance(record, dict):
        return None
    return conform_response(record, job_operation(record))


def candidate(record: Any) -> dict | None:
    out = conform(record, shape(CANDIDATE_SHAPE))
    return out if isinstance(out, dict) else None


def missing_required(response: Any, operation: str) -> list[str]:
    """Required members of ``operation``'s response that ``response`` lacks."""
    required = output_shape(operation).required_members
    if not isinstance(response, dict):
        return list(required)
    return [name for name in required if response.get(name) is None]
