"""Reading AWS records: V1/V2 differences and the fields the views need, in one place."""

from __future__ import annotations

import json
import re

from .jsonutil import number
from .s3uri import S3Location, try_parse

MAXIMIZE = frozenset(
    {
        "Accuracy",
        "AUC",
        "BalancedAccuracy",
        "F1",
        "F1macro",
        "Precision",
        "PrecisionMacro",
        "Recall",
        "RecallMacro",
        "R2",
        "Rouge1",
        "Rouge2",
        "RougeL",
        "RougeLSum",
    }
)
MINIMIZE = frozenset(
    {
        "MSE",
        "RMSE",
        "MAE",
        "LogLoss",
        "InferenceLatency",
        "MAPE",
        "MASE",
        "WAPE",
        "AverageWeightedQuantileLoss",
        "wQL",
        "Perplexity",
        "ValidationLoss",
        "TrainingLoss",
    }
)
_MAX_LOWER = {m.lower() for m in MAXIMIZE}
_MIN_LOWER = {m.lower() for m in MINIMIZE}
_STANDARD = {m.lower(): m for m in MAXIMIZE | MINIMIZE}

TRAINING_STEP = "AWS::SageMaker::TrainingJob"


def dig(record, *path, default=None):
    cur = record
    for key in path:
        if isinstance(cur, dict):
            cur = cur.get(key)
        elif isinstance(cur, list) and isinstance(key, int) and -len(cur) <= key < len(cur):
            cur = cur[key]
        else:
            return default
        if cur is None:
            return default
    return cur


def direction_of_metric(metric: str | None) -> str | None:
    if not metric:
        return None
    name = metric.split(":")[-1].lower()  # "validation:f1" style names
    if name in _MAX_LOWER or name.startswith(("f1", "accuracy", "auc", "recall", "precision", "r2", "rouge")):
        return "Maximize"
    if name in _MIN_LOWER or name.startswith(("mse", "rmse", "mae", "logloss", "loss", "mape")):
        return "Minimize"
    return None


def standard_metric_name(name: str) -> str:
    """A metric named in a training job's lower-case style ("f1", "balancedaccuracy") under
    Autopilot's standard name ("F1", "BalancedAccuracy"), so it is one column with the
    candidates' own metrics; any other name as it is."""
    return _STANDARD.get(name.lower(), name)


_AWS_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d")


def on_aws(job: dict) -> bool:
    """Whether the job's ARN names a real AWS region (local runner jobs use region "local")."""
    parts = str(job.get("AutoMLJobArn") or "").split(":")
    return len(parts) > 3 and bool(_AWS_REGION.fullmatch(parts[3]))


def is_v2(job: dict) -> bool:
    return "AutoMLProblemTypeConfig" in job or "AutoMLJobInputDataConfig" in job


def tabular_config(job: dict) -> dict:
    cfg = dig(job, "AutoMLProblemTypeConfig") or {}
    for value in cfg.values():  # exactly one member of the union is set
        if isinstance(value, dict):
            return value
    return {}


def problem_type(job: dict) -> str | None:
    return (
        dig(
            job, "ResolvedAttributes", "AutoMLProblemTypeResolvedAttributes", "TabularResolvedAttributes", "ProblemType"
        )
        or dig(job, "ResolvedAttributes", "ProblemType")
        or job.get("ProblemType")
        or tabular_config(job).get("ProblemType")
        or (
            dig(job, "AutoMLProblemTypeConfigName")
            if dig(job, "AutoMLProblemTypeConfigName") not in (None, "Tabular")
            else None
        )
    )


def requested_problem_type(job: dict) -> str | None:
    return job.get("ProblemType") or tabular_config(job).get("ProblemType")


def target_attribute(job: dict) -> str | None:
    """The target column's name (a non-empty string), wherever the job's kind keeps it."""
    config = tabular_config(job)
    found = (
        dig(job, "InputDataConfig", 0, "TargetAttributeName"),
        config.get("TargetAttributeName"),
        config.get("TargetLabelColumn"),
        dig(config, "TimeSeriesConfig", "TargetAttributeName"),  # (a time-series forecasting job)
    )
    return next((name for name in found if isinstance(name, str) and name), None)


def is_forecasting(job: dict) -> bool:
    """A time-series forecasting job (its endpoints take the target's history as input)."""
    config = dig(job, "AutoMLProblemTypeConfig")
    return isinstance(config, dict) and isinstance(config.get("TimeSeriesForecastingJobConfig"), dict)


def job_mode(job: dict) -> str | None:
    return dig(job, "AutoMLJobConfig", "Mode") or tabular_config(job).get("Mode")


def _first_dict(*values) -> dict:
    """The first value that is a non-empty dict (records are untrusted: a string is no config)."""
    return next((v for v in values if isinstance(v, dict) and v), {})


def security_config(job: dict) -> dict:
    return _first_dict(dig(job, "AutoMLJobConfig", "SecurityConfig"), job.get("SecurityConfig"))


def completion_criteria(job: dict) -> dict:
    return _first_dict(
        dig(job, "AutoMLJobConfig", "CompletionCriteria"),
        tabular_config(job).get("CompletionCriteria"),
        dig(job, "ResolvedAttributes", "CompletionCriteria"),
    )


def input_channels(job: dict) -> list[dict]:
    channels = job.get("InputDataConfig") or job.get("AutoMLJobInputDataConfig") or []
    out = []
    for i, ch in enumerate(channels if isinstance(channels, list) else []):
        if not isinstance(ch, dict):
            continue
        out.append(
            {
                "channel": ch.get("ChannelType") or ("training" if i == 0 else f"channel-{i}"),
                "uri": dig(ch, "DataSource", "S3DataSource", "S3Uri"),
                "contentType": ch.get("ContentType"),
                "compressionType": ch.get("CompressionType"),
                "dataType": dig(ch, "DataSource", "S3DataSource", "S3DataType"),
            }
        )
    return out


def objective_metric(job: dict, candidates: list[dict] | None = None) -> str | None:
    metric = dig(job, "AutoMLJobObjective", "MetricName") or dig(
        job, "ResolvedAttributes", "AutoMLJobObjective", "MetricName"
    )
    if metric:
        return metric
    for cand in ([job.get("BestCandidate")] if job.get("BestCandidate") else []) + list(candidates or []):
        final = dig(cand, "FinalAutoMLJobObjectiveMetric") or {}
        if final.get("StandardMetricName") or final.get("MetricName"):
            return final.get("StandardMetricName") or final.get("MetricName")
    return None


def objective_direction(job: dict, candidates: list[dict] | None = None) -> str | None:
    for cand in ([job.get("BestCandidate")] if job.get("BestCandidate") else []) + list(candidates or []):
        kind = dig(cand, "FinalAutoMLJobObjectiveMetric", "Type")
        if kind in ("Maximize", "Minimize"):
            return kind
    return direction_of_metric(objective_metric(job, candidates))


def best_candidate_name(job: dict) -> str | None:
    return dig(job, "BestCandidate", "CandidateName")


def objective_value(candidate: dict):
    final = candidate.get("FinalAutoMLJobObjectiveMetric")
    if not isinstance(final, dict):
        return None
    if candidate.get("ObjectiveStatus") in ("Failed", "Pending"):
        return None
    return number(final.get("Value"))


def candidate_metrics(candidate: dict) -> list[dict]:
    out = []
    for m in dig(candidate, "CandidateProperties", "CandidateMetrics") or []:
        if not isinstance(m, dict) or not (m.get("MetricName") or m.get("StandardMetricName")):
            continue  # a metric without a name cannot be shown
        out.append(
            {
                "name": m.get("MetricName") or m.get("StandardMetricName"),
                "standardMetricName": m.get("StandardMetricName"),
                "value": number(m.get("Value")),
                "set": m.get("Set"),
            }
        )
    return out


def artifact_locations(candidate: dict) -> dict:
    return dig(candidate, "CandidateProperties", "CandidateArtifactLocations") or {}


def hyperparameter_value(value):
    """HyperParameters are strings; Autopilot/HPO values are sometimes JSON-quoted ('"auto"')."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            decoded = json.loads(value)
            if isinstance(decoded, str):
                return decoded
        except ValueError:
            pass
    return value


def job_output_location(record: dict, job: str) -> S3Location | None:
    """``<OutputDataConfig.S3OutputPath>/<job>/``: where Autopilot writes everything of a job, and
    the only place the server reads from (notebooks, explainability, model insights, reports)."""
    out = try_parse(dig(record, "OutputDataConfig", "S3OutputPath"))
    if out is None:
        return None
    base = out.key.rstrip("/")
    return S3Location(out.bucket, f"{base}/{job}/" if base else f"{job}/")


def within_job_output(record: dict, job: str, location: S3Location) -> bool:
    """True when ``location`` lies below the job's own output location (never a bucket root)."""
    root = job_output_location(record, job)
    return root is not None and bool(location.parts) and root.contains(location)
