"""What each metric table was computed on (so two tables never look contradictory), and older
jobs' metrics from their training job's FinalMetricDataList."""

from jupyter_autopilot.service import measures
from jupyter_autopilot.service import models as m

LOCAL = {"AutoMLJobArn": "arn:aws:sagemaker:local:000000000000:automl-job/j"}
AWS = {"AutoMLJobArn": "arn:aws:sagemaker:us-east-1:123456789012:automl-job/j"}
TRAINING = {"CandidateStepType": "AWS::SageMaker::TrainingJob", "CandidateStepName": "j-train-1"}


def test_older_jobs_take_the_training_jobs_final_metrics():
    steps = [
        (
            TRAINING,
            {
                "FinalMetricDataList": [
                    {"MetricName": "validation:f1", "Value": 0.91},
                    {"MetricName": "train:f1", "Value": 0.95},
                    {"MetricName": "ObjectiveMetric", "Value": 0.91},
                    {"MetricName": "validation:binary_f_beta", "Value": 0.9},
                ]
            },
            None,
        )
    ]
    metrics, caption = measures.metrics_and_caption(AWS, {"CandidateName": "c"}, steps)
    # under Autopilot's standard names (one column with the objective's); any other name as it is
    assert metrics == [
        {"name": "F1", "value": 0.91, "set": "Validation"},
        {"name": "F1", "value": 0.95, "set": "Train"},
        {"name": "ObjectiveMetric", "value": 0.91, "set": None},
        {"name": "binary_f_beta", "value": 0.9, "set": "Validation"},
    ]
    assert "j-train-1" in caption and "FinalMetricDataList" in caption


def test_candidate_metrics_say_what_they_are():
    cand = {"CandidateProperties": {"CandidateMetrics": [{"MetricName": "F1", "Value": 0.9, "Set": "Validation"}]}}
    _, local = measures.metrics_and_caption(LOCAL, cand, None)
    _, aws = measures.metrics_and_caption(AWS, cand, None)
    assert "the mean of the per-fold scores" in local and "pool the out-of-fold" in local
    assert "As Autopilot recorded them" in aws


def test_the_report_says_what_it_was_computed_on():
    report = m.QualityReport.model_validate(
        {
            "available": True,
            "problemType": "BinaryClassification",
            "confusionMatrix": {"labels": ["no", "yes"], "matrix": [[300, 10], [20, 239]]},
        }
    )
    assert measures.report_caption(LOCAL, report).startswith("Pooled out-of-fold predictions (569 rows)")
    assert measures.report_caption(AWS, report) == "Computed by Autopilot on the validation data (569 rows)."


def _older_job(fixture_jobs_dir, tmp_path):
    """fx-regression-v1 as a pre-2022 job: no CandidateMetrics; its training jobs' records hold
    FinalMetricDataList (c4 has no training record)."""
    import json
    import shutil

    root = tmp_path / "jobs"
    shutil.copytree(fixture_jobs_dir / "fx-regression-v1", root / "fx-old")
    job = root / "fx-old"
    record = json.loads((job / "job.json").read_text())
    record["AutoMLJobName"] = "fx-old"
    (job / "job.json").write_text(json.dumps(record))
    listing = json.loads((job / "candidates.json").read_text())
    for cand in listing["Candidates"]:
        cand["CandidateProperties"].pop("CandidateMetrics")
    (job / "candidates.json").write_text(json.dumps(listing))
    for path in (job / "training-jobs").glob("*.json"):
        training = json.loads(path.read_text())
        mse = 3000.0 + len(training["TrainingJobName"])
        training["FinalMetricDataList"] = [
            {"MetricName": "validation:mse", "Value": mse},
            {"MetricName": "validation:r2", "Value": 0.41},
            {"MetricName": "train:mse", "Value": mse / 2},
        ]
        path.write_text(json.dumps(training))
    return root


def test_an_older_jobs_leaderboard_takes_each_training_jobs_final_metrics(fixture_jobs_dir, tmp_path):
    from jupyter_autopilot.settings import ServiceSettings
    from jupyter_autopilot.wiring import create_service

    service = create_service(ServiceSettings(jobs_dir=str(_older_job(fixture_jobs_dir, tmp_path))))
    src = service.source("local")
    calls = []
    original = src.describe_step
    src.describe_step = lambda *a: calls.append(a) or original(*a)
    board = service.candidates("local", "fx-old")
    assert sorted(name for _, _, name in calls) == [f"fx-regression-v1-c{i}" for i in range(1, 5)]
    rows = {c.name: c for c in board.candidates}
    c1 = rows["fx-regression-v1-c1"]
    assert [(x.name, x.set, x.value) for x in c1.metrics] == [
        ("MSE", "Validation", 3019.0),
        ("R2", "Validation", 0.41),
        ("MSE", "Train", 1509.5),
    ]
    assert c1.metrics_from == "fx-regression-v1-c1"
    # c4 has no training job record: its row keeps the objective alone
    assert rows["fx-regression-v1-c4"].metrics == [] and rows["fx-regression-v1-c4"].metrics_from is None
    assert "FinalMetricDataList" in board.metrics_note and "read for 3 of 4 candidates" in board.metrics_note
    # Performance says the same numbers, from the same record
    perf = service.performance("local", "fx-old", "fx-regression-v1-c1")
    assert [(x.name, x.value) for x in perf.candidate_metrics] == [(x.name, x.value) for x in c1.metrics]
    assert len(calls) == 4  # each training job described once: Performance reads the kept record


def test_a_job_with_candidate_metrics_reads_no_training_job_for_the_leaderboard(fixture_jobs_dir):
    from jupyter_autopilot.settings import ServiceSettings
    from jupyter_autopilot.wiring import create_service

    service = create_service(ServiceSettings(jobs_dir=str(fixture_jobs_dir)))
    src = service.source("local")
    calls = []
    original = src.describe_step
    src.describe_step = lambda *a: calls.append(a) or original(*a)
    board = service.candidates("local", "fx-regression-v1")
    assert board.metrics_note is None and all(c.metrics_from is None for c in board.candidates)
    assert calls == []
