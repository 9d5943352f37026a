"""Using a local candidate: predictions in the notebook API and through REST, paths confined to
the Jupyter root, models loaded only when trained here with the installed library versions."""

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from jupyter_autopilot import AutoMLJob
from jupyter_autopilot.errors import AutopilotError, InvalidParameter
from jupyter_autopilot.runner import run_job
from jupyter_autopilot.runner.models import ModelRefused

JOB = "pred-binary"
REG = "pred-regression"
# one user's model-signing key for the module (conftest)
pytestmark = pytest.mark.usefixtures("signing_key")


def _frames():
    rng = np.random.default_rng(3)
    n = 240
    frame = pd.DataFrame(
        {
            "age": rng.integers(18, 80, n),
            "income": rng.normal(50, 12, n).round(2),
            "plan": rng.choice(["basic", "plus", "pro"], n),
        }
    )
    frame["churn"] = np.where(frame["income"] + (frame["plan"] == "basic") * 15 + rng.normal(0, 5, n) > 60, "yes", "no")
    reg = frame.drop(columns="churn").copy()
    reg["spend"] = reg["income"] * 2 + (reg["plan"] == "pro") * 30 + rng.normal(0, 3, n)
    return frame, reg


@pytest.fixture(scope="module")
def trained(tmp_path_factory, signing_key):
    root = tmp_path_factory.mktemp("predictions")
    binary, regression = _frames()
    (root / "data").mkdir()
    binary.to_csv(root / "data" / "churn.csv", index=False)
    regression.to_csv(root / "data" / "spend.csv", index=False)
    jobs = root / "jobs"
    run_job(root / "data" / "churn.csv", "churn", JOB, jobs_dir=jobs, max_candidates=2, quiet=True)
    run_job(root / "data" / "spend.csv", "spend", REG, jobs_dir=jobs, max_candidates=2, quiet=True)
    return root


@pytest.fixture
def jobs_dir(trained):
    return trained / "jobs"


@pytest.fixture
def jp_root_dir(trained):
    return trained


def test_predict_on_a_dataframe_labels_and_probabilities(trained):
    job = AutoMLJob(JOB, source="local", jobs_dir=trained / "jobs")
    frame = pd.read_csv(trained / "data" / "churn.csv")
    out = job.best_candidate.predict(frame.drop(columns="churn").assign(extra="ignored"))
    assert list(out.columns) == ["predicted_label", "probability_no", "probability_yes"]
    assert len(out) == len(frame) and (out.index == frame.index).all()
    assert set(out["predicted_label"]) <= {"no", "yes"}
    assert np.allclose(out[["probability_no", "probability_yes"]].sum(axis=1), 1.0)
    assert "accuracy" not in out.attrs  # no target column given
    scored = job.best_candidate.predict(trained / "data" / "churn.csv")  # a CSV path, target included
    assert 0.6 < scored.attrs["accuracy"] <= 1.0 and scored.attrs["scoredRows"] == len(frame)


def test_predict_regression_and_missing_columns(trained):
    job = AutoMLJob(REG, source="local", jobs_dir=trained / "jobs")
    frame = pd.read_csv(trained / "data" / "spend.csv")
    out = job.best_candidate.predict(frame)
    assert list(out.columns) == ["predicted_label"] and out["predicted_label"].dtype == float
    assert out.attrs["r2"] > 0.5
    with pytest.raises(InvalidParameter) as caught:
        job.best_candidate.predict(frame.drop(columns=["plan", "age"]))
    assert "'age'" in caught.value.message and "'plan'" in caught.value.message


def test_a_model_signed_elsewhere_is_never_loaded(trained, tmp_path, monkeypatch):
    shutil.copytree(trained / "jobs" / JOB, tmp_path / JOB)
    monkeypatch.setenv("JUPYTER_AUTOPILOT_SIGNING_KEY", str(tmp_path / "another-users.key"))
    loaded = []
    import joblib

    monkeypatch.setattr(joblib, "load", lambda *a, **k: loaded.append(1))
    job = AutoMLJob(JOB, source="local", jobs_dir=tmp_path)
    with pytest.raises(ModelRefused) as caught:
        job.best_candidate.predict(pd.read_csv(trained / "data" / "churn.csv"))
    assert "signature does not match" in caught.value.message and loaded == []


def test_a_model_trained_with_other_library_versions_is_refused(trained, tmp_path):
    shutil.copytree(trained / "jobs" / JOB, tmp_path / JOB)
    for meta_path in (tmp_path / JOB).rglob("model.json"):
        meta = json.loads(meta_path.read_text())
        meta["versions"]["scikit-learn"] = "0.20.0"
        meta_path.write_text(json.dumps(meta))
    job = AutoMLJob(JOB, source="local", jobs_dir=tmp_path)
    with pytest.raises(ModelRefused) as caught:
        job.best_candidate.predict(pd.read_csv(trained / "data" / "churn.csv"))
    assert "scikit-learn 0.20.0" in caught.value.message and "Traceback" not in caught.value.message


# -- REST ------------------------------------------------------------------------------------------


async def _post(jp_fetch, job, candidate, body):
    response = await jp_fetch(
        "autopilot",
        "api",
        "local",
        "jobs",
        job,
        "candidates",
        candidate,
        "predictions",
        method="POST",
        body=json.dumps(body),
        raise_error=False,
    )
    return response.code, json.loads(response.body.decode())


async def test_rest_writes_predictions_beside_the_file(jp_fetch, trained):
    best = AutoMLJob(JOB, source="local", jobs_dir=trained / "jobs").best_candidate.name
    code, data = await _post(jp_fetch, JOB, best, {"input": "data/churn.csv"})
    assert code == 201, data
    assert data["output"] == f"data/churn-{best}-predictions.csv" and data["rows"] == 240
    assert 0.6 < data["accuracy"] <= 1.0
    written = pd.read_csv(trained / data["output"])
    assert list(written.columns) == ["predicted_label", "probability_no", "probability_yes"] and len(written) == 240
    code, again = await _post(jp_fetch, JOB, best, {"input": "data/churn.csv"})
    assert code == 409 and "overwrite" in again["message"]  # never over an existing file unasked
    code, _ = await _post(jp_fetch, JOB, best, {"input": "data/churn.csv", "overwrite": True})
    assert code == 201


@pytest.mark.parametrize(
    "body,needle",
    [
        ({"input": "../outside.csv"}, "outside the Jupyter root"),
        ({"input": "/etc/passwd"}, "relative"),
        ({"input": "data/nope.csv"}, "does not exist"),
        ({"input": "data"}, "not a file"),
        ({"input": "jobs/pred-binary/job.json"}, "not a .csv"),
        ({"input": "link.csv"}, "outside the Jupyter root"),
        ({}, "input"),
        ({"input": "data/churn.csv", "evil": 1}, "body"),
        ({"input": "x" * 300 + ".csv"}, "cannot be read"),
    ],
)
async def test_rest_input_paths_are_confined_to_the_root(jp_fetch, trained, body, needle):
    (trained.parent / "outside.csv").write_text("a,b\n1,2\n")
    link = trained / "link.csv"
    if not link.is_symlink():
        link.symlink_to(trained.parent / "outside.csv")
    best = AutoMLJob(JOB, source="local", jobs_dir=trained / "jobs").best_candidate.name
    code, data = await _post(jp_fetch, JOB, best, body)
    assert code == 400 and needle in data["message"], data


async def test_rest_missing_columns_are_named(jp_fetch, trained):
    pd.read_csv(trained / "data" / "churn.csv").drop(columns="income").to_csv(
        trained / "data" / "short.csv", index=False
    )
    best = AutoMLJob(JOB, source="local", jobs_dir=trained / "jobs").best_candidate.name
    code, data = await _post(jp_fetch, JOB, best, {"input": "data/short.csv"})
    assert code == 400 and "'income'" in data["message"]


async def test_rest_predictions_need_write_permission(jp_fetch, jp_serverapp, trained):
    from jupyter_server.auth import Authorizer

    class ReadOnly(Authorizer):
        def is_authorized(self, handler, user, action, resource):
            return action == "read"

    jp_serverapp.web_app.settings["authorizer"] = ReadOnly(
        parent=jp_serverapp, identity_provider=jp_serverapp.identity_provider
    )
    best = AutoMLJob(JOB, source="local", jobs_dir=trained / "jobs").best_candidate.name
    code, _ = await _post(jp_fetch, JOB, best, {"input": "data/churn.csv", "overwrite": True})
    assert code == 403


def test_aws_candidates_say_where_they_predict(trained):
    from jupyter_autopilot.service import AutopilotService
    from jupyter_autopilot.sources.local import LocalSource

    service = AutopilotService({"local": LocalSource(trained / "jobs"), "aws": LocalSource(trained / "jobs")})
    with pytest.raises(AutopilotError) as caught:
        service.predict("aws", JOB, "x", pd.DataFrame())
    assert caught.value.status == 400 and "endpoint" in caught.value.message


async def test_rest_predictions_refuse_a_request_without_token(jp_fetch, trained):
    response = await jp_fetch(
        "autopilot",
        "api",
        "local",
        "jobs",
        JOB,
        "candidates",
        "x",
        "predictions",
        method="POST",
        body=json.dumps({"input": "data/churn.csv"}),
        headers={"Authorization": "", "Cookie": ""},
        raise_error=False,
    )
    assert response.code == 403
    assert not list((trained / "data").glob("churn-x-predictions.csv"))


def test_a_short_or_damaged_signing_key_is_refused_never_used(tmp_path, monkeypatch):
    from jupyter_autopilot.runner import models

    key = tmp_path / "k"
    monkeypatch.setenv("JUPYTER_AUTOPILOT_SIGNING_KEY", str(key))
    key.write_text("")  # a crash between create and write, or a truncated copy
    with pytest.raises(ModelRefused):
        models.sign(b"x")
    key.write_text("zz")
    with pytest.raises(ModelRefused):
        models.sign(b"x")
    key.unlink()
    first = models.signing_key()
    assert len(first) == 32 and models.signing_key() == first and oct(key.stat().st_mode)[-3:] == "600"


async def test_rest_candidate_names_are_checked_before_they_name_a_file(jp_fetch, trained):
    code, data = await _post(jp_fetch, JOB, "a%2Fb", {"input": "data/churn.csv"})
    assert code in (400, 404) and "Traceback" not in json.dumps(data)
    response = await jp_fetch(
        "autopilot",
        "api",
        "local",
        "jobs",
        JOB,
        "candidates",
        "x",
        "predictions",
        method="POST",
        body="[" * 100_000,
        raise_error=False,
    )
    assert response.code == 400
