"""What the model-details views derive from a candidate's records and files, beyond mapping
them: the operating points of a binary classifier (exact from the local runner's out-of-fold
probabilities, else the report's ROC points), regression plots of out-of-fold predictions, and
what each metric table was computed on (with older jobs' FinalMetricDataList standing in)."""

from __future__ import annotations

from .. import records as rec
from ..names import DECISION_THRESHOLD
from . import figures
from . import models as m


def final_metrics(steps) -> tuple[list[dict], str | None]:
    """The last training step's FinalMetricDataList as candidate metrics ("validation:f1" → F1 of
    the Validation set, under the standard name), and that step's name: what older jobs (no CandidateMetrics) record."""
    for step, record, err in reversed(list(steps or [])):
        if step.get("CandidateStepType") != rec.TRAINING_STEP or err is not None:
            continue
        out = []
        for item in (record or {}).get("FinalMetricDataList") or []:
            name, value = (item or {}).get("MetricName"), rec.number((item or {}).get("Value"))
            if not isinstance(name, str) or not name:
                continue
            prefix, _, metric = name.partition(":")
            sets = {"validation": "Validation", "train": "Train", "test": "Test"}
            chosen = sets.get(prefix.lower()) if metric else None
            out.append({"name": rec.standard_metric_name(metric) if chosen else name, "value": value, "set": chosen})
        if out:
            return out, step.get("CandidateStepName")
    return [], None


def metrics_and_caption(r: dict, cand: dict, steps) -> tuple[list[dict], str]:
    """A candidate's metrics and what they were computed on, said so two tables never look
    contradictory: CandidateMetrics, else the training job's FinalMetricDataList (older jobs)."""
    metrics = rec.candidate_metrics(cand)
    if not metrics and steps is not None:
        final, step = final_metrics(steps)
        if final:
            return final, (
                f"From training job {step}'s final metrics (FinalMetricDataList): this job's records have "
                "no CandidateMetrics."
            )
    if rec.on_aws(r):
        return metrics, "As Autopilot recorded them for this candidate (CandidateMetrics)."
    return metrics, (
        "Each value is the mean of the per-fold scores (Validation: each fold's held-out rows; Train: its training "
        "rows; a single 80/20 split above 50,000 rows). Metric statistics pool the out-of-fold predictions, "
        "so the two can differ in the last digits."
    )


def report_caption(r: dict, report: m.QualityReport, *, short: bool = False) -> str | None:
    """What the model-quality report's numbers were computed on (``short``: in a few words)."""
    if not report.available:
        return None
    cm = report.confusion_matrix
    rows = sum(rec.number(v) or 0 for row in (cm.matrix if cm else []) for v in row if v is not None)
    counted = f" ({int(rows):,} rows)" if rows else ""
    if rec.on_aws(r):
        return f"Computed by Autopilot on the validation data{counted}."
    if short:
        return f"Pooled out-of-fold predictions{counted}."
    return (
        f"Pooled out-of-fold predictions{counted}: every validated row scored by the model of the fold "
        "that left it out; ± is the standard deviation across the folds (none with a single split)."
    )


THRESHOLDS = 101  # 0.00, 0.01, ..., 1.00


def _none_if_nan(value):
    return None if isinstance(value, float) and value != value else value


def decision_threshold(hyperparameters: dict) -> float | None:
    """The decision threshold a local model's training record names (a number in (0, 1)), or None."""
    text = hyperparameters.get(DECISION_THRESHOLD)
    try:
        value = float(text) if isinstance(text, str) and len(text) <= 32 else None
    except ValueError:
        return None
    return value if value is not None and 0.0 < value < 1.0 else None


def exact_operating_points(
    report: m.QualityReport, oof: dict, decision: float | None = None
) -> tuple[list[dict], str | None]:
    """A binary classifier's operating points at thresholds 0.00 to 1.00 from its out-of-fold
    probabilities, each one exact, under the model's own rule: with a ``decision`` threshold, a
    row is predicted positive when its probability is at least the threshold; without one (the
    likelier class), when it is above it. The model's point is then the report's confusion matrix."""
    classes, probabilities, actual = oof.get("classes") or [], oof.get("probabilities") or [], oof.get("actual") or []
    if report.problem_type != "BinaryClassification" or len(classes) != 2 or not probabilities:
        return [], None
    cm = report.confusion_matrix
    positive = cm.labels[1] if cm and len(cm.labels) == 2 and cm.labels[1] in classes else classes[1]
    column = classes.index(positive)
    import numpy as np

    from .. import decide  # (here: decide imports the service's models)

    p = np.asarray([row[column] for row in probabilities], dtype=float)
    y = np.asarray([a == positive for a in actual], dtype=bool)
    points = []
    for i in range(THRESHOLDS):
        t = i / (THRESHOLDS - 1)
        predicted = p >= t if decision is not None else p > t
        tp, fp = int(np.sum(predicted & y)), int(np.sum(predicted & ~y))
        fn, tn = int(np.sum(~predicted & y)), int(np.sum(~predicted & ~y))
        point = decide.counts_point(tp, fp, tn, fn)
        points.append({"threshold": round(float(t), 2), **{k: _none_if_nan(v) for k, v in point.items()}})
    rule = "at least" if decision is not None else "above"
    note = (
        f"Exact: the out-of-fold probabilities of {len(y):,} rows (the probability of {positive}) at thresholds "
        f"0.00 to 1.00; a row is predicted positive when its probability is {rule} the threshold."
    )
    return points, note


def regression_figures(actual: list, predicted: list) -> dict:
    """Actual vs predicted and residuals of out-of-fold predictions (at most 2,000 points drawn)."""
    pairs = [(a, p) for a, p in zip(actual, predicted, strict=False) if a is not None and p is not None]
    return {
        "actual_vs_predicted": figures.to_model(figures.actual_vs_predicted(pairs)),
        "residuals": figures.to_model(figures.residuals(pairs)),
    }


def operating_points(report: m.QualityReport, candidate: str) -> tuple[list[dict], str | None]:
    """The operating points of a binary classifier's report (``decide.threshold_frame``, which the
    notebook's ``candidate.threshold_table`` returns too), and what they come from."""
    if not report.available or report.problem_type != "BinaryClassification":
        return [], None
    from .. import decide
    from ..errors import AutopilotError

    try:
        frame = decide.threshold_frame(report, candidate)
    except AutopilotError as exc:
        return [], exc.message
    points = []
    for row in frame.to_dict(orient="records"):
        point = decide.counts_point(row["tp"], row["fp"], row["tn"], row["fn"])
        points.append({k: _none_if_nan(v) for k, v in {"threshold": row["threshold"], **point}.items()})
    points.reverse()  # as the exact ones run: from everything predicted positive to nothing
    note = (
        f"{len(points)} operating points: the ROC points of the model-quality report with its class totals "
        "(the threshold behind each point is not recorded)."
    )
    return points, note
