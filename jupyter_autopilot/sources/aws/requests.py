"""AWS write requests, checked against botocore's service model before they are sent, and sent
once each: CreateAutoMLJobV2 and StopAutoMLJob.

botocore itself checks types and required members when a request is sent; :func:`problems` also
checks what it leaves to the service (each string's pattern and maximum length, each enum, each
list's bounds), so a form can show every mistake next to its field before anything reaches AWS.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from botocore.validate import ParamValidator

from ...errors import InvalidParameter, JobNotFound

SERVICE = "sagemaker"

# Java-style classes of the service model's patterns, as Python understands them inside [...]
_JAVA_CLASSES = {r"\p{L}": r"\w", r"\p{N}": r"\d", r"\p{Z}": r"\s"}


@lru_cache(maxsize=1)
def service_model():
    """SageMaker's service model, from botocore's data (no credentials, no network)."""
    import botocore.session

    return botocore.session.get_session().get_service_model(SERVICE)


@lru_cache(maxsize=256)
def _pattern(text: str) -> re.Pattern | None:
    for java, python in _JAVA_CLASSES.items():
        text = text.replace(java, python)
    try:
        return re.compile(text)
    except re.error:  # a pattern Python cannot read is left to the service
        return None


def problems(operation: str, params: dict) -> list[tuple[str, str]]:
    """(member path, what is wrong) for every problem of a request to ``operation``; [] when valid."""
    shape = service_model().operation_model(operation).input_shape
    report = ParamValidator().validate(params, shape)
    found: list[tuple[str, str]] = []
    if report.has_errors():
        for line in report.generate_report().splitlines():
            found.append(_botocore_problem(line))
    _walk(shape, params, "", found)
    return found


def member_problem(operation: str, member: str, value: Any) -> str | None:
    """What is wrong with one top-level member of a request (its pattern, length, enum), or None."""
    found: list[tuple[str, str]] = []
    _walk(service_model().operation_model(operation).input_shape.members[member], value, member, found)
    return found[0][1] if found else None


def _botocore_problem(line: str) -> tuple[str, str]:
    """A line of botocore's report ("Invalid type for parameter A.B, value: ..."): (A.B, the line)."""
    match = re.search(r"parameter ([\w.\[\]]+)", line) or re.search(r'"(\w+)"', line)
    path = match.group(1) if match else ""
    return path, line.strip()


def _walk(shape, value: Any, path: str, found: list[tuple[str, str]]) -> None:
    meta = shape.metadata
    if shape.type_name == "structure" and isinstance(value, dict):
        for key, member in shape.members.items():
            if key in value:
                _walk(member, value[key], f"{path}.{key}" if path else key, found)
    elif shape.type_name == "list" and isinstance(value, list):
        if "max" in meta and len(value) > meta["max"]:
            found.append((path, f"{path}: at most {meta['max']} items (AWS's limit), not {len(value)}."))
        for i, item in enumerate(value):
            _walk(shape.member, item, f"{path}[{i}]", found)
    elif shape.type_name == "string" and isinstance(value, str):
        enum = meta.get("enum")
        if enum and value not in enum:
            found.append((path, f"{path}: one of {', '.join(enum)}, not {value[:60]!r}."))
        elif "max" in meta and len(value) > meta["max"]:
            found.append((path, f"{path}: at most {meta['max']} characters (AWS's limit)."))
        elif "pattern" in meta and (pattern := _pattern(meta["pattern"])) and not pattern.fullmatch(value):
            found.append((path, f"{path}: {value[:80]!r} does not have the form AWS takes ({meta['pattern']})."))
    elif shape.type_name == "integer" and isinstance(value, int) and not isinstance(value, bool):
        if "max" in meta and value > meta["max"]:
            found.append((path, f"{path}: at most {meta['max']} (AWS's limit), not {value}."))


def check(operation: str, params: dict) -> None:
    """InvalidParameter naming the first problem of the request, or nothing."""
    found = problems(operation, params)
    if found:
        raise InvalidParameter(f"The {operation} request is not valid: {found[0][1]}")


def create_auto_ml_job_v2(source, params: dict) -> str:
    """Exactly one CreateAutoMLJobV2 (the request checked first); the job's ARN."""
    check("CreateAutoMLJobV2", params)
    response = source._call(SERVICE, "create_auto_ml_job_v2", **params)
    return str(response.get("AutoMLJobArn") or "")


def stop_auto_ml_job(source, name: str) -> None:
    """One StopAutoMLJob; JobNotFound when AWS has no such job."""
    params = {"AutoMLJobName": name}
    check("StopAutoMLJob", params)
    not_found = JobNotFound(f"AutoML job {name!r} not found in this AWS account and region.")
    source._call(SERVICE, "stop_auto_ml_job", not_found=not_found, **params)
