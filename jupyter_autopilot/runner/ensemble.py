"""The weighted ensemble of ENSEMBLING mode: greedy forward selection with replacement
(Caruana et al., 2004, as AutoGluon's weighted ensemble does) over the candidates' out-of-fold
predictions, and the fitted model that averages its members' predictions with those weights.

The weights are chosen on the same out-of-fold predictions the ensemble is then scored on, so
its validation metrics are slightly optimistic (as AutoGluon's are); the job says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np

#: rounds of greedy selection, and how many of the best candidates it chooses from
ROUNDS = 25
POOL = 20


def greedy_weights(
    predictions: list, score: Callable[[np.ndarray], float], maximize: bool, rounds: int = ROUNDS
) -> list[float]:
    """Weights (summing to 1) over ``predictions`` that make the best-scoring average.

    Each round adds one member (the same one may be added again) whose addition scores best;
    the weights are the counts of the best round's selection."""
    if not predictions:
        return []
    chosen: list[int] = []
    total = np.zeros_like(np.asarray(predictions[0], dtype=float))
    best_score, best_counts = None, None
    for _ in range(rounds):
        round_best = None
        for i, pred in enumerate(predictions):
            value = score((total + pred) / (len(chosen) + 1))
            if not np.isfinite(value):
                continue
            if round_best is None or (value > round_best[0] if maximize else value < round_best[0]):
                round_best = (value, i)
        if round_best is None:
            break
        chosen.append(round_best[1])
        total = total + predictions[round_best[1]]
        if best_score is None or (round_best[0] > best_score if maximize else round_best[0] < best_score):
            best_score, best_counts = round_best[0], Counter(chosen)
    if best_counts is None:
        return [1.0 / len(predictions)] * len(predictions)
    size = sum(best_counts.values())
    return [best_counts.get(i, 0) / size for i in range(len(predictions))]


class WeightedEnsemble:
    """A fitted ensemble: the weighted mean of its members' class probabilities (classifiers)
    or predictions (regressors). Members are fitted scikit-learn pipelines of one job."""

    def __init__(self, members: list, weights: list, names: list, classes=None):
        if len(members) != len(weights) or not members:
            raise ValueError("an ensemble needs one weight per member")
        self.members = list(members)
        self.weights = [float(w) for w in weights]
        self.names = list(names)
        if classes is not None:
            self.classes_ = np.asarray(classes)

    # scikit-learn's protocol for a fitted estimator (so that FixedThresholdClassifier, which
    # gives a binary ensemble its decision threshold, takes it): it is fitted when made
    def __sklearn_is_fitted__(self) -> bool:
        return True

    def __sklearn_tags__(self):
        from sklearn.utils import ClassifierTags, RegressorTags, Tags, TargetTags

        classifier = hasattr(self, "classes_")
        return Tags(
            estimator_type="classifier" if classifier else "regressor",
            target_tags=TargetTags(required=True),
            classifier_tags=ClassifierTags() if classifier else None,
            regressor_tags=None if classifier else RegressorTags(),
        )

    def fit(self, X, y=None):
        raise NotImplementedError("a weighted ensemble is made of its members' fitted models; it is not refit")

    def _align(self, member, proba: np.ndarray) -> np.ndarray:
        """A member's probabilities in the ensemble's class order."""
        out = np.zeros((proba.shape[0], len(self.classes_)))
        position = {c: i for i, c in enumerate(self.classes_.tolist())}
        for j, c in enumerate(member.classes_.tolist()):
            out[:, position[c]] = proba[:, j]
        return out

    def predict_proba(self, X) -> np.ndarray:
        total: Any = None
        for member, weight in zip(self.members, self.weights, strict=True):
            part = weight * self._align(member, np.asarray(member.predict_proba(X), dtype=float))
            total = part if total is None else total + part
        return total

    def predict(self, X) -> np.ndarray:
        if hasattr(self, "classes_"):
            return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
        total: Any = None
        for member, weight in zip(self.members, self.weights, strict=True):
            part = weight * np.asarray(member.predict(X), dtype=float)
            total = part if total is None else total + part
        return total
