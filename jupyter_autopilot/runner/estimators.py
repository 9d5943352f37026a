"""Estimators the runner defines itself: XGBoost's classifier with the target's own labels.

XGBoost's scikit-learn classifier accepts only the labels 0..K-1. ``XGBLabelClassifier`` is that
classifier, fit on the labels' positions in sorted order, with ``classes_`` and ``predict`` in the
labels themselves, as every other scikit-learn classifier has them. Its source and this module's
imports are copied verbatim into the candidate definition notebook when a candidate uses it (read
from this file, not imported), so it imports what it needs itself.
"""

from __future__ import annotations

from xgboost import XGBClassifier


class XGBLabelClassifier(XGBClassifier):
    """``xgboost.XGBClassifier`` for any labels: ``classes_`` are the labels, sorted."""

    def fit(self, X, y, **fit_params):
        import numpy as np

        labels, codes = np.unique(np.asarray(y), return_inverse=True)
        self._labels = None  # XGBoost's own classes_ (0..K-1) while it fits
        super().fit(X, codes, **fit_params)
        self._labels = labels
        return self

    @property
    def classes_(self):
        import numpy as np

        labels = getattr(self, "_labels", None)
        if labels is not None:
            return labels
        own = getattr(self, "_own_classes", None)  # set by XGBoost versions that assign it in fit
        return own if own is not None else np.arange(self.n_classes_)

    @classes_.setter
    def classes_(self, value) -> None:
        self._own_classes = value

    def predict(self, X, output_margin=False, **predict_params):
        import numpy as np

        if output_margin:
            return super().predict(X, output_margin=True, **predict_params)
        return np.asarray(self.classes_)[np.argmax(self.predict_proba(X, **predict_params), axis=1)]
