"""A candidate whose name has "_" (CandidateName has no pattern in the service model): every
view in REST and the notebook API, its step records found by the same name."""

import pytest

VIEWS = ("explainability", "performance", "artifacts", "network")


# -- a candidate name with "_" (CandidateName has no pattern in the service model) -----------------


@pytest.fixture
def jobs_dir(tmp_path, fixture_jobs_dir):
    """fx-binary-v2 with its best candidate renamed to contain underscores, step records too."""
    import json
    import shutil

    root = tmp_path / "jobs"
    shutil.copytree(fixture_jobs_dir / "fx-binary-v2", root / "fx-binary-v2")
    job_dir = root / "fx-binary-v2"
    old, new = "fx-binary-v2-xgb-002", "fx_binary_v2_xgb_002"
    for path in [job_dir / "job.json", job_dir / "candidates.json", *job_dir.glob("training-jobs/*.json")]:
        path.write_text(path.read_text().replace(old, new))
    (job_dir / "training-jobs" / f"{old}.json").rename(job_dir / "training-jobs" / f"{new}.json")
    out = job_dir / "s3" / "fixture-bucket" / "fx-binary-v2" / "output" / "fx-binary-v2" / "documentation"
    for kind in ("explainability", "model_monitor"):
        (out / kind / "output" / old).rename(out / kind / "output" / new)
    assert new in json.loads((job_dir / "job.json").read_text())["BestCandidate"]["CandidateName"]
    return root


async def test_an_underscored_candidate_shows_every_view_in_rest(api):
    name = "fx_binary_v2_xgb_002"
    for view in VIEWS:
        code, data = await api("local", "jobs", "fx-binary-v2", "candidates", name, view)
        assert code == 200, (view, data)
    code, data = await api("local", "jobs", "fx-binary-v2", "candidates", name, "explainability")
    assert data["available"] and data["hyperparameters"] and data["hyperparametersFrom"] == name


def test_an_underscored_candidate_in_the_notebook_api(jobs_dir):
    from jupyter_autopilot import AutoMLJob

    cand = AutoMLJob("fx-binary-v2", source="local", jobs_dir=jobs_dir).candidate("fx_binary_v2_xgb_002")
    assert not cand.shap_values().empty and cand.hyperparameters
