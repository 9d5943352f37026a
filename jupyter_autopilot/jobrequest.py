"""The request of ``POST {source}/jobs`` and of its preview, checked field by field.

Every field is checked on its own, so the form can show each mistake next to its field; the REST
answer is a 400 naming the first one. A checked local request becomes the runner's request (the
input resolved under the Jupyter root, its header read for the target); a checked AWS request
becomes exactly one CreateAutoMLJobV2 request, itself checked against botocore's service model.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ArtifactFormatError, InvalidParameter
from .names import (
    AWS_MAX_CANDIDATES,
    DEFAULT_OBJECTIVES,
    JOB_NAME,
    MAX_CANDIDATES,
    MAX_RUNTIME_SECONDS,
    MODES,
    OBJECTIVES,
    PROBLEM_TYPES,
)
from .s3uri import parse_s3_uri

#: the fields of a request, in the form's order (errors are reported in this order)
LOCAL_FIELDS = ("name", "input", "target", "problemType", "objective", "mode", "maxCandidates", "maxRuntimeSeconds")
AWS_FIELDS = LOCAL_FIELDS + ("outputPath", "roleArn", "security", "tags")
MAX_TAGS = 50
CSV_CONTENT_TYPE = "text/csv;header=present"
# a member of the CreateAutoMLJobV2 request → the form field it comes from
_AWS_MEMBER_FIELDS = (
    ("AutoMLJobName", "name"),
    ("AutoMLJobInputDataConfig", "input"),
    ("OutputDataConfig", "outputPath"),
    ("RoleArn", "roleArn"),
    ("AutoMLProblemTypeConfig.TabularJobConfig.TargetAttributeName", "target"),
    ("AutoMLProblemTypeConfig.TabularJobConfig.ProblemType", "problemType"),
    ("AutoMLProblemTypeConfig.TabularJobConfig.Mode", "mode"),
    ("AutoMLProblemTypeConfig.TabularJobConfig.CompletionCriteria.MaxCandidates", "maxCandidates"),
    ("AutoMLProblemTypeConfig.TabularJobConfig.CompletionCriteria", "maxRuntimeSeconds"),
    ("AutoMLJobObjective", "objective"),
    ("SecurityConfig.VolumeKmsKeyId", "security.volumeKmsKeyId"),
    ("SecurityConfig.VpcConfig.Subnets", "security.vpcConfig.subnets"),
    ("SecurityConfig.VpcConfig.SecurityGroupIds", "security.vpcConfig.securityGroupIds"),
    ("SecurityConfig", "security"),
    ("Tags", "tags"),
)


@dataclass
class JobDefaults:
    """What a request may leave out, from the server's settings."""

    max_candidates: int = 10
    role_arn: str | None = None
    output_path: str | None = None


@dataclass
class LocalJobRequest:
    name: str
    input: Path
    target: str
    problem_type: str | None
    objective: str | None
    max_candidates: int
    max_runtime_seconds: int | None
    mode: str


@dataclass
class CheckedJobRequest:
    """A request after its checks: the errors by field (in the form's order), the input's columns
    (local), and what would be sent: the runner's request or the CreateAutoMLJobV2 request."""

    source: str
    errors: dict[str, str] = field(default_factory=dict)
    columns: list[str] | None = None
    local: LocalJobRequest | None = None
    aws: dict | None = None
    notes: list[str] = field(default_factory=list)

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def raise_first(self) -> None:
        """InvalidParameter (400) with the first error, its message starting with the field."""
        if self.errors:
            name, message = next(iter(self.errors.items()))
            raise InvalidParameter(f"{name}: {message}" if name else message, field=name or None)


class _FieldError(Exception):
    """What is wrong with a field; ``field`` names a part of it (security.vpcConfig.subnets)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _text(body: dict, name: str, *, required: bool, limit: int = 1024) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise _FieldError("required.")
        return None
    if not isinstance(value, str):
        raise _FieldError(f"a string, not {type(value).__name__}.")
    if len(value) > limit:
        raise _FieldError(f"at most {limit} characters.")
    return value


def _whole(body: dict, name: str, low: int, high: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _FieldError(f"a whole number from {low} to {high}, not {str(value)[:40]!r}.")
    return value


def read_header(path: Path, limit: int = 1024 * 1024) -> list[str]:
    """The header row of a CSV, read from its first MB at most."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(limit)
    except OSError as exc:
        raise _FieldError(f"the file cannot be read ({exc.strerror}).") from None
    end = head.find(b"\n")
    if end < 0 and len(head) == limit:
        raise _FieldError("the header row is longer than 1 MB.")
    try:  # the header row only: a multi-byte character cut at the 1 MB mark is not an error
        text = head[: end if end >= 0 else len(head)].decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _FieldError("the header row is not UTF-8 text.") from None
    try:
        columns = next(csv.reader([text.rstrip("\r")]), [])
    except csv.Error as exc:
        raise _FieldError(f"the header row cannot be read as CSV ({exc}).") from None
    if not columns:
        raise _FieldError("the file is empty: a CSV with a header row is needed.")
    return columns


def check_request(body: object, source: str, root_dir: str, defaults: JobDefaults | None = None) -> CheckedJobRequest:
    """Every field of ``body`` checked for ``source`` ("local" or "aws")."""
    defaults = defaults or JobDefaults()
    out = CheckedJobRequest(source)
    if not isinstance(body, dict):
        out.error("", "The body is a JSON object: {name, input, target, ...}.")
        return out
    allowed = AWS_FIELDS if source == "aws" else LOCAL_FIELDS
    for key in body:
        if key not in allowed:
            out.error(
                str(key)[:40],
                "only for jobs on AWS; a local job runs on this machine."
                if key in AWS_FIELDS
                else "not a field of a job request.",
            )
    values: dict = {}

    def run(name: str, check):
        try:
            values[name] = check()
        except _FieldError as exc:
            out.error(exc.field or name, str(exc))
        except InvalidParameter as exc:
            message = exc.message
            out.error(name, message[len(name) + 2 :] if message.startswith(f"{name}: ") else message)

    run("name", lambda: _name(body))
    if source == "aws":
        run("input", lambda: _s3(body, "input", "the S3 location of the training data (s3://bucket/prefix)"))
    else:
        run("input", lambda: _local_input(root_dir, body))
        path = values.get("input")
        if path is not None:
            try:
                out.columns = read_header(path)
            except _FieldError as exc:
                out.error("input", str(exc))
    run("target", lambda: _target(body, out.columns, values.get("input")))
    run("problemType", lambda: _problem_type(body))
    run("objective", lambda: _objective(body, values.get("problemType"), source, out))
    run("mode", lambda: _mode(body, source))
    high = AWS_MAX_CANDIDATES if source == "aws" else MAX_CANDIDATES
    run("maxCandidates", lambda: _whole(body, "maxCandidates", 1, high))
    run("maxRuntimeSeconds", lambda: _whole(body, "maxRuntimeSeconds", 1, MAX_RUNTIME_SECONDS))
    if source == "aws":
        run("outputPath", lambda: _s3(body, "outputPath", "the S3 location for the job's output", defaults.output_path))
        run("roleArn", lambda: _role(body, defaults.role_arn))
        run("security", lambda: _security(body.get("security")))
        run("tags", lambda: _tags(body.get("tags")))
    if out.errors:
        return out
    if source == "aws":
        out.aws = _create_request(values)
        _check_aws(out)
    else:
        out.local = LocalJobRequest(
            name=values["name"],
            input=values["input"],
            target=values["target"],
            problem_type=values["problemType"],
            objective=values["objective"],
            max_candidates=values["maxCandidates"] or defaults.max_candidates,
            max_runtime_seconds=values["maxRuntimeSeconds"],
            mode=values["mode"] or "AUTO",
        )
    return out


def _name(body: dict) -> str:
    name = body.get("name")
    if not isinstance(name, str) or not JOB_NAME.fullmatch(name):
        raise _FieldError(
            f"{str(name)[:80]!r} is not a valid AutoML job name: 1 to 32 letters, digits and hyphens, "
            "starting and ending with a letter or digit."
        )
    return name


def _local_input(root_dir: str, body: dict) -> Path:
    from .predictions import resolve_input

    return resolve_input(root_dir, body.get("input"))


def _s3(body: dict, name: str, what: str, default: str | None = None) -> str:
    value = _text(body, name, required=default is None) or default
    if value is None:
        raise _FieldError(f"required: {what}.")
    try:
        parse_s3_uri(value)
    except ArtifactFormatError as exc:
        raise _FieldError(f"{exc.message}; give {what}.") from None
    return value


def _target(body: dict, columns: list[str] | None, path: Path | None) -> str:
    target = _text(body, "target", required=False, limit=256)
    if not target:
        raise _FieldError("name the column to predict.")
    if columns is not None and target not in columns:
        shown = ", ".join(repr(c) for c in columns[:20]) + (" ..." if len(columns) > 20 else "")
        where = path.name if path is not None else "the input"
        raise _FieldError(f"{target[:80]!r} is not a column of {where} (columns: {shown}).")
    return target


def _problem_type(body: dict) -> str | None:
    value = body.get("problemType")
    if value in (None, "", "auto", "Auto", "AUTO"):
        return None
    if value not in PROBLEM_TYPES:
        raise _FieldError(f"one of {', '.join(PROBLEM_TYPES)} (or leave it out to infer it).")
    return value


def _objective(body: dict, problem_type: str | None, source: str, out: CheckedJobRequest) -> str | None:
    value = body.get("objective")
    if value in (None, ""):
        if source == "aws" and problem_type:
            default = DEFAULT_OBJECTIVES[problem_type]
            out.notes.append(
                f"objective: {default}, Autopilot's default for {problem_type} (AWS takes a problem type "
                "only with an objective)."
            )
            return default
        return None
    allowed = OBJECTIVES[problem_type] if problem_type else sorted({m for ms in OBJECTIVES.values() for m in ms})
    match = next((m for m in allowed if isinstance(value, str) and value.lower() == m.lower()), None)
    if match is None:
        where = f"for {problem_type}" if problem_type else "for any problem type"
        raise _FieldError(f"{str(value)[:40]!r} is not an objective {where}; use one of {', '.join(allowed)}.")
    if source == "aws" and not problem_type:
        raise _FieldError("on AWS, choose the problem type too: AWS takes an objective only with a problem type.")
    return match


def _mode(body: dict, source: str) -> str | None:
    value = body.get("mode")
    if value in (None, ""):
        return None
    if value not in MODES:
        raise _FieldError(f"one of {', '.join(MODES)}.")
    return value


def _role(body: dict, default: str | None) -> str:
    value = _text(body, "roleArn", required=default is None, limit=2048) or default
    if value is None:
        raise _FieldError("required: the IAM role SageMaker assumes for the job (arn:aws:iam::<account>:role/<name>).")
    from .sources.aws.requests import member_problem

    problem = member_problem("CreateAutoMLJobV2", "RoleArn", value)
    if problem:
        raise _FieldError(problem.split(": ", 1)[-1])
    return value


def _strings(value, name: str, limit: int) -> list[str]:
    field = f"security.{name}"
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _FieldError("a list of ids.", field)
    if not 1 <= len(value) <= limit:
        raise _FieldError(f"1 to {limit} ids.", field)
    return value


def _security(value) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _FieldError("an object: {volumeKmsKeyId, enableInterContainerTrafficEncryption, vpcConfig}.")
    unknown = sorted(set(value) - {"volumeKmsKeyId", "enableInterContainerTrafficEncryption", "vpcConfig"})
    if unknown:
        raise _FieldError(f"{unknown[0]} is not a security setting.")
    out: dict = {}
    kms = value.get("volumeKmsKeyId")
    if kms not in (None, ""):
        if not isinstance(kms, str):
            raise _FieldError("a KMS key id, alias or ARN.", "security.volumeKmsKeyId")
        out["VolumeKmsKeyId"] = kms
    encrypt = value.get("enableInterContainerTrafficEncryption")
    if encrypt is not None:
        if not isinstance(encrypt, bool):
            raise _FieldError("true or false.", "security.enableInterContainerTrafficEncryption")
        out["EnableInterContainerTrafficEncryption"] = encrypt
    vpc = value.get("vpcConfig")
    if vpc is not None:
        if not isinstance(vpc, dict) or set(vpc) - {"subnets", "securityGroupIds"}:
            raise _FieldError("an object {subnets, securityGroupIds}.", "security.vpcConfig")
        out["VpcConfig"] = {
            "SecurityGroupIds": _strings(vpc.get("securityGroupIds"), "vpcConfig.securityGroupIds", 5),
            "Subnets": _strings(vpc.get("subnets"), "vpcConfig.subnets", 16),
        }
    return out or None


def _tags(value) -> list[dict] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _FieldError('an object of text keys and values: {"team": "data"}.')
    if len(value) > MAX_TAGS:
        raise _FieldError(f"at most {MAX_TAGS} tags (AWS's limit).")
    return [{"Key": k, "Value": v} for k, v in value.items()] or None


def _create_request(values: dict) -> dict:
    """The CreateAutoMLJobV2 request of a checked AWS job request (only what the user set)."""
    completion = {}
    if values["maxCandidates"] is not None:
        completion["MaxCandidates"] = values["maxCandidates"]
    if values["maxRuntimeSeconds"] is not None:
        completion["MaxAutoMLJobRuntimeInSeconds"] = values["maxRuntimeSeconds"]
    tabular: dict = {"TargetAttributeName": values["target"]}
    if values["problemType"]:
        tabular["ProblemType"] = values["problemType"]
    if values["mode"]:
        tabular["Mode"] = values["mode"]
    if completion:
        tabular["CompletionCriteria"] = completion
    params: dict = {
        "AutoMLJobName": values["name"],
        "AutoMLJobInputDataConfig": [
            {
                "ChannelType": "training",
                "ContentType": CSV_CONTENT_TYPE,
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": values["input"]}},
            }
        ],
        "OutputDataConfig": {"S3OutputPath": values["outputPath"]},
        "AutoMLProblemTypeConfig": {"TabularJobConfig": tabular},
        "RoleArn": values["roleArn"],
    }
    if values["objective"]:
        params["AutoMLJobObjective"] = {"MetricName": values["objective"]}
    if values["security"]:
        params["SecurityConfig"] = values["security"]
    if values["tags"]:
        params["Tags"] = values["tags"]
    return params


def _check_aws(out: CheckedJobRequest) -> None:
    """The request against botocore's service model; each problem reported on its form field."""
    from .sources.aws.requests import problems

    for path, message in problems("CreateAutoMLJobV2", out.aws or {}):
        name = next((f for member, f in _AWS_MEMBER_FIELDS if path.startswith(member)), "")
        out.error(name, message)
    if out.errors:
        out.aws = None  # only a valid request is shown or sent
