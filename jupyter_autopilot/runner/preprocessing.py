"""The feature-engineering pipeline shared by every candidate.

``make_preprocessor`` is copied verbatim into the candidate definition notebook (with
``inspect.getsource``), so it imports what it needs itself and uses nothing else from this
package: the notebook then runs exactly the code that built the models.
"""

from __future__ import annotations

import numpy as np


def make_preprocessor(numeric_columns, categorical_columns):
    """Impute and scale numeric columns; impute and one-hot encode categorical columns.

    Each categorical column gets its own encoder so that every output column can be traced
    back to the input column it came from (SHAP values are summed back per input column).
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    transformers = []
    if numeric_columns:
        numeric = Pipeline(
            [
                ("impute", SimpleImputer(strategy="median", keep_empty_features=True)),
                ("scale", StandardScaler()),
            ]
        )
        transformers.append(("numeric", numeric, list(numeric_columns)))
    for i, column in enumerate(categorical_columns):
        categorical = Pipeline(
            [
                ("impute", SimpleImputer(strategy="constant", fill_value="missing", keep_empty_features=True)),
                (
                    "onehot",
                    OneHotEncoder(handle_unknown="infrequent_if_exist", max_categories=25, sparse_output=False),
                ),
            ]
        )
        transformers.append((f"categorical{i}", categorical, [column]))
    return ColumnTransformer(transformers, remainder="drop", sparse_threshold=0.0)


def feature_groups(preprocessor, numeric_columns, categorical_columns) -> list:
    """For a fitted ``make_preprocessor`` result: ``[(input column, [output indices])]``."""
    slices = preprocessor.output_indices_
    groups = []
    if numeric_columns:
        start = slices["numeric"].start
        for j, column in enumerate(numeric_columns):
            groups.append((column, [start + j]))
    for i, column in enumerate(categorical_columns):
        s = slices[f"categorical{i}"]
        groups.append((column, list(range(s.start, s.stop))))
    return groups


def group_matrix(groups, n_outputs: int) -> np.ndarray:
    """A (n_outputs, n_inputs) 0/1 matrix: ``values @ M`` sums output columns per input column."""
    matrix = np.zeros((n_outputs, len(groups)))
    for j, (_, indices) in enumerate(groups):
        matrix[indices, j] = 1.0
    return matrix
