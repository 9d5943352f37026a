"""Model-quality statistics.json (the SageMaker Model Monitor / Autopilot model insights shape).

Everything is computed on out-of-fold predictions: ``value`` on all validated rows pooled,
``standard_deviation`` across the folds ("NaN" when there is one fold only). The confusion
matrix is nested ``{actual: {predicted: count}}`` with labels as strings.
"""

from __future__ import annotations

import warnings
from datetime import datetime, timezone

import numpy as np
from sklearn import metrics as skm

from . import metrics
from .data import BINARY, MULTICLASS, REGRESSION, Dataset
from .threshold import predicted_index
from .training import Splits, encoded_target

MAX_CURVE_POINTS = 200


def _stat(value: float, per_fold: list) -> dict:
    folds = np.array([v for v in per_fold if v is not None and np.isfinite(v)], dtype=float)
    std = float(np.std(folds, ddof=1)) if len(folds) >= 2 else "NaN"
    shown = float(value) if value is not None and np.isfinite(value) else "NaN"
    return {"value": shown, "standard_deviation": std}


def _thin(*arrays):
    """At most MAX_CURVE_POINTS points, always keeping the first and the last."""
    n = len(arrays[0])
    if n <= MAX_CURVE_POINTS:
        return [np.asarray(a, dtype=float).tolist() for a in arrays]
    keep = np.unique(np.linspace(0, n - 1, MAX_CURVE_POINTS).round().astype(int))
    return [np.asarray(a, dtype=float)[keep].tolist() for a in arrays]


def _confusion(y_true, y_pred, labels: list) -> dict:
    matrix = metrics.confusion(y_true, y_pred, len(labels))
    return {
        actual: {predicted: int(matrix[i, j]) for j, predicted in enumerate(labels)} for i, actual in enumerate(labels)
    }


def _binary_labels(p1, threshold: float | None) -> np.ndarray:
    """The model's predicted classes (0/1): at its decision threshold, or the likelier class."""
    return predicted_index(np.column_stack([1 - p1, p1]), threshold)


def _binary_scores(y, p1, threshold: float | None) -> dict:
    pred = _binary_labels(p1, threshold)
    cm = metrics.confusion(y, pred, 2)
    (tn, fp), (fn, tp) = cm.astype(float)
    positive_rate = float(np.mean(y == 1)) if len(y) else np.nan
    # the best constant classifier: always the majority class for accuracy, always the
    # positive class for recall, precision and the F scores
    constant = metrics.confusion(y, np.ones_like(y), 2)
    precision, recall, _ = metrics.per_class(cm)
    c_precision, c_recall, _ = metrics.per_class(constant)
    scores = {
        "recall": recall[1],
        "precision": precision[1],
        "accuracy": (tp + tn) / max(len(y), 1),
        "recall_best_constant_classifier": c_recall[1],
        "precision_best_constant_classifier": c_precision[1],
        "accuracy_best_constant_classifier": max(positive_rate, 1 - positive_rate),
        "true_positive_rate": tp / (tp + fn) if tp + fn else np.nan,
        "true_negative_rate": tn / (tn + fp) if tn + fp else np.nan,
        "false_positive_rate": fp / (fp + tn) if fp + tn else np.nan,
        "false_negative_rate": fn / (fn + tp) if fn + tp else np.nan,
        "auc": metrics.roc_auc(y, p1),
    }
    for beta, key in ((0.5, "f0_5"), (1.0, "f1"), (2.0, "f2")):
        scores[key] = metrics.per_class(cm, beta)[2][1]
        scores[f"{key}_best_constant_classifier"] = metrics.per_class(constant, beta)[2][1]
    return scores


def _multiclass_scores(y, proba, n_classes: int) -> dict:
    pred = np.argmax(proba, axis=1)
    majority = np.full_like(y, np.bincount(y, minlength=n_classes).argmax())
    scores = {}
    for suffix, predicted in (("", pred), ("_best_constant_classifier", majority)):
        cm = metrics.confusion(y, predicted, n_classes)
        support = cm.sum(axis=1) / max(cm.sum(), 1)  # weights of the "weighted" averages
        scores[f"accuracy{suffix}"] = np.trace(cm) / max(cm.sum(), 1)
        precision, recall, _ = metrics.per_class(cm)
        scores[f"weighted_recall{suffix}"] = float(recall @ support)
        scores[f"weighted_precision{suffix}"] = float(precision @ support)
        for beta, key in ((0.5, "weighted_f0_5"), (1.0, "weighted_f1"), (2.0, "weighted_f2")):
            scores[f"{key}{suffix}"] = float(metrics.per_class(cm, beta)[2] @ support)
    return scores


def _regression_scores(y, pred) -> dict:
    values = metrics.compute(REGRESSION, y, pred)
    return {"mae": values["MAE"], "mse": values["MSE"], "rmse": values["RMSE"], "r2": values["R2"]}


def statistics(ds: Dataset, oof: np.ndarray, splits: Splits, threshold: float | None = None) -> dict:
    """``threshold``: a binary model's decision threshold (None: it predicts the likelier class)."""
    rows = splits.validated_rows
    y_all = encoded_target(ds)
    y, out, fold = y_all[rows], oof[rows], splits.fold_of_row[rows]
    folds = sorted(set(fold.tolist()))

    def score(fn, *args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pooled = fn(*(a for a in args))
            per_fold = [fn(*(a[fold == k] for a in args)) for k in folds] if len(folds) > 1 else []
        return {name: _stat(value, [f[name] for f in per_fold]) for name, value in pooled.items()}

    if ds.problem_type == BINARY:
        p1 = out[:, 1]
        section = score(lambda a, b: _binary_scores(a, b, threshold), y, p1)
        section["confusion_matrix"] = _confusion(y, _binary_labels(p1, threshold), ds.labels)
        fpr, tpr, _ = skm.roc_curve(y, p1)
        precision, recall, _ = skm.precision_recall_curve(y, p1)
        fpr, tpr = _thin(fpr, tpr)
        precision, recall = _thin(precision, recall)
        section["receiver_operating_characteristic_curve"] = {
            "false_positive_rates": fpr,
            "true_positive_rates": tpr,
        }
        section["precision_recall_curve"] = {"precisions": precision, "recalls": recall}
        key = "binary_classification_metrics"
    elif ds.problem_type == MULTICLASS:
        n_classes = len(ds.classes or [])
        section = score(lambda a, b: _multiclass_scores(a, b, n_classes), y, out)
        section["confusion_matrix"] = _confusion(y, np.argmax(out, axis=1), ds.labels)
        key = "multiclass_classification_metrics"
    elif ds.problem_type == REGRESSION:
        section = score(_regression_scores, y, out)
        key = "regression_metrics"
    else:  # pragma: no cover
        raise ValueError(ds.problem_type)
    return {
        "version": 0.0,
        "dataset": {
            "item_count": int(len(rows)),
            "evaluation_time": datetime.now(timezone.utc).isoformat(timespec="microseconds"),
        },
        key: section,
    }


#: the out-of-fold predictions file, beside statistics.json (the threshold explorer and the
#: regression plots read it: any threshold is exact)
OOF_FILE = "oof_predictions.csv"


def oof_table(ds: Dataset, oof: np.ndarray, splits: Splits) -> str:
    """The validated rows' out-of-fold predictions as CSV: ``row, fold, actual`` then ``predicted``
    (regression) or ``probability:<class>`` for each class (classification)."""
    import csv
    import io

    rows = splits.validated_rows
    actual = np.asarray(ds.y)[rows]
    out, fold = oof[rows], splits.fold_of_row[rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    classes = list(ds.classes or [])
    writer.writerow(["row", "fold", "actual", *([f"probability:{c}" for c in classes] or ["predicted"])])
    for i, row in enumerate(rows):
        values = out[i].tolist() if classes else [float(out[i])]
        # every digit (the shortest exact form): the threshold explorer applies the model's rule to them
        writer.writerow([int(row), int(fold[i]), actual[i], *(repr(float(v)) for v in values)])
    return buffer.getvalue()
