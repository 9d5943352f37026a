"""Realistic AWS records and moto / Stubber helpers for tests of the aws source.

Everything here is a plain function that takes a boto3 client or a botocore Stubber, so tests of
the source, the REST API and export can share it. Record shapes follow the botocore service model
(the Stubber checks them); values follow what Autopilot writes (names, S3 layout, metrics).

moto (5.x) lacks ListCandidatesForAutoMLJob and DescribeAutoMLJob (V1), and its V2 describe
returns a fixed placeholder BestCandidate with status InProgress; :func:`create_moto_job` creates
the job through the API and then patches moto's backend state to a realistic completed job.
For the candidates use :func:`stub_list_candidates` (a Stubber, one response per page) or
:func:`serve_candidates` (answers any number of calls on a moto client, checking every request
and response against the service model just as Stubber does).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from botocore.validate import validate_parameters

ACCOUNT = "123456789012"
REGION = "us-east-1"
BUCKET = "autopilot-test-bucket"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/service-role/AmazonSageMaker-ExecutionRole-20240101"
T0 = datetime(2024, 5, 6, 9, 30, 0, tzinfo=timezone.utc)

IMAGE_SKLEARN = f"683313688378.dkr.ecr.{REGION}.amazonaws.com/sagemaker-scikit-learn-automl:2.5-1-cpu-py3"
IMAGE_XGBOOST = f"683313688378.dkr.ecr.{REGION}.amazonaws.com/sagemaker-xgboost:1.7-1"

NOTEBOOK = {
    "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Amazon SageMaker Autopilot"]}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 4,
}


# ---------------------------------------------------------------------------------------------
# environment


def aws_test_env(monkeypatch, tmp_path, *, credentials: bool = True, region: str | None = REGION):
    """Isolate botocore from the machine: empty config files, no IMDS, optional fake keys."""
    config = tmp_path / "aws-config"
    creds = tmp_path / "aws-credentials"
    config.write_text("")
    creds.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(creds))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for var in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_ROLE_ARN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_SAGEMAKER",
        "AWS_ENDPOINT_URL_S3",
        "AWS_MAX_ATTEMPTS",
        "AWS_RETRY_MODE",
    ):
        monkeypatch.delenv(var, raising=False)
    if credentials:
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    if region:
        monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    return config, creds


# ---------------------------------------------------------------------------------------------
# names and locations


def output_path(job: str, bucket: str = BUCKET) -> str:
    return f"s3://{bucket}/autopilot/output"


def explainability_prefix(job: str, candidate: str, bucket: str = BUCKET) -> str:
    return f"s3://{bucket}/autopilot/output/{job}/documentation/explainability/output/{candidate}"


def model_insights_prefix(job: str, candidate: str, bucket: str = BUCKET) -> str:
    return f"s3://{bucket}/autopilot/output/{job}/documentation/model_monitor/output/{candidate}"


def notebook_locations(job: str, bucket: str = BUCKET) -> dict:
    base = f"s3://{bucket}/autopilot/output/{job}/sagemaker-automl-candidates/{job[:20]}-pr-1-0a1b2c3d4e/notebooks"
    return {
        "CandidateDefinitionNotebookLocation": f"{base}/SageMakerAutopilotCandidateDefinitionNotebook.ipynb",
        "DataExplorationNotebookLocation": f"{base}/SageMakerAutopilotDataExplorationNotebook.ipynb",
    }


def step_names(job: str, index: int) -> dict:
    """Autopilot-style names of one HPO candidate's steps (all valid SageMaker job names)."""
    stem = job[:20]
    return {
        "processing": f"{stem}-db-1-4c2f1e3b5a",  # shared data split job
        "dpp_training": f"{stem}-dpp{index % 3}-1-9f8e7d6c5b",
        "dpp_transform": f"{stem}-dpp{index % 3}-rpb-1-9f8e7d6c5b",
        "training": candidate_name(job, index),
    }


def candidate_name(job: str, index: int) -> str:
    return f"{job[:20]}Yi3ozMHm6Z-{index:03d}-b1f7b3a5"


def _arn(kind: str, name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:{kind}/{name.lower()}"


# ---------------------------------------------------------------------------------------------
# candidate and job records (shapes of the botocore service model)

BINARY_METRICS = ["F1", "Accuracy", "AUC", "BalancedAccuracy", "Precision", "Recall", "LogLoss"]
MULTICLASS_METRICS = ["Accuracy", "BalancedAccuracy", "F1macro", "PrecisionMacro", "RecallMacro", "LogLoss"]
REGRESSION_METRICS = ["MSE", "RMSE", "MAE", "R2"]


def candidate_record(
    job: str,
    index: int,
    *,
    metric: str = "F1",
    value: float | None = 0.9,
    direction: str | None = "Maximize",
    metrics: Iterable[str] = BINARY_METRICS,
    explainability: bool = False,
    model_insights: bool = False,
    status: str = "Completed",
    bucket: str = BUCKET,
    with_transform: bool = True,
) -> dict:
    """One AutoMLCandidate (ListCandidatesForAutoMLJob / BestCandidate) of an HPO job."""
    name = candidate_name(job, index)
    steps = step_names(job, index)
    created = T0 + timedelta(minutes=10 + index)
    candidate_steps = [
        {
            "CandidateStepType": "AWS::SageMaker::ProcessingJob",
            "CandidateStepArn": _arn("processing-job", steps["processing"]),
            "CandidateStepName": steps["processing"],
        },
        {
            "CandidateStepType": "AWS::SageMaker::TrainingJob",
            "CandidateStepArn": _arn("training-job", steps["dpp_training"]),
            "CandidateStepName": steps["dpp_training"],
        },
    ]
    if with_transform:
        candidate_steps.append(
            {
                "CandidateStepType": "AWS::SageMaker::TransformJob",
                "CandidateStepArn": _arn("transform-job", steps["dpp_transform"]),
                "CandidateStepName": steps["dpp_transform"],
            }
        )
    candidate_steps.append(
        {
            "CandidateStepType": "AWS::SageMaker::TrainingJob",
            "CandidateStepArn": _arn("training-job", steps["training"]),
            "CandidateStepName": steps["training"],
        }
    )
    record = {
        "CandidateName": name,
        "ObjectiveStatus": "Succeeded" if value is not None else ("Failed" if status == "Failed" else "Pending"),
        "CandidateSteps": candidate_steps,
        "CandidateStatus": status,
        "InferenceContainers": [
            {
                "Image": IMAGE_SKLEARN,
                "ModelDataUrl": f"s3://{bucket}/autopilot/output/{job}/data-processor-models/{steps['dpp_training']}/output/model.tar.gz",
                "Environment": {"AUTOML_TRANSFORM_MODE": "feature-transform", "SAGEMAKER_PROGRAM": "sagemaker_serve"},
            },
            {
                "Image": IMAGE_XGBOOST,
                "ModelDataUrl": f"s3://{bucket}/autopilot/output/{job}/tuning/{job[:20]}-dpp0-xgb/{name}/output/model.tar.gz",
                "Environment": {"MAX_CONTENT_LENGTH": "20971520", "SAGEMAKER_INFERENCE_OUTPUT": "predicted_label"},
            },
        ],
        "CreationTime": created,
        "LastModifiedTime": created + timedelta(minutes=7),
    }
    if status in ("Completed", "Failed", "Stopped"):
        record["EndTime"] = created + timedelta(minutes=6)
    if status == "Failed":
        record["FailureReason"] = "AlgorithmError: <b>ValueError</b>: Input contains NaN"
    if value is not None:
        final = {"MetricName": metric, "Value": float(value), "StandardMetricName": metric}
        if direction:
            final["Type"] = direction
        record["FinalAutoMLJobObjectiveMetric"] = final
        shown = []
        for i, m in enumerate(metrics):
            v = float(value) if m == metric else round(0.5 + (index * 7 + i * 3) % 40 / 100, 4)
            shown.append({"MetricName": m, "Value": v, "Set": "Validation", "StandardMetricName": m})
        record["CandidateProperties"] = {"CandidateMetrics": shown}
    if explainability or model_insights:
        # Explainability is a required member of CandidateArtifactLocations
        locations = {"Explainability": explainability_prefix(job, name, bucket)}
        if model_insights:
            locations["ModelInsights"] = model_insights_prefix(job, name, bucket)
        record.setdefault("CandidateProperties", {})["CandidateArtifactLocations"] = locations
    return record


def binary_candidates(job: str, bucket: str = BUCKET) -> list[dict]:
    """Maximize (F1): the best has explainability + model insights; one failed without value."""
    return [
        candidate_record(job, 3, value=0.9312, explainability=True, model_insights=True, bucket=bucket),
        candidate_record(job, 1, value=0.9105, bucket=bucket),
        candidate_record(job, 2, value=0.8874, bucket=bucket, with_transform=False),
        candidate_record(job, 4, value=None, status="Failed", bucket=bucket),
    ]


def regression_candidates(job: str, bucket: str = BUCKET) -> list[dict]:
    """Minimize (MSE), best (lowest) first."""
    kw = dict(metric="MSE", direction="Minimize", metrics=REGRESSION_METRICS, bucket=bucket)
    return [
        candidate_record(job, 2, value=12.5, explainability=True, model_insights=True, **kw),
        candidate_record(job, 1, value=14.25, **kw),
        candidate_record(job, 3, value=20.0, **kw),
    ]


def multiclass_candidates(job: str, bucket: str = BUCKET) -> list[dict]:
    kw = dict(metric="Accuracy", direction="Maximize", metrics=MULTICLASS_METRICS, bucket=bucket)
    return [
        candidate_record(job, 1, value=0.8421, explainability=True, model_insights=True, **kw),
        candidate_record(job, 2, value=0.8012, **kw),
    ]


def v2_job_record(
    job: str,
    *,
    problem_type: str = "BinaryClassification",
    metric: str = "F1",
    target: str = "churn",
    best_candidate: dict | None = None,
    status: str = "Completed",
    secondary_status: str = "Completed",
    bucket: str = BUCKET,
) -> dict:
    """A DescribeAutoMLJobV2 response (tabular)."""
    record = {
        "AutoMLJobName": job,
        "AutoMLJobArn": _arn("automl-job", job),
        "AutoMLJobInputDataConfig": [
            {
                "ChannelType": "training",
                "ContentType": "text/csv;header=present",
                "CompressionType": "None",
                "DataSource": {
                    "S3DataSource": {
                        "S3DataType": "S3Prefix",
                        "S3Uri": f"s3://{bucket}/autopilot/input/{job}/train.csv",
                    }
                },
            }
        ],
        "OutputDataConfig": {"S3OutputPath": output_path(job, bucket)},
        "RoleArn": ROLE_ARN,
        "AutoMLJobObjective": {"MetricName": metric},
        "AutoMLProblemTypeConfig": {
            "TabularJobConfig": {
                "CompletionCriteria": {
                    "MaxCandidates": 10,
                    "MaxRuntimePerTrainingJobInSeconds": 3600,
                    "MaxAutoMLJobRuntimeInSeconds": 14400,
                },
                "Mode": "HYPERPARAMETER_TUNING",
                "GenerateCandidateDefinitionsOnly": False,
                "ProblemType": problem_type,
                "TargetAttributeName": target,
            }
        },
        "AutoMLProblemTypeConfigName": "Tabular",
        "CreationTime": T0,
        "LastModifiedTime": T0 + timedelta(hours=2),
        "AutoMLJobStatus": status,
        "AutoMLJobSecondaryStatus": secondary_status,
        "AutoMLJobArtifacts": notebook_locations(job, bucket),
        "ResolvedAttributes": {
            "AutoMLJobObjective": {"MetricName": metric},
            "CompletionCriteria": {
                "MaxCandidates": 10,
                "MaxRuntimePerTrainingJobInSeconds": 3600,
                "MaxAutoMLJobRuntimeInSeconds": 14400,
            },
            "AutoMLProblemTypeResolvedAttributes": {"TabularResolvedAttributes": {"ProblemType": problem_type}},
        },
        "DataSplitConfig": {"ValidationFraction": 0.2},
        "SecurityConfig": {"EnableInterContainerTrafficEncryption": False},
    }
    if status in ("Completed", "Failed", "Stopped"):
        record["EndTime"] = T0 + timedelta(hours=2)
    if status == "Failed":
        record["FailureReason"] = "ClientError: Could not complete the data split: the target column has one class"
    if best_candidate is not None:
        record["BestCandidate"] = copy.deepcopy(best_candidate)
    return record


def v2_binary_job(job: str, bucket: str = BUCKET) -> tuple[dict, list[dict]]:
    """(DescribeAutoMLJobV2 record, candidates) of a completed binary job with a BestCandidate."""
    candidates = binary_candidates(job, bucket)
    return v2_job_record(job, best_candidate=candidates[0], bucket=bucket), candidates


def v2_regression_job(job: str, bucket: str = BUCKET) -> tuple[dict, list[dict]]:
    candidates = regression_candidates(job, bucket)
    record = v2_job_record(
        job, problem_type="Regression", metric="MSE", target="price", best_candidate=candidates[0], bucket=bucket
    )
    return record, candidates


def v2_job_without_best_candidate(job: str, bucket: str = BUCKET) -> tuple[dict, list[dict]]:
    """A stopped job that never got a completed candidate: no BestCandidate, no objective values."""
    candidates = [candidate_record(job, 1, value=None, status="Stopped", bucket=bucket)]
    record = v2_job_record(job, status="Stopped", secondary_status="MaxAutoMLJobRuntimeReached", bucket=bucket)
    return record, candidates


def v1_multiclass_job(job: str, bucket: str = BUCKET) -> tuple[dict, list[dict]]:
    """(DescribeAutoMLJob V1 record, candidates) of a completed multiclass job."""
    candidates = multiclass_candidates(job, bucket)
    record = {
        "AutoMLJobName": job,
        "AutoMLJobArn": _arn("automl-job", job),
        "InputDataConfig": [
            {
                "DataSource": {
                    "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{bucket}/autopilot/input/{job}/iris.csv"}
                },
                "CompressionType": "None",
                "TargetAttributeName": "species",
                "ContentType": "text/csv;header=present",
                "ChannelType": "training",
            }
        ],
        "OutputDataConfig": {
            "S3OutputPath": output_path(job, bucket),
            "KmsKeyId": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        },
        "RoleArn": ROLE_ARN,
        "AutoMLJobObjective": {"MetricName": "Accuracy"},
        "ProblemType": "MulticlassClassification",
        "AutoMLJobConfig": {
            "CompletionCriteria": {"MaxCandidates": 5},
            "SecurityConfig": {
                "VolumeKmsKeyId": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "EnableInterContainerTrafficEncryption": True,
                "VpcConfig": {
                    "SecurityGroupIds": ["sg-0123456789abcdef0"],
                    "Subnets": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
                },
            },
            "Mode": "HYPERPARAMETER_TUNING",
        },
        "CreationTime": T0,
        "EndTime": T0 + timedelta(hours=1),
        "LastModifiedTime": T0 + timedelta(hours=1),
        "BestCandidate": copy.deepcopy(candidates[0]),
        "AutoMLJobStatus": "Completed",
        "AutoMLJobSecondaryStatus": "Completed",
        "GenerateCandidateDefinitionsOnly": False,
        "AutoMLJobArtifacts": notebook_locations(job, bucket),
        "ResolvedAttributes": {
            "AutoMLJobObjective": {"MetricName": "Accuracy"},
            "ProblemType": "MulticlassClassification",
            "CompletionCriteria": {"MaxCandidates": 5},
        },
    }
    return record, candidates


# ---------------------------------------------------------------------------------------------
# artifacts


def analysis_json(labels: dict[str, dict[str, float]], expected: float = 0.5) -> dict:
    """Clarify analysis.json with one kernel_shap entry per label."""
    return {
        "version": "1.0",
        "explanations": {
            "kernel_shap": {
                label: {"global_shap_values": features, "expected_value": expected + i / 10}
                for i, (label, features) in enumerate(labels.items())
            }
        },
    }


BINARY_SHAP = {"label0": {"tenure": 0.1123, "monthly_charges": 0.0734, "contract": 0.0512, "age": 0.0021}}
MULTICLASS_SHAP = {
    "setosa": {"petal_length": 0.31, "petal_width": 0.27, "sepal_length": 0.04},
    "versicolor": {"petal_width": 0.22, "petal_length": 0.19, "sepal_width": 0.03},
    "virginica": {"petal_length": 0.29, "petal_width": 0.25, "sepal_width": 0.02},
}


def statistics_json(problem_type: str = "BinaryClassification") -> dict:
    """Model-quality statistics.json; standard deviations may be the string "NaN"."""
    if problem_type == "Regression":
        return {
            "version": 0.0,
            "dataset": {"item_count": 512, "evaluation_time": "2024-05-06T11:20:00.000Z"},
            "regression_metrics": {
                "mae": {"value": 2.5, "standard_deviation": 0.1},
                "mse": {"value": 12.5, "standard_deviation": 0.8},
                "rmse": {"value": 3.54, "standard_deviation": "NaN"},
                "r2": {"value": 0.81, "standard_deviation": 0.01},
            },
        }
    if problem_type == "MulticlassClassification":
        return {
            "version": 0.0,
            "dataset": {"item_count": 150, "evaluation_time": "2024-05-06T10:20:00.000Z"},
            "multiclass_classification_metrics": {
                "confusion_matrix": {
                    "setosa": {"setosa": 50, "versicolor": 0, "virginica": 0},
                    "versicolor": {"setosa": 0, "versicolor": 45, "virginica": 5},
                    "virginica": {"setosa": 0, "versicolor": 4, "virginica": 46},
                },
                "accuracy": {"value": 0.94, "standard_deviation": "NaN"},
                "weighted_f1": {"value": 0.9399, "standard_deviation": "NaN"},
            },
        }
    return {
        "version": 0.0,
        "dataset": {"item_count": 4000, "evaluation_time": "2024-05-06T11:25:00.000Z"},
        "binary_classification_metrics": {
            "confusion_matrix": {"0": {"0": 2817, "1": 33}, "1": {"0": 120, "1": 1030}},
            "recall": {"value": 0.8957, "standard_deviation": 0.004},
            "precision": {"value": 0.969, "standard_deviation": "NaN"},
            "accuracy": {"value": 0.9618, "standard_deviation": 0.002},
            "f1": {"value": 0.9312, "standard_deviation": 0.003},
            "auc": {"value": 0.987, "standard_deviation": 0.001},
            "receiver_operating_characteristic_curve": {
                "false_positive_rates": [0.0, 0.01, 0.1, 1.0],
                "true_positive_rates": [0.0, 0.8, 0.95, 1.0],
            },
            "precision_recall_curve": {"precisions": [1.0, 0.97, 0.9, 0.29], "recalls": [0.0, 0.8, 0.95, 1.0]},
        },
    }


def put_object(s3_client, uri: str, body) -> None:
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    elif isinstance(body, str):
        body = body.encode()
    bucket, _, key = uri[len("s3://") :].partition("/")
    s3_client.put_object(Bucket=bucket, Key=key, Body=body)


def ensure_bucket(s3_client, bucket: str = BUCKET) -> None:
    try:
        s3_client.create_bucket(Bucket=bucket)
    except ClientError as exc:
        if exc.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise


def put_candidate_artifacts(
    s3_client,
    candidate: dict,
    *,
    problem_type: str = "BinaryClassification",
    shap: dict | None = None,
    evil_sibling: bool = True,
) -> dict:
    """Write analysis.json (one auto-named folder below Explainability), report.pdf and
    statistics.json (ModelInsights) for a candidate; returns {name: uri}. With ``evil_sibling``
    also writes objects in ``<prefix>-evil/`` next to each prefix, which must never be read."""
    locations = (candidate.get("CandidateProperties") or {}).get("CandidateArtifactLocations") or {}
    written = {}
    explainability = locations.get("Explainability")
    if explainability:
        if shap is None:
            shap = MULTICLASS_SHAP if problem_type == "MulticlassClassification" else BINARY_SHAP
        sub = f"{explainability}/clarify-explainability-{candidate['CandidateName'][-8:]}"
        written["analysis.json"] = f"{sub}/analysis.json"
        written["explainability report.pdf"] = f"{sub}/report.pdf"
        put_object(s3_client, written["analysis.json"], analysis_json(shap))
        put_object(s3_client, written["explainability report.pdf"], b"%PDF-1.4 explainability report\n%%EOF\n")
        if evil_sibling:
            put_object(s3_client, f"{explainability}-evil/analysis.json", {"evil": True})
    insights = locations.get("ModelInsights")
    if insights:
        written["statistics.json"] = f"{insights}/statistics.json"
        written["model insights report.pdf"] = f"{insights}/report.pdf"
        put_object(s3_client, written["statistics.json"], statistics_json(problem_type))
        put_object(s3_client, written["model insights report.pdf"], b"%PDF-1.4 model quality report\n%%EOF\n")
        if evil_sibling:
            put_object(s3_client, f"{insights}-evil/statistics.json", {"evil": True})
    return written


def put_notebooks(s3_client, record: dict) -> dict:
    artifacts = record.get("AutoMLJobArtifacts") or {}
    written = {}
    for key, title in (
        ("DataExplorationNotebookLocation", "Data exploration"),
        ("CandidateDefinitionNotebookLocation", "Candidate definition"),
    ):
        uri = artifacts.get(key)
        if uri:
            notebook = copy.deepcopy(NOTEBOOK)
            notebook["cells"][0]["source"] = [f"# Amazon SageMaker Autopilot {title} Notebook"]
            put_object(s3_client, uri, notebook)
            written[key] = uri
    return written


# ---------------------------------------------------------------------------------------------
# moto


def _moto_backend(account: str = ACCOUNT, region: str = REGION):
    from moto.sagemaker.models import sagemaker_backends

    return sagemaker_backends[account][region]


def create_moto_job(sagemaker_client, record: dict, *, account: str = ACCOUNT, region: str = REGION) -> dict:
    """Create a V2 job in moto and patch moto's backend so DescribeAutoMLJobV2 returns ``record``'s
    status, BestCandidate, artifacts and times (moto's own are placeholders). Returns the
    describe response as boto3 parses it."""
    tabular = (
        copy.deepcopy(record["AutoMLProblemTypeConfig"]["TabularJobConfig"])
        if "AutoMLProblemTypeConfig" in record
        else {
            "CompletionCriteria": (record.get("AutoMLJobConfig") or {}).get("CompletionCriteria", {"MaxCandidates": 5}),
            "ProblemType": record.get("ProblemType", "BinaryClassification"),
            "TargetAttributeName": record["InputDataConfig"][0]["TargetAttributeName"],
        }
    )
    inputs = record.get("AutoMLJobInputDataConfig") or [
        {k: v for k, v in channel.items() if k in ("ChannelType", "ContentType", "CompressionType", "DataSource")}
        for channel in record["InputDataConfig"]
    ]
    sagemaker_client.create_auto_ml_job_v2(
        AutoMLJobName=record["AutoMLJobName"],
        AutoMLJobInputDataConfig=inputs,
        OutputDataConfig=record["OutputDataConfig"],
        AutoMLProblemTypeConfig={"TabularJobConfig": tabular},
        RoleArn=record["RoleArn"],
        AutoMLJobObjective=record["AutoMLJobObjective"],
        DataSplitConfig=record.get("DataSplitConfig", {"ValidationFraction": 0.2}),
        SecurityConfig=record.get("SecurityConfig")
        or (record.get("AutoMLJobConfig") or {}).get("SecurityConfig")
        or {"EnableInterContainerTrafficEncryption": False},
    )
    job = _moto_backend(account, region).auto_ml_jobs[record["AutoMLJobName"]]
    job.auto_ml_job_status = record["AutoMLJobStatus"]
    job.auto_ml_job_secondary_status = record["AutoMLJobSecondaryStatus"]
    job.best_candidate = copy.deepcopy(record.get("BestCandidate"))  # None: the key disappears
    job.auto_ml_job_artifacts = copy.deepcopy(record.get("AutoMLJobArtifacts"))
    job.creation_time = record["CreationTime"]
    job.last_modified_time = record["LastModifiedTime"]
    job.end_time = record.get("EndTime")
    job.failure_reason = record.get("FailureReason")
    job.partial_failure_reasons = None
    if record.get("ResolvedAttributes"):
        job.resolved_attributes = copy.deepcopy(record["ResolvedAttributes"])
    job.model_deploy_config = None
    job.model_deploy_result = None
    return sagemaker_client.describe_auto_ml_job_v2(AutoMLJobName=record["AutoMLJobName"])


def create_moto_steps(sagemaker_client, job: str, candidates: Iterable[dict], *, bucket: str = BUCKET) -> dict:
    """Create, in moto, every training / processing / transform job the candidates' steps name.
    Returns {step name: step type}. The algorithm training jobs carry hyperparameters and a VPC."""
    created: dict[str, str] = {}
    for candidate in candidates:
        for step in candidate.get("CandidateSteps", []):
            name, kind = step["CandidateStepName"], step["CandidateStepType"]
            if name in created:
                continue
            created[name] = kind
            if kind == "AWS::SageMaker::TrainingJob":
                algorithm = name == candidate["CandidateName"]
                sagemaker_client.create_training_job(
                    TrainingJobName=name,
                    HyperParameters=(
                        {
                            "max_depth": "6",
                            "eta": "0.2097",
                            "num_round": "311",
                            "objective": "binary:logistic",
                            "_tuning_objective_metric": "validation:f1",
                        }
                        if algorithm
                        else {"processor_module": "candidate_data_processors.dpp0"}
                    ),
                    AlgorithmSpecification={
                        "TrainingImage": IMAGE_XGBOOST if algorithm else IMAGE_SKLEARN,
                        "TrainingInputMode": "File",
                    },
                    RoleArn=ROLE_ARN,
                    InputDataConfig=[
                        {
                            "ChannelName": "train",
                            "DataSource": {
                                "S3DataSource": {
                                    "S3DataType": "S3Prefix",
                                    "S3Uri": f"s3://{bucket}/autopilot/output/{job}/preprocessed-data/train",
                                }
                            },
                            "ContentType": "text/csv",
                        },
                    ],
                    OutputDataConfig={"S3OutputPath": f"s3://{bucket}/autopilot/output/{job}/tuning"},
                    ResourceConfig={"InstanceType": "ml.m5.2xlarge", "InstanceCount": 1, "VolumeSizeInGB": 50},
                    StoppingCondition={"MaxRuntimeInSeconds": 3600},
                    VpcConfig={"SecurityGroupIds": ["sg-0123456789abcdef0"], "Subnets": ["subnet-0123456789abcdef0"]},
                    EnableNetworkIsolation=algorithm,
                    EnableInterContainerTrafficEncryption=False,
                )
            elif kind == "AWS::SageMaker::ProcessingJob":
                sagemaker_client.create_processing_job(
                    ProcessingJobName=name,
                    ProcessingResources={
                        "ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.2xlarge", "VolumeSizeInGB": 50}
                    },
                    AppSpecification={"ImageUri": IMAGE_SKLEARN},
                    RoleArn=ROLE_ARN,
                    StoppingCondition={"MaxRuntimeInSeconds": 3600},
                )
            elif kind == "AWS::SageMaker::TransformJob":
                sagemaker_client.create_transform_job(
                    TransformJobName=name,
                    ModelName=f"{name}-model"[:63],
                    TransformInput={
                        "DataSource": {
                            "S3DataSource": {
                                "S3DataType": "S3Prefix",
                                "S3Uri": f"s3://{bucket}/autopilot/output/{job}/preprocessed-data/validation",
                            }
                        }
                    },
                    TransformOutput={"S3OutputPath": f"s3://{bucket}/autopilot/output/{job}/transformed-data/{name}"},
                    TransformResources={"InstanceType": "ml.m5.2xlarge", "InstanceCount": 1},
                )
    return created


def create_moto_aws_job(
    sagemaker_client, s3_client, record: dict, candidates: list[dict], *, problem_type: str | None = None
) -> dict:
    """Everything of one job in moto: the job (patched), its step jobs, the best candidate's
    artifacts and the notebooks. ListCandidatesForAutoMLJob still needs :func:`serve_candidates`
    or :func:`stub_list_candidates`. Returns {name: uri} of the S3 objects written."""
    problem_type = problem_type or _problem_type(record)
    ensure_bucket(s3_client, record["OutputDataConfig"]["S3OutputPath"][len("s3://") :].split("/")[0])
    create_moto_job(sagemaker_client, record)
    create_moto_steps(sagemaker_client, record["AutoMLJobName"], candidates)
    written = put_notebooks(s3_client, record)
    for candidate in candidates:
        written.update(put_candidate_artifacts(s3_client, candidate, problem_type=problem_type))
    return written


def _problem_type(record: dict) -> str:
    return (
        record.get("ProblemType")
        or (((record.get("AutoMLProblemTypeConfig") or {}).get("TabularJobConfig")) or {}).get("ProblemType")
        or "BinaryClassification"
    )


# ---------------------------------------------------------------------------------------------
# Stubber helpers (every request and response is checked against the service model)


def stub_list_candidates(
    stubber,
    job: str,
    candidates: list[dict],
    *,
    page_size: int = 300,
    per_page: int | None = None,
) -> int:
    """Queue ListCandidatesForAutoMLJob responses, ``per_page`` candidates a page (default:
    ``page_size``), expecting pages of 300 (the service maximum), no sort (the leaderboard view
    ranks) and NextToken chaining. Returns the number of pages."""
    per_page = per_page or page_size
    pages = [candidates[i : i + per_page] for i in range(0, len(candidates), per_page)] or [[]]
    for index, page in enumerate(pages):
        expected = {"AutoMLJobName": job, "MaxResults": page_size}
        if index:
            expected["NextToken"] = f"candidates-page-{index}"
        response = {"Candidates": copy.deepcopy(page)}
        if index + 1 < len(pages):
            response["NextToken"] = f"candidates-page-{index + 1}"
        stubber.add_response("list_candidates_for_auto_ml_job", response, expected)
    return len(pages)


def stub_describe_v2(stubber, record: dict) -> None:
    stubber.add_response("describe_auto_ml_job_v2", copy.deepcopy(record), {"AutoMLJobName": record["AutoMLJobName"]})


def stub_describe_v1(stubber, record: dict) -> None:
    stubber.add_response("describe_auto_ml_job", copy.deepcopy(record), {"AutoMLJobName": record["AutoMLJobName"]})


def stub_v1_only_job(stubber, record: dict) -> None:
    """A job V2 refuses with a ValidationException (not a "not found"), then V1 describes."""
    job = record["AutoMLJobName"]
    stubber.add_client_error(
        "describe_auto_ml_job_v2",
        service_error_code="ValidationException",
        service_message=f"Job {job} was created with the CreateAutoMLJob API; use DescribeAutoMLJob.",
        http_status_code=400,
        expected_params={"AutoMLJobName": job},
    )
    stub_describe_v1(stubber, record)


# ---------------------------------------------------------------------------------------------
# A reusable responder for moto clients (moto has no ListCandidatesForAutoMLJob / V1 describe)


def serve_candidates(
    sagemaker_client, candidates_by_job: dict[str, list[dict]], *, v1_records: dict[str, dict] | None = None
) -> dict:
    """Answer ListCandidatesForAutoMLJob (and DescribeAutoMLJob V1 for ``v1_records``) on a
    moto client, any number of times, with pagination and sorting as the service does. Every
    request is validated against the input shape and every response against the output shape,
    as botocore's Stubber does. Other operations still go to moto. Returns a dict of call
    counts ({"ListCandidatesForAutoMLJob": n, ...}) for assertions."""
    calls: dict[str, int] = {}
    v1_records = v1_records or {}

    def error(code: str, message: str):
        # returned like Stubber.add_client_error: botocore raises the modeled ClientError itself
        parsed = {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"RequestId": "served-0000", "HTTPStatusCode": 400},
        }
        return AWSResponse(None, 400, {}, None), parsed

    served = ("ListCandidatesForAutoMLJob", "DescribeAutoMLJob")

    def remember(params, model, context=None, **kwargs):
        # before-parameter-build sees the API parameters; before-call only the serialized request
        if model.name in served and context is not None:
            context["autopilot_api_params"] = dict(params)

    def handler(model, params, context=None, **kwargs):
        operation = model.name
        if operation not in served:
            return None
        params = (context or {}).get("autopilot_api_params", {})
        validate_parameters(params, model.input_shape)
        calls[operation] = calls.get(operation, 0) + 1
        job = params["AutoMLJobName"]
        if operation == "DescribeAutoMLJob":
            if job not in v1_records:
                return error("ResourceNotFound", f"Could not find AutoML job with name {job}.")
            response = copy.deepcopy(v1_records[job])
        else:
            if job not in candidates_by_job:
                return error("ResourceNotFound", f"Could not find AutoML job with name {job}.")
            items = copy.deepcopy(candidates_by_job[job])
            if params.get("CandidateNameEquals"):
                items = [c for c in items if c["CandidateName"] == params["CandidateNameEquals"]]
            if params.get("SortBy") == "FinalObjectiveMetricValue":
                with_value = [c for c in items if "FinalAutoMLJobObjectiveMetric" in c]
                without = [c for c in items if "FinalAutoMLJobObjectiveMetric" not in c]
                with_value.sort(
                    key=lambda c: c["FinalAutoMLJobObjectiveMetric"]["Value"],
                    reverse=params.get("SortOrder") == "Descending",
                )
                items = with_value + without
            start = int(params.get("NextToken", "0") or 0)
            size = params.get("MaxResults", 10)
            response = {"Candidates": items[start : start + size]}
            if start + size < len(items):
                response["NextToken"] = str(start + size)
        validate_parameters(response, model.output_shape)
        response["ResponseMetadata"] = {"RequestId": "served-0000", "HTTPStatusCode": 200}
        return AWSResponse(None, 200, {}, None), response

    sagemaker_client.meta.events.register_first(
        "before-parameter-build.sagemaker.*", remember, unique_id="autopilot-serve-params"
    )
    sagemaker_client.meta.events.register_first(
        "before-call.sagemaker.*", handler, unique_id="autopilot-serve-candidates"
    )
    return calls
