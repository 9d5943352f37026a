"""Global SHAP values in the shape of SageMaker Clarify's analysis.json.

Tree models are explained with ``shap.TreeExplainer``, linear models with
``shap.LinearExplainer`` and any other model with ``shap.PermutationExplainer``, on the model's own inputs (the preprocessed columns); the SHAP
values of the columns one input column was encoded into (one-hot) are summed back, so
``global_shap_values`` is keyed by the original input columns.

Every candidate's explanation is in one unit, so candidates compare and an ensemble's
explanation is the weighted sum of its members': the predicted probability for classifiers, the
target's unit for regression. Forests (and the model-agnostic explainer) explain probabilities
directly. Boosted trees and logistic regression are explained in log-odds, then each row's values
are rescaled so that they sum to that row's change in probability from the base value (the
rescale rule of DeepLIFT): the ranking within a row is kept, and the values add up in probability.

Sample sizes are bounded so a large input does not make SHAP slow.
"""

from __future__ import annotations

import warnings

import numpy as np

from .data import BINARY, MULTICLASS, Dataset
from .preprocessing import feature_groups, group_matrix
from .threshold import unwrap

MAX_EXPLAINED_ROWS = 200
MIN_EXPLAINED_ROWS = 50
MAX_BACKGROUND_ROWS = 100
MAX_PERMUTATION_BACKGROUND = 50  # the permutation explainer calls the model (rows x features x background) times
MAX_PERMUTATION_ROWS = 100
# TreeSHAP costs about (rows x leaves x depth^2); big forests get fewer explained rows.
TREE_SHAP_BUDGET = 6e9
TREE_SHAP_ROWS_PER_CALL = 10

_TREE_MODELS = (
    "RandomForest",
    "ExtraTrees",
    "HistGradientBoosting",
    "GradientBoosting",
    "DecisionTree",
    "LGBM",
    "XGB",
    "CatBoost",
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


#: what analysis.json says of its values (under "local_runner"), per problem kind
UNIT_PROBABILITY = "probability"
UNIT_TARGET = "target"


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -500, 500)))


def _softmax(x):
    z = np.exp(x - x.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def _sigmoid_rescale(values: np.ndarray, margin: np.ndarray, base: np.ndarray):
    """One-output log-odds SHAP values (rows, features, 1) -> probability, row by row: scaled by
    the secant of the sigmoid between the base value and the row (the rescale rule of DeepLIFT),
    so they sum to the row's change in probability; the sigmoid is monotone, so signs are kept."""
    prob, prob_base = _sigmoid(margin), _sigmoid(base)
    delta_f = margin - base[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(np.abs(delta_f) > 1e-9, (prob - prob_base[None, :]) / delta_f, prob * (1.0 - prob))
    return values * scale[:, None, :], prob_base


def _softmax_rescale(values: np.ndarray, margin: np.ndarray, base: np.ndarray):
    """Per-class margin SHAP values (rows, features, classes) -> probability: each feature's margin
    changes carried through the softmax's Jacobian at the midpoint between the base value and the
    row; what that linearisation misses of the row's change in probability is shared among the
    features in proportion to their size, so the values add up exactly and never blow up."""
    prob, prob_base = _softmax(margin), _softmax(base[None, :])[0]
    mid = _softmax((margin + base[None, :]) / 2)
    centred = values - (values * mid[:, None, :]).sum(axis=2, keepdims=True)
    phi = mid[:, None, :] * centred  # J = diag(p) - p p^T applied to each feature's margin vector
    residual = (prob - prob_base[None, :]) - phi.sum(axis=1)
    size = np.abs(phi)
    total = size.sum(axis=1, keepdims=True)
    share = np.where(total > 0, size / np.where(total > 0, total, 1.0), 1.0 / max(values.shape[1], 1))
    return phi + share * residual[:, None, :], prob_base


def _in_probability(values: np.ndarray, expected: np.ndarray, proba: np.ndarray, binary: bool):
    """(values, expected, method) of a classifier in probability units; ``proba`` is the model's
    own (rows, classes) probabilities of the explained rows."""
    if binary:
        o = 1 if values.shape[2] == 2 else 0
        values, expected = values[:, :, o : o + 1], expected[o : o + 1] if len(expected) > o else expected[:1]
        proba = proba[:, 1:2]
    output = expected[None, :] + values.sum(axis=1)
    if output.shape == proba.shape and np.allclose(output, proba, atol=1e-3):
        return values, expected, "probability"
    if binary:
        values, base = _sigmoid_rescale(values, output, expected)
    else:
        values, base = _softmax_rescale(values, output, expected)
    return values, base, "log-odds rescaled to probability"


def explained_rows(pipeline, ds: Dataset, seed: int = 0) -> np.ndarray:
    """The rows a candidate's explanation averages over (the same for every candidate of a job,
    up to a size bounded by the model's cost)."""
    rng = np.random.default_rng(seed)
    pipeline = unwrap(pipeline)
    models = [unwrap(m).named_steps["model"] for m in getattr(pipeline, "members", [pipeline])]
    size = min(_explained_rows(m) for m in models)
    return _sample(ds.n_rows, size, rng)


def shap_values(pipeline, ds: Dataset, seed: int = 0, rows=None, between_calls=None):
    """(input columns, SHAP values as (rows, columns, outputs), expected values, method).

    Classifiers are explained in probability (one output for a binary problem: the positive
    class); a WeightedEnsemble is its members' weighted sum. ``between_calls`` (if given) is
    called before each TreeSHAP call: it may wait, to let other threads have the GIL."""
    pipeline = unwrap(pipeline)  # a decision threshold changes labels, not probabilities
    if rows is None:
        rows = explained_rows(pipeline, ds, seed)
    if hasattr(pipeline, "members"):
        total_values, total_expected, methods = None, None, set()
        for member, weight in zip(pipeline.members, pipeline.weights, strict=True):
            columns, values, expected, method = shap_values(member, ds, seed, rows, between_calls)
            total_values = weight * values if total_values is None else total_values + weight * values
            total_expected = weight * expected if total_expected is None else total_expected + weight * expected
            methods.add(method)
        return (
            columns,
            total_values,
            total_expected,
            "weighted sum of the members' (" + ", ".join(sorted(methods)) + ")",
        )
    values, expected, method = _model_shap_values(pipeline, ds, seed, rows, between_calls)
    return values[0], values[1], expected, method


def _model_shap_values(pipeline, ds: Dataset, seed: int, rows, between_calls=None):
    import shap  # imported here: it is slow to import

    rng = np.random.default_rng(seed + 1)
    preprocessor = pipeline.named_steps["preprocessor"]
    model = pipeline.named_steps["model"]
    X_rows = preprocessor.transform(ds.features.iloc[rows])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if any(type(model).__name__.startswith(p) for p in _TREE_MODELS):
            explainer = shap.TreeExplainer(model)
            # a few rows per call: TreeSHAP holds the GIL for a whole call, and a job waiting for
            # this explanation must be able to complete when its time budget ends
            parts = []
            for i in range(0, len(X_rows), TREE_SHAP_ROWS_PER_CALL):
                if between_calls is not None:
                    between_calls()
                chunk = X_rows[i : i + TREE_SHAP_ROWS_PER_CALL]
                parts.append(_as_3d(explainer.shap_values(chunk, check_additivity=False)))
            values = np.concatenate(parts, axis=0)
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
    method = type(explainer).__name__
    if ds.is_classification:
        from .training import model_output

        proba = model_output(pipeline, ds.features.iloc[rows], ds)
        values, expected, unit = _in_probability(values, expected, proba, ds.problem_type == BINARY)
        method = f"{method}, {unit}"

    groups = feature_groups(preprocessor, ds.numeric_columns, ds.categorical_columns)
    matrix = group_matrix(groups, values.shape[1])
    per_column = np.einsum("rfo,fc->rco", values, matrix)
    # back to the input file's column order
    names = [name for name, _ in groups]
    order = [names.index(c) for c in ds.features.columns]
    return ([names[i] for i in order], per_column[:, order, :]), expected, method


def analysis(pipeline, ds: Dataset, seed: int = 0, between_calls=None) -> dict:
    """The analysis.json document for one fitted candidate (or ensemble)."""
    columns, values, expected, method = shap_values(pipeline, ds, seed, between_calls=between_calls)
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
    else:  # binary: the positive class's probability (one output); regression: the target
        labels = {"label0": label_entry(0)}
    unit = UNIT_PROBABILITY if ds.is_classification else UNIT_TARGET
    return {
        "version": "1.0",
        "explanations": {"kernel_shap": labels},
        "local_runner": {"shap_unit": unit, "method": method, "explained_rows": int(values.shape[0])},
    }
