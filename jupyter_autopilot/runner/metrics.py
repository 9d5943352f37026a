"""Autopilot's metric names, their directions, and how to compute them."""

from __future__ import annotations

import warnings
from typing import Optional

import numpy as np
from sklearn import metrics as skm

from .data import BINARY, MULTICLASS, REGRESSION
from .errors import RunnerError

# Objectives Autopilot accepts per problem type (AutoMLJobObjective.MetricName).
OBJECTIVES = {
    BINARY: ["Accuracy", "AUC", "BalancedAccuracy", "F1", "Precision", "Recall"],
    MULTICLASS: ["Accuracy", "BalancedAccuracy", "F1macro", "PrecisionMacro", "RecallMacro"],
    REGRESSION: ["MAE", "MSE", "R2", "RMSE"],
}
# Metrics Autopilot reports for every candidate (CandidateMetrics), per problem type.
REPORTED = {
    BINARY: ["Accuracy", "AUC", "BalancedAccuracy", "F1", "LogLoss", "Precision", "Recall"],
    MULTICLASS: ["Accuracy", "BalancedAccuracy", "F1macro", "LogLoss", "PrecisionMacro", "RecallMacro"],
    REGRESSION: ["MAE", "MSE", "R2", "RMSE"],
}
DEFAULT_OBJECTIVE = {BINARY: "F1", MULTICLASS: "Accuracy", REGRESSION: "MSE"}
MINIMIZE = {"LogLoss", "MSE", "RMSE", "MAE"}


def direction(metric: str) -> str:
    return "Minimize" if metric in MINIMIZE else "Maximize"


def resolve_objective(problem_type: str, objective: Optional[str]) -> str:
    """The objective metric, spelt as Autopilot spells it; the default when not given."""
    if objective is None:
        return DEFAULT_OBJECTIVE[problem_type]
    allowed = OBJECTIVES[problem_type]
    for name in allowed:
        if objective.lower() == name.lower():
            return name
    raise RunnerError(
        f"{objective!r} is not an objective for {problem_type}; use one of {', '.join(allowed)}."
    )


def better(metric: str, a: float, b: float) -> bool:
    """Is value ``a`` strictly better than ``b`` for ``metric``?"""
    return a < b if direction(metric) == "Minimize" else a > b


def compute(problem_type: str, y_true: np.ndarray, output: np.ndarray, n_classes: int = 0) -> dict:
    """Every reported metric for one set of predictions.

    Classification: ``y_true`` holds class indices 0..K-1 and ``output`` the (n, K) class
    probabilities (the positive class of a binary problem is index 1). Regression:
    ``output`` holds the predictions. A metric that is undefined on this data is NaN.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if problem_type == REGRESSION:
            mse = skm.mean_squared_error(y_true, output)
            return {
                "MAE": skm.mean_absolute_error(y_true, output),
                "MSE": mse,
                "R2": skm.r2_score(y_true, output) if len(y_true) > 1 else np.nan,
                "RMSE": float(np.sqrt(mse)),
            }
        labels = list(range(n_classes))
        predicted = np.argmax(output, axis=1)
        proba = np.clip(output, 1e-15, 1.0)
        proba = proba / proba.sum(axis=1, keepdims=True)
        log_loss = skm.log_loss(y_true, proba, labels=labels)
        balanced = skm.balanced_accuracy_score(y_true, predicted) if len(np.unique(y_true)) > 1 else np.nan
        if problem_type == BINARY:
            try:
                auc = skm.roc_auc_score(y_true, output[:, 1]) if len(np.unique(y_true)) == 2 else np.nan
            except ValueError:
                auc = np.nan
            return {
                "Accuracy": skm.accuracy_score(y_true, predicted),
                "AUC": auc,
                "BalancedAccuracy": balanced,
                "F1": skm.f1_score(y_true, predicted, pos_label=1, zero_division=0),
                "LogLoss": log_loss,
                "Precision": skm.precision_score(y_true, predicted, pos_label=1, zero_division=0),
                "Recall": skm.recall_score(y_true, predicted, pos_label=1, zero_division=0),
            }
        return {
            "Accuracy": skm.accuracy_score(y_true, predicted),
            "BalancedAccuracy": balanced,
            "F1macro": skm.f1_score(y_true, predicted, labels=labels, average="macro", zero_division=0),
            "LogLoss": log_loss,
            "PrecisionMacro": skm.precision_score(y_true, predicted, labels=labels, average="macro", zero_division=0),
            "RecallMacro": skm.recall_score(y_true, predicted, labels=labels, average="macro", zero_division=0),
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
