"""The preprocessing pipeline: categorical columns with few values share one encoder, each
column with many values has its own (with an "infrequent" output); both encode exactly as one
bounded encoder per column does."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jupyter_autopilot.runner.data import load_dataset
from jupyter_autopilot.runner.preprocessing import MAX_CATEGORIES, feature_groups, make_preprocessor, many_valued


def frame(n: int = 300, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "x1": rng.normal(size=n),
            "colour": rng.choice(["red", "green", "blue", None], size=n),
            "city": [f"city{int(v)}" for v in rng.zipf(1.6, size=n) % 60],  # 60 values, most of them rare
            "x2": rng.normal(size=n),
            "size": rng.choice(["S", "M", "L"], size=n),
        }
    )
    df.loc[::17, "city"] = None
    df.loc[::11, "x2"] = np.nan
    return df.astype(dict.fromkeys(("colour", "city", "size"), object))


NUMERIC, CATEGORICAL = ["x1", "x2"], ["colour", "city", "size"]


def one_bounded_encoder_per_column():
    """What every categorical column had before: its own encoder, bounded at 25 outputs."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder

    return ColumnTransformer(
        [
            (
                column,
                Pipeline(
                    [
                        ("impute", SimpleImputer(strategy="constant", fill_value="missing")),
                        (
                            "onehot",
                            OneHotEncoder(handle_unknown="infrequent_if_exist", max_categories=25, sparse_output=False),
                        ),
                    ]
                ),
                [column],
            )
            for column in CATEGORICAL
        ],
        sparse_threshold=0.0,
    )


def test_many_valued_counts_missing_as_a_value():
    df = frame()
    assert many_valued(df, CATEGORICAL) == ["city"]
    exactly = pd.DataFrame(
        {"c": [f"v{i}" for i in range(MAX_CATEGORIES)] * 2, "d": [f"v{i}" for i in range(25)] + [None] * 25}
    )
    exactly = exactly.astype(object)
    assert many_valued(exactly, ["c", "d"]) == ["d"]  # 25 values, and 25 values plus missing


def test_each_column_encodes_as_one_bounded_encoder_of_its_own(tmp_path):
    train, unseen = frame(300, seed=0), frame(120, seed=1)
    unseen.loc[:5, "colour"] = "purple"  # a value the training rows never had
    unseen.loc[:5, "city"] = "atlantis"
    many = many_valued(train, CATEGORICAL)
    pre = make_preprocessor(NUMERIC, CATEGORICAL, many).fit(train)
    reference = one_bounded_encoder_per_column().fit(train)
    groups = dict(feature_groups(pre, NUMERIC, CATEGORICAL))
    assert [name for name, _ in feature_groups(pre, NUMERIC, CATEGORICAL)] == NUMERIC + CATEGORICAL
    slices = reference.output_indices_
    for rows in (train, unseen):
        ours, theirs = pre.transform(rows), reference.transform(rows)
        for column in CATEGORICAL:
            expected = theirs[:, slices[column]]
            np.testing.assert_array_equal(ours[:, groups[column]], expected)
    assert len(groups["city"]) == MAX_CATEGORIES  # 24 values and "infrequent"
    assert len(groups["colour"]) == 4 and len(groups["size"]) == 3  # red, green, blue, missing
    # the shared encoder and the many-valued column's own
    names = [name for name, _, _ in pre.transformers_]
    assert names == ["numeric", "categorical", "categorical1"]


def test_the_dataset_knows_its_many_valued_columns_and_the_model_explains_each(tmp_path):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from jupyter_autopilot.runner.explain import analysis
    from jupyter_autopilot.runner.training import dataset_preprocessor

    df = frame(240)
    df["y"] = np.where(df["x1"] + (df["size"] == "L") > 0.3, "yes", "no")
    df.to_csv(tmp_path / "d.csv", index=False)
    ds = load_dataset(tmp_path / "d.csv", "y")
    assert ds.many_valued_columns == ["city"]
    pipeline = Pipeline([("preprocessor", dataset_preprocessor(ds)), ("model", LogisticRegression())]).fit(
        ds.features, ds.y
    )
    shap = analysis(pipeline, ds)["explanations"]["kernel_shap"]["label0"]["global_shap_values"]
    assert list(shap) == list(ds.features.columns)  # one value per input column, in file order
    assert shap["size"] > shap["city"]


@pytest.mark.parametrize("many", [[], ["city"]])
def test_a_preprocessor_without_categorical_or_numeric_columns(many):
    df = frame()
    only_categorical = make_preprocessor([], CATEGORICAL, many).fit(df)
    assert [c for c, _ in feature_groups(only_categorical, [], CATEGORICAL)] == CATEGORICAL
    only_numeric = make_preprocessor(NUMERIC, [], []).fit(df)
    assert feature_groups(only_numeric, NUMERIC, []) == [("x1", [0]), ("x2", [1])]
