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
from collections.abc import Callable
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


# Each shape is compiled once into a function ``(value, depth) -> conformed value or _DROP``
# (750 candidates are ~45,000 values: walking botocore's shape objects for each was too slow).
_COMPILED: dict[str, Callable[[Any, int], Any]] = {}


def _scalar(kind: str) -> Callable[[Any, int], Any]:
    if kind == "string":
        return lambda v, d: v if isinstance(v, str) else _DROP
    if kind in ("integer", "long"):

        def integer(v, d):
            if isinstance(v, bool):
                return _DROP
            if isinstance(v, int):
                return v
            if isinstance(v, float) and v.is_integer():
                return int(v)
            return _DROP

        return integer
    if kind in ("float", "double"):
        # "NaN" / "Infinity" strings are how AWS JSON spells non-finite values
        return lambda v, d: v if (_number(v) or isinstance(v, str)) else _DROP
    if kind == "boolean":
        return lambda v, d: v if isinstance(v, bool) else _DROP
    if kind == "timestamp":
        # datetime from boto3; ISO 8601 strings or epoch seconds in job folders
        return lambda v, d: v if (isinstance(v, (datetime, date, str)) or _number(v)) else _DROP
    if kind == "blob":
        return lambda v, d: v if isinstance(v, (bytes, str)) else _DROP
    return lambda v, d: v


def _compile(model) -> Callable[[Any, int], Any]:
    key = f"{model.type_name}:{model.name}"
    if key in _COMPILED:
        return _COMPILED[key]
    kind = model.type_name
    if kind == "structure":
        members: dict[str, Callable[[Any, int], Any]] = {}

        def structure(value, depth):
            if not isinstance(value, dict) or depth > _MAX_DEPTH:
                return _DROP
            out = {}
            for name, item in value.items():
                check = members.get(name)
                if check is None:
                    if isinstance(name, str):
                        out[name] = item  # a member this botocore does not know (a newer API): kept as it is
                    continue
                if item is None:
                    continue
                conformed = check(item, depth + 1)
                if conformed is not _DROP:
                    out[name] = conformed
            return out

        _COMPILED[key] = structure  # before the members: shapes may refer to themselves
        for name, member in model.members.items():
            members[name] = _compile(member)
        return structure
    if kind == "list":

        def list_(value, depth):
            if not isinstance(value, list) or depth > _MAX_DEPTH:
                return _DROP
            out = []
            for item in value:
                if item is not None:
                    conformed = item_check(item, depth + 1)
                    if conformed is not _DROP:
                        out.append(conformed)
            return out

        _COMPILED[key] = list_
        item_check = _compile(model.member)
        return list_
    if kind == "map":

        def map_(value, depth):
            if not isinstance(value, dict) or depth > _MAX_DEPTH:
                return _DROP
            out = {}
            for name, item in value.items():
                if isinstance(name, str) and item is not None:
                    conformed = value_check(item, depth + 1)
                    if conformed is not _DROP:
                        out[name] = conformed
            return out

        _COMPILED[key] = map_
        value_check = _compile(model.value)
        return map_
    _COMPILED[key] = _scalar(kind)
    return _COMPILED[key]


def conform(value: Any, model) -> Any:
    """``value`` with every member of the wrong type for ``model`` removed (None when the value
    itself is of the wrong type)."""
    if value is None:
        return None
    out = _compile(model)(value, 0)
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
