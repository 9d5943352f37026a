"""The notebook API (AutoMLJob / Candidate) on the local fixture jobs and on AWS jobs served by moto
and botocore's Stubber. Where the REST API answers the same question, the answer is compared with
the REST API's, through a real jupyter_server (pytest-jupyter's jp_fetch)."""

from __future__ import annotations

import json
import math
from html.parser import HTMLParser

import boto3
import pandas as pd
import pytest
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber
from moto import mock_aws

import jupyter_autopilot
from jupyter_autopilot import notebook
from jupyter_autopilot.errors import (
    AccessDenied,
    CandidateNotFound,
    ExplainabilityNotAvailable,
    InvalidName,
    JobNotFound,
    ModelInsightsNotAvailable,
    UnknownSource,
)
from jupyter_autopilot.notebook import MIME_TYPE, AutoMLJob, Candidate
from jupyter_autopilot.notebook import html as notebook_html
from jupyter_autopilot.service import AutopilotService, figures
from jupyter_autopilot.service import models as m
from jupyter_autopilot.sources.aws import AwsSource
from jupyter_autopilot.wiring import ServiceSettings, create_service

try:
    import aws_fixtures as F
    from fixture_jobs import HOSTILE
except ImportError:  # tests/ imported as a package
    from tests import aws_fixtures as F
    from tests.fixture_jobs import HOSTILE

BINARY, BEST = "fx-binary-v2", "fx-binary-v2-xgb-002"
MULTI, MULTI_BEST = "fx-multiclass-v2", "fx-multiclass-v2-c1"
REGR, REGR_BEST = "fx-regression-v1", "fx-regression-v1-c2"
TIME_COLUMNS = ["is_best", "rank", "creation_time", "end_time", "duration_seconds"]


@pytest.fixture(autouse=True)
def _fresh_services():
    notebook.clear_service_cache()
    yield
    notebook.clear_service_cache()


@pytest.fixture
def local(fixture_jobs_dir):
    def make(name):
        return AutoMLJob(name, source="local", jobs_dir=fixture_jobs_dir)

    return make


def strict(obj):
    """JSON text of obj; fails on NaN / Infinity or on anything that is not JSON data."""
    return json.dumps(obj, allow_nan=False)


def assert_utc(series):
    assert str(series.dtype) == "datetime64[ns, UTC]"


# -------------------------------------------------------------------------------------------------
# import and construction


def test_lazy_export_from_the_package():
    assert jupyter_autopilot.AutoMLJob is AutoMLJob
    assert jupyter_autopilot.Candidate is Candidate
    with pytest.raises(AttributeError):
        jupyter_autopilot.NoSuchThing  # noqa: B018


def test_one_cached_service_per_settings(fixture_jobs_dir, tmp_path, monkeypatch):
    a = AutoMLJob(BINARY, source="local", jobs_dir=fixture_jobs_dir)
    b = AutoMLJob(MULTI, source="local", jobs_dir=str(fixture_jobs_dir))
    assert a.service is b.service
    assert isinstance(a.service, AutopilotService)
    assert AutoMLJob.list("local", jobs_dir=tmp_path).empty  # another folder: another service
    assert notebook.get_service(jobs_dir=tmp_path) is not a.service
    assert notebook.get_service(jobs_dir=fixture_jobs_dir, region="eu-west-1") is not a.service
    # no jobs_dir: resolved as the server does, from JUPYTER_AUTOPILOT_JOBS_DIR
    monkeypatch.setenv("JUPYTER_AUTOPILOT_JOBS_DIR", str(fixture_jobs_dir))
    c = AutoMLJob(BINARY, source="local")
    assert c.service is a.service
    notebook.clear_service_cache()
    assert AutoMLJob(BINARY, source="local").service is not a.service


def test_injected_service(fixture_jobs_dir):
    service = create_service(ServiceSettings(jobs_dir=str(fixture_jobs_dir), sources=["local"]))
    job = AutoMLJob(BINARY, source="local", service=service)
    assert job.service is service
    assert job.best_candidate.name == BEST


async def test_construction_errors_match_the_rest_api(api, local):
    for name, status, cls in (
        ("no-such-job", 404, JobNotFound),
        ("bad_name!", 400, InvalidName),
        ("x" * 40, 400, InvalidName),
    ):
        code, data = await api("local", "jobs", name)
        assert code == status
        with pytest.raises(cls) as caught:
            local(name)
        assert caught.value.message == data["message"]
    code, data = await api("mars", "jobs")
    with pytest.raises(UnknownSource) as caught:
        AutoMLJob(BINARY, source="mars")
    assert code == 404 and caught.value.message == data["message"]
    with pytest.raises(InvalidName):
        AutoMLJob(None, source="local")


# -------------------------------------------------------------------------------------------------
# the job


async def test_job_info_and_properties(api, local):
    job = local(BINARY)
    code, rest = await api("local", "jobs", BINARY)
    assert job.info == rest
    assert job.name == BINARY and job.source == "local"
    assert job.status == "Completed" and job.secondary_status == "Completed" and job.is_terminal
    assert job.problem_type == "BinaryClassification"
    assert job.objective["metric"] == "F1" and job.objective["direction"] == "Maximize"
    assert job.objective_metric == "F1"
    assert job.target_attribute == "y"
    assert job.best_candidate_name == BEST
    assert job.failure_reason is None
    assert job.creation_time == pd.Timestamp("2026-11-01T10:00:00Z")
    assert str(job.creation_time.tz) == "UTC"
    assert job.end_time == pd.Timestamp("2026-11-01T11:00:00Z")


def test_leaderboard_binary_v2(local):
    board = local(BINARY).leaderboard()
    assert list(board.columns) == [
        "candidate",
        "status",
        "F1",
        "Accuracy",
        "AUC",
        "LogLoss",
        "F1 (Train)",
        *TIME_COLUMNS,
    ]
    assert list(board["candidate"]) == [BEST, "fx-binary-v2-xgb-001", "fx-binary-v2-lin-003", "fx-binary-v2-mlp-004"]
    assert board["F1"].tolist()[:3] == [0.857, 0.80, 0.72] and math.isnan(board["F1"].iloc[3])
    assert board["F1 (Train)"].iloc[0] == pytest.approx(0.907)
    assert board["Accuracy"].tolist()[:3] == [0.965, 0.93, 0.90]
    assert board["is_best"].tolist() == [True, False, False, False]
    assert str(board["rank"].dtype) == "Int64"
    assert board["rank"].tolist()[:3] == [1, 2, 3] and pd.isna(board["rank"].iloc[3])
    assert board["status"].tolist() == ["Completed", "Completed", "Completed", "Failed"]
    assert_utc(board["creation_time"])
    assert_utc(board["end_time"])
    assert board["creation_time"].iloc[2] == pd.Timestamp("2026-11-01T10:20:00Z")
    assert pd.isna(board["end_time"].iloc[3])
    assert board["duration_seconds"].tolist()[:3] == [600.0, 600.0, 150.0]
    assert board.attrs["objective_column"] == "F1"


def test_leaderboard_v1_minimize(local):
    job = local(REGR)
    assert job.info["apiVersion"] == "V1"
    assert job.objective["direction"] == "Minimize"
    board = job.leaderboard()
    assert list(board.columns) == ["candidate", "status", "MSE", "RMSE", "MAE", "R2", *TIME_COLUMNS]
    assert board["MSE"].tolist() == [2890.25, 2999.0, 3100.5, 3500.0]  # lowest first
    assert board["candidate"].iloc[0] == REGR_BEST and board["is_best"].iloc[0]
    assert board["rank"].tolist() == [1, 2, 3, 4]
    # epoch-seconds timestamps in the records
    assert board["creation_time"].iloc[0] == pd.Timestamp(1761991200 + 120, unit="s", tz="UTC")
    assert local(REGR).best_candidate.objective_value == 2890.25


async def test_leaderboard_matches_the_rest_candidates_view(api, local):
    code, rest = await api("local", "jobs", MULTI, "candidates")
    board = local(MULTI).leaderboard()
    assert board["candidate"].tolist() == [r["name"] for r in rest["candidates"]]
    assert board["Accuracy"].tolist() == [r["objectiveValue"] for r in rest["candidates"]]
    assert board["F1macro"].tolist() == [r["metrics"][1]["value"] for r in rest["candidates"]]


def test_job_without_best_candidate(local):
    job = local("fx-no-best")
    assert job.status == "Failed" and job.best_candidate_name is None
    assert job.best_candidate is None
    assert job.failure_reason == "ClientError: The dataset has fewer than 500 rows."
    board = job.leaderboard()
    assert list(board.columns) == ["candidate", "status", "AUC", *TIME_COLUMNS]
    assert board["candidate"].tolist() == ["fx-no-best-c1"]
    assert not board["is_best"].any() and pd.isna(board["rank"].iloc[0]) and math.isnan(board["AUC"].iloc[0])
    cand = job.candidates[0]
    assert cand.name == "fx-no-best-c1" and cand.is_best is False and cand.objective_value is None
    assert cand.failure_reason == "ClientError: data has fewer than 500 rows"
    with pytest.raises(ExplainabilityNotAvailable) as caught:
        cand.shap_values()
    assert caught.value.message.startswith("This candidate failed: ClientError: data has fewer than 500 rows.")
    with pytest.raises(ModelInsightsNotAvailable):
        cand.confusion_matrix()
    assert cand.metrics().empty and list(cand.metrics().columns) == [
        "metric",
        "value",
        "standard_deviation",
        "set",
        "source",
    ]
    assert cand.hyperparameters == {}  # no training record
    bundle = job._repr_mimebundle_()
    assert bundle[MIME_TYPE]["candidates"]["bestCandidate"] is None
    assert "Best candidate" in bundle["text/html"] and "none" in bundle["text/html"]
    assert "no best candidate" in bundle["text/plain"]
    strict(bundle[MIME_TYPE])


def test_job_in_progress(local):
    job = local("fx-in-progress")
    assert job.status == "InProgress" and job.secondary_status == "ModelTuning" and not job.is_terminal
    assert job.best_candidate is None and job.end_time is None
    board = job.leaderboard()
    assert board["candidate"].tolist() == ["fx-in-progress-c1", "fx-in-progress-c2"]
    assert board["status"].tolist() == ["Completed", "InProgress"]


async def test_candidates_and_candidate_lookup(api, local):
    job = local(BINARY)
    cands = job.candidates
    assert [c.name for c in cands] == job.leaderboard()["candidate"].tolist()
    assert all(isinstance(c, Candidate) for c in cands)
    best = job.best_candidate
    assert best == cands[0] == job.candidate(BEST) and best.is_best and best.rank == 1
    assert best.objective_value == 0.857 and best.objective_metric == "F1" and best.status == "Completed"
    assert best.has_explainability and best.has_model_insights
    assert len({best, job.candidate(BEST)}) == 1
    code, rest = await api("local", "jobs", BINARY, "candidates")
    assert best.info == rest["candidates"][0]
    best.info["metrics"].clear()  # a copy: the service's cached view is untouched
    assert job.candidate(BEST).info == rest["candidates"][0]
    # errors: the REST API's messages
    code, data = await api("local", "jobs", BINARY, "candidates", "nope-candidate", "explainability")
    with pytest.raises(CandidateNotFound) as caught:
        job.candidate("nope-candidate")
    assert code == 404 and caught.value.message == data["message"]
    code, data = await api("local", "jobs", BINARY, "candidates", "bad name", "performance")
    with pytest.raises(InvalidName) as caught:
        job.candidate("bad name")
    assert code == 400 and caught.value.message == data["message"]


# -------------------------------------------------------------------------------------------------
# explainability


async def test_shap_values_and_figure(api, local):
    cand = local(BINARY).best_candidate
    assert cand.labels == ["label0"]
    shap = cand.shap_values()
    assert list(shap.columns) == ["feature", "importance"]
    assert shap["feature"].tolist() == ["duration", "balance", "age", "job_type", "campaign"]
    assert shap["importance"].tolist() == [0.44, 0.31, 0.12, 0.08, 0.05]
    assert shap["importance"].is_monotonic_decreasing
    assert shap.attrs["label"] == "label0" and shap.attrs["expected_value"] == 0.5
    assert shap.equals(cand.shap_values("label0"))
    code, rest = await api("local", "jobs", BINARY, "candidates", BEST, "explainability")
    fig = cand.shap_figure()
    assert figures.to_json(fig) == rest["figures"][0]["top"]  # the UI's chart, built by the same function
    assert fig.data[0].y[0] == "duration"
    assert list(cand.shap_figure(top=2).data[0].y) == ["duration", "balance"]
    assert "top 2 of 5" in cand.shap_figure(top=2).layout.title.text
    assert len(cand.shap_figure(top=None).data[0].y) == 5
    assert (
        cand.hyperparameters
        == rest["hyperparameters"]
        == {"eta": "0.1", "max_depth": "6", "num_round": "100", "objective": "binary:logistic"}
    )


async def test_multiclass_label_selection(api, local):
    cand = local(MULTI).best_candidate
    assert cand.name == MULTI_BEST
    assert cand.labels == ["class_0", "class_1", "class_2"]
    assert cand.shap_values()["feature"].tolist() == ["proline", "alcohol", "flavanoids"]  # first label
    assert cand.shap_values(label="class_1")["feature"].tolist() == ["alcohol", "flavanoids", "proline"]
    assert cand.shap_values("class_2")["feature"].iloc[0] == "flavanoids"
    assert cand.shap_values("class_2").attrs["label"] == "class_2"
    code, rest = await api("local", "jobs", MULTI, "candidates", MULTI_BEST, "explainability")
    assert figures.to_json(cand.shap_figure()) == rest["figures"][0]["top"]
    assert [f["label"] for f in rest["figures"]] == ["class_0", "class_1", "class_2"]
    fig = cand.shap_figure("class_1")
    assert figures.to_json(fig) == rest["figures"][1]["top"]
    assert "label class_1" in fig.layout.title.text
    assert list(fig.data[0].y) == ["alcohol", "flavanoids", "proline"]
    assert figures.to_json(fig) == figures.to_json(
        figures.shap_bar([m.FeatureImportance(**f) for f in rest["labels"][1]["features"]], label="class_1")
    )
    with pytest.raises(ValueError) as caught:
        cand.shap_values("class_9")
    assert "'class_0', 'class_1', 'class_2'" in str(caught.value) and "class_9" in str(caught.value)
    with pytest.raises(ValueError):
        cand.shap_figure(label="nope")


async def test_explainability_not_available_has_the_rest_reason(api, local):
    cand = local(BINARY).candidate("fx-binary-v2-xgb-001")
    code, rest = await api("local", "jobs", BINARY, "candidates", "fx-binary-v2-xgb-001", "explainability")
    assert rest["available"] is False
    for call in (cand.shap_values, cand.shap_figure):
        with pytest.raises(ExplainabilityNotAvailable) as caught:
            call()
        assert caught.value.message == rest["reason"]
        assert caught.value.status == 404
    assert cand.labels == []
    assert cand.hyperparameters["objective"] == "binary:logistic"  # still shown without explainability


async def test_malformed_artifacts_fail_only_their_part_with_the_rest_reason(api, local):
    cand = local("fx-malformed").best_candidate
    code, data = await api("local", "jobs", "fx-malformed", "candidates", "fx-malformed-c1", "explainability")
    with pytest.raises(ExplainabilityNotAvailable) as caught:
        cand.shap_values()
    assert code == 200 and caught.value.message == data["reason"] and "analysis.json" in caught.value.message
    assert cand.hyperparameters  # the parts that do not depend on analysis.json still load
    code, data = await api("local", "jobs", "fx-malformed", "candidates", "fx-malformed-c1", "performance")
    with pytest.raises(ModelInsightsNotAvailable) as caught:
        cand.confusion_matrix()
    assert caught.value.message == data["report"]["reason"] and "statistics.json" in caught.value.message
    # displaying it: every view loads, the broken parts say why
    bundle = cand._repr_mimebundle_()
    payload = bundle[MIME_TYPE]
    assert payload["explainability"]["available"] is False and payload["performance"]["report"]["available"] is False
    assert payload["artifacts"] is not None and payload["network"] is not None
    assert "analysis.json" in bundle["text/html"] and "statistics.json" in bundle["text/html"]
    strict(payload)


async def test_candidate_payload_names_the_error_of_each_missing_view(local, monkeypatch):
    # a view that cannot load at all (here: AWS denies a call) is left out; the payload's errors
    # object gives the service's message for it, view by view
    cand = local(BINARY).best_candidate
    service = cand.job.service

    def denied(*args, **kwargs):
        raise AccessDenied("AccessDenied: not allowed to call DescribeTrainingJob (RequestId x).")

    monkeypatch.setattr(service, "performance", denied)
    monkeypatch.setattr(service, "network", denied)
    payload = cand._repr_mimebundle_()[MIME_TYPE]
    assert set(payload["errors"]) == {"performance", "network"}
    for view in ("performance", "network"):
        assert payload[view] is None
        assert payload["errors"][view].startswith("AccessDenied: not allowed")
    assert payload["explainability"] is not None and payload["artifacts"] is not None
    assert json.loads(strict(payload)) == payload  # strictly JSON, unchanged by a round trip
    monkeypatch.undo()
    # a candidate whose views all load has no errors object, nor one whose parts fail alone
    assert "errors" not in local(BINARY).best_candidate._repr_mimebundle_()[MIME_TYPE]
    assert "errors" not in local("fx-malformed").best_candidate._repr_mimebundle_()[MIME_TYPE]


# -------------------------------------------------------------------------------------------------
# performance


async def test_confusion_matrix_binary(api, local):
    cand = local(BINARY).best_candidate
    cm = cand.confusion_matrix()
    assert cm.index.name == "actual" and cm.columns.name == "predicted"
    assert cm.index.tolist() == ["no", "yes"] and cm.columns.tolist() == ["no", "yes"]
    assert cm.loc["yes", "yes"] == 420 and cm.loc["yes", "no"] == 80 and cm.loc["no", "yes"] == 60
    assert all(str(t) == "Int64" for t in cm.dtypes)
    code, rest = await api("local", "jobs", BINARY, "candidates", BEST, "performance")
    assert cm.to_numpy().tolist() == rest["report"]["confusionMatrix"]["matrix"]
    assert figures.to_json(cand.confusion_matrix_figure()) == rest["figures"]["confusionMatrix"]
    assert figures.to_json(cand.confusion_matrix_figure(normalize=True)) == rest["figures"]["confusionMatrixNormalized"]


def test_confusion_matrix_multiclass_missing_row_and_regression(local):
    cm = local(MULTI).best_candidate.confusion_matrix()
    assert cm.index.tolist() == ["class_0", "class_1", "class_2"]
    assert cm.loc["class_1", "class_1"] == 67
    assert cm.loc["class_2"].isna().all()  # "NaN" row: the label is absent from the evaluation data
    with pytest.raises(ModelInsightsNotAvailable) as caught:
        local(REGR).best_candidate.confusion_matrix()
    assert "no confusion matrix" in caught.value.message and "Regression" in caught.value.message
    with pytest.raises(ModelInsightsNotAvailable):
        local(REGR).best_candidate.confusion_matrix_figure()


async def test_model_insights_not_available_has_the_rest_reason(api, local):
    cand = local(BINARY).candidate("fx-binary-v2-lin-003")
    code, rest = await api("local", "jobs", BINARY, "candidates", "fx-binary-v2-lin-003", "performance")
    for call in (cand.confusion_matrix, cand.confusion_matrix_figure):
        with pytest.raises(ModelInsightsNotAvailable) as caught:
            call()
        assert caught.value.message == rest["report"]["reason"]
    metrics = cand.metrics()  # candidate metrics only
    assert set(metrics["source"]) == {"candidate metrics"}
    assert metrics["metric"].tolist() == [m["name"] for m in rest["candidateMetrics"]]
    assert metrics.attrs["report_available"] is False and metrics.attrs["report_reason"] == rest["report"]["reason"]


def test_metrics_report_and_candidate_metrics(local):
    metrics = local(BINARY).best_candidate.metrics()
    assert list(metrics.columns) == ["metric", "value", "standard_deviation", "set", "source"]
    report = metrics[metrics["source"] == "model quality report"]
    assert report["metric"].tolist() == ["recall", "precision", "accuracy", "f1", "auc"]
    assert math.isnan(report.set_index("metric").loc["recall", "standard_deviation"])  # "NaN" in the file
    assert report.set_index("metric").loc["precision", "standard_deviation"] == 0.004
    cand = metrics[metrics["source"] == "candidate metrics"]
    assert list(zip(cand["metric"], cand["set"], strict=True)) == [
        ("F1", "Validation"),
        ("Accuracy", "Validation"),
        ("AUC", "Validation"),
        ("F1", "Train"),
        ("LogLoss", "Validation"),
    ]
    assert cand["standard_deviation"].isna().all()
    assert metrics.attrs["report_rows"] == 4000 and metrics.attrs["report_evaluation_time"] == "2026-11-01T10:50:00Z"
    regression = local(REGR).best_candidate.metrics()
    assert regression.attrs["report_rows"] == 442 and regression.attrs["report_evaluation_time"] is None
    assert regression.set_index(["source", "metric"]).loc[("model quality report", "rmse"), "standard_deviation"] == 0.8


async def test_network_and_artifacts_match_the_rest_views(api, local):
    cand = local(BINARY).best_candidate
    code, rest = await api("local", "jobs", BINARY, "candidates", BEST, "network")
    assert cand.network == rest
    assert cand.network["networkIsolation"] is True and cand.network["vpc"]["subnets"]
    code, rest = await api("local", "jobs", BINARY, "candidates", BEST, "artifacts")
    arts = cand.artifacts
    assert list(arts.columns) == ["group", "name", "kind", "uri"]
    expected = [
        (g, i["name"], i["kind"], i["uri"])
        for key, g in (("inputs", "input"), ("outputs", "output"), ("intermediate", "intermediate"))
        for i in rest[key]
    ]
    assert list(arts.itertuples(index=False, name=None)) == expected
    assert arts.iloc[0].tolist() == [
        "input",
        "Input data (training)",
        "Input data channel",
        "s3://fixture-bucket/fx-binary-v2/input/train.csv",
    ]
    assert set(arts["group"]) == {"input", "output", "intermediate"}


# -------------------------------------------------------------------------------------------------
# listing


async def test_list_jobs(api, fixture_jobs_dir):
    jobs = AutoMLJob.list("local", jobs_dir=fixture_jobs_dir)
    code, rest = await api("local", "jobs")
    assert jobs["name"].tolist() == [j["name"] for j in rest["jobs"]]  # newest first
    assert list(jobs.columns) == [
        "name",
        "status",
        "secondary_status",
        "creation_time",
        "end_time",
        "last_modified_time",
        "failure_reason",
        "arn",
    ]
    assert_utc(jobs["creation_time"])
    assert jobs["creation_time"].is_monotonic_decreasing
    row = jobs.set_index("name").loc["fx-no-best"]
    assert row["status"] == "Failed" and row["failure_reason"].startswith("ClientError")
    completed = AutoMLJob.list("local", status="Completed", jobs_dir=fixture_jobs_dir)
    assert set(completed["status"]) == {"Completed"} and "fx-no-best" not in completed["name"].tolist()
    multi = AutoMLJob.list(source="local", name_contains="multiclass", jobs_dir=fixture_jobs_dir)
    assert multi["name"].tolist() == [MULTI]
    code, data = await api("local", "jobs", params={"status": "Done"})
    with pytest.raises(InvalidName) as caught:
        AutoMLJob.list("local", status="Done", jobs_dir=fixture_jobs_dir)
    assert code == 400 and caught.value.message == data["message"]
    with pytest.raises(UnknownSource):
        AutoMLJob.list("mars", jobs_dir=fixture_jobs_dir)


class SmallPages(AutopilotService):
    """The service with two jobs a page, to see list() follow every page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = 0

    def list_jobs(self, source_id, **kwargs):
        self.pages += 1
        return super().list_jobs(source_id, **{**kwargs, "max_results": 2})


def test_list_jobs_reads_every_page(fixture_jobs_dir):
    from jupyter_autopilot.sources.local import LocalSource

    service = SmallPages({"local": LocalSource(fixture_jobs_dir)})
    jobs = AutoMLJob.list("local", service=service)
    assert len(jobs) == 7 and jobs["name"].is_unique and service.pages == 4
    assert jobs["name"].tolist() == AutoMLJob.list("local", jobs_dir=fixture_jobs_dir)["name"].tolist()


def test_list_of_an_empty_folder(tmp_path):
    jobs = AutoMLJob.list("local", jobs_dir=tmp_path / "nothing-here")
    assert jobs.empty and "name" in jobs.columns


# -------------------------------------------------------------------------------------------------
# rich display


async def test_job_mime_payload_is_the_rest_views(api, local):
    job = local(BINARY)
    bundle = job._repr_mimebundle_()
    assert set(bundle) == {MIME_TYPE, "text/html", "text/plain"}
    payload = bundle[MIME_TYPE]
    code, rest_job = await api("local", "jobs", BINARY)
    code, rest_cands = await api("local", "jobs", BINARY, "candidates")
    assert payload == {"kind": "job", "source": "local", "job": rest_job, "candidates": rest_cands}
    strict(payload)
    assert bundle["text/plain"] == repr(job)
    assert repr(job).startswith(
        "<AutoMLJob 'fx-binary-v2' (local): Completed, BinaryClassification, 4 candidates, best"
    )
    html_text = bundle["text/html"]
    assert BEST in html_text and "Trials, best first" in html_text and "<script" not in html_text


async def test_candidate_mime_payload_is_the_rest_views(api, local):
    cand = local(MULTI).best_candidate
    bundle = cand._repr_mimebundle_()
    payload = bundle[MIME_TYPE]
    assert payload["kind"] == "candidate" and payload["source"] == "local" and payload["jobName"] == MULTI
    code, rest_cands = await api("local", "jobs", MULTI, "candidates")
    assert payload["candidate"] == rest_cands["candidates"][0]
    for view in ("explainability", "performance", "artifacts", "network"):
        code, rest = await api("local", "jobs", MULTI, "candidates", MULTI_BEST, view)
        assert payload[view] == rest, view
    assert payload["explainability"]["topFeatures"] == 20  # the server's setting, in the view
    text = strict(payload)  # the multiclass report has a "NaN" row and "NaN" deviations
    assert "NaN" not in text
    assert payload["performance"]["report"]["confusionMatrix"]["matrix"][2] == [None, None, None]
    html_text = bundle["text/html"]
    assert "Aggregated SHAP values (feature importance) — label class_0" in html_text
    assert "class_1" in html_text and "Confusion matrix" in html_text and "<script" not in html_text
    assert (
        bundle["text/plain"]
        == "<Candidate 'fx-multiclass-v2-c1' of AutoMLJob 'fx-multiclass-v2' (local): Completed, Accuracy=0.96, best>"
    )


def test_candidate_html_shows_the_figure_ranking(local):
    cand = local(REGR).best_candidate
    html_text = cand._repr_mimebundle_()["text/html"]
    fig = cand.shap_figure()
    positions = [html_text.index(f">{name}<") for name in fig.data[0].y]
    assert positions == sorted(positions)  # same order as the plotly figure
    assert fig.layout.title.text in html_text
    assert ">mse<" in html_text and ">2890.25<" in html_text and ">MSE (Validation)<" in html_text


def test_display_through_ipython_formatter(local):
    from IPython.core.formatters import DisplayFormatter

    data, _ = DisplayFormatter().format(local(BINARY).best_candidate)
    assert MIME_TYPE in data and "text/html" in data and "text/plain" in data
    assert data[MIME_TYPE]["candidate"]["name"] == BEST


def test_display_of_a_job_that_vanished(local, tmp_path):
    import shutil

    from fixture_jobs import write_fixture_jobs

    root = write_fixture_jobs(tmp_path / "jobs")
    job = AutoMLJob("fx-in-progress", source="local", jobs_dir=root)
    shutil.rmtree(root / "fx-in-progress")
    bundle = job._repr_mimebundle_()
    assert MIME_TYPE not in bundle
    assert "not found" in bundle["text/plain"] and "not found" in bundle["text/html"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = set(), set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)

    def handle_data(self, data):
        self.text.append(data)


def test_hostile_strings_are_escaped_in_the_html_fallback(local):
    job = local("fx-hostile")
    cand = job.best_candidate
    for obj in (job, cand):
        html_text = obj._repr_mimebundle_()["text/html"]
        parser = _Tags()
        parser.feed(html_text)
        assert parser.tags <= {"div", "table", "thead", "tbody", "tr", "th", "td", "code"}, parser.tags
        assert parser.attrs <= {"style", "class", "scope", "role"}, parser.attrs
        assert "<img" not in html_text and 'onerror="' not in html_text
        assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in html_text
        assert HOSTILE in "".join(parser.text)  # shown as text, exactly
    html_text = cand._repr_mimebundle_()["text/html"]
    assert "$\\href{javascript:alert(1)}{x}$" in html_text  # shown as text, no markup in it
    # the feature name, the confusion-matrix label and the hyperparameter value are all there
    assert html_text.count("&lt;img src=x") >= 4
    # the MIME payload keeps the raw strings (the renderer escapes them) and is strict JSON
    payload = cand._repr_mimebundle_()[MIME_TYPE]
    assert payload["explainability"]["labels"][0]["features"][0]["name"] == HOSTILE
    strict(payload)
    assert cand.shap_values()["feature"].iloc[0] == HOSTILE  # raw in the DataFrame
    assert cand.shap_figure().data[0].y[0].startswith("&lt;img")  # escaped for plotly


def test_html_escapes_every_kind_of_string():
    html_text = notebook_html._shap_html([{"name": "<b>&\"'", "importance": 1.0}], "<i>", 20)
    assert "<b>" not in html_text and "<i>" not in html_text
    assert "&lt;b&gt;&amp;&quot;&#x27;" in html_text and "label &lt;i&gt;" in html_text


# -------------------------------------------------------------------------------------------------
# AWS: moto for SageMaker (jobs, training/processing/transform jobs) and S3; ListCandidates and V1
# describe answered through aws_fixtures.serve_candidates (moto lacks them); errors via Stubber.

AWS_JOB = "churn-binary-v2"


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    F.aws_test_env(monkeypatch, tmp_path)
    with mock_aws():
        sm = boto3.client("sagemaker", region_name=F.REGION)
        s3 = boto3.client("s3", region_name=F.REGION)
        yield sm, s3


def _aws_service(sm, s3) -> AutopilotService:
    return AutopilotService({"aws": AwsSource(clients={"sagemaker": sm, "s3": s3})})


def test_aws_job_through_create_service(aws_env):
    """The default path: AutoMLJob(name) builds its service with create_service (region from the
    keyword), lists and describes the job in moto."""
    sm, s3 = aws_env
    record, cands = F.v2_binary_job(AWS_JOB)
    F.create_moto_aws_job(sm, s3, record, cands)
    jobs = AutoMLJob.list(region=F.REGION)
    assert jobs["name"].tolist() == [AWS_JOB] and jobs["status"].tolist() == ["Completed"]
    job = AutoMLJob(AWS_JOB, region=F.REGION)
    assert job.source == "aws" and job.status == "Completed" and job.problem_type == "BinaryClassification"
    assert job.creation_time == pd.Timestamp(F.T0)
    # moto has no ListCandidatesForAutoMLJob: answer it on the client the service built
    F.serve_candidates(job.service.source("aws")._client("sagemaker"), {AWS_JOB: cands})
    assert job.best_candidate.name == cands[0]["CandidateName"]
    assert job.leaderboard()["F1"].tolist()[:3] == [0.9312, 0.9105, 0.8874]
    with pytest.raises(JobNotFound) as caught:
        AutoMLJob("no-such-job", region=F.REGION)
    assert caught.value.message == f"There is no AutoML job named 'no-such-job' in {F.REGION}."


def test_aws_binary_job(aws_env):
    sm, s3 = aws_env
    record, cands = F.v2_binary_job(AWS_JOB)
    F.create_moto_aws_job(sm, s3, record, cands)
    F.serve_candidates(sm, {AWS_JOB: cands})
    service = _aws_service(sm, s3)
    job = AutoMLJob(AWS_JOB, service=service)
    board = job.leaderboard()
    assert list(board.columns) == [
        "candidate",
        "status",
        "F1",
        "Accuracy",
        "AUC",
        "BalancedAccuracy",
        "Precision",
        "Recall",
        "LogLoss",
        *TIME_COLUMNS,
    ]
    assert board["candidate"].tolist() == [c["CandidateName"] for c in cands]
    assert board["is_best"].tolist() == [True, False, False, False]
    assert board["status"].iloc[3] == "Failed" and math.isnan(board["F1"].iloc[3])
    assert board["creation_time"].iloc[0] == pd.Timestamp(F.T0 + pd.Timedelta(minutes=13))
    best = job.best_candidate
    assert best.name == F.candidate_name(AWS_JOB, 3) and best.objective_value == 0.9312
    shap = best.shap_values()
    assert shap["feature"].tolist() == ["tenure", "monthly_charges", "contract", "age"]
    assert best.labels == ["label0"]
    view = service.explainability("aws", AWS_JOB, best.name).to_dict()
    assert figures.to_json(best.shap_figure()) == view["figures"][0]["top"]
    cm = best.confusion_matrix()
    assert cm.loc["1", "1"] == 1030 and cm.loc["1", "0"] == 120 and cm.index.tolist() == ["0", "1"]
    metrics = best.metrics()
    assert metrics.set_index(["source", "metric"]).loc[("model quality report", "f1"), "value"] == 0.9312
    assert best.hyperparameters["max_depth"] == "6"  # from the algorithm's training job in moto
    assert best.network["networkIsolation"] is True and best.network["trainingJob"] == best.name
    arts = best.artifacts
    assert F.model_insights_prefix(AWS_JOB, best.name) in arts["uri"].tolist()
    payload = best._repr_mimebundle_()[MIME_TYPE]
    assert payload["explainability"] == view and payload["source"] == "aws"
    strict(payload)
    with pytest.raises(ExplainabilityNotAvailable) as caught:
        job.candidates[1].shap_values()
    assert caught.value.message == service.explainability("aws", AWS_JOB, job.candidates[1].name).to_dict()["reason"]


def test_aws_job_without_best_candidate(aws_env):
    sm, s3 = aws_env
    record, cands = F.v2_job_without_best_candidate("stopped-early")
    F.create_moto_aws_job(sm, s3, record, cands)
    F.serve_candidates(sm, {"stopped-early": cands})
    job = AutoMLJob("stopped-early", service=_aws_service(sm, s3))
    assert job.status == "Stopped" and job.secondary_status == "MaxAutoMLJobRuntimeReached"
    assert job.best_candidate is None
    board = job.leaderboard()
    assert len(board) == 1 and not board["is_best"].any() and board["status"].tolist() == ["Stopped"]
    bundle = job._repr_mimebundle_()
    assert bundle[MIME_TYPE]["job"]["bestCandidate"] is None
    strict(bundle[MIME_TYPE])


def test_aws_v1_multiclass_job_and_labels(aws_env):
    """A V1 job: DescribeAutoMLJobV2 refuses it, the source falls back to DescribeAutoMLJob."""
    sm, s3 = aws_env
    name = "iris-v1"
    record, cands = F.v1_multiclass_job(name)
    F.ensure_bucket(s3)
    F.create_moto_steps(sm, name, cands)
    for cand in cands:
        F.put_candidate_artifacts(s3, cand, problem_type="MulticlassClassification")

    def refuse_v2(model, params, context=None, **kwargs):
        if model.name == "DescribeAutoMLJobV2":
            parsed = {
                "Error": {"Code": "ValidationException", "Message": "created with CreateAutoMLJob"},
                "ResponseMetadata": {"HTTPStatusCode": 400},
            }
            return AWSResponse(None, 400, {}, None), parsed
        return None

    sm.meta.events.register_first("before-call.sagemaker.DescribeAutoMLJobV2", refuse_v2, unique_id="refuse-v2")
    calls = F.serve_candidates(sm, {name: cands}, v1_records={name: record})
    job = AutoMLJob(name, service=_aws_service(sm, s3))
    assert calls["DescribeAutoMLJob"] >= 1
    assert job.info["apiVersion"] == "V1" and job.problem_type == "MulticlassClassification"
    assert job.target_attribute == "species"
    board = job.leaderboard()
    assert board.columns[:3].tolist() == ["candidate", "status", "Accuracy"]
    assert board["Accuracy"].tolist() == [0.8421, 0.8012]
    best = job.best_candidate
    assert best.labels == ["setosa", "versicolor", "virginica"]
    assert best.shap_values()["feature"].tolist() == ["petal_length", "petal_width", "sepal_length"]
    assert best.shap_values("versicolor")["feature"].tolist() == ["petal_width", "petal_length", "sepal_width"]
    assert "label virginica" in best.shap_figure("virginica").layout.title.text
    with pytest.raises(ValueError) as caught:
        best.shap_values("daisy")
    assert "'setosa', 'versicolor', 'virginica'" in str(caught.value)
    cm = best.confusion_matrix()
    assert cm.loc["versicolor", "virginica"] == 5 and cm.loc["virginica", "versicolor"] == 4


def test_aws_list_reads_every_page(aws_env):
    sm, s3 = aws_env
    for i in range(5):
        record, _ = F.v2_binary_job(f"churn-{i}")
        F.create_moto_job(sm, record)

    class Paged(SmallPages):
        pass

    service = Paged({"aws": AwsSource(clients={"sagemaker": sm, "s3": s3})})
    jobs = AutoMLJob.list(service=service)
    assert sorted(jobs["name"]) == [f"churn-{i}" for i in range(5)] and service.pages == 3
    assert AutoMLJob.list(name_contains="churn-3", service=service)["name"].tolist() == ["churn-3"]


def test_aws_errors_through_stubber(monkeypatch, tmp_path):
    F.aws_test_env(monkeypatch, tmp_path)
    sm = boto3.client("sagemaker", region_name=F.REGION)
    s3 = boto3.client("s3", region_name=F.REGION)
    service = _aws_service(sm, s3)
    with Stubber(sm) as stub:
        stub.add_client_error(
            "describe_auto_ml_job_v2",
            service_error_code="ResourceNotFound",
            service_message="Could not find AutoML job",
            http_status_code=400,
            expected_params={"AutoMLJobName": "gone-job"},
        )
        with pytest.raises(JobNotFound) as caught:
            AutoMLJob("gone-job", service=service)
        assert caught.value.message == f"There is no AutoML job named 'gone-job' in {F.REGION}."
        stub.add_client_error(
            "describe_auto_ml_job_v2",
            service_error_code="AccessDeniedException",
            service_message="User is not authorized to perform: sagemaker:DescribeAutoMLJobV2",
            http_status_code=400,
            expected_params={"AutoMLJobName": "secret-job"},
        )
        from jupyter_autopilot.errors import AccessDenied

        with pytest.raises(AccessDenied):
            AutoMLJob("secret-job", service=service)
        stub.assert_no_pending_responses()
    with pytest.raises(InvalidName):  # checked before any call
        AutoMLJob("not valid", service=service)
