"""The XGBoost family: its classifier takes the target's own labels, its candidates are explained
and signed like the others, and the candidate definition notebook rebuilds them."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest
from family_checks import notebook_code, run_notebook, s3_path, saved_model
from sklearn.base import clone

from jupyter_autopilot.runner import models, run_job
from jupyter_autopilot.runner.candidates import available_families, portfolio
from jupyter_autopilot.runner.estimators import XGBLabelClassifier  # the test setup installs XGBoost


@pytest.mark.parametrize(
    "labels",
    [["no", "yes"], ["high", "low", "mid"], [1, 3], [2.5, 7.0, 9.0]],
    ids=["binary-strings", "multiclass-strings", "gapped-integers", "floats"],
)
def test_the_classifier_takes_and_returns_the_targets_own_labels(labels):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(240, 4))
    codes = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.5).astype(int) * (len(labels) > 2)
    y = np.asarray(labels, dtype=object)[np.minimum(codes, len(labels) - 1)]
    model = XGBLabelClassifier(n_estimators=20, n_jobs=1, verbosity=0, random_state=0).fit(X, y)

    assert list(model.classes_) == sorted(labels)
    proba = model.predict_proba(X)
    assert proba.shape == (240, len(labels))
    np.testing.assert_array_equal(model.predict(X), np.asarray(model.classes_)[proba.argmax(axis=1)])
    assert (model.predict(X) == y).mean() > 0.9
    # a pickled model keeps its labels; a clone is unfitted, with the same parameters
    again = pickle.loads(pickle.dumps(model))
    assert list(again.classes_) == list(model.classes_)
    np.testing.assert_array_equal(again.predict_proba(X), proba)
    assert clone(model).get_params()["n_estimators"] == 20
    assert not hasattr(clone(model), "classes_")
    # margins, as XGBoost's own predict gives them
    margins = model.predict(X, output_margin=True)
    assert np.asarray(margins).shape[0] == 240 and np.issubdtype(np.asarray(margins).dtype, np.floating)


def test_xgboost_is_a_family_of_the_portfolio_and_its_version_is_pinned():
    assert "xgb" in available_families()
    assert "xgb" in [family for family, _ in portfolio("BinaryClassification")]
    assert "xgboost" in models.PINNED
    versions = models.library_versions()
    assert versions.get("xgboost")  # read from the distribution that installed it (xgboost or xgboost-cpu)
    with pytest.raises(models.ModelRefused, match="xgboost 0.1"):
        models.check_versions({**versions, "xgboost": "0.1"})


@pytest.fixture(scope="module")
def xgb_job(tmp_path_factory):
    """A multiclass job with string labels whose third candidate is XGBoost's."""
    root = tmp_path_factory.mktemp("xgb")
    rng = np.random.default_rng(1)
    n = 240
    import pandas as pd

    frame = pd.DataFrame(rng.normal(size=(n, 4)), columns=["a", "b", "c", "d"])
    frame["colour"] = rng.choice(["red", "green", "blue"], size=n)
    signal = frame["a"] + (frame["colour"] == "red") + rng.normal(scale=0.5, size=n)
    frame["y"] = pd.cut(signal, [-np.inf, -0.2, 0.9, np.inf], labels=["low", "mid", "high"]).astype(str)
    csv = root / "data.csv"
    frame.to_csv(csv, index=False)
    record = run_job(csv, "y", "xgb", jobs_dir=root / "jobs", max_candidates=3, mode="HYPERPARAMETER_TUNING")
    return root / "jobs" / "xgb", record


def test_an_xgboost_candidate_is_trained_signed_and_explained_in_probability(xgb_job):
    job_dir, _ = xgb_job
    found = [
        c
        for c in json.loads((job_dir / "candidates.json").read_text())["Candidates"]
        if json.loads((job_dir / "training-jobs" / f"{c['CandidateName']}.json").read_text())["HyperParameters"][
            "algorithm"
        ]
        == "xgboost"
    ]
    assert len(found) == 1 and found[0]["CandidateStatus"] == "Completed"
    candidate = found[0]
    model_uri = candidate["InferenceContainers"][0]["ModelDataUrl"]
    model_dir = s3_path(job_dir, model_uri).parent
    meta = json.loads((model_dir / models.MODEL_METADATA).read_text())
    assert meta["versions"]["xgboost"] == models.library_versions()["xgboost"]
    model = models.load_model((model_dir / "model.joblib").read_bytes(), meta, candidate["CandidateName"])
    assert list(model.classes_) == ["high", "low", "mid"]
    locations = candidate["CandidateProperties"]["CandidateArtifactLocations"]
    (found_analysis,) = s3_path(job_dir, locations["Explainability"]).glob("*/analysis.json")
    analysis = json.loads(found_analysis.read_text())
    assert analysis["local_runner"]["shap_unit"] == "probability"
    assert "TreeExplainer" in analysis["local_runner"]["method"]
    shap_by_label = analysis["explanations"]["kernel_shap"]
    assert set(shap_by_label) == {"high", "low", "mid"}
    assert set(shap_by_label["high"]["global_shap_values"]) == {"a", "b", "c", "d", "colour"}


def test_the_candidate_notebook_defines_the_xgboost_class_itself_and_rebuilds_the_candidate(xgb_job, monkeypatch):
    job_dir, record = xgb_job
    code = notebook_code(job_dir, record)
    # the class is defined in the notebook (its source and its module's imports): the code names no
    # part of this package (loading the job's own model file, at the end, unpickles it from there)
    assert not any("jupyter_autopilot" in source for source in code)
    (defining,) = [source for source in code if "class XGBLabelClassifier(XGBClassifier)" in source]
    assert "from xgboost import XGBClassifier" in defining

    namespace = run_notebook(job_dir, code, monkeypatch)
    name = next(n for n in namespace["candidates"] if "-xgb-" in n)
    rebuilt = namespace["candidates"][name].fit(namespace["X"], namespace["y"])
    saved, _, _ = saved_model(job_dir, name)
    X = namespace["X"]
    assert list(rebuilt.classes_) == list(saved.classes_)
    np.testing.assert_allclose(rebuilt.predict_proba(X), saved.predict_proba(X), rtol=1e-5, atol=1e-6)
