"""Global SHAP values in the shape of SageMaker Clarify's analysis.json.

Tree models are explained with ``shap.TreeExplainer``, linear models with
``shap.LinearExplainer`` and any other model with ``shap.PermutationExplainer``, on the model's own inputs (the preprocessed columns); the SHAP
values of the columns one input column was encoded into (one-hot) are summed back, so
``global_shap_values`` is keyed by the original input columns. Explanations are in the
model's output units: class probability for forests, log-odds for boosted trees and
logistic regression, the target's unit for regression.

Sample sizes are bounded so a large input does not make SHAP slow.
"""

from __future__ import annotations

import warnings

import numpy as np

from .data import BINARY, MULTICLASS, Dataset
from .preprocessing import feature_groups, group_matrix

MAX_EXPLAINED_ROWS = 200
MIN_EXPLAINED_ROWS = 50
MAX_BACKGROUND_ROWS = 100
MAX_PERMUTATION_BACKGROUND = 50  # the permutation explainer calls the model (rows x features x background) times
MAX_PERMUTATION_ROWS = 100
# TreeSHAP costs about (rows x leaves x depth^2); big forests get fewer explained rows.
TREE_SHAP_BUDGET = 6e9

_TREE_MODELS = (
    "RandomForest",
    "ExtraTrees",
    "HistGradientBoosting",
    "GradientBoosting",
    "DecisionTree",
    "LGBM",
    "XGB",
)


def _sample(n: int, size: int, rng: np.random.Generator) -> np.ndarray:
    if n <= size:
        return np.arange(n)
    return np.sort(rng.choice(n, size=size, replace=False))


def _as_3d(values) -> np.ndarray:
    """SHAP output as (rows, features, outputs)."""
    if isinstance(values, list):
        values = np.stack([np.asarray(v) for v in values], axis=-1)
    values = np.asarray(values, dtype=float)
    if values.ndim == 2:
        values = values[:, :, None]
    return values


def _explained_rows(model) -> int:
    trees = getattr(model, "estimators_", None)
    if trees is None:
        return MAX_EXPLAINED_ROWS
    try:
        leaves = sum(int(t.tree_.n_leaves) for t in trees)
        depth = max(int(t.tree_.max_depth) for t in trees)
    except AttributeError:
        return MAX_EXPLAINED_ROWS
    rows = int(TREE_SHAP_BUDGET / max(leaves * depth * depth, 1))
    return max(MIN_EXPLAINED_ROWS, min(MAX_EXPLAINED_ROWS, rows))


def _background(preprocessor, ds: Dataset, rng, size: int = MAX_BACKGROUND_ROWS):
    return preprocessor.transform(ds.features.iloc[_sample(ds.n_rows, size, rng)])


def shap_values(pipeline, ds: Dataset, seed: int = 0):
    """(SHAP values per input column as (rows, columns, outputs), expected values per output)."""
    import shap  # imported here: it is slow to import

    rng = np.random.default_rng(seed)
    preprocessor = pipeline.named_steps["preprocessor"]
    model = pipeline.named_steps["model"]
    rows = _sample(ds.n_rows, _explained_rows(model), rng)
    X_rows = preprocessor.transform(ds.features.iloc[rows])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if any(type(model).__name__.startswith(p) for p in _TREE_MODELS):
            explainer = shap.TreeExplainer(model)
            values = explainer.shap_values(X_rows, check_additivity=False)
        elif hasattr(model, "coef_"):
            explainer = shap.LinearExplainer(model, shap.maskers.Independent(_background(preprocessor, ds, rng)))
            values = explainer.shap_values(X_rows)
        else:  # any other model: model-agnostic, on its predicted probabilities / values
            background = _background(preprocessor, ds, rng, MAX_PERMUTATION_BACKGROUND)
            predict = model.predict_proba if ds.is_classification else model.predict
            explainer = shap.PermutationExplainer(predict, shap.maskers.Independent(background), seed=seed)
            explanation = explainer(X_rows[:MAX_PERMUTATION_ROWS], silent=True)
            values, base = explanation.values, np.asarray(explanation.base_values)
            explainer.expected_value = base.mean(axis=0) if base.ndim else base
    values = _as_3d(values)
    expected = np.atleast_1d(np.asarray(explainer.expected_value, dtype=float))

    groups = feature_groups(preprocessor, ds.numeric_columns, ds.categorical_columns)
    matrix = group_matrix(groups, values.shape[1])
    per_column = np.einsum("rfo,fc->rco", values, matrix)
    # back to the input file's column order
    names = [name for name, _ in groups]
    order = [names.index(c) for c in ds.features.columns]
    return [names[i] for i in order], per_column[:, order, :], expected


def analysis(pipeline, ds: Dataset, seed: int = 0) -> dict:
    """The analysis.json document for one fitted candidate."""
    columns, values, expected = shap_values(pipeline, ds, seed)
    importance = np.abs(values).mean(axis=0)  # (columns, outputs)

    def label_entry(output: int) -> dict:
        return {
            "global_shap_values": {c: float(importance[j, output]) for j, c in enumerate(columns)},
            "expected_value": float(expected[output if len(expected) > 1 else 0]),
        }

    if ds.problem_type == MULTICLASS:
        if values.shape[2] != len(ds.classes or []):
            raise ValueError(f"SHAP returned {values.shape[2]} outputs for {len(ds.classes or [])} classes")
        labels = {label: label_entry(k) for k, label in enumerate(ds.labels)}
    elif ds.problem_type == BINARY:
        # one output (the positive class's margin) or one per class (take the positive class)
        labels = {"label0": label_entry(1 if values.shape[2] == 2 else 0)}
    else:
        labels = {"label0": label_entry(0)}
    return {"version": "1.0", "explanations": {"kernel_shap": labels}}
