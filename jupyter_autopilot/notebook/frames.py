"""pandas DataFrames from the service's typed view models (leaderboard, jobs, SHAP values,
confusion matrix, metrics, artifacts)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..service import models as m
from ..timeutil import parse_time

LEADERBOARD_FIXED = ("candidate", "status", "is_best", "rank", "creation_time", "end_time", "duration_seconds")


def _float(value: float | None) -> float:
    return float("nan") if value is None else float(value)


def timestamps(values) -> pd.Series:
    """ISO 8601 strings (or None) → a Series of UTC Timestamps (NaT when missing)."""
    parsed = [parse_time(v) for v in values]
    return pd.Series([pd.Timestamp(v) if v is not None else pd.NaT for v in parsed], dtype="datetime64[ns, UTC]")


def timestamp(value):
    dt = parse_time(value)
    return pd.Timestamp(dt) if dt is not None else None


def _metric_column(metric: m.Metric) -> str | None:
    if not metric.name:
        return None
    return str(metric.name) if metric.set in (None, "", "Validation") else f"{metric.name} ({metric.set})"


def leaderboard_frame(view: m.Candidates) -> pd.DataFrame:
    objective_col = view.objective.metric or "objective_value"
    if objective_col in LEADERBOARD_FIXED:
        objective_col = f"{objective_col} (objective)"
    rows = view.candidates
    metric_cols: dict = {}  # column -> 0 for the Validation set, 1 for the others
    values: list[dict] = []
    for row in rows:
        found = {}
        for metric in row.metrics:
            col = _metric_column(metric)
            if col is None or col == objective_col:
                continue
            if col in LEADERBOARD_FIXED:
                col = f"{col} (metric)"
            metric_cols.setdefault(col, 0 if metric.set in (None, "", "Validation") else 1)
            found[col] = metric.value
        values.append(found)
    # Validation metrics first, then other sets, each in first-seen order
    ordered = sorted(metric_cols, key=lambda c: metric_cols[c])  # stable: first-seen order within a group
    data: dict[str, Any] = {
        "candidate": pd.Series([r.name for r in rows], dtype="object"),
        "status": pd.Series([r.status for r in rows], dtype="object"),
        objective_col: pd.Series([_float(r.objective_value) for r in rows], dtype="float64"),
    }
    for col in ordered:
        data[col] = pd.Series([_float(v.get(col)) for v in values], dtype="float64")
    data["is_best"] = pd.Series([r.is_best for r in rows], dtype="bool")
    data["rank"] = pd.Series([r.rank for r in rows], dtype="Int64")
    data["creation_time"] = timestamps(r.creation_time for r in rows)
    data["end_time"] = timestamps(r.end_time for r in rows)
    data["duration_seconds"] = pd.Series([_float(r.duration_seconds) for r in rows], dtype="float64")
    frame = pd.DataFrame(data)
    frame.attrs.update({"job": view.job, "objective": view.objective.model_dump(), "objective_column": objective_col})
    return frame


def jobs_frame(jobs: list[m.JobSummary]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": pd.Series([j.name for j in jobs], dtype="object"),
            "status": pd.Series([j.status for j in jobs], dtype="object"),
            "secondary_status": pd.Series([j.secondary_status for j in jobs], dtype="object"),
            "creation_time": timestamps(j.creation_time for j in jobs),
            "end_time": timestamps(j.end_time for j in jobs),
            "last_modified_time": timestamps(j.last_modified_time for j in jobs),
            "failure_reason": pd.Series([j.failure_reason for j in jobs], dtype="object"),
            "arn": pd.Series([j.arn for j in jobs], dtype="object"),
        }
    )


def shap_frame(entry: m.ShapLabel) -> pd.DataFrame:
    """Columns ``feature``, ``importance``, most important first."""
    frame = pd.DataFrame(
        {
            "feature": pd.Series([f.name for f in entry.features], dtype="object"),
            "importance": pd.Series([_float(f.importance) for f in entry.features], dtype="float64"),
        }
    )
    return frame.sort_values("importance", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def pdp_frame(entries: list[m.PartialDependence]) -> pd.DataFrame:
    """Long form: one row per feature, label and feature value; columns ``feature``, ``data_type``,
    ``label``, ``value`` (the feature's value, a number or a category), ``prediction`` (the model's
    mean prediction there), ``share_of_rows`` (the data's share in that value's bin, when the file
    has its distribution; else NaN), in the file's order."""
    rows = [
        (entry.feature, entry.data_type, label.label, value, _float(prediction), _float(share))
        for entry in entries
        for label in entry.labels
        for value, prediction, share in zip(
            entry.values, label.predictions, entry.distribution or [None] * len(entry.values), strict=False
        )
    ]
    columns = ["feature", "data_type", "label", "value", "prediction", "share_of_rows"]
    frame = pd.DataFrame(rows, columns=columns).astype(
        {
            "feature": "object",
            "data_type": "object",
            "label": "object",
            "value": "object",
            "prediction": "float64",
            "share_of_rows": "float64",
        }
    )
    return frame


def confusion_frame(cm: m.ConfusionMatrix) -> pd.DataFrame:
    """Rows ``actual``, columns ``predicted``; counts as nullable integers when all are whole."""
    frame = pd.DataFrame(
        [[_float(v) for v in row] for row in cm.matrix],
        index=pd.Index(list(cm.labels), name="actual", dtype="object"),
        columns=pd.Index(list(cm.labels), name="predicted", dtype="object"),
    )
    values = [v for v in frame.to_numpy(dtype="float64").ravel() if not math.isnan(v)]
    if values and all(float(v).is_integer() for v in values):
        return frame.astype("Int64")
    return frame


def metrics_frame(view: m.Performance) -> pd.DataFrame:
    report = view.report
    rows: list[tuple[str | None, float, float, str | None, str]] = []
    if report.available:
        for metric in report.metrics:
            rows.append(
                (metric.name, _float(metric.value), _float(metric.standard_deviation), None, "model quality report")
            )
    for cm in view.candidate_metrics:
        rows.append((cm.name, _float(cm.value), float("nan"), cm.set, "candidate metrics"))
    return pd.DataFrame(
        {
            "metric": pd.Series([r[0] for r in rows], dtype="object"),
            "value": pd.Series([r[1] for r in rows], dtype="float64"),
            "standard_deviation": pd.Series([r[2] for r in rows], dtype="float64"),
            "set": pd.Series([r[3] for r in rows], dtype="object"),
            "source": pd.Series([r[4] for r in rows], dtype="object"),
        }
    )


def artifacts_frame(view: m.Artifacts) -> pd.DataFrame:
    rows = [
        (group, item.name, item.kind, item.uri)
        for group, items in (("input", view.inputs), ("output", view.outputs), ("intermediate", view.intermediate))
        for item in items
    ]
    return pd.DataFrame(
        {
            "group": pd.Series([r[0] for r in rows], dtype="object"),
            "name": pd.Series([r[1] for r in rows], dtype="object"),
            "kind": pd.Series([r[2] for r in rows], dtype="object"),
            "uri": pd.Series([r[3] for r in rows], dtype="object"),
        }
    )
