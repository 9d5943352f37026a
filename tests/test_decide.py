"""Deciding between candidates in the notebook API: compare, SHAP shares across candidates,
and the operating points of a binary classifier."""

import math

import numpy as np
import pytest

from jupyter_autopilot import AutoMLJob
from jupyter_autopilot.errors import InvalidParameter, ModelInsightsNotAvailable

BINARY = "fx-binary-v2"


@pytest.fixture
def job(fixture_jobs_dir):
    return AutoMLJob(BINARY, source="local", jobs_dir=fixture_jobs_dir)


def test_compare_has_one_column_per_candidate_in_the_order_given(job):
    names = ["fx-binary-v2-xgb-001", "fx-binary-v2-xgb-002"]
    frame = job.compare(names)
    assert list(frame.columns) == names
    assert ("Validation", "F1") in frame.index and ("Train", "F1") in frame.index
    assert frame.loc[("Validation", "F1"), "fx-binary-v2-xgb-002"] == pytest.approx(0.857)
    kinds = [k for k, _ in frame.index]
    assert kinds.index("hyperparameter") > kinds.index("Validation")  # metrics first
    hp = frame.loc["hyperparameter"]
    assert len(hp) > 0
    reversed_frame = job.compare(list(reversed(names)))
    assert list(reversed_frame.columns) == list(reversed(names))
    with pytest.raises(InvalidParameter):
        job.compare("fx-binary-v2-xgb-001")


def test_shap_matrix_rows_sum_to_one_in_shares(fixture_jobs_dir):
    job = AutoMLJob("fx-multiclass-v2", source="local", jobs_dir=fixture_jobs_dir)
    matrix = job.shap_matrix(top=None)
    assert matrix.index.name == "candidate" and matrix.columns.name == "feature"
    assert len(matrix) >= 1
    assert np.allclose(matrix.sum(axis=1), 1.0)
    assert (matrix.values >= 0).all()
    shares = list(matrix.mean(axis=0))
    assert shares == sorted(shares, reverse=True)  # the most important feature first
    assert len(job.shap_matrix(top=2).columns) == min(2, len(matrix.columns))


def test_threshold_table_from_the_roc_points(job):
    table = job.best_candidate.threshold_table()
    assert list(table.columns) == ["threshold", "tp", "fp", "tn", "fn", "precision", "recall", "f1", "fpr"]
    assert table["threshold"].isna().all()  # only operating points are recorded
    # class totals of the confusion matrix: 3500 negatives, 500 positives
    assert ((table["tp"] + table["fn"]) == 500).all() and ((table["fp"] + table["tn"]) == 3500).all()
    # from everything predicted positive to nothing, as the exact thresholds run
    assert table["tp"].is_monotonic_decreasing and table.iloc[-1]["tp"] == 0
    row = table[table["fpr"].round(2) == 0.02].iloc[0]  # fpr 0.02, tpr 0.7
    assert (row["tp"], row["fp"]) == (350, 70)
    assert row["precision"] == pytest.approx(350 / 420) and row["recall"] == pytest.approx(0.7)
    assert math.isclose(row["f1"], 2 * row["precision"] * row["recall"] / (row["precision"] + row["recall"]))
    assert table.attrs["positive_label"] == "yes"


def test_threshold_table_is_for_binary_classifiers_only(fixture_jobs_dir, job):
    with pytest.raises((InvalidParameter, ModelInsightsNotAvailable)):
        AutoMLJob("fx-regression-v1", source="local", jobs_dir=fixture_jobs_dir).best_candidate.threshold_table()
    other = job.candidate("fx-binary-v2-xgb-001")
    with pytest.raises(ModelInsightsNotAvailable):
        other.threshold_table()
