"""The feature-engineering pipeline shared by every candidate.

``make_preprocessor`` is copied verbatim into the candidate definition notebook (with
``inspect.getsource``), so it imports what it needs itself and uses nothing else from this
package: the notebook then runs exactly the code that built the models.
"""

from __future__ import annotations

import numpy as np

#: one-hot outputs of a categorical column, at most: a column with more values keeps its most
#: frequent ones and groups the rest as "infrequent" (make_preprocessor writes the number itself)
MAX_CATEGORIES = 25


def make_preprocessor(numeric_columns, categorical_columns, many_valued_columns=()):
    """Impute and scale numeric columns; impute and one-hot encode categorical columns.

    Categorical columns with at most 25 values (missing counted as one) share one encoder. Each
    of ``many_valued_columns`` (those with more) has its own, which keeps 24 of its most frequent
    values and groups the rest as one "infrequent" output. Only those count their values: the
    count runs in Python, value by value, and was most of the preprocessing time.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    def categorical(encoder):
        impute = SimpleImputer(strategy="constant", fill_value="missing", keep_empty_features=True)
        return Pipeline([("impute", impute), ("onehot", encoder)])

    transformers = []
    if numeric_columns:
        numeric = Pipeline(
            [
                ("impute", SimpleImputer(strategy="median", keep_empty_features=True)),
                ("scale", StandardScaler()),
            ]
        )
        transformers.append(("numeric", numeric, list(numeric_columns)))
    many = set(many_valued_columns)
    few = [column for column in categorical_columns if column not in many]
    if few:
        encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
        transformers.append(("categorical", categorical(encoder), few))
    for i, column in enumerate(categorical_columns):
        if column in many:
            encoder = OneHotEncoder(handle_unknown="infrequent_if_exist", max_categories=25, sparse_output=False)
            transformers.append((f"categorical{i}", categorical(encoder), [column]))
    return ColumnTransformer(transformers, remainder="drop", sparse_threshold=0.0)


def feature_groups(preprocessor, numeric_columns, categorical_columns) -> list:
    """For a fitted ``make_preprocessor`` result: ``[(input column, [output indices])]``, numeric
    columns first, then categorical ones, each in its given order."""
    slices = preprocessor.output_indices_
    groups = []
    if numeric_columns:
        start = slices["numeric"].start
        for j, column in enumerate(numeric_columns):
            groups.append((column, [start + j]))
    outputs = {}
    if "categorical" in slices:  # the shared encoder: each column's categories, one after another
        start = slices["categorical"].start
        step, columns = next(
            (step, columns) for name, step, columns in preprocessor.transformers_ if name == "categorical"
        )
        for column, categories in zip(columns, step.named_steps["onehot"].categories_, strict=True):
            outputs[column] = list(range(start, start + len(categories)))
            start += len(categories)
    for i, column in enumerate(categorical_columns):
        s = slices.get(f"categorical{i}")
        if s is not None:
            outputs[column] = list(range(s.start, s.stop))
    groups.extend((column, outputs[column]) for column in categorical_columns)
    return groups


def max_outputs(numeric_columns, categorical_columns) -> int:
    """How many columns ``make_preprocessor`` makes, at most (without counting values)."""
    return len(numeric_columns) + MAX_CATEGORIES * len(categorical_columns)


def many_valued(features, categorical_columns) -> list:
    """The categorical columns with more than MAX_CATEGORIES values (missing counted as one)."""
    return [c for c in categorical_columns if features[c].fillna("missing").nunique() > MAX_CATEGORIES]


def group_matrix(groups, n_outputs: int) -> np.ndarray:
    """A (n_outputs, n_inputs) 0/1 matrix: ``values @ M`` sums output columns per input column."""
    matrix = np.zeros((n_outputs, len(groups)))
    for j, (_, indices) in enumerate(groups):
        matrix[indices, j] = 1.0
    return matrix
