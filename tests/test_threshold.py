"""A binary classifier's decision threshold: chosen on each candidate's out-of-fold probabilities
for F1 and balanced accuracy, reported in its metrics and model insights, kept by its model (which
predicts with it), named in its training record and rebuilt by the candidate notebook."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest
from family_checks import notebook_code, run_notebook, s3_path, saved_model
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.model_selection import FixedThresholdClassifier

from jupyter_autopilot import AutoMLJob
from jupyter_autopilot.names import DECISION_THRESHOLD
from jupyter_autopilot.runner import metrics, run_job
from jupyter_autopilot.runner.threshold import GRID, best_threshold, threshold_of, unwrap
from jupyter_autopilot.settings import ServiceSettings
from jupyter_autopilot.wiring import create_service

pytestmark = pytest.mark.usefixtures("signing_key")


@pytest.mark.parametrize(
    ("objective", "score"),
    [("F1", f1_score), ("BalancedAccuracy", balanced_accuracy_score)],
)
def test_the_threshold_is_the_grid_point_that_scores_best(objective, score):
    rng = np.random.default_rng(3)
    y = (rng.random(600) < 0.25).astype(int)  # a minority positive class: 0.5 is not the best
    p = np.clip(0.25 + 0.35 * (y - 0.25) + rng.normal(0, 0.18, 600), 0, 1)
    chosen = best_threshold(y, p, objective)
    by_grid = [score(y, (p >= t).astype(int)) for t in GRID]
    assert chosen in GRID
    assert score(y, (p >= chosen).astype(int)) == pytest.approx(max(by_grid), abs=1e-12)
    assert score(y, (p >= chosen).astype(int)) > score(y, (p >= 0.5).astype(int))


def test_of_equal_scores_the_threshold_nearest_one_half_is_chosen():
    y = np.array([0, 0, 0, 1, 1, 1])
    p = np.array([0.1, 0.1, 0.2, 0.8, 0.9, 0.9])  # every threshold in (0.2, 0.8] separates them
    assert best_threshold(y, p, "F1") == 0.5
    assert best_threshold(y, np.array([0.1, 0.1, 0.2, 0.3, 0.35, 0.4]), "F1") == 0.3  # nearest 0.5 of (0.2, 0.3]
    assert best_threshold(np.zeros(4, dtype=int), np.linspace(0, 1, 4), "F1") == 0.5  # one class: nothing to choose
    with pytest.raises(ValueError, match="AUC"):
        best_threshold(y, p, "AUC")


def test_metrics_at_a_threshold_are_scikit_learns():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    p1 = rng.random(200)
    output = np.column_stack([1 - p1, p1])
    at = metrics.compute("BinaryClassification", y, output, 2, 0.3)
    assert at["F1"] == pytest.approx(f1_score(y, p1 >= 0.3))
    assert at["BalancedAccuracy"] == pytest.approx(balanced_accuracy_score(y, p1 >= 0.3))
    assert at["AUC"] == metrics.compute("BinaryClassification", y, output, 2)["AUC"]  # not a label metric
    assert metrics.compute("BinaryClassification", y, output, 2)["F1"] == pytest.approx(f1_score(y, p1 > 0.5))


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("threshold")
    rng = np.random.default_rng(1)
    n = 500
    frame = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n), "c": rng.choice(["u", "v", "w"], n)})
    signal = frame["a"] + 0.5 * (frame["c"] == "u") + rng.normal(0, 1.0, n)
    frame["churn"] = np.where(signal > 1.2, "yes", "no")  # about a fifth positive
    frame.to_csv(tmp / "churn.csv", index=False)
    return tmp


@pytest.fixture(scope="module")
def f1_job(data):
    jobs = data / "jobs"
    record = run_job(str(data / "churn.csv"), "churn", "thr-f1", jobs_dir=jobs, max_candidates=4)
    return jobs / "thr-f1", record


def _oof(job_dir, uri_prefix: str, positive: str = "yes"):
    with (s3_path(job_dir, uri_prefix) / "oof_predictions.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    y = np.array([r["actual"] == positive for r in rows], dtype=int)
    p = np.array([float(r[f"probability:{positive}"]) for r in rows])
    fold = np.array([int(r["fold"]) for r in rows])
    return y, p, fold, np.array([int(r["row"]) for r in rows])


def test_every_candidate_predicts_at_its_own_threshold(f1_job):
    job_dir, record = f1_job
    assert not record.get("PartialFailureReasons")
    candidates = json.loads((job_dir / "candidates.json").read_text())["Candidates"]
    completed = [c for c in candidates if c["CandidateStatus"] == "Completed"]
    assert len(completed) == 4 and any("-ensemble-" in c["CandidateName"] for c in completed)
    moved = []  # whether the threshold labels some row otherwise than 0.5 does
    for candidate in completed:
        name = candidate["CandidateName"]
        training = json.loads((job_dir / "training-jobs" / f"{name}.json").read_text())
        chosen = float(training["HyperParameters"][DECISION_THRESHOLD])
        model, _, _ = saved_model(job_dir, name)
        assert isinstance(model, FixedThresholdClassifier) and threshold_of(model) == chosen

        # chosen on the out-of-fold probabilities; the reported F1 is the mean over folds at it
        y, p, fold, _ = _oof(job_dir, candidate["CandidateProperties"]["CandidateArtifactLocations"]["ModelInsights"])
        assert chosen == best_threshold(y, p, "F1")
        moved.append(bool(((p >= chosen) != (p > 0.5)).any()))
        per_fold = [f1_score(y[fold == k], p[fold == k] >= chosen) for k in sorted(set(fold))]
        assert candidate["FinalAutoMLJobObjectiveMetric"]["Value"] == pytest.approx(np.mean(per_fold))

        # the model-quality report's confusion matrix is the model's: at its threshold
        stats_uri = candidate["CandidateProperties"]["CandidateArtifactLocations"]["ModelInsights"]
        stats = json.loads((s3_path(job_dir, stats_uri) / "statistics.json").read_text())
        matrix = stats["binary_classification_metrics"]["confusion_matrix"]
        assert matrix["yes"]["yes"] == int(((p >= chosen) & (y == 1)).sum())
        assert matrix["no"]["yes"] == int(((p >= chosen) & (y == 0)).sum())

        # its labels are at the threshold; its probabilities are the pipeline's own
        frame = pd.read_csv(job_dir.parent.parent / "churn.csv").drop(columns=["churn"])
        proba = model.predict_proba(frame)[:, 1]
        np.testing.assert_array_equal(unwrap(model).predict_proba(frame)[:, 1], proba)
        np.testing.assert_array_equal(model.predict(frame), np.where(proba >= chosen, "yes", "no"))
    assert all(moved)  # a minority class: no candidate's best F1 threshold labels as 0.5 does


def test_predictions_and_the_performance_view_use_the_threshold(f1_job, data):
    job_dir, record = f1_job
    best = record["BestCandidate"]["CandidateName"]
    service = create_service(ServiceSettings(jobs_dir=str(job_dir.parent)))
    frame = pd.read_csv(data / "churn.csv")
    predictions, summary = service.predict("local", "thr-f1", best, frame)
    view = service.performance("local", "thr-f1", best)
    chosen = view.decision_threshold
    assert chosen is not None and 0 < chosen < 1
    expected = np.where(predictions["probability_yes"] >= chosen, "yes", "no")
    np.testing.assert_array_equal(predictions["predicted_label"].to_numpy(), expected)
    assert summary["accuracy"] == pytest.approx(np.mean(expected == frame["churn"].to_numpy()))
    assert service.hyperparameters("local", "thr-f1", best)[DECISION_THRESHOLD] == f"{chosen:g}"
    # the notebook API's operating points say it too; the model's point is its report's matrix
    table = AutoMLJob("thr-f1", source="local", jobs_dir=job_dir.parent).candidate(best).threshold_table()
    assert table.attrs["decision_threshold"] == chosen
    at = table[table["threshold"] == chosen].iloc[0]
    matrix = view.report.confusion_matrix.matrix
    assert [[at["tn"], at["fp"]], [at["fn"], at["tp"]]] == [[int(v) for v in row] for row in matrix]
    # the explanation of the best (a model with a threshold) was written
    assert service.explainability("local", "thr-f1", best).available


def test_the_candidate_notebook_rebuilds_the_thresholds(f1_job, monkeypatch):
    job_dir, record = f1_job
    code = notebook_code(job_dir, record)
    namespace = run_notebook(job_dir, code, monkeypatch)
    best = record["BestCandidate"]["CandidateName"]
    rebuilt = namespace["candidates"][best]
    saved, _, _ = saved_model(job_dir, best)
    assert isinstance(rebuilt, FixedThresholdClassifier) and rebuilt.threshold == threshold_of(saved)
    # the notebook's cross-validation of the best candidate gives the job's value
    validate = next(source for source in code if "cross_validate" in source)
    assert f"CANDIDATE = {best!r}" in validate
    assert np.mean(namespace["values"]) == pytest.approx(
        record["BestCandidate"]["FinalAutoMLJobObjectiveMetric"]["Value"]
    )


def test_objectives_that_do_not_depend_on_a_threshold_keep_the_likelier_class(data):
    jobs = data / "jobs"
    run_job(str(data / "churn.csv"), "churn", "thr-auc", jobs_dir=jobs, objective="AUC", max_candidates=2)
    job_dir = jobs / "thr-auc"
    for candidate in json.loads((job_dir / "candidates.json").read_text())["Candidates"]:
        name = candidate["CandidateName"]
        training = json.loads((job_dir / "training-jobs" / f"{name}.json").read_text())
        assert DECISION_THRESHOLD not in training["HyperParameters"]
        model, _, _ = saved_model(job_dir, name)
        assert threshold_of(model) is None and not isinstance(model, FixedThresholdClassifier)
    service = create_service(ServiceSettings(jobs_dir=str(jobs)))
    best = service.candidates("local", "thr-auc").best_candidate
    view = service.performance("local", "thr-auc", best)
    assert view.decision_threshold is None
    half = view.operating_points[50]  # the likelier class: the report's matrix is the 0.50 point
    matrix = view.report.confusion_matrix.matrix
    assert [[half.tn, half.fp], [half.fn, half.tp]] == [[int(v) for v in row] for row in matrix]


def test_a_single_split_with_integer_labels_for_balanced_accuracy(data, tmp_path):
    """The single train/validation split: the split's model predicts at the threshold chosen on the
    validation rows, and both its Validation and Train metrics are at it; the class values are the
    target's own integers (the positive class is 1)."""
    frame = pd.read_csv(data / "churn.csv")
    frame["churn"] = (frame["churn"] == "yes").astype(int)
    frame.to_csv(tmp_path / "ints.csv", index=False)
    run_job(
        str(tmp_path / "ints.csv"),
        "churn",
        "thr-ba",
        jobs_dir=tmp_path / "jobs",
        objective="BalancedAccuracy",
        max_candidates=2,
        n_folds=1,
    )
    job_dir = tmp_path / "jobs" / "thr-ba"
    features = frame.drop(columns=["churn"])
    for candidate in json.loads((job_dir / "candidates.json").read_text())["Candidates"]:
        name = candidate["CandidateName"]
        model, _, _ = saved_model(job_dir, name)
        chosen = threshold_of(model)
        assert chosen is not None and model.pos_label == 1 and list(model.classes_) == [0, 1]
        insights = candidate["CandidateProperties"]["CandidateArtifactLocations"]["ModelInsights"]
        y, p, _, rows = _oof(job_dir, insights, "1")
        assert len(y) == 100  # the validation rows (a fifth), their probabilities from the split's model
        assert chosen == best_threshold(y, p, "BalancedAccuracy")
        values = {(m["Set"], m["MetricName"]): m["Value"] for m in candidate["CandidateProperties"]["CandidateMetrics"]}
        assert values[("Validation", "BalancedAccuracy")] == pytest.approx(balanced_accuracy_score(y, p >= chosen))
        predicted = model.predict(features)
        np.testing.assert_array_equal(predicted, (model.predict_proba(features)[:, 1] >= chosen).astype(int))
        train = ~np.isin(np.arange(len(frame)), rows)
        assert values[("Train", "BalancedAccuracy")] == pytest.approx(
            balanced_accuracy_score(frame["churn"][train], predicted[train])
        )


@pytest.mark.parametrize(
    ("recorded", "read"),
    [("0.37", 0.37), ("0.5", 0.5), ("1.5", None), ("0", None), ("nan", None), ("high", None), ("0." + "3" * 40, None)],
)
def test_a_recorded_threshold_is_read_only_when_it_is_one(recorded, read):
    """The training record is job-folder content: anything but a number in (0, 1) is no threshold."""
    from jupyter_autopilot.service.measures import decision_threshold

    assert decision_threshold({DECISION_THRESHOLD: recorded}) == read
    assert decision_threshold({}) is None and decision_threshold({DECISION_THRESHOLD: 0.4}) is None
