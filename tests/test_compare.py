"""Candidates side by side: GET {source}/jobs/{job}/compare?candidates=a,b (metrics with the best
of each marked, hyperparameters that differ first, SHAP shares on one feature order) and the
notebook's job.compare reading the same rows."""

import pytest

from jupyter_autopilot import AutoMLJob

JOB = "fx-binary-v2"
BEST, OTHER, LINEAR = "fx-binary-v2-xgb-002", "fx-binary-v2-xgb-001", "fx-binary-v2-lin-003"


async def test_compare_two_candidates(api):
    code, data = await api("local", "jobs", JOB, "compare", params={"candidates": f"{OTHER},{BEST}"})
    assert code == 200, data
    assert data["candidates"] == [OTHER, BEST]  # in the order asked
    objective = data["objective"]["metric"]
    row = next(m for m in data["metrics"] if m["name"] == objective and m["set"] == "Validation")
    assert len(row["values"]) == 2 and row["best"] == 1  # the best candidate's value is the best
    for metric in data["metrics"]:
        values = [v for v in metric["values"] if v is not None]
        if metric["best"] is not None:
            chosen = metric["values"][metric["best"]]
            assert chosen == (min(values) if metric["direction"] == "Minimize" else max(values))
    flags = [h["differs"] for h in data["hyperparameters"]]
    assert flags == sorted(flags, reverse=True)  # those that differ come first
    assert all(len(h["values"]) == 2 for h in data["hyperparameters"])


async def test_shap_shares_share_one_feature_order(api):
    code, data = await api("local", "jobs", JOB, "compare", params={"candidates": f"{BEST},{OTHER},{LINEAR}"})
    assert code == 200
    shap = data["shap"]
    assert shap is not None and [t["name"] for t in shap["data"]] == [BEST, OTHER, LINEAR][: len(shap["data"])]
    orders = {tuple(t["y"]) for t in shap["data"]}
    assert len(orders) == 1  # one shared feature order
    for trace in shap["data"]:
        assert 0 <= min(trace["x"]) and max(trace["x"]) <= 1


async def test_performance_side_by_side_with_the_reason_for_the_missing(api):
    """The AWS-shaped fixture job has a model-quality report for the best candidate only: its
    confusion matrix is shown, the other candidate says why it has none."""
    code, data = await api("local", "jobs", JOB, "compare", params={"candidates": f"{BEST},{OTHER}"})
    assert code == 200
    best, other = data["performance"]
    assert best["candidate"] == BEST and best["figure"]["data"][0]["type"] == "heatmap"
    assert best["computedOn"] == "Computed by Autopilot on the validation data (4,000 rows)."
    assert other["candidate"] == OTHER and other["figure"] is None
    assert "only for the best candidate" in other["reason"]


@pytest.mark.parametrize(
    "value,status",
    [
        (BEST, 400),
        (f"{BEST},{BEST}", 400),
        (",".join([BEST] * 11), 400),
        (f"{BEST},bad name!", 400),
        (f"{BEST},fx-binary-v2-nope-009", 404),
        ("", 400),
    ],
)
async def test_wrong_lists_are_refused_clearly(api, value, status):
    code, data = await api("local", "jobs", JOB, "compare", params={"candidates": value})
    assert code == status and data["message"], data


def test_the_notebook_compare_reads_the_same_rows(jobs_dir):
    job = AutoMLJob(JOB, source="local", jobs_dir=jobs_dir)
    frame = job.compare([OTHER, BEST])
    assert list(frame.columns) == [OTHER, BEST]
    assert ("Validation", job.info["objective"]["metric"]) in frame.index


async def test_shap_matrix_of_the_top_candidates(api):
    code, data = await api("local", "jobs", JOB, "shap-matrix", params={"top": "5"})
    assert code == 200, data
    assert data["candidates"] and len(data["features"]) <= 5
    assert len(data["shares"]) == len(data["candidates"])
    for row in data["shares"]:
        assert len(row) == len(data["features"]) and 0 <= sum(row) <= 1 + 1e-9
    means = [s["meanShare"] for s in data["stability"]]
    assert means == sorted(means, reverse=True)  # the largest mean share first
    assert all(1 <= s["bestRank"] <= s["worstRank"] for s in data["stability"])
    assert data["figure"]["data"][0]["type"] == "heatmap" and "units" in data["unitNote"]
    code, data = await api("local", "jobs", JOB, "shap-matrix", params={"candidates": "99"})
    assert code == 400 and data["message"].startswith("candidates")


def test_shap_matrix_warns_of_leakage():
    from types import SimpleNamespace

    from jupyter_autopilot.service import models as m
    from jupyter_autopilot.service.shapmatrix import shap_matrix

    def labels(**importances):
        features = [m.FeatureImportance(name=k, importance=v) for k, v in importances.items()]
        return [m.ShapLabel(label="yes", features=features)]

    explained = {
        "c1": labels(customer_id=0.9, age=0.05, income=0.05),
        "c2": labels(customer_id=0.7, age=0.2, income=0.1),
        "c3": labels(age=0.5, income=0.4, customer_id=0.1),
    }
    rows = [m.Candidate(name=n, status="Completed", has_explainability=n in explained) for n in [*explained, "c4"]]
    service = SimpleNamespace(
        candidates=lambda source, job: m.Candidates(objective=m.Objective(), candidates=rows),
        explainability=lambda source, job, name: m.Explainability.model_construct(
            available=name in explained, labels=explained.get(name, [])
        ),
    )
    view = shap_matrix(service, "local", "j")
    assert view.candidates == ["c1", "c2", "c3"] and view.unexplained == ["c4"]
    assert view.features[0] == "customer_id"
    text = " ".join(view.warnings)
    assert "customer_id carries 50% or more of the attribution (up to 90%) in 2 of 3 candidates" in text
    assert "customer_id looks like an identifier and ranks #1" in text
    assert not any(w.startswith("age") for w in view.warnings)


def test_a_tie_is_the_first_candidates_in_either_direction():
    from jupyter_autopilot.service.compare import _best

    assert _best([0.9, 0.9], "Maximize") == 0 and _best([0.9, 0.9], "Minimize") == 0
    assert _best([0.2, 0.1], "Minimize") == 1 and _best([0.2, None], "Maximize") is None
