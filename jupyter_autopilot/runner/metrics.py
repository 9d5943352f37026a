"""Autopilot's metric names, their directions, and how to compute them."""

from __future__ import annotations

import numpy as np

from ..names import DEFAULT_OBJECTIVES, OBJECTIVES
from ..records import direction_of_metric
from .data import BINARY, MULTICLASS, REGRESSION
from .errors import RunnerError
from .threshold import predicted_index

# Metrics Autopilot reports for every candidate (CandidateMetrics), per problem type.
REPORTED = {
    BINARY: ["Accuracy", "AUC", "BalancedAccuracy", "F1", "LogLoss", "Precision", "Recall"],
    MULTICLASS: ["Accuracy", "BalancedAccuracy", "F1macro", "LogLoss", "PrecisionMacro", "RecallMacro"],
    REGRESSION: ["MAE", "MSE", "R2", "RMSE"],
}
DEFAULT_OBJECTIVE = DEFAULT_OBJECTIVES  # the rules live in names.py


def direction(metric: str) -> str:
    return direction_of_metric(metric) or "Maximize"


def resolve_objective(problem_type: str, objective: str | None) -> str:
    """The objective metric, spelt as Autopilot spells it; the default when not given."""
    if objective is None:
        return DEFAULT_OBJECTIVE[problem_type]
    allowed = OBJECTIVES[problem_type]
    for name in allowed:
        if objective.lower() == name.lower():
            return name
    raise RunnerError(f"{objective!r} is not an objective for {problem_type}; use one of {', '.join(allowed)}.")


def better(metric: str, a: float, b: float) -> bool:
    """Is value ``a`` strictly better than ``b`` for ``metric``?"""
    return a < b if direction(metric) == "Minimize" else a > b


def confusion(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """(K, K) counts, rows = actual class, columns = predicted class."""
    flat = np.asarray(y_true, dtype=int) * n_classes + np.asarray(y_pred, dtype=int)
    return np.bincount(flat, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def _ratio(num, den):
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def per_class(cm: np.ndarray, beta: float = 1.0):
    """Per-class precision, recall and F-beta (0 where undefined, as zero_division=0)."""
    tp = np.diag(cm).astype(float)
    precision = _ratio(tp, cm.sum(axis=0))
    recall = _ratio(tp, cm.sum(axis=1))
    b2 = beta * beta
    fbeta = _ratio((1 + b2) * precision * recall, b2 * precision + recall)
    return precision, recall, fbeta


def balanced_accuracy(cm: np.ndarray) -> float:
    support = cm.sum(axis=1)
    present = support > 0
    if present.sum() < 2:
        return float("nan")
    return float(np.mean(np.diag(cm)[present] / support[present]))


def roc_auc(y_true: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney U, ties counted half); NaN with one class."""
    from scipy.stats import rankdata

    y_true = np.asarray(y_true)
    n_pos = int((y_true == 1).sum())
    n_neg = len(y_true) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(score)
    return float((ranks[y_true == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def log_loss(y_true: np.ndarray, proba: np.ndarray) -> float:
    p = np.clip(proba, 1e-15, 1.0)
    p = p / p.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(y_true)), y_true])))


def compute(
    problem_type: str, y_true: np.ndarray, output: np.ndarray, n_classes: int = 0, threshold: float | None = None
) -> dict:
    """Every reported metric for one set of predictions.

    Classification: ``y_true`` holds class indices 0..K-1 and ``output`` the (n, K) class
    probabilities (the positive class of a binary problem is index 1); the labels are the
    likelier class, or (binary, ``threshold`` given) class 1 at or above it. Regression:
    ``output`` holds the predictions. A metric that is undefined on this data is NaN.
    Same definitions as scikit-learn's (zero_division=0), computed from one confusion matrix.
    """
    if problem_type == REGRESSION:
        y_true, output = np.asarray(y_true, dtype=float), np.asarray(output, dtype=float)
        error = output - y_true
        mse = float(np.mean(error**2))
        total = float(np.sum((y_true - y_true.mean()) ** 2))
        r2 = 1.0 - float(np.sum(error**2)) / total if total > 0 and len(y_true) > 1 else float("nan")
        return {"MAE": float(np.mean(np.abs(error))), "MSE": mse, "R2": r2, "RMSE": float(np.sqrt(mse))}
    y_true = np.asarray(y_true, dtype=int)
    predicted = predicted_index(output, threshold)
    cm = confusion(y_true, predicted, n_classes)
    accuracy = float(np.trace(cm) / max(cm.sum(), 1))
    precision, recall, f1 = per_class(cm)
    if problem_type == BINARY:
        return {
            "Accuracy": accuracy,
            "AUC": roc_auc(y_true, output[:, 1]),
            "BalancedAccuracy": balanced_accuracy(cm),
            "F1": float(f1[1]),
            "LogLoss": log_loss(y_true, output),
            "Precision": float(precision[1]),
            "Recall": float(recall[1]),
        }
    return {
        "Accuracy": accuracy,
        "BalancedAccuracy": balanced_accuracy(cm),
        "F1macro": float(f1.mean()),
        "LogLoss": log_loss(y_true, output),
        "PrecisionMacro": float(precision.mean()),
        "RecallMacro": float(recall.mean()),
    }


def mean_over_folds(per_fold: list) -> dict:
    """Mean of each metric over the folds where it is defined (NaN if never defined)."""
    names = per_fold[0].keys() if per_fold else []
    out = {}
    for name in names:
        values = np.array([float(f[name]) for f in per_fold], dtype=float)
        values = values[np.isfinite(values)]
        out[name] = float(values.mean()) if len(values) else float("nan")
    return out
