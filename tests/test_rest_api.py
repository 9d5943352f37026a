"""Every route of the REST API through a real jupyter_server (pytest-jupyter's jp_fetch)."""

import json

import pytest

from jupyter_autopilot.rest.handlers import routes

JOB = "fx-binary-v2"
BEST = "fx-binary-v2-xgb-002"

ALL_ROUTES = [
    ("sources",),
    ("openapi.json",),
    ("local", "jobs"),
    ("local", "jobs", JOB),
    ("local", "jobs", JOB, "candidates"),
    ("local", "jobs", JOB, "candidates", BEST, "explainability"),
    ("local", "jobs", JOB, "candidates", BEST, "performance"),
    ("local", "jobs", JOB, "candidates", BEST, "artifacts"),
    ("local", "jobs", JOB, "candidates", BEST, "network"),
    ("local", "jobs", JOB, "candidates", BEST, "reports", "performancePdf"),
    ("local", "jobs", JOB, "notebooks", "dataExploration"),
    ("local", "experiments"),
    ("local", "trial-components"),
]


def test_every_route_is_listed_here():
    # 13 URLs above exercise the 10 GET route patterns; POST predictions: tests/test_predictions.py,
    # POST explanation: tests/test_explanations.py,
    # POST jobs, job-preview and jobs/{job}/stop: tests/test_create_jobs.py and test_create_aws.py;
    # deployments, endpoints and transform-jobs: tests/test_use_aws.py; compare and shap-matrix: tests/test_compare.py
    assert len(routes()) == 20


@pytest.mark.parametrize("parts", ALL_ROUTES)
async def test_every_route_answers_with_a_token(api, parts):
    code, _ = await api(*parts)
    assert code == 200


@pytest.mark.parametrize("parts", ALL_ROUTES)
async def test_every_route_refuses_a_request_without_token(jp_fetch, parts):
    response = await jp_fetch(
        "autopilot", "api", *parts, headers={"Authorization": "", "Cookie": ""}, raise_error=False
    )
    assert response.code == 403
    assert "fx-binary" not in response.body.decode()


async def test_sources(api, jobs_dir):
    code, data = await api("sources")
    assert code == 200
    by_id = {s["id"]: s for s in data["sources"]}
    assert set(by_id) == {"local", "aws"}
    assert by_id["local"]["available"] is True
    # no credentials and no region in the test environment: aws is unavailable with a message saying why
    assert by_id["aws"]["available"] is False
    assert by_id["aws"]["message"]


async def test_list_jobs_and_filters(api):
    code, data = await api("local", "jobs")
    assert code == 200
    names = [j["name"] for j in data["jobs"]]
    assert {"fx-binary-v2", "fx-regression-v1", "fx-multiclass-v2", "fx-no-best", "fx-hostile"} <= set(names)
    assert data["nextToken"] is None
    for job in data["jobs"]:
        assert set(job) >= {"name", "status", "secondaryStatus", "creationTime", "endTime", "failureReason"}
    code, data = await api("local", "jobs", params={"nameContains": "regression"})
    assert [j["name"] for j in data["jobs"]] == ["fx-regression-v1"]
    code, data = await api("local", "jobs", params={"status": "Failed"})
    assert [j["name"] for j in data["jobs"]] == ["fx-no-best"]
    assert data["jobs"][0]["failureReason"].startswith("ClientError")
    # epoch-second and space-separated timestamps come back as ISO 8601
    code, data = await api("local", "jobs", params={"nameContains": "fx-no-best"})
    assert data["jobs"][0]["creationTime"] == "2026-10-30T08:00:00Z"


async def test_list_jobs_bad_filters(api):
    code, data = await api("local", "jobs", params={"status": "Exploded"})
    assert code == 400 and "status" in data["message"]
    code, data = await api("local", "jobs", params={"nameContains": "a b"})
    assert code == 400
    code, data = await api("local", "jobs", params={"nextToken": "garbage"})
    assert code == 400


async def test_job_v2(api):
    code, job = await api("local", "jobs", JOB)
    assert code == 200
    assert job["name"] == JOB
    assert job["problemType"] == "BinaryClassification"
    assert job["objective"] == {"metric": "F1", "direction": "Maximize", "requested": "F1", "resolved": "F1"}
    assert job["targetAttribute"] == "y"
    assert job["mode"] == "HYPERPARAMETER_TUNING"
    assert job["bestCandidate"] == BEST
    assert job["inputs"][0]["uri"].startswith("s3://fixture-bucket/")
    assert job["notebooks"]["dataExploration"].endswith("SageMakerAutopilotDataExplorationNotebook.ipynb")
    assert job["security"]["enableInterContainerTrafficEncryption"] is False


async def test_job_v1_normalised(api):
    code, job = await api("local", "jobs", "fx-regression-v1")
    assert code == 200
    assert job["apiVersion"] == "V1"
    assert job["problemType"] == "Regression"
    assert job["targetAttribute"] == "progression"
    assert job["mode"] == "ENSEMBLING"
    assert job["objective"]["direction"] == "Minimize"
    assert job["security"]["vpcConfig"] == {"subnets": ["subnet-22222222"], "securityGroupIds": ["sg-11111111"]}
    assert job["creationTime"].endswith("Z")


async def test_candidates_maximize_order(api):
    code, data = await api("local", "jobs", JOB, "candidates")
    assert code == 200
    assert data["objective"] == {"metric": "F1", "direction": "Maximize"}
    assert data["bestCandidate"] == BEST
    rows = data["candidates"]
    assert rows[0]["name"] == BEST and rows[0]["isBest"] and rows[0]["rank"] == 1
    values = [r["objectiveValue"] for r in rows]
    assert values == [0.857, 0.8, 0.72, None]  # failed candidate (no objective value) last
    assert rows[-1]["status"] == "Failed" and rows[-1]["failureReason"]
    assert rows[0]["hasExplainability"] and rows[0]["hasModelInsights"]
    assert not rows[1]["hasExplainability"]
    assert {"name": "F1", "value": 0.857, "set": "Validation"}.items() <= rows[0]["metrics"][0].items()


async def test_candidates_minimize_order(api):
    code, data = await api("local", "jobs", "fx-regression-v1", "candidates")
    assert data["objective"]["direction"] == "Minimize"
    assert [r["objectiveValue"] for r in data["candidates"]] == [2890.25, 2999.0, 3100.5, 3500.0]
    assert data["candidates"][0]["isBest"]


async def test_job_without_best_candidate(api):
    code, job = await api("local", "jobs", "fx-no-best")
    assert code == 200 and job["bestCandidate"] is None and job["status"] == "Failed"
    code, data = await api("local", "jobs", "fx-no-best", "candidates")
    assert data["bestCandidate"] is None
    assert not any(r["isBest"] for r in data["candidates"])


async def test_explainability_best(api):
    code, data = await api("local", "jobs", JOB, "candidates", BEST, "explainability")
    assert code == 200 and data["available"] is True and data["reason"] is None
    features = data["labels"][0]["features"]
    assert [f["name"] for f in features] == ["duration", "balance", "age", "job_type", "campaign"]
    assert data["hyperparameters"]["max_depth"] == "6"  # JSON-quoted value unquoted
    assert data["hyperparametersFrom"] == BEST
    bar = data["figures"][0]["top"]["data"][0]
    assert bar["type"] == "bar" and bar["y"][0] == "duration"


async def test_explainability_multiclass_labels(api):
    code, data = await api("local", "jobs", "fx-multiclass-v2", "candidates", "fx-multiclass-v2-c1", "explainability")
    assert [item["label"] for item in data["labels"]] == ["class_0", "class_1", "class_2"]
    assert data["labels"][1]["features"][0]["name"] == "alcohol"
    assert data["labels"][2]["features"][0]["name"] == "flavanoids"


async def test_explainability_not_available_keeps_hyperparameters(api):
    code, data = await api("local", "jobs", JOB, "candidates", "fx-binary-v2-xgb-001", "explainability")
    assert code == 200
    assert data["available"] is False
    assert "only for the best candidate" in data["reason"]
    assert data["hyperparameters"]["objective"] == "binary:logistic"
    assert data["figures"] == []


async def test_performance_with_nan(api):
    code, data = await api("local", "jobs", JOB, "candidates", BEST, "performance")
    assert code == 200
    report = data["report"]
    assert report["available"] and report["itemCount"] == 4000
    recall = next(m for m in report["metrics"] if m["name"] == "recall")
    assert recall == {"name": "recall", "value": 0.84, "standardDeviation": None}
    cm = report["confusionMatrix"]
    assert cm["labels"] == ["no", "yes"]
    assert cm["matrix"] == [[3440, 60], [80, 420]]  # rows actual, columns predicted
    assert report["curves"]["roc"]["truePositiveRates"][-1] == 1.0
    assert data["figures"]["confusionMatrix"]["data"][0]["type"] == "heatmap"
    assert {"confusionMatrix", "confusionMatrixNormalized", "roc", "precisionRecall"} <= set(data["figures"])


async def test_performance_nan_row_and_regression(api):
    code, data = await api("local", "jobs", "fx-multiclass-v2", "candidates", "fx-multiclass-v2-c1", "performance")
    assert data["report"]["confusionMatrix"]["matrix"][2] == [None, None, None]
    code, data = await api("local", "jobs", "fx-regression-v1", "candidates", "fx-regression-v1-c2", "performance")
    names = {m["name"]: m for m in data["report"]["metrics"]}
    assert names["mse"]["standardDeviation"] is None and names["rmse"]["standardDeviation"] == 0.8
    assert data["report"]["confusionMatrix"] is None


async def test_performance_not_available(api):
    code, data = await api("local", "jobs", JOB, "candidates", "fx-binary-v2-lin-003", "performance")
    assert code == 200 and data["report"]["available"] is False and data["report"]["reason"]
    assert data["candidateMetrics"]


async def test_artifacts(api):
    code, data = await api("local", "jobs", JOB, "candidates", BEST, "artifacts")
    assert code == 200
    assert data["inputs"][0]["uri"] == "s3://fixture-bucket/fx-binary-v2/input/train.csv"
    kinds = {a["kind"] for a in data["outputs"]}
    assert {"Model artifact", "Explainability", "ModelInsights", "Notebook"} <= kinds
    assert any(a["kind"] == "ProcessingJob" for a in data["intermediate"])
    assert any(a["kind"] == "TrainingJob output" for a in data["intermediate"])
    for group in ("inputs", "outputs", "intermediate"):
        for a in data[group]:
            assert set(a) >= {"name", "uri", "kind"}


async def test_network_from_training_job_and_fallback(api):
    code, data = await api("local", "jobs", JOB, "candidates", BEST, "network")
    assert data["networkIsolation"] is True and data["interContainerTrafficEncryption"] is True
    assert data["vpc"]["securityGroupIds"] == ["sg-0123456789abcdef0"]
    assert data["volumeKmsKeyId"].endswith("vol-key") and data["outputKmsKeyId"].endswith("out-key")
    code, data = await api("local", "jobs", "fx-regression-v1", "candidates", "fx-regression-v1-c4", "network")
    assert data["from"] == "jobSecurityConfig"
    assert data["vpc"] == {"subnets": ["subnet-22222222"], "securityGroupIds": ["sg-11111111"]}


async def test_notebooks(api):
    code, nb = await api("local", "jobs", JOB, "notebooks", "candidateDefinition")
    assert code == 200 and nb["nbformat"] == 4 and nb["cells"]
    code, data = await api("local", "jobs", "fx-no-best", "notebooks", "dataExploration")
    assert code == 404 and "no data exploration notebook" in data["message"]
    code, data = await api("local", "jobs", JOB, "notebooks", "secrets")
    assert code == 404


async def test_views_say_which_report_files_exist(api):
    code, data = await api("local", "jobs", JOB, "candidates", BEST, "explainability")
    assert data["reports"] == {"explainabilityPdf": True}
    code, data = await api("local", "jobs", JOB, "candidates", BEST, "performance")
    assert data["reports"] == {"performancePdf": True, "performanceJson": True}
    code, data = await api("local", "jobs", "fx-multiclass-v2", "candidates", "fx-multiclass-v2-c1", "performance")
    assert data["reports"] == {"performancePdf": False, "performanceJson": True}
    code, data = await api("local", "jobs", JOB, "candidates", "fx-binary-v2-xgb-001", "explainability")
    assert data["reports"] == {"explainabilityPdf": False}


async def test_reports(jp_fetch, api):
    response = await jp_fetch(
        "autopilot", "api", "local", "jobs", JOB, "candidates", BEST, "reports", "explainabilityPdf"
    )
    assert response.code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert response.body.startswith(b"%PDF")
    code, data = await api("local", "jobs", JOB, "candidates", BEST, "reports", "performanceJson")
    assert code == 200 and "binary_classification_metrics" in data
    code, data = await api("local", "jobs", JOB, "candidates", "fx-binary-v2-xgb-001", "reports", "performancePdf")
    assert code == 404 and data["message"]


async def test_experiments_and_trial_components(api):
    code, data = await api("local", "experiments")
    assert code == 200
    assert {e["jobName"] for e in data["experiments"]} >= {JOB, "fx-regression-v1"}
    assert all(e["name"].endswith("-aws-auto-ml-job") for e in data["experiments"])
    code, data = await api("local", "trial-components", params={"unassigned": "true"})
    assert code == 200
    assert {t["jobName"] for t in data["trialComponents"]} >= {JOB}
    assert all(":automl-job/" in t["sourceArn"] for t in data["trialComponents"])


@pytest.mark.parametrize(
    "parts,status",
    [
        (("local", "jobs", "no-such-job"), 404),
        (("local", "jobs", "bad_name!"), 400),
        (("local", "jobs", "x" * 40), 400),
        (("local", "jobs", JOB, "candidates", "nope-candidate", "explainability"), 404),
        (("local", "jobs", JOB, "candidates", "bad name", "performance"), 400),
        (("mars", "jobs"), 404),
    ],
)
async def test_errors_are_json_with_a_useful_status(api, parts, status):
    code, data = await api(*parts)
    assert code == status
    assert isinstance(data, dict) and data["message"]
    assert "Traceback" not in data["message"]


async def test_malformed_artifact_marks_only_its_part_and_names_the_file(api):
    """A malformed analysis.json hides the SHAP part only: hyperparameters and candidate metrics
    still show; a malformed statistics.json hides the report only."""
    code, data = await api("local", "jobs", "fx-malformed", "candidates", "fx-malformed-c1", "explainability")
    assert code == 200 and data["available"] is False
    assert "analysis.json" in data["reason"] and "not valid JSON" in data["reason"]
    assert data["hyperparameters"] and data["candidateMetrics"]
    code, data = await api("local", "jobs", "fx-malformed", "candidates", "fx-malformed-c1", "performance")
    assert code == 200 and data["report"]["available"] is False and "statistics.json" in data["report"]["reason"]
    assert data["candidateMetrics"]


async def test_hostile_strings_come_back_as_json_text(jp_fetch):
    response = await jp_fetch("autopilot", "api", "local", "jobs", "fx-hostile")
    assert response.headers["Content-Type"].startswith("application/json")
    assert json.loads(response.body)["failureReason"].endswith('<img src=x onerror="window.__pwned=1">')
    response = await jp_fetch(
        "autopilot", "api", "local", "jobs", "fx-hostile", "candidates", "fx-hostile-c1", "explainability"
    )
    data = json.loads(response.body)
    names = [f["name"] for f in data["labels"][0]["features"]]
    assert names[0] == '<img src=x onerror="window.__pwned=1">'
    # in the plotly figure the same name is escaped, so plotly cannot parse it as markup
    assert data["figures"][0]["top"]["data"][0]["y"][0].startswith("&lt;img")
    assert all("<" not in y for y in data["figures"][0]["top"]["data"][0]["y"])


async def test_no_nan_in_any_json(api):
    for parts in ALL_ROUTES[2:9]:
        code, data = await api(*parts)
        text = json.dumps(data)
        assert "NaN" not in text and "Infinity" not in text


def test_on_aws_tells_runner_jobs_from_aws_jobs():
    from jupyter_autopilot.records import on_aws

    assert on_aws({"AutoMLJobArn": "arn:aws:sagemaker:us-east-1:123456789012:automl-job/x"})
    assert on_aws({"AutoMLJobArn": "arn:aws-cn:sagemaker:cn-north-1:123456789012:automl-job/x"})
    assert not on_aws({"AutoMLJobArn": "arn:aws:sagemaker:local:000000000000:automl-job/x"})
    assert not on_aws({})


async def test_views_say_whether_the_job_is_on_aws(api):
    code, job = await api("local", "jobs", JOB)
    assert job["onAws"] is True  # an exported AWS job keeps its console links
    code, data = await api("local", "jobs", JOB, "candidates", BEST, "artifacts")
    assert data["onAws"] is True
