"""The local AutoML engine: the search under a time budget, the modes and the weighted ensemble,
explanations in one unit (best first, the others after completion), out-of-fold predictions,
stopping mid-search, and no heavy import before the job's first record."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import joblib
import nbformat
import numpy as np
import pandas as pd
import pytest

from jupyter_autopilot.runner import models, run_job
from jupyter_autopilot.runner import run as run_module
from jupyter_autopilot.runner.candidates import FAMILIES, PORTFOLIO, available_families
from jupyter_autopilot.runner.data import load_dataset
from jupyter_autopilot.runner.ensemble import greedy_weights
from jupyter_autopilot.runner.threshold import unwrap

PORTFOLIO_SIZE = len([p for p in PORTFOLIO if p[0] in available_families()])


def load(path: Path):
    return json.loads(Path(path).read_text())


def data_csv(path: Path, kind: str = "binary", n: int = 300, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.normal(size=(n, 5)), columns=[f"f{i}" for i in range(5)])
    frame["kind"] = rng.choice(["red", "green", "blue"], size=n)
    signal = frame["f0"] + 0.5 * frame["f1"] * frame["f2"] + (frame["kind"] == "red") + rng.normal(scale=0.7, size=n)
    if kind == "binary":
        frame["y"] = np.where(signal > 0.3, "yes", "no")
    elif kind == "multiclass":
        frame["y"] = pd.cut(signal, [-np.inf, -0.3, 0.8, np.inf], labels=["low", "mid", "high"]).astype(str)
    else:
        frame["y"] = 3 * signal + 10
    frame.to_csv(path, index=False)
    return path


def s3_path(job_dir: Path, uri: str) -> Path:
    return job_dir / "s3" / uri[len("s3://") :]


def candidates(job_dir: Path) -> list:
    return load(job_dir / "candidates.json")["Candidates"]


def hyperparameters(job_dir: Path, name: str) -> dict:
    return load(job_dir / "training-jobs" / f"{name}.json")["HyperParameters"]


def oof_frame(job_dir: Path, candidate: dict) -> pd.DataFrame:
    prefix = candidate["CandidateProperties"]["CandidateArtifactLocations"]["ModelInsights"]
    return pd.read_csv(s3_path(job_dir, prefix) / "oof_predictions.csv")


@pytest.fixture(scope="module")
def ensembling_job(tmp_path_factory):
    root = tmp_path_factory.mktemp("engine")
    csv = data_csv(root / "binary.csv")
    record = run_job(csv, "y", "ens", jobs_dir=root / "jobs", max_candidates=7, mode="ENSEMBLING")
    return root / "jobs" / "ens", record


# -- the search -------------------------------------------------------------------------------


def test_the_search_goes_on_past_the_portfolio_with_configurations_of_its_own(tmp_path):
    csv = data_csv(tmp_path / "d.csv", n=200)
    total = PORTFOLIO_SIZE + 6
    record = run_job(csv, "y", "search", jobs_dir=tmp_path, max_candidates=total, mode="HYPERPARAMETER_TUNING")
    assert record["AutoMLJobStatus"] == "Completed"
    job_dir = tmp_path / "search"
    listed = candidates(job_dir)
    assert len(listed) == total
    searched = listed[PORTFOLIO_SIZE:]
    for c in searched:
        hp = hyperparameters(job_dir, c["CandidateName"])
        family = next(f for f in FAMILIES.values() if f.algorithm == hp["algorithm"])
        # every searched value lies in its family's search space
        for name, (_kind, low, high, _) in family.search_space("BinaryClassification").items():
            value = float(hp[name])
            assert low <= value <= high, (name, value)
        # a searched candidate ends Completed, or Stopped early by successive halving (it says so)
        assert c["CandidateStatus"] in ("Completed", "Stopped")
        if c["CandidateStatus"] == "Stopped":
            assert "Stopped early" in c["FailureReason"] and "FinalAutoMLJobObjectiveMetric" not in c
    assert len({json.dumps(hyperparameters(job_dir, c["CandidateName"]), sort_keys=True) for c in listed}) == total
    # the best is the best objective among the completed candidates
    values = {
        c["CandidateName"]: c["FinalAutoMLJobObjectiveMetric"]["Value"]
        for c in listed
        if c["CandidateStatus"] == "Completed"
    }
    assert values[record["BestCandidate"]["CandidateName"]] == max(values.values())


def test_the_binary_linear_classifier_solves_narrow_inputs_by_newtons_method(ensembling_job, tmp_path):
    """Newton-Cholesky (a few iterations of O(rows x inputs^2)) on binary targets with at most 256
    preprocessed columns; L-BFGS (scikit-learn's default) on wider ones and on multiclass targets
    (its Hessian grows with the square of inputs x classes). The job counts its estimators' inputs
    (5 numeric columns and a categorical one: 30 at most)."""
    from jupyter_autopilot.runner.candidates import NEWTON_MAX_INPUTS, make_spec
    from jupyter_autopilot.runner.training import dataset_preprocessor

    job_dir, _ = ensembling_job
    linear = [c["CandidateName"] for c in candidates(job_dir) if "-linear-" in c["CandidateName"]]
    assert linear and all(hyperparameters(job_dir, name)["solver"] == "newton-cholesky" for name in linear)
    narrow = make_spec("j", "linear", {"C": 1.0}, "BinaryClassification", 1, 0, 1, NEWTON_MAX_INPUTS)
    for other in (
        make_spec("j", "linear", {"C": 1.0}, "BinaryClassification", 1, 0, 1, NEWTON_MAX_INPUTS + 1),
        make_spec("j", "linear", {"C": 1.0}, "BinaryClassification", 1, 0, 1),  # width not known
        make_spec("j", "linear", {"C": 1.0}, "MulticlassClassification", 1, 0, 1, 10),
        make_spec("j", "linear", {"alpha": 1.0}, "Regression", 1, 0, 1, 10),
    ):
        assert "solver" not in other.params
    ds = load_dataset(str(data_csv(tmp_path / "b.csv", "binary")), "y")
    X = dataset_preprocessor(ds).fit_transform(ds.features)
    lbfgs = make_spec("j", "linear", {"C": 1.0}, "BinaryClassification", 1, 0, 1)
    by_newton, by_lbfgs = narrow.build_estimator().fit(X, ds.y), lbfgs.build_estimator().fit(X, ds.y)
    np.testing.assert_allclose(by_newton.predict_proba(X), by_lbfgs.predict_proba(X), atol=1e-3)


def test_a_time_budget_ends_the_search_and_the_job_completes_with_what_it_has(tmp_path):
    csv = data_csv(tmp_path / "d.csv", n=600)
    record = run_job(csv, "y", "budget", jobs_dir=tmp_path, max_candidates=750, max_runtime_seconds=3)
    assert record["AutoMLJobStatus"] == "Completed"
    criteria = record["AutoMLProblemTypeConfig"]["TabularJobConfig"]["CompletionCriteria"]
    assert criteria == {"MaxCandidates": 750, "MaxAutoMLJobRuntimeInSeconds": 3}
    listed = candidates(tmp_path / "budget")
    assert 1 <= len(listed) < 750  # the budget, not the cap, ended the search
    assert any(c["CandidateStatus"] == "Completed" for c in listed)
    for c in listed:
        assert c["CandidateStatus"] in ("Completed", "Stopped")
        if c["CandidateStatus"] == "Stopped":
            assert "Stopped early" in c["FailureReason"]


def test_the_first_candidate_is_trained_even_when_the_budget_is_already_spent(tmp_path, monkeypatch):
    csv = data_csv(tmp_path / "d.csv", n=120)
    monkeypatch.setattr(run_module, "BUDGET_RESERVE", 0.999)  # the search's deadline passes at once
    record = run_job(csv, "y", "spent", jobs_dir=tmp_path, max_candidates=750, max_runtime_seconds=1)
    assert record["AutoMLJobStatus"] == "Completed"
    assert [c["CandidateStatus"] for c in candidates(tmp_path / "spent")] == ["Completed"]


def test_the_best_candidates_explanation_does_not_hold_the_job_past_its_budget(tmp_path, monkeypatch):
    """It begins within the budget; still running at the budget's end, the job completes and the
    explanation follows (here it can only end once the job says Completed)."""
    import threading

    from jupyter_autopilot.runner import explain

    job_json = tmp_path / "held" / "job.json"
    completed = threading.Event()
    real_write, real_analysis = run_module.atomic_write_json, explain.analysis
    order = []

    def spy(path, obj):
        real_write(path, obj)
        if path == job_json and obj["AutoMLJobStatus"] == "Completed" and not completed.is_set():
            order.append("job Completed")
            completed.set()

    def slow(pipeline, ds, seed=0, **options):
        order.append(("explaining", load(job_json)["AutoMLJobSecondaryStatus"]))
        completed.wait(60)  # longer than what is left of the budget
        order.append("explained")
        return real_analysis(pipeline, ds, seed, **options)

    monkeypatch.setattr(run_module, "atomic_write_json", spy)
    monkeypatch.setattr(explain, "analysis", slow)
    record = run_job(
        data_csv(tmp_path / "d.csv", n=120), "y", "held", jobs_dir=tmp_path, max_candidates=2, max_runtime_seconds=4
    )
    assert order[:3] == [("explaining", "GeneratingExplainabilityReport"), "job Completed", "explained"]
    assert record["AutoMLJobStatus"] == "Completed" and not record.get("PartialFailureReasons")
    best = record["BestCandidate"]["CandidateProperties"]["CandidateArtifactLocations"]["Explainability"]
    assert list(s3_path(tmp_path / "held", best).rglob("analysis.json"))  # written after the completion
    assert load(job_json)["AutoMLJobStatus"] == "Completed"


def test_each_model_is_pinned_to_the_versions_of_the_libraries_it_is_made_with(ensembling_job):
    """A model records scikit-learn's and NumPy's versions, and its family's library (an
    ensemble: its members'), not every library installed when it was trained."""
    job_dir, _ = ensembling_job
    listed = candidates(job_dir)
    by_name = {c["CandidateName"]: c for c in listed}

    def pinned(name: str) -> set:
        meta = json.loads(
            (
                s3_path(job_dir, by_name[name]["InferenceContainers"][0]["ModelDataUrl"]).parent / "model.json"
            ).read_text()
        )
        return set(meta["versions"]) & set(models.PINNED)

    def library(name: str) -> set:
        algorithm = hyperparameters(job_dir, name)["algorithm"]
        family = next(f for f in FAMILIES.values() if f.algorithm == algorithm)
        return {family.requires} if family.requires else set()

    ensemble = next(c["CandidateName"] for c in listed if "-ensemble-" in c["CandidateName"])
    members = [pair.split(":")[0] for pair in hyperparameters(job_dir, ensemble)["members"].split(",")]
    for name in by_name:
        if name == ensemble:
            expected = set().union(*(library(m) for m in members))
        else:
            expected = library(name)
        assert pinned(name) == {"scikit-learn", "numpy"} | expected, name
    assert any(library(name) for name in by_name)  # (the job has a boosted model)


# -- modes and the ensemble -------------------------------------------------------------------


def test_ensembling_writes_a_weighted_ensemble_candidate_of_the_best(ensembling_job):
    job_dir, record = ensembling_job
    assert record["AutoMLProblemTypeConfig"]["TabularJobConfig"]["Mode"] == "ENSEMBLING"
    listed = candidates(job_dir)
    ensembles = [c for c in listed if hyperparameters(job_dir, c["CandidateName"])["algorithm"] == "weighted-ensemble"]
    assert len(ensembles) == 1 and listed[-1] is ensembles[0]
    ensemble = ensembles[0]
    assert ensemble["CandidateStatus"] == "Completed" and len(listed) == 7
    hp = hyperparameters(job_dir, ensemble["CandidateName"])
    members = {name: float(w) for name, w in (pair.split(":") for pair in hp["members"].split(","))}
    assert len(members) >= 2 and sum(members.values()) == pytest.approx(1.0, abs=1e-3)
    by_name = {c["CandidateName"]: c for c in listed}
    assert set(members) <= set(by_name) and all(by_name[m]["CandidateStatus"] == "Completed" for m in members)

    # its out-of-fold probabilities are the weighted mean of its members', row by row
    oof = oof_frame(job_dir, ensemble)
    mixed = sum(w * oof_frame(job_dir, by_name[m])["probability:yes"].to_numpy() for m, w in members.items())
    np.testing.assert_allclose(oof["probability:yes"].to_numpy(), mixed, atol=2e-4)

    # and so are the saved model's predictions
    model = joblib.load(s3_path(job_dir, ensemble["InferenceContainers"][0]["ModelDataUrl"]))
    ds = load_dataset(
        job_dir / "s3" / record["AutoMLJobInputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"][5:], "y"
    )
    X = ds.features.head(25)
    ensemble_model = unwrap(model)  # (it predicts at its decision threshold: F1 is the objective)
    expected = sum(
        w * joblib.load(s3_path(job_dir, by_name[m]["InferenceContainers"][0]["ModelDataUrl"])).predict_proba(X)
        for m, w in zip(ensemble_model.names, ensemble_model.weights, strict=True)
    )
    np.testing.assert_allclose(model.predict_proba(X), expected, atol=1e-9)
    assert set(model.predict(X)) <= {"yes", "no"}
    # the validation metrics are its own, Train and Validation both
    sets = {m["Set"] for m in ensemble["CandidateProperties"]["CandidateMetrics"]}
    assert sets == {"Train", "Validation"}


def test_the_candidate_notebook_rebuilds_the_ensemble_with_scikit_learn(ensembling_job):
    job_dir, record = ensembling_job
    uri = record["AutoMLJobArtifacts"]["CandidateDefinitionNotebookLocation"]
    nb = nbformat.reads(s3_path(job_dir, uri).read_text(), as_version=4)
    nbformat.validate(nb)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    ensemble = next(c for c in candidates(job_dir) if "-ensemble-" in c["CandidateName"])
    # F1 (the default binary objective): the ensemble predicts at its own decision threshold
    decision = hyperparameters(job_dir, ensemble["CandidateName"])["decision_threshold"]
    assert f"candidates[{ensemble['CandidateName']!r}] = FixedThresholdClassifier(\n    VotingClassifier(" in code
    assert 'voting="soft"' in code and f"threshold={float(decision)!r}, pos_label='yes'" in code


def test_hyperparameter_tuning_has_no_ensemble_and_auto_ensembles_small_inputs(tmp_path):
    csv = data_csv(tmp_path / "d.csv", n=150)
    run_job(csv, "y", "hpo", jobs_dir=tmp_path, max_candidates=5, mode="HYPERPARAMETER_TUNING")
    algorithms = {
        hyperparameters(tmp_path / "hpo", c["CandidateName"])["algorithm"] for c in candidates(tmp_path / "hpo")
    }
    assert "weighted-ensemble" not in algorithms and len(candidates(tmp_path / "hpo")) == 5
    record = run_job(csv, "y", "auto", jobs_dir=tmp_path, max_candidates=5)
    assert record["AutoMLProblemTypeConfig"]["TabularJobConfig"]["Mode"] == "AUTO"
    assert "-ensemble-" in candidates(tmp_path / "auto")[-1]["CandidateName"]
    assert run_module.resolve_mode("AUTO", 200 * 1024 * 1024) == "HYPERPARAMETER_TUNING"
    assert run_module.resolve_mode(None, 1024) == "ENSEMBLING"


def test_a_bad_mode_is_refused_before_anything_is_written(tmp_path):
    from jupyter_autopilot.runner import RunnerError

    with pytest.raises(RunnerError, match="mode must be one of AUTO, ENSEMBLING, HYPERPARAMETER_TUNING"):
        run_job(data_csv(tmp_path / "d.csv"), "y", "bad", jobs_dir=tmp_path, mode="STACKING")
    assert not (tmp_path / "bad").exists()


def test_greedy_weights_find_the_mix_that_scores_best():
    y = np.array([0.0, 1.0, 2.0, 3.0])
    low, high = y - 1.0, y + 1.0  # each alone is off by one; their mean is exact

    def mse(pred):
        return float(np.mean((pred - y) ** 2))

    weights = greedy_weights([low, high, y + 5], mse, maximize=False)
    assert weights == pytest.approx([0.5, 0.5, 0.0])
    assert greedy_weights([y], mse, maximize=False) == [1.0]


# -- explanations -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["binary", "multiclass"])
def test_every_classifier_is_explained_in_probability(tmp_path, kind):
    from sklearn.pipeline import Pipeline

    from jupyter_autopilot.runner import explain
    from jupyter_autopilot.runner.candidates import generate_candidates
    from jupyter_autopilot.runner.training import dataset_preprocessor, model_output

    ds = load_dataset(data_csv(tmp_path / "d.csv", kind=kind, n=240), "y")
    for spec in generate_candidates("units", ds.problem_type, PORTFOLIO_SIZE):
        pipeline = Pipeline([("preprocessor", dataset_preprocessor(ds)), ("model", spec.build_estimator())])
        pipeline.fit(ds.features, ds.y.to_numpy())
        rows = explain.explained_rows(pipeline, ds)
        columns, values, expected, method = explain.shap_values(pipeline, ds, rows=rows)
        proba = model_output(pipeline, ds.features.iloc[rows], ds)
        target = proba[:, 1:2] if kind == "binary" else proba
        assert values.shape == (len(rows), len(columns), target.shape[1])
        # base value plus the row's values is the predicted probability, for every family
        np.testing.assert_allclose(expected[None, :] + values.sum(axis=1), target, atol=2e-3, err_msg=spec.estimator)
        assert np.all((expected >= 0) & (expected <= 1))
        assert "probability" in method


def test_analysis_json_says_its_unit_and_explanations_follow_the_completion(tmp_path, monkeypatch):
    from jupyter_autopilot.runner import explain

    seen = []
    real = explain.analysis

    def watching(pipeline, ds, seed=0, **options):
        job = load(tmp_path / "late" / "job.json")
        seen.append(job["AutoMLJobStatus"])
        return real(pipeline, ds, seed, **options)

    monkeypatch.setattr(explain, "analysis", watching)
    record = run_job(data_csv(tmp_path / "d.csv", n=150), "y", "late", jobs_dir=tmp_path, max_candidates=4)
    job_dir = tmp_path / "late"
    completed = [c for c in candidates(job_dir) if c["CandidateStatus"] == "Completed"]
    # the best is explained before the job completes; every other one after it
    assert seen == ["InProgress"] + ["Completed"] * (len(completed) - 1)
    best = record["BestCandidate"]
    for c in completed:
        prefix = s3_path(job_dir, c["CandidateProperties"]["CandidateArtifactLocations"]["Explainability"])
        (analysis,) = list(prefix.rglob("analysis.json"))
        doc = load(analysis)
        assert doc["local_runner"]["shap_unit"] == "probability"
        entry = doc["explanations"]["kernel_shap"]["label0"]
        assert 0 <= entry["expected_value"] <= 1
        assert set(entry["global_shap_values"]) == {"f0", "f1", "f2", "f3", "f4", "kind"}
    assert best["CandidateProperties"]["CandidateArtifactLocations"]["Explainability"]


def test_regression_is_explained_in_the_targets_unit(tmp_path):
    record = run_job(
        data_csv(tmp_path / "d.csv", kind="regression", n=150), "y", "reg", jobs_dir=tmp_path, max_candidates=3
    )
    best = record["BestCandidate"]
    prefix = s3_path(tmp_path / "reg", best["CandidateProperties"]["CandidateArtifactLocations"]["Explainability"])
    doc = load(next(prefix.rglob("analysis.json")))
    assert doc["local_runner"]["shap_unit"] == "target"


# -- out-of-fold predictions, stopping ----------------------------------------------------------


def test_every_completed_candidate_keeps_its_out_of_fold_predictions(ensembling_job):
    job_dir, _ = ensembling_job
    for c in candidates(job_dir):
        if c["CandidateStatus"] != "Completed":
            continue
        oof = oof_frame(job_dir, c)
        assert list(oof.columns) == ["row", "fold", "actual", "probability:no", "probability:yes"]
        assert len(oof) == 300 and sorted(oof["fold"].unique()) == [0, 1, 2, 3, 4]
        np.testing.assert_allclose(oof[["probability:no", "probability:yes"]].sum(axis=1), 1.0, atol=1e-5)


def test_stopping_mid_search_keeps_what_finished(tmp_path, monkeypatch):
    real = run_module.train_candidate
    stop_at = PORTFOLIO_SIZE + 2  # a searched candidate

    def interrupted(ds, spec, splits, **kwargs):
        if spec.index == stop_at:
            raise KeyboardInterrupt
        return real(ds, spec, splits, **kwargs)

    monkeypatch.setattr(run_module, "train_candidate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_job(data_csv(tmp_path / "d.csv", n=150), "y", "halt", jobs_dir=tmp_path, max_candidates=stop_at + 3)
    job = load(tmp_path / "halt" / "job.json")
    assert (job["AutoMLJobStatus"], job["AutoMLJobSecondaryStatus"]) == ("Stopped", "Stopped")
    listed = candidates(tmp_path / "halt")
    assert len(listed) == stop_at and listed[-1]["CandidateStatus"] == "Stopped"
    assert all(c["CandidateStatus"] in ("Completed", "Stopped") for c in listed)
    assert job["BestCandidate"]["CandidateStatus"] == "Completed"


def test_a_candidate_stops_before_a_round_that_would_end_past_the_deadline(tmp_path, monkeypatch):
    """A round takes about as long as the one before: one that would end past the search's
    deadline is not begun (a fake clock: each fold takes 10 s)."""
    from jupyter_autopilot.runner import training
    from jupyter_autopilot.runner.candidates import generate_candidates

    class Clock:
        now = 1000.0

        def time(self):
            return self.now

    clock = Clock()
    monkeypatch.setattr(training, "time", clock)
    ds = load_dataset(str(data_csv(tmp_path / "d.csv", n=100)), "y")
    splits = training.make_splits(ds, 0)
    spec = generate_candidates("j", ds.problem_type, 1, 0, n_jobs=1)[0]
    folds = []

    def ten_seconds(fold, values):
        folds.append(fold)
        clock.now += 10

    with pytest.raises(training.OutOfTime):  # at 1020, the next fold would end at 1030
        training.train_candidate(ds, spec, splits, on_fold=ten_seconds, deadline=1025.0)
    assert folds == [0, 1]
    done = training.train_candidate(ds, spec, splits, on_fold=ten_seconds, deadline=clock.now + 60)
    assert done.pipeline is not None and folds[2:] == [0, 1, 2, 3, 4]


# -- fixed costs --------------------------------------------------------------------------------


def test_nothing_heavy_is_imported_before_the_first_record(tmp_path):
    """The job is listed InProgress before scikit-learn, LightGBM, Optuna, SHAP or nbformat load."""
    csv = data_csv(tmp_path / "d.csv", n=60)
    script = textwrap.dedent(
        f"""
        import json, sys
        from jupyter_autopilot.runner import run as run_module
        HEAVY = ("sklearn", "lightgbm", "optuna", "shap", "nbformat", "scipy", "joblib")
        real = run_module.atomic_write_json
        seen = []

        def spy(path, obj):
            if not seen and path.name == "job.json":
                seen.append(sorted({{m.split(".")[0] for m in sys.modules if m.split(".")[0] in HEAVY}}))
            return real(path, obj)

        run_module.atomic_write_json = spy
        run_module.run_job({str(csv)!r}, "y", "light", jobs_dir={str(tmp_path)!r}, max_candidates=1)
        print(json.dumps(seen[0]))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
    assert load(tmp_path / "light" / "job.json")["AutoMLJobStatus"] == "Completed"


@pytest.mark.parametrize("kind", ["binary", "regression"])
@pytest.mark.parametrize("keeps_rows", [True, False])
def test_every_fit_starts_from_the_preprocessing_fit_once_on_every_row(tmp_path, monkeypatch, kind, keeps_rows):
    """The preprocessing (no target) is fit once per job, on every row: each fold's estimator is
    fit and scored on its rows of it, and the final model's preprocessor is it. The same numbers
    whether the job keeps the preprocessed rows or (when they would be large) transforms per fit."""
    from sklearn.base import clone

    from jupyter_autopilot.runner import training
    from jupyter_autopilot.runner.candidates import generate_candidates

    if not keeps_rows:
        monkeypatch.setattr(training, "PREPROCESSED_MAX_BYTES", 1)
    ds = load_dataset(str(data_csv(tmp_path / "d.csv", kind, n=200)), "y")
    splits = training.make_splits(ds, 0)
    shared = training.Preprocessed(ds)
    assert shared.keeps_rows is keeps_rows
    fitted: list = []
    make = training.Preprocessed._make
    monkeypatch.setattr(training.Preprocessed, "_make", lambda self: fitted.append(self) or make(self))
    reference = training.dataset_preprocessor(ds).fit(ds.features)
    Xt, y = reference.transform(ds.features), ds.y.to_numpy()
    for spec in generate_candidates("j", ds.problem_type, 3, 0, n_jobs=1):
        result = training.train_candidate(ds, spec, splits, preprocessed=shared)
        for train_idx, valid_idx in splits.folds:
            estimator = spec.build_estimator().fit(Xt[train_idx], y[train_idx])
            np.testing.assert_allclose(
                result.oof[valid_idx], training.model_output(estimator, Xt[valid_idx], ds), rtol=1e-9, atol=1e-12
            )
        assert result.pipeline.named_steps["preprocessor"] is shared.rows()[0]
        refit = clone(spec.build_estimator()).fit(Xt, y)
        np.testing.assert_allclose(
            training.model_output(result.pipeline, ds.features, ds), training.model_output(refit, Xt, ds), atol=1e-12
        )
    assert fitted == [shared]  # fit once, for every fit of every candidate
    fresh = training.train_candidate(ds, spec, splits)  # without the job's: its own, the same numbers
    np.testing.assert_allclose(fresh.oof, result.oof, rtol=1e-9, atol=1e-12)
    assert fresh.fold_metrics == result.fold_metrics


@pytest.mark.parametrize("n_folds", [5, 1])
def test_train_metrics_are_the_final_models_on_the_rows_it_was_fit_on(tmp_path, n_folds):
    """As a training job's ``train:`` metrics: with k folds, the refit model on every row (one
    prediction, not one per fold); with a single split, the split's model on its training rows."""
    from jupyter_autopilot.runner import metrics
    from jupyter_autopilot.runner.candidates import generate_candidates
    from jupyter_autopilot.runner.training import encoded_target, make_splits, model_output, train_candidate

    ds = load_dataset(str(data_csv(tmp_path / "d.csv", "binary", n=200)), "y")
    splits = make_splits(ds, 0, n_folds)
    spec = generate_candidates("j", ds.problem_type, 1, 0, n_jobs=1)[0]
    result = train_candidate(ds, spec, splits)
    y = encoded_target(ds)
    rows = np.arange(ds.n_rows) if n_folds > 1 else splits.folds[0][0]
    expected = metrics.compute(ds.problem_type, y[rows], model_output(result.pipeline, ds.features.iloc[rows], ds), 2)
    assert result.train == pytest.approx(expected, nan_ok=True)
    assert {"F1", "Accuracy", "AUC"} <= set(result.train)
    assert all(set(f) == ({"Validation"} if n_folds > 1 else {"Validation", "Train"}) for f in result.fold_metrics)


@pytest.mark.parametrize("n_folds", [5, 1])
def test_the_first_candidate_makes_the_preprocessing_before_its_fits_run_side_by_side(tmp_path, monkeypatch, n_folds):
    """The preprocessing holds the GIL: it is made once, in the calling thread, before the first
    candidate's fits start on the pool."""
    from multiprocessing.pool import ThreadPool

    from jupyter_autopilot.runner import training
    from jupyter_autopilot.runner.candidates import generate_candidates

    ds = load_dataset(str(data_csv(tmp_path / "d.csv", "binary", n=200)), "y")
    splits = training.make_splits(ds, 0, n_folds)
    shared = training.Preprocessed(ds)
    events: list = []
    make, fit_task = training.Preprocessed._make, training._fit_task

    def spy_make(self):
        events.append(("make", threading.current_thread().name))
        return make(self)

    def spy_fit(ds, spec, task, *args, **kwargs):
        events.append(("fit", threading.current_thread().name))
        return fit_task(ds, spec, task, *args, **kwargs)

    monkeypatch.setattr(training.Preprocessed, "_make", spy_make)
    monkeypatch.setattr(training, "_fit_task", spy_fit)
    specs = generate_candidates("j", ds.problem_type, 2, 0, n_jobs=1)
    with ThreadPool(2) as pool:
        for spec in specs:
            training.train_candidate(ds, spec, splits, pool=pool, workers=2, preprocessed=shared)
    assert events[0] == ("make", threading.current_thread().name)
    assert [e for e in events if e[0] == "make"] == events[:1]  # once, for both candidates
    fits = splits.n_folds + (1 if n_folds > 1 else 0)  # a single split makes no separate final fit
    assert len(events) == 1 + fits * len(specs)
    if n_folds > 1:  # (a single fit runs in the calling thread)
        assert {e[1] for e in events[1:]} != {threading.current_thread().name}  # the fits ran on the pool
