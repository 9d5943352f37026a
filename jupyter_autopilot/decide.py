"""Deciding between candidates, as DataFrames: side-by-side comparison, SHAP shares across
candidates, and the operating points of a binary classifier (threshold and cost).

Pure functions of the service's view models; the notebook API's ``job.compare``,
``job.shap_matrix`` and ``candidate.threshold_table`` call them.
"""

from __future__ import annotations

import math

import pandas as pd

from .errors import InvalidParameter, ModelInsightsNotAvailable
from .jsonutil import number
from .service.models import Candidate, QualityReport, ShapLabel


def compare_frame(rows: list[Candidate], hyperparameters: list[dict[str, str]]) -> pd.DataFrame:
    """One column per candidate (in the order given), one row per metric ``(set, metric)`` and
    per hyperparameter ``("hyperparameter", name)``: metrics first (objective order of the job's
    records), then the hyperparameters that differ, then those every candidate shares."""
    names = [row.name for row in rows]
    metric_keys: list[tuple[str, str]] = []
    values: dict[tuple[str, str], dict[str, float | None]] = {}
    for row in rows:
        for metric in row.metrics:
            key = (str(metric.set or "Validation"), str(metric.name))
            if key not in values:
                metric_keys.append(key)
                values[key] = {}
            values[key][row.name] = metric.value
    hp_values: dict[tuple[str, str], dict[str, object]] = {}
    for row, hp in zip(rows, hyperparameters, strict=True):
        for name, value in (hp or {}).items():
            hp_values.setdefault(("hyperparameter", str(name)), {})[row.name] = value
    differing = [k for k in sorted(hp_values) if len({repr(hp_values[k].get(n)) for n in names}) > 1]
    constant = [k for k in sorted(hp_values) if k not in differing]
    metric_keys.sort(key=lambda k: 0 if k[0] == "Validation" else 1 if k[0] == "Train" else 2)
    data: dict[tuple[str, str], dict[str, object]] = {key: dict(values[key]) for key in metric_keys}
    data.update({key: hp_values[key] for key in differing + constant})
    frame = pd.DataFrame.from_dict(data, orient="index")
    frame = frame.reindex(columns=names)
    frame.index = pd.MultiIndex.from_tuples(list(data), names=["kind", "name"])
    frame.columns.name = "candidate"
    frame.attrs["constant_hyperparameters"] = [k[1] for k in constant]
    return frame


def shap_shares(explained: list[tuple[str, list[ShapLabel]]], top: int | None) -> pd.DataFrame:
    """Index: candidates; columns: features; values: each candidate's mean |SHAP| of a feature as
    its share of that candidate's total (so candidates in different output units compare).
    Multi-label candidates: the mean of the labels' shares. Columns: the ``top`` features by
    mean share across candidates (all when None)."""
    rows: dict[str, dict[str, float]] = {}
    for name, labels in explained:
        per_label = []
        for label in labels:
            importances = {f.name: abs(f.importance) for f in label.features if f.importance is not None}
            total = sum(importances.values())
            if total > 0:
                per_label.append({k: v / total for k, v in importances.items()})
        if per_label:
            features = sorted({k for shares in per_label for k in shares})
            rows[name] = {f: sum(s.get(f, 0.0) for s in per_label) / len(per_label) for f in features}
    frame = pd.DataFrame.from_dict(rows, orient="index").fillna(0.0)
    if frame.empty:
        return frame
    order = frame.mean(axis=0).sort_values(ascending=False, kind="stable").index
    if top is not None and top > 0:
        order = order[:top]
    frame = frame[list(order)]
    frame.index.name = "candidate"
    frame.columns.name = "feature"
    return frame


def counts_point(tp, fp, tn, fn) -> dict:
    """One operating point from its confusion counts: ``tp, fp, tn, fn, precision, recall, f1,
    fpr, accuracy``, NaN where undefined (F1 is 0 when precision and recall are both 0, as in
    scikit-learn). The view's exact thresholds and the report's ROC points both use it."""
    precision = tp / (tp + fp) if tp + fp > 0 else math.nan
    recall = tp / (tp + fn) if tp + fn > 0 else math.nan
    if math.isnan(precision) or math.isnan(recall):
        f1 = math.nan
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    total = tp + fp + tn + fn
    return {
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "fpr": fp / (fp + tn) if fp + tn > 0 else math.nan,
        "accuracy": (tp + tn) / total if total > 0 else math.nan,
    }


def threshold_frame(report: QualityReport, candidate: str) -> pd.DataFrame:
    """Operating points of a binary classifier: ``threshold, tp, fp, tn, fn, precision, recall,
    f1, fpr``. From the model-quality report's ROC points and class totals (the confusion matrix),
    so ``threshold`` is NaN: the report records the points, not the thresholds behind them."""
    if not report.available:
        raise ModelInsightsNotAvailable(report.reason or f"Candidate {candidate!r} has no model-quality report.")
    if report.problem_type != "BinaryClassification":
        raise InvalidParameter(
            f"Thresholds apply to binary classifiers; candidate {candidate!r} is {report.problem_type or 'not one'}."
        )
    roc = report.curves.roc
    fprs, tprs = (roc.false_positive_rates, roc.true_positive_rates) if roc else ([], [])
    cm = report.confusion_matrix
    matrix = cm.matrix if cm else []
    if not fprs or len(fprs) != len(tprs) or len(matrix) != 2:
        raise ModelInsightsNotAvailable(
            f"The model-quality report of candidate {candidate!r} has no ROC points with class totals."
        )
    negatives = sum(number(v) or 0.0 for v in matrix[0])
    positives = sum(number(v) or 0.0 for v in matrix[1])
    records = []
    for fpr_raw, tpr_raw in zip(fprs, tprs, strict=True):
        fpr, tpr = number(fpr_raw), number(tpr_raw)
        if fpr is None or tpr is None:
            continue
        tp, fp = round(tpr * positives), round(fpr * negatives)
        records.append({"threshold": math.nan, **counts_point(tp, fp, negatives - fp, positives - tp)})
    frame = pd.DataFrame.from_records(
        records, columns=["threshold", "tp", "fp", "tn", "fn", "precision", "recall", "f1", "fpr"]
    )
    for column in ("tp", "fp", "tn", "fn"):
        frame[column] = frame[column].astype("int64")
    frame.attrs.update(
        {
            "candidate": candidate,
            "positive_label": cm.labels[1] if cm and len(cm.labels) > 1 else None,
            "source": "ROC operating points of the model-quality report and its class totals",
        }
    )
    return frame
