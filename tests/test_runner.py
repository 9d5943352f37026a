"""The local AutoML runner on small generated data: the three problem types, the AWS shapes
of every record, the artifacts, the notebooks, and loading the jobs through the service."""

from __future__ import annotations

import importlib.util
import json
import math
import re
from pathlib import Path

import joblib
import nbformat
import numpy as np
import pandas as pd
import pytest
from botocore.session import get_session
from botocore.validate import ParamValidator

from jupyter_autopilot.runner import run_job
from jupyter_autopilot.runner.metrics import REPORTED
from jupyter_autopilot.runner.threshold import threshold_of, unwrap

CANDIDATE_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}$")
TRAINING_JOB_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")
FEATURES = ["x_linear", "x_square", "x_uniform", "color", "is_member", "mostly_missing"]
MAX_CANDIDATES = 6  # one candidate per algorithm family, and the ensemble


def make_frame(kind: str, n: int = 160, seed: int = 0) -> pd.DataFrame:
    """Numeric, categorical and boolean columns with missing values, and a target with signal."""
    rng = np.random.default_rng(seed)
    x1, x2, x3 = rng.normal(size=n), rng.normal(size=n), rng.uniform(size=n)
    color = rng.choice(["red", "green", "blue"], size=n)
    member = rng.random(n) < 0.5
    score = 2.0 * x1 - 1.0 * x2**2 + 1.5 * (color == "red") + rng.normal(scale=0.3, size=n)
    frame = pd.DataFrame({"x_linear": x1, "x_square": x2, "x_uniform": x3, "color": color, "is_member": member})
    frame["mostly_missing"] = np.where(rng.random(n) < 0.9, np.nan, rng.normal(size=n))
    frame.loc[rng.random(n) < 0.1, "x_square"] = np.nan
    frame["color"] = frame["color"].where(rng.random(n) >= 0.05)
    if kind == "binary":
        frame["label"] = np.where(score > np.median(score), "yes", "no")
    elif kind == "multiclass":
        frame["label"] = np.digitize(score, np.quantile(score, [1 / 3, 2 / 3]))  # integers 0, 1, 2
    else:
        frame["label"] = 10.0 * score + 50.0
    frame.loc[rng.choice(n, size=3, replace=False), "label"] = np.nan  # rows without a target
    return frame


KINDS = {
    "binary": ("BinaryClassification", "F1", "binary_classification_metrics"),
    "multiclass": ("MulticlassClassification", "Accuracy", "multiclass_classification_metrics"),
    "regression": ("Regression", "MSE", "regression_metrics"),
}


@pytest.fixture(scope="module")
def runner_jobs(tmp_path_factory):
    """The three problem types, problem type and objective inferred."""
    root = tmp_path_factory.mktemp("runner")
    jobs_dir = root / "jobs"
    for kind in KINDS:
        csv = root / f"{kind} data.csv"  # a space in the file name
        make_frame(kind).to_csv(csv, index=False)
        run_job(csv, "label", f"job-{kind}", jobs_dir=jobs_dir, max_candidates=MAX_CANDIDATES, seed=3)
    return jobs_dir


@pytest.fixture(scope="module")
def model():
    return get_session().get_service_model("sagemaker")


def check_shape(model, operation: str, record: dict) -> None:
    shape = model.operation_model(operation).output_shape
    report = ParamValidator().validate(record, shape)
    assert not report.has_errors(), report.generate_report()


def load(path: Path):
    return json.loads(Path(path).read_text())


def s3_path(job_dir: Path, uri: str) -> Path:
    assert uri.startswith("s3://autopilot-local/"), uri
    return job_dir / "s3" / uri[len("s3://") :]


def candidates_of(jobs_dir: Path, kind: str) -> list:
    return load(jobs_dir / f"job-{kind}" / "candidates.json")["Candidates"]


def find_analysis(job_dir: Path, candidate: dict) -> Path:
    prefix = s3_path(job_dir, candidate["CandidateProperties"]["CandidateArtifactLocations"]["Explainability"])
    found = list(prefix.glob("*/analysis.json"))
    assert len(found) == 1, f"analysis.json must be one auto-named folder below {prefix}"
    return found[0]


@pytest.mark.parametrize("kind", KINDS)
def test_job_record_is_a_describe_automl_job_v2_response(runner_jobs, model, kind):
    problem_type, objective, _ = KINDS[kind]
    job = load(runner_jobs / f"job-{kind}" / "job.json")
    check_shape(model, "DescribeAutoMLJobV2", job)
    assert job["AutoMLJobName"] == f"job-{kind}"
    assert job["AutoMLJobArn"] == f"arn:aws:sagemaker:local:000000000000:automl-job/job-{kind}"
    assert (job["AutoMLJobStatus"], job["AutoMLJobSecondaryStatus"]) == ("Completed", "Completed")
    assert "FailureReason" not in job
    tabular = job["AutoMLProblemTypeConfig"]["TabularJobConfig"]
    assert tabular["ProblemType"] == problem_type and tabular["TargetAttributeName"] == "label"
    assert tabular["Mode"] == "AUTO"  # what the job was asked; AUTO ensembles below 100 MB
    assert tabular["CompletionCriteria"] == {"MaxCandidates": MAX_CANDIDATES}
    assert job["AutoMLProblemTypeConfigName"] == "Tabular"
    assert job["AutoMLJobObjective"] == {"MetricName": objective}
    resolved = job["ResolvedAttributes"]
    assert resolved["AutoMLJobObjective"] == {"MetricName": objective}
    assert resolved["AutoMLProblemTypeResolvedAttributes"]["TabularResolvedAttributes"]["ProblemType"] == problem_type
    channel = job["AutoMLJobInputDataConfig"][0]
    assert channel["ChannelType"] == "training" and channel["ContentType"] == "text/csv;header=present"
    assert channel["CompressionType"] == "None"
    assert channel["DataSource"]["S3DataSource"]["S3DataType"] == "S3Prefix"
    assert job["OutputDataConfig"]["S3OutputPath"] == f"s3://autopilot-local/job-{kind}/output"
    assert job["SecurityConfig"] == {}
    for key in ("CreationTime", "EndTime", "LastModifiedTime"):
        assert ISO_TIME.match(job[key]), job[key]
    assert job["CreationTime"] <= job["EndTime"] <= job["LastModifiedTime"]
    assert set(job["AutoMLJobArtifacts"]) == {"CandidateDefinitionNotebookLocation", "DataExplorationNotebookLocation"}


@pytest.mark.parametrize("kind", KINDS)
def test_candidates_are_automl_candidates_with_autopilot_metrics(runner_jobs, model, kind):
    problem_type, objective, _ = KINDS[kind]
    job = load(runner_jobs / f"job-{kind}" / "job.json")
    candidates = candidates_of(runner_jobs, kind)
    check_shape(model, "ListCandidatesForAutoMLJob", {"Candidates": candidates})
    assert len(candidates) == MAX_CANDIDATES
    algorithms = set()
    direction = "Minimize" if objective == "MSE" else "Maximize"
    for c in candidates:
        assert CANDIDATE_NAME.match(c["CandidateName"]) and len(c["CandidateName"]) <= 64
        assert (c["CandidateStatus"], c["ObjectiveStatus"]) == ("Completed", "Succeeded")
        final = c["FinalAutoMLJobObjectiveMetric"]
        assert final["MetricName"] == final["StandardMetricName"] == objective
        assert final["Type"] == direction
        metrics = c["CandidateProperties"]["CandidateMetrics"]
        for set_name in ("Validation", "Train"):
            names = [m["MetricName"] for m in metrics if m["Set"] == set_name]
            assert sorted(names) == sorted(REPORTED[problem_type])
        assert all(m["StandardMetricName"] == m["MetricName"] and math.isfinite(m["Value"]) for m in metrics)
        validation = {m["MetricName"]: m["Value"] for m in metrics if m["Set"] == "Validation"}
        assert final["Value"] == pytest.approx(validation[objective])
        step = c["CandidateSteps"][-1]
        assert step["CandidateStepType"] == "AWS::SageMaker::TrainingJob"
        training = load(runner_jobs / f"job-{kind}" / "training-jobs" / f"{step['CandidateStepName']}.json")
        algorithms.add(training["HyperParameters"]["algorithm"])
        container = c["InferenceContainers"][0]
        assert container["ModelDataUrl"] == training["ModelArtifacts"]["S3ModelArtifacts"]
        assert container["ModelDataUrl"].endswith(f"/tuning/{c['CandidateName']}/output/model.joblib")
        locations = c["CandidateProperties"]["CandidateArtifactLocations"]
        assert locations["Explainability"].endswith(
            f"/output/job-{kind}/documentation/explainability/output/{c['CandidateName']}/"
        )
        assert locations["ModelInsights"].endswith(
            f"/output/job-{kind}/documentation/model_monitor/output/{c['CandidateName']}/"
        )
    boosting = {"lightgbm" if importlib.util.find_spec("lightgbm") else "hist-gradient-boosting"}
    if importlib.util.find_spec("xgboost"):
        boosting.add("xgboost")
    assert {"linear-learner", "randomforest", "extra-trees", "weighted-ensemble", *boosting} <= algorithms

    # the best candidate is the best objective value in the objective's direction, in full
    values = {c["CandidateName"]: c["FinalAutoMLJobObjectiveMetric"]["Value"] for c in candidates}
    pick = min if direction == "Minimize" else max
    best = job["BestCandidate"]
    assert best["FinalAutoMLJobObjectiveMetric"]["Value"] == pick(values.values())
    assert best == next(c for c in candidates if c["CandidateName"] == best["CandidateName"])


@pytest.mark.parametrize("kind", KINDS)
def test_training_jobs_are_describe_training_job_responses(runner_jobs, model, kind):
    job_dir = runner_jobs / f"job-{kind}"
    job = load(job_dir / "job.json")
    for c in candidates_of(runner_jobs, kind):
        name = c["CandidateSteps"][0]["CandidateStepName"]
        assert TRAINING_JOB_NAME.match(name) and len(name) <= 63
        training = load(job_dir / "training-jobs" / f"{name}.json")
        check_shape(model, "DescribeTrainingJob", training)
        assert training["TrainingJobName"] == name
        assert training["TrainingJobArn"] == c["CandidateSteps"][0]["CandidateStepArn"]
        assert training["AutoMLJobArn"] == job["AutoMLJobArn"]
        assert (training["TrainingJobStatus"], training["SecondaryStatus"]) == ("Completed", "Completed")
        hp = training["HyperParameters"]
        assert all(isinstance(v, str) for v in hp.values())
        assert hp["estimator"].startswith(
            (
                "sklearn.",
                "lightgbm.",
                "xgboost.",
                "jupyter_autopilot.runner.ensemble.",
                "jupyter_autopilot.runner.estimators.",
            )
        )
        assert training["AlgorithmSpecification"]["TrainingInputMode"] == "File"
        assert training["ResourceConfig"] == {"InstanceType": "local", "InstanceCount": 1, "VolumeSizeInGB": 0}
        assert training["InputDataConfig"][0]["ChannelName"] == "train"
        assert (
            training["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3DataDistributionType"] == "FullyReplicated"
        )
        assert (
            training["EnableNetworkIsolation"] is False and training["EnableInterContainerTrafficEncryption"] is False
        )
        assert isinstance(training["TrainingTimeInSeconds"], int)
        final = {m["MetricName"]: m["Value"] for m in training["FinalMetricDataList"]}
        objective = c["FinalAutoMLJobObjectiveMetric"]
        assert final[f"validation:{objective['MetricName']}"] == pytest.approx(objective["Value"])
        # the model is the fitted scikit-learn pipeline with these hyperparameters
        saved = joblib.load(s3_path(job_dir, training["ModelArtifacts"]["S3ModelArtifacts"]))
        # a binary job for F1 (the default): each model predicts at the threshold its record names
        assert (threshold_of(saved) is not None) == (kind == "binary")
        if threshold_of(saved) is not None:
            assert hp["decision_threshold"] == f"{threshold_of(saved):g}"
        saved = unwrap(saved)
        if hp["algorithm"] == "weighted-ensemble":  # its members, by name, with their weights
            members = dict(pair.split(":") for pair in hp["members"].split(","))
            assert saved.names == list(members) and len(members) >= 2
            assert saved.weights == pytest.approx([float(w) for w in members.values()], abs=1e-3)
            assert sum(saved.weights) == pytest.approx(1.0)
            continue
        estimator = saved[-1]
        assert f"{type(estimator).__module__.split('.')[0]}" == hp["estimator"].split(".")[0]
        assert type(estimator).__name__ == hp["estimator"].rsplit(".", 1)[1]
        for key, value in estimator.get_params().items():
            if key in hp:
                assert str(value) == hp[key]


def _uris(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _uris(v, path + (k,))
    elif isinstance(value, list):
        for v in value:
            yield from _uris(v, path)
    elif isinstance(value, str) and value.startswith("s3://"):
        yield path, value


PREFIX_FIELDS = {"S3OutputPath", "Explainability", "ModelInsights"}


@pytest.mark.parametrize("kind", KINDS)
def test_every_s3_uri_resolves_under_s3(runner_jobs, kind):
    job_dir = runner_jobs / f"job-{kind}"
    records = [job_dir / "job.json", job_dir / "candidates.json", *sorted((job_dir / "training-jobs").glob("*.json"))]
    seen = 0
    for record in records:
        for path, uri in _uris(load(record)):
            seen += 1
            target = s3_path(job_dir, uri)
            if path[-1] in PREFIX_FIELDS:
                assert target.is_dir() and any(p.is_file() for p in target.rglob("*")), (record.name, path, uri)
            else:
                assert target.is_file(), (record.name, path, uri)
    assert seen > 20
    assert not list(job_dir.rglob("*.tmp"))


@pytest.mark.parametrize("kind", KINDS)
def test_analysis_json_has_global_shap_per_input_column(runner_jobs, kind):
    job_dir = runner_jobs / f"job-{kind}"
    for c in candidates_of(runner_jobs, kind):
        doc = load(find_analysis(job_dir, c))
        assert doc["version"] == "1.0"
        labels = doc["explanations"]["kernel_shap"]
        expected_labels = ["0", "1", "2"] if kind == "multiclass" else ["label0"]
        assert list(labels) == expected_labels
        for entry in labels.values():
            shap_values = entry["global_shap_values"]
            assert list(shap_values) == FEATURES  # original columns; one-hot columns summed back
            assert all(v >= 0 and math.isfinite(v) for v in shap_values.values())
            assert sum(shap_values.values()) > 0
            assert math.isfinite(entry["expected_value"])
            # the strong features matter more than pure noise
            assert shap_values["x_linear"] > shap_values["x_uniform"]


@pytest.mark.parametrize("kind", KINDS)
def test_statistics_json_is_a_model_quality_report(runner_jobs, kind):
    job_dir = runner_jobs / f"job-{kind}"
    frame = make_frame(kind)
    frame = frame[frame["label"].notna()]
    _, _, section_key = KINDS[kind]
    for c in candidates_of(runner_jobs, kind):
        prefix = s3_path(job_dir, c["CandidateProperties"]["CandidateArtifactLocations"]["ModelInsights"])
        doc = load(prefix / "statistics.json")
        assert doc["version"] == 0.0
        assert doc["dataset"]["item_count"] == len(frame)
        assert ISO_TIME.match(doc["dataset"]["evaluation_time"])
        section = doc[section_key]
        stats = {k: v for k, v in section.items() if isinstance(v, dict) and "value" in v}
        for name, entry in stats.items():
            assert set(entry) == {"value", "standard_deviation"}, name
            for v in entry.values():
                assert v == "NaN" or (isinstance(v, float) and math.isfinite(v)), (name, v)
        if kind == "regression":
            assert set(stats) == {"mae", "mse", "rmse", "r2"}
            assert stats["rmse"]["value"] == pytest.approx(math.sqrt(stats["mse"]["value"]))
            assert stats["mse"]["standard_deviation"] > 0  # across the 5 folds
            continue
        labels = ["no", "yes"] if kind == "binary" else ["0", "1", "2"]  # 0.0 in the CSV is class "0"
        matrix = section["confusion_matrix"]
        assert list(matrix) == labels and all(list(row) == labels for row in matrix.values())
        assert sum(sum(row.values()) for row in matrix.values()) == len(frame)
        actual_counts = frame["label"].map(lambda v: str(int(v)) if kind == "multiclass" else v).value_counts()
        for actual, row in matrix.items():  # outer key = actual label
            assert sum(row.values()) == actual_counts[actual]
        diagonal = sum(matrix[label][label] for label in labels)
        assert stats["accuracy"]["value"] == pytest.approx(diagonal / len(frame))
        if kind == "binary":
            roc = section["receiver_operating_characteristic_curve"]
            pr = section["precision_recall_curve"]
            assert len(roc["false_positive_rates"]) == len(roc["true_positive_rates"]) >= 2
            assert len(pr["precisions"]) == len(pr["recalls"]) >= 2
            assert {
                "auc",
                "f1",
                "f0_5",
                "f2",
                "recall",
                "precision",
                "true_positive_rate",
                "f1_best_constant_classifier",
                "accuracy_best_constant_classifier",
            } <= set(stats)
            assert 0.5 < stats["auc"]["value"] <= 1
        else:
            assert {
                "weighted_f1",
                "weighted_recall",
                "weighted_precision",
                "weighted_f0_5",
                "weighted_f2",
                "accuracy_best_constant_classifier",
            } <= set(stats)


@pytest.mark.parametrize("kind", KINDS)
def test_notebooks_are_valid_and_show_the_computed_statistics(runner_jobs, kind):
    job_dir = runner_jobs / f"job-{kind}"
    job = load(job_dir / "job.json")
    artifacts = job["AutoMLJobArtifacts"]
    exploration_path = s3_path(job_dir, artifacts["DataExplorationNotebookLocation"])
    definition_path = s3_path(job_dir, artifacts["CandidateDefinitionNotebookLocation"])
    assert exploration_path.name == "SageMakerAutopilotDataExplorationNotebook.ipynb"
    assert definition_path.name == "SageMakerAutopilotCandidateDefinitionNotebook.ipynb"
    assert "/sagemaker-automl-candidates/" in artifacts["DataExplorationNotebookLocation"]
    for path in (exploration_path, definition_path):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.nbformat == 4
        for cell in nb.cells:
            if cell.cell_type == "code":
                compile(cell.source, str(path), "exec")
    exploration = nbformat.read(exploration_path, as_version=4)
    text = "\n".join(c.source for c in exploration.cells if c.cell_type == "markdown")
    assert "| Rows with a target value (used) | 157 |" in text
    assert "| Rows dropped (missing target) | 3 |" in text
    assert "| color | categorical |" in text and "| x_linear | numeric |" in text
    assert "| mostly_missing | numeric |" in text  # with its missing count
    assert "Target distribution" in text
    if kind == "binary":
        assert re.search(r"\| no \| \d+ \| [\d.]+% \|", text)
    definition = nbformat.read(definition_path, as_version=4)
    text = "\n".join(c.source for c in definition.cells)
    for c in candidates_of(runner_jobs, kind):
        assert c["CandidateName"] in text
    assert f"{job['BestCandidate']['CandidateName']} (best)" in text
    assert "def make_preprocessor" in text and "ColumnTransformer" in text
    assert str(job_dir.parent) not in text  # no path of the machine that ran the job


def test_candidate_definition_notebook_retrains_the_best_model(runner_jobs, monkeypatch):
    """Running the notebook's code reproduces the job's best model exactly."""
    job_dir = runner_jobs / "job-binary"
    job = load(job_dir / "job.json")
    nb = nbformat.read(s3_path(job_dir, job["AutoMLJobArtifacts"]["CandidateDefinitionNotebookLocation"]), as_version=4)
    monkeypatch.setenv("JUPYTER_AUTOPILOT_JOBS_DIR", str(runner_jobs))
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, "notebook", "exec"), namespace)
    best = job["BestCandidate"]
    assert namespace["CANDIDATE"] == best["CandidateName"]
    retrained, saved = namespace["model"], namespace["job_model"]
    X = namespace["X"]
    # equal up to the last digits BLAS threads may change (the job fit on one thread per fit)
    np.testing.assert_allclose(retrained.predict_proba(X), saved.predict_proba(X), rtol=1e-4, atol=1e-6)
    # the notebook's cross-validation gives the job's objective value
    assert namespace["values"].mean() == pytest.approx(best["FinalAutoMLJobObjectiveMetric"]["Value"])


def test_data_exploration_notebook_recomputes_its_tables(runner_jobs, monkeypatch):
    job_dir = runner_jobs / "job-regression"
    job = load(job_dir / "job.json")
    nb = nbformat.read(s3_path(job_dir, job["AutoMLJobArtifacts"]["DataExplorationNotebookLocation"]), as_version=4)
    monkeypatch.setenv("JUPYTER_AUTOPILOT_JOBS_DIR", str(runner_jobs))
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, "notebook", "exec"), namespace)
    assert namespace["df"].shape == (157, 7)
    assert namespace["features"].isna().sum()["x_square"] > 0


def test_models_predict_the_input_labels(runner_jobs):
    job_dir = runner_jobs / "job-multiclass"
    frame = make_frame("multiclass").dropna(subset=["label"])
    for c in candidates_of(runner_jobs, "multiclass"):
        pipeline = joblib.load(s3_path(job_dir, c["InferenceContainers"][0]["ModelDataUrl"]))
        features = frame.drop(columns=["label"]).assign(color=lambda f: f["color"].astype(object))
        features["is_member"] = features["is_member"].astype(float)
        predicted = pipeline.predict(features)
        assert set(np.unique(predicted)) <= {0.0, 1.0, 2.0}
        assert (predicted == frame["label"].to_numpy()).mean() > 0.6


def test_same_seed_same_job(tmp_path):
    csv = tmp_path / "data.csv"
    make_frame("binary", n=60).to_csv(csv, index=False)
    outputs = []
    for folder in ("first", "second"):
        run_job(csv, "label", "same", jobs_dir=tmp_path / folder, max_candidates=2, seed=7)
        candidates = load(tmp_path / folder / "same" / "candidates.json")["Candidates"]
        outputs.append([(c["CandidateName"], c["FinalAutoMLJobObjectiveMetric"]["Value"]) for c in candidates])
    assert outputs[0] == outputs[1]


# -- through the service and the REST API ------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_runner_jobs_load_through_the_service_with_every_view(runner_jobs, kind):
    from jupyter_autopilot.service import AutopilotService
    from jupyter_autopilot.sources.local import LocalSource

    problem_type, objective, _ = KINDS[kind]
    service = AutopilotService({"local": LocalSource(runner_jobs)})
    try:
        listed = {j["name"]: j for j in service.list_jobs("local").to_dict()["jobs"]}
        assert listed[f"job-{kind}"]["status"] == "Completed"
        job = service.job("local", f"job-{kind}").to_dict()
        assert job["problemType"] == problem_type and job["targetAttribute"] == "label"
        assert job["objective"]["metric"] == objective
        view = service.candidates("local", f"job-{kind}").to_dict()
        assert view["bestCandidate"] == job["bestCandidate"]
        candidates = view["candidates"]
        assert len(candidates) == MAX_CANDIDATES and candidates[0]["isBest"]
        for c in candidates:
            assert c["hasExplainability"] and c["hasModelInsights"]
            name = c["name"]
            explainability = service.explainability("local", f"job-{kind}", name).to_dict()
            assert explainability["available"], explainability["reason"]
            assert {f["name"] for f in explainability["labels"][0]["features"]} == set(FEATURES)
            assert len(explainability["labels"]) == (3 if kind == "multiclass" else 1)
            assert explainability["hyperparameters"]["algorithm"]
            assert explainability["figures"][0]["top"]
            performance = service.performance("local", f"job-{kind}", name).to_dict()
            assert performance["report"]["available"], performance["report"]["reason"]
            assert performance["report"]["itemCount"] == 157
            if kind != "regression":
                assert performance["report"]["confusionMatrix"]["labels"]
            if kind == "binary":
                assert performance["report"]["curves"]["roc"] and performance["report"]["curves"]["precisionRecall"]
            artifacts = service.artifacts("local", f"job-{kind}", name).to_dict()
            assert artifacts["inputs"] and artifacts["outputs"] and artifacts["intermediate"]
            network = service.network("local", f"job-{kind}", name).to_dict()
            assert network["networkIsolation"] is False and network["trainingJob"] == name
            report = service.report("local", f"job-{kind}", name, "performanceJson")
            assert json.loads(report[0])["version"] == 0.0
        for notebook_kind in ("dataExploration", "candidateDefinition"):
            nb = service.notebook("local", f"job-{kind}", notebook_kind)
            assert nb["content"]["nbformat"] == 4
    finally:
        service.close()


@pytest.fixture
def jobs_dir(runner_jobs):
    """Point the server fixture of conftest.py at the runner's jobs."""
    return runner_jobs


async def test_runner_jobs_through_the_rest_api(api, runner_jobs):
    status, body = await api("local", "jobs")
    assert status == 200
    assert {"job-binary", "job-multiclass", "job-regression"} <= {j["name"] for j in body["jobs"]}
    status, body = await api("local", "jobs", "job-binary", "candidates")
    assert status == 200
    for c in body["candidates"]:
        for view in ("explainability", "performance", "artifacts", "network"):
            status, data = await api("local", "jobs", "job-binary", "candidates", c["name"], view)
            assert status == 200, (view, data)
        assert data["networkIsolation"] is False
    for kind in ("dataExploration", "candidateDefinition"):
        status, data = await api("local", "jobs", "job-binary", "notebooks", kind)
        assert status == 200


# -- metric definitions -------------------------------------------------------------------------


def test_metrics_match_scikit_learn():
    from sklearn import metrics as skm

    from jupyter_autopilot.runner.metrics import compute

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    p1 = np.round(np.clip(y * 0.3 + rng.random(200) * 0.7, 0, 1), 2)  # with ties
    proba = np.column_stack([1 - p1, p1])
    got = compute("BinaryClassification", y, proba, 2)
    pred = (p1 > 0.5).astype(int)  # argmax: a tie at 0.5 goes to class 0
    assert got["Accuracy"] == pytest.approx(skm.accuracy_score(y, pred))
    assert got["AUC"] == pytest.approx(skm.roc_auc_score(y, p1))
    assert got["BalancedAccuracy"] == pytest.approx(skm.balanced_accuracy_score(y, pred))
    assert got["F1"] == pytest.approx(skm.f1_score(y, pred))
    assert got["Precision"] == pytest.approx(skm.precision_score(y, pred))
    assert got["Recall"] == pytest.approx(skm.recall_score(y, pred))
    assert got["LogLoss"] == pytest.approx(skm.log_loss(y, proba), rel=1e-6)

    y = rng.integers(0, 3, 150)
    proba = rng.dirichlet([1, 1, 1], 150)
    proba[np.arange(150), y] += 0.3
    proba /= proba.sum(axis=1, keepdims=True)
    pred = proba.argmax(axis=1)
    got = compute("MulticlassClassification", y, proba, 3)
    assert got["Accuracy"] == pytest.approx(skm.accuracy_score(y, pred))
    assert got["BalancedAccuracy"] == pytest.approx(skm.balanced_accuracy_score(y, pred))
    assert got["F1macro"] == pytest.approx(skm.f1_score(y, pred, average="macro"))
    assert got["PrecisionMacro"] == pytest.approx(skm.precision_score(y, pred, average="macro"))
    assert got["RecallMacro"] == pytest.approx(skm.recall_score(y, pred, average="macro"))
    assert got["LogLoss"] == pytest.approx(skm.log_loss(y, proba), rel=1e-6)

    y = rng.normal(size=100)
    pred = y + rng.normal(scale=0.5, size=100)
    got = compute("Regression", y, pred)
    assert got["MAE"] == pytest.approx(skm.mean_absolute_error(y, pred))
    assert got["MSE"] == pytest.approx(skm.mean_squared_error(y, pred))
    assert got["RMSE"] == pytest.approx(skm.root_mean_squared_error(y, pred))
    assert got["R2"] == pytest.approx(skm.r2_score(y, pred))


def test_quality_scores_match_scikit_learn():
    from sklearn import metrics as skm

    from jupyter_autopilot.runner.quality import _binary_scores, _multiclass_scores

    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 300)
    p1 = np.clip(y * 0.35 + rng.random(300) * 0.65, 0, 1)
    pred = (p1 > 0.5).astype(int)
    got = _binary_scores(y, p1, None)  # the likelier class
    at = _binary_scores(y, p1, 0.3)  # a model's decision threshold: positive at 0.3 or more
    assert at["recall"] == pytest.approx(skm.recall_score(y, p1 >= 0.3))
    assert at["precision"] == pytest.approx(skm.precision_score(y, p1 >= 0.3))
    assert at["auc"] == got["auc"]
    for key, beta in (("f0_5", 0.5), ("f1", 1.0), ("f2", 2.0)):
        assert got[key] == pytest.approx(skm.fbeta_score(y, pred, beta=beta))
        assert got[f"{key}_best_constant_classifier"] == pytest.approx(skm.fbeta_score(y, np.ones_like(y), beta=beta))
    assert got["auc"] == pytest.approx(skm.roc_auc_score(y, p1))
    assert got["precision_best_constant_classifier"] == pytest.approx(y.mean())
    assert got["recall_best_constant_classifier"] == 1.0

    y = rng.integers(0, 4, 300)
    proba = rng.dirichlet([1, 1, 1, 1], 300)
    pred = proba.argmax(axis=1)
    got = _multiclass_scores(y, proba, 4)
    assert got["weighted_recall"] == pytest.approx(skm.recall_score(y, pred, average="weighted"))
    assert got["weighted_precision"] == pytest.approx(skm.precision_score(y, pred, average="weighted"))
    assert got["weighted_f2"] == pytest.approx(skm.fbeta_score(y, pred, beta=2, average="weighted"))
    majority = np.full_like(y, np.bincount(y).argmax())
    assert got["weighted_f1_best_constant_classifier"] == pytest.approx(
        skm.f1_score(y, majority, average="weighted", zero_division=0)
    )


def test_any_other_model_is_explained_with_the_permutation_explainer(tmp_path):
    """A model that is neither a tree ensemble nor linear still gets its analysis.json."""
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import Pipeline

    from jupyter_autopilot.runner.data import load_dataset
    from jupyter_autopilot.runner.explain import analysis
    from jupyter_autopilot.runner.preprocessing import make_preprocessor

    csv = tmp_path / "data.csv"
    make_frame("multiclass", n=80).to_csv(csv, index=False)
    ds = load_dataset(csv, "label")
    pipeline = Pipeline(
        [
            ("preprocessor", make_preprocessor(ds.numeric_columns, ds.categorical_columns)),
            ("model", KNeighborsClassifier()),
        ]
    ).fit(ds.features, ds.y)
    labels = analysis(pipeline, ds)["explanations"]["kernel_shap"]
    assert list(labels) == ["0", "1", "2"]
    for entry in labels.values():
        assert list(entry["global_shap_values"]) == FEATURES
        assert 0 <= entry["expected_value"] <= 1  # a mean predicted probability
    assert labels["0"]["global_shap_values"]["x_linear"] > labels["0"]["global_shap_values"]["x_uniform"]
