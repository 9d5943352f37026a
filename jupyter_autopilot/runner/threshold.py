"""The decision threshold of a binary classifier.

For the objectives scored on predicted labels whose best threshold is rarely 0.5 (F1 and
balanced accuracy), each candidate's threshold is chosen on its out-of-fold probabilities, as
AutoGluon calibrates its decision threshold for these metrics. The saved model then predicts
with it: scikit-learn's ``FixedThresholdClassifier`` around the fitted pipeline (its
probabilities are the pipeline's own; only its labels change). Accuracy, AUC, log loss,
precision and recall keep 0.5: the first is best near it, the next two do not depend on it, and
the last two would be maximised by a degenerate one.

A row is predicted positive when its probability of the positive class (the second class in
sorted order) is at least the threshold; without a threshold, the likelier class is predicted.
"""

from __future__ import annotations

import numpy as np

from .data import BINARY

#: the objectives whose binary decision threshold is chosen
CALIBRATED = ("F1", "BalancedAccuracy")
#: the thresholds tried: 0.02 to 0.98 by 0.01 (a coarse grid: the choice does not chase single rows)
GRID = np.round(np.arange(2, 99) / 100, 2)


def calibrates(problem_type: str, objective: str) -> bool:
    return problem_type == BINARY and objective in CALIBRATED


def best_threshold(y: np.ndarray, p1: np.ndarray, objective: str) -> float:
    """The threshold on GRID that scores ``objective`` best on these labels (0/1) and
    probabilities of class 1; of equal scores, the one nearest 0.5."""
    p1 = np.asarray(p1, dtype=float)
    finite = np.isfinite(p1)  # (a row without a probability is predicted negative, as at any threshold)
    y, p1 = np.asarray(y, dtype=int), np.where(finite, p1, -np.inf)
    order = np.sort(p1)
    positives = int(y.sum())
    negatives = len(y) - positives
    if positives == 0 or negatives == 0:
        return 0.5
    sorted_pos = np.sort(p1[y == 1])
    # rows at or above each threshold: all of them, and the positive ones
    predicted = len(order) - np.searchsorted(order, GRID, side="left")
    tp = positives - np.searchsorted(sorted_pos, GRID, side="left")
    fp = predicted - tp
    fn = positives - tp
    if objective == "F1":
        scores = np.divide(2.0 * tp, 2.0 * tp + fp + fn, out=np.zeros(len(GRID)), where=(2 * tp + fp + fn) > 0)
    elif objective == "BalancedAccuracy":
        scores = (tp / positives + (negatives - fp) / negatives) / 2.0
    else:
        raise ValueError(f"no decision threshold is chosen for {objective}")
    best = scores.max()
    tied = np.flatnonzero(scores >= best - 1e-12)
    return float(GRID[tied[np.argmin(np.abs(GRID[tied] - 0.5))]])


def predicted_index(output: np.ndarray, threshold: float | None) -> np.ndarray:
    """Class indices predicted from (n, K) probabilities: with a threshold (binary), class 1 where
    its probability is at least the threshold; without one, the likelier class."""
    output = np.asarray(output, dtype=float)
    if threshold is None:
        return np.argmax(output, axis=1)
    return (output[:, 1] >= threshold).astype(int)


def with_threshold(model, threshold: float, positive_class):
    """The fitted classifier ``model`` predicting ``positive_class`` at ``threshold``."""
    from sklearn.model_selection import FixedThresholdClassifier

    return FixedThresholdClassifier(
        model, threshold=threshold, pos_label=positive_class, response_method="predict_proba"
    )


def unwrap(model):
    """The fitted pipeline (or ensemble) inside a model saved with a threshold; else the model."""
    from sklearn.model_selection import FixedThresholdClassifier

    return model.estimator if isinstance(model, FixedThresholdClassifier) else model


def threshold_of(model) -> float | None:
    """The decision threshold a saved model predicts with (None: the likelier class)."""
    from sklearn.model_selection import FixedThresholdClassifier

    if isinstance(model, FixedThresholdClassifier) and isinstance(model.threshold, int | float):
        return float(model.threshold)
    return None
