"""The CatBoost family (installed by the `catboost` extra, as the test setup does): a family of the
search with its thread count under its own name, its candidates signed, loaded, explained in
probability like the others, and rebuilt by the candidate definition notebook."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from family_checks import notebook_code, run_notebook, s3_path, saved_model

from jupyter_autopilot.runner import candidates, models, run_job
from jupyter_autopilot.runner.candidates import FAMILIES, available_families, make_spec, portfolio


def test_catboost_is_a_family_of_the_search_and_its_version_is_pinned():
    assert "cat" in available_families()
    assert [family for family, _ in portfolio("Regression")][-1] == "cat"  # its one entry comes last
    assert "catboost" in models.PINNED
    versions = models.library_versions()
    assert versions.get("catboost")
    with pytest.raises(models.ModelRefused, match="catboost 0.1"):
        models.check_versions({**versions, "catboost": "0.1"})


def test_its_thread_count_goes_under_its_own_name():
    spec = make_spec("job", "cat", {"iterations": 10, "depth": 3}, "BinaryClassification", 1, 0, n_jobs=2)
    assert spec.params["thread_count"] == 2 and "n_jobs" not in spec.params
    assert spec.params["allow_writing_files"] is False  # no catboost_info folder in the working folder
    # the name does not depend on the thread count
    again = make_spec("job", "cat", {"iterations": 10, "depth": 3}, "BinaryClassification", 1, 0, n_jobs=1)
    assert again.name == spec.name
    estimator = spec.build_estimator()
    assert type(estimator).__name__ == "CatBoostClassifier"
    # each bound of its search space is a configuration CatBoost trains
    space = FAMILIES["cat"].search_space("Regression")
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 3)), rng.normal(size=60)
    for bound in (1, 2):
        params = {k: (int if kind == "int" else float)(limits[bound - 1]) for k, (kind, *limits) in space.items()}
        params["iterations"] = min(params["iterations"], 32)  # (kept short)
        model = make_spec("j", "cat", params, "Regression", 1, 0, 1).build_estimator().fit(X, y)
        assert model.predict(X).shape == (60,)


@pytest.fixture(scope="module")
def cat_job(tmp_path_factory):
    """A multiclass job with string labels whose second candidate is CatBoost's (the portfolio
    cut to a linear model and CatBoost's entry, so the test stays short)."""
    root = tmp_path_factory.mktemp("cat")
    rng = np.random.default_rng(2)
    n = 240
    frame = pd.DataFrame(rng.normal(size=(n, 3)), columns=["a", "b", "c"])
    frame["colour"] = rng.choice(["red", "green", "blue"], size=n)
    signal = frame["a"] + (frame["colour"] == "red") + rng.normal(scale=0.5, size=n)
    frame["y"] = pd.cut(signal, [-np.inf, -0.2, 0.9, np.inf], labels=["low", "mid", "high"]).astype(str)
    csv = root / "data.csv"
    frame.to_csv(csv, index=False)
    cut = [entry for entry in candidates.PORTFOLIO if entry[0] in ("linear", "cat")][:1] + [
        ("cat", {"iterations": 60, "learning_rate": 0.2, "depth": 4, "l2_leaf_reg": 3.0}, None)
    ]
    patch = pytest.MonkeyPatch()
    patch.setattr(candidates, "PORTFOLIO", cut)
    try:
        record = run_job(csv, "y", "cat", jobs_dir=root / "jobs", max_candidates=2, mode="HYPERPARAMETER_TUNING")
    finally:
        patch.undo()
    return root / "jobs" / "cat", record


def test_a_catboost_candidate_is_trained_signed_and_explained_in_probability(cat_job):
    job_dir, record = cat_job
    assert record["AutoMLJobStatus"] == "Completed"
    listed = json.loads((job_dir / "candidates.json").read_text())["Candidates"]
    (candidate,) = [c for c in listed if "-cat-" in c["CandidateName"]]
    assert candidate["CandidateStatus"] == "Completed"
    hyper = json.loads((job_dir / "training-jobs" / f"{candidate['CandidateName']}.json").read_text())
    assert hyper["HyperParameters"]["algorithm"] == "catboost"
    assert not list(job_dir.parent.parent.glob("catboost_info"))
    model, meta, _ = saved_model(job_dir, candidate["CandidateName"])
    assert meta["versions"]["catboost"] == models.library_versions()["catboost"]
    assert list(model.classes_) == ["high", "low", "mid"]
    frame = pd.read_csv(next((job_dir / "s3").rglob("input/*.csv")))
    predictions, _ = models.predict(model, meta, frame.drop(columns="y"))
    assert set(predictions["predicted_label"]) <= {"high", "low", "mid"}
    assert (predictions["predicted_label"].to_numpy() == frame["y"].to_numpy()).mean() > 0.6
    locations = candidate["CandidateProperties"]["CandidateArtifactLocations"]
    (found,) = s3_path(job_dir, locations["Explainability"]).glob("*/analysis.json")
    analysis = json.loads(found.read_text())
    assert analysis["local_runner"]["shap_unit"] == "probability"
    assert "TreeExplainer" in analysis["local_runner"]["method"]
    by_label = analysis["explanations"]["kernel_shap"]
    assert set(by_label) == {"high", "low", "mid"}
    importance = by_label["high"]["global_shap_values"]
    assert set(importance) == {"a", "b", "c", "colour"} and max(importance, key=importance.get) in ("a", "colour")


def test_only_the_catboost_model_needs_the_catboost_version_it_was_trained_with(cat_job, monkeypatch):
    job_dir, _ = cat_job
    listed = json.loads((job_dir / "candidates.json").read_text())["Candidates"]
    (linear,) = [c["CandidateName"] for c in listed if "-linear-" in c["CandidateName"]]
    (cat,) = [c["CandidateName"] for c in listed if "-cat-" in c["CandidateName"]]
    _, linear_meta, _ = saved_model(job_dir, linear)
    assert "catboost" not in linear_meta["versions"] and "scikit-learn" in linear_meta["versions"]
    # another CatBoost (or none) installed later: the linear model still loads, CatBoost's does not
    installed = models.library_versions()
    monkeypatch.setattr(models, "library_versions", lambda: {k: v for k, v in installed.items() if k != "catboost"})
    model, _, _ = saved_model(job_dir, linear)
    assert list(model.classes_) == ["high", "low", "mid"]
    with pytest.raises(models.ModelRefused, match=r"catboost .* \(installed: none\)"):
        saved_model(job_dir, cat)


def test_the_candidate_notebook_rebuilds_the_catboost_candidate(cat_job, monkeypatch):
    job_dir, record = cat_job
    code = notebook_code(job_dir, record)
    assert any("from catboost import CatBoostClassifier" in source for source in code)
    monkeypatch.chdir(job_dir.parent)
    namespace = run_notebook(job_dir, code, monkeypatch)
    name = next(n for n in namespace["candidates"] if "-cat-" in n)
    rebuilt = namespace["candidates"][name].fit(namespace["X"], namespace["y"])
    saved, _, _ = saved_model(job_dir, name)
    X = namespace["X"]
    np.testing.assert_allclose(rebuilt.predict_proba(X), saved.predict_proba(X), rtol=1e-5, atol=1e-6)
    assert not (job_dir.parent / "catboost_info").exists()
