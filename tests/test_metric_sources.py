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
                ]
            },
            None,
        )
    ]
    metrics, caption = measures.metrics_and_caption(AWS, {"CandidateName": "c"}, steps)
    assert metrics == [
        {"name": "f1", "value": 0.91, "set": "Validation"},
        {"name": "f1", "value": 0.95, "set": "Train"},
        {"name": "ObjectiveMetric", "value": 0.91, "set": None},
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
