"""Hand-made fixture jobs in the local layout, in the exact AWS response shapes.

They cover what the runner never writes: V1 records, Minimize objectives, a job without
BestCandidate, candidates without explainability, "NaN" standard deviations, a multiclass
analysis.json with several labels, hostile strings, malformed artifacts, epoch and space-separated
timestamps. Usable from tests (``write_fixture_jobs(path)``) and the UI tests
(``python tests/fixture_jobs.py DIR``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ACCOUNT = "123456789012"
REGION = "us-east-1"
BUCKET = "fixture-bucket"
HOSTILE = '<img src=x onerror="window.__pwned=1">'


def arn(kind: str, name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:{kind}/{name.lower()}"


def s3(key: str) -> str:
    return f"s3://{BUCKET}/{key}"


def _write(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(obj, (bytes, str)):
        path.write_bytes(obj if isinstance(obj, bytes) else obj.encode())
    else:
        path.write_text(json.dumps(obj, indent=1))


def _put(job_dir: Path, uri: str, obj) -> None:
    assert uri.startswith("s3://")
    _write(job_dir / "s3" / uri[5:], obj)


def notebook(title: str) -> dict:
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [
            {"cell_type": "markdown", "id": "title", "metadata": {}, "source": [f"# {title}"]},
            {
                "cell_type": "code",
                "id": "code",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": ["print('hello from the fixture notebook')"],
            },
        ],
    }


def candidate(
    job: str,
    name: str,
    *,
    metric: str,
    value,
    kind: str,
    status="Completed",
    objective_status="Succeeded",
    metrics=(),
    explain=False,
    insights=False,
    created="2026-11-01T10:05:00Z",
    ended="2026-11-01T10:15:00Z",
    failure=None,
    processing_step=False,
    containers=2,
) -> dict:
    out = f"{job}/output/{job}"
    steps = []
    if processing_step:
        steps.append(
            {
                "CandidateStepType": "AWS::SageMaker::ProcessingJob",
                "CandidateStepArn": arn("processing-job", f"{name}-dpp"),
                "CandidateStepName": f"{name}-dpp",
            }
        )
    steps.append(
        {
            "CandidateStepType": "AWS::SageMaker::TrainingJob",
            "CandidateStepArn": arn("training-job", name),
            "CandidateStepName": name,
        }
    )
    c = {
        "CandidateName": name,
        "FinalAutoMLJobObjectiveMetric": {
            "Type": kind,
            "MetricName": f"validation:{metric.lower()}",
            "Value": value,
            "StandardMetricName": metric,
        },
        "ObjectiveStatus": objective_status,
        "CandidateSteps": steps,
        "CandidateStatus": status,
        "InferenceContainers": [
            {
                "Image": f"683313688378.dkr.ecr.{REGION}.amazonaws.com/sagemaker-sklearn-automl:2.5-1-cpu-py3",
                "ModelDataUrl": s3(f"{out}/data-processor-models/{name}-dpp/output/model.tar.gz"),
                "Environment": {"AUTOML_TRANSFORM_MODE": "feature-transform"},
            },
            {
                "Image": f"683313688378.dkr.ecr.{REGION}.amazonaws.com/sagemaker-xgboost:1.7-1",
                "ModelDataUrl": s3(f"{out}/tuning/{name}/output/model.tar.gz"),
                "Environment": {"SAGEMAKER_INFERENCE_OUTPUT": "predicted_label"},
            },
        ][:containers],
        "CreationTime": created,
        "EndTime": ended,
        "LastModifiedTime": ended,
        "CandidateProperties": {
            "CandidateMetrics": [
                {"MetricName": m, "StandardMetricName": m, "Value": v, "Set": st} for m, v, st in metrics
            ]
        },
    }
    locs = {}
    if explain:
        locs["Explainability"] = s3(f"{out}/documentation/explainability/output/{name}")
    if insights:
        locs["ModelInsights"] = s3(f"{out}/documentation/model_monitor/output/{name}")
    if locs:
        c["CandidateProperties"]["CandidateArtifactLocations"] = locs
    if failure:
        c["FailureReason"] = failure
    return c


def training_job(
    job: str,
    name: str,
    hp: dict,
    *,
    status="Completed",
    isolation=False,
    encryption=False,
    vpc=None,
    volume_kms=None,
    output_kms=None,
) -> dict:
    out = f"{job}/output/{job}"
    record = {
        "TrainingJobName": name,
        "TrainingJobArn": arn("training-job", name),
        "AutoMLJobArn": arn("automl-job", job),
        "ModelArtifacts": {"S3ModelArtifacts": s3(f"{out}/tuning/{name}/output/model.tar.gz")},
        "TrainingJobStatus": status,
        "SecondaryStatus": status,
        "HyperParameters": hp,
        "AlgorithmSpecification": {
            "TrainingImage": f"683313688378.dkr.ecr.{REGION}.amazonaws.com/sagemaker-xgboost:1.7-1",
            "TrainingInputMode": "File",
        },
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/AutopilotRole",
        "InputDataConfig": [
            {
                "ChannelName": "train",
                "DataSource": {
                    "S3DataSource": {
                        "S3DataType": "S3Prefix",
                        "S3Uri": s3(f"{out}/preprocessed-data/tuning_data/train"),
                        "S3DataDistributionType": "FullyReplicated",
                    }
                },
                "ContentType": "text/csv;header=absent",
            }
        ],
        "OutputDataConfig": {"S3OutputPath": s3(f"{out}/tuning/")},
        "ResourceConfig": {"InstanceType": "ml.m5.4xlarge", "InstanceCount": 1, "VolumeSizeInGB": 50},
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "CreationTime": 1761991500,
        "TrainingStartTime": "2026-11-01 10:05:30",
        "TrainingEndTime": "2026-11-01 10:14:00",
        "LastModifiedTime": "2026-11-01T10:14:10+00:00",
        "EnableNetworkIsolation": isolation,
        "EnableInterContainerTrafficEncryption": encryption,
        "TrainingTimeInSeconds": 510,
        "BillableTimeInSeconds": 510,
        "TuningJobArn": arn("hyper-parameter-tuning-job", f"{job[:20]}-tuning"),
    }
    if vpc:
        record["VpcConfig"] = vpc
    if volume_kms:
        record["ResourceConfig"]["VolumeKmsKeyId"] = volume_kms
    if output_kms:
        record["OutputDataConfig"]["KmsKeyId"] = output_kms
    return record


def job_v2(
    name: str,
    *,
    problem: str,
    metric: str,
    target: str,
    status="Completed",
    secondary="Completed",
    best=None,
    failure=None,
    security=None,
    created="2026-11-01T10:00:00Z",
    ended="2026-11-01T11:00:00Z",
    notebooks=True,
) -> dict:
    out = f"{name}/output"
    record = {
        "AutoMLJobName": name,
        "AutoMLJobArn": arn("automl-job", name),
        "AutoMLJobInputDataConfig": [
            {
                "ChannelType": "training",
                "ContentType": "text/csv;header=present",
                "CompressionType": "None",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": s3(f"{name}/input/train.csv")}},
            }
        ],
        "OutputDataConfig": {"S3OutputPath": s3(out)},
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/AutopilotRole",
        "AutoMLJobObjective": {"MetricName": metric},
        "AutoMLProblemTypeConfig": {
            "TabularJobConfig": {
                "CompletionCriteria": {"MaxCandidates": 10, "MaxAutoMLJobRuntimeInSeconds": 7200},
                "ProblemType": problem,
                "TargetAttributeName": target,
                "Mode": "HYPERPARAMETER_TUNING",
            }
        },
        "AutoMLProblemTypeConfigName": "Tabular",
        "CreationTime": created,
        "LastModifiedTime": ended or created,
        "AutoMLJobStatus": status,
        "AutoMLJobSecondaryStatus": secondary,
        "ResolvedAttributes": {
            "AutoMLJobObjective": {"MetricName": metric},
            "CompletionCriteria": {"MaxCandidates": 10},
            "AutoMLProblemTypeResolvedAttributes": {"TabularResolvedAttributes": {"ProblemType": problem}},
        },
        "DataSplitConfig": {"ValidationFraction": 0.2},
    }
    if ended:
        record["EndTime"] = ended
    if notebooks:
        record["AutoMLJobArtifacts"] = {
            "CandidateDefinitionNotebookLocation": s3(
                f"{out}/{name}/sagemaker-automl-candidates/pr-1-abc/notebooks/SageMakerAutopilotCandidateDefinitionNotebook.ipynb"
            ),
            "DataExplorationNotebookLocation": s3(
                f"{out}/{name}/sagemaker-automl-candidates/pr-1-abc/notebooks/SageMakerAutopilotDataExplorationNotebook.ipynb"
            ),
        }
    if best is not None:
        record["BestCandidate"] = best
    if failure:
        record["FailureReason"] = failure
    if security is not None:
        record["SecurityConfig"] = security
    return record


def analysis(labels: dict, pdp: list | None = None) -> dict:
    doc = {
        "version": "1.0",
        "explanations": {
            "kernel_shap": {
                label: {"global_shap_values": values, "expected_value": 0.5} for label, values in labels.items()
            }
        },
    }
    if pdp is not None:
        doc["explanations"]["pdp"] = pdp
    return doc


def pdp(
    feature, data_type: str, values: list, predictions: list, headers: list | None = None, distribution=None
) -> dict:
    """One entry of Clarify's explanations.pdp: per label, the mean prediction at each value (and
    the share of the rows in each value's bin, ``data_distribution``)."""
    entry = {
        "feature_name": feature,
        "data_type": data_type,
        "feature_values": values,
        "model_predictions": predictions,
    }
    if headers is not None:
        entry["label_headers"] = headers
    if distribution is not None:
        entry["data_distribution"] = distribution
    return entry


def binary_statistics() -> dict:
    return {
        "version": 0.0,
        "dataset": {"item_count": 4000, "evaluation_time": "2026-11-01T10:50:00.000Z"},
        "binary_classification_metrics": {
            "confusion_matrix": {"yes": {"yes": 420, "no": 80}, "no": {"yes": 60, "no": 3440}},
            "recall": {"value": 0.84, "standard_deviation": "NaN"},
            "precision": {"value": 0.875, "standard_deviation": 0.004},
            "accuracy": {"value": 0.965, "standard_deviation": 0.002},
            "f1": {"value": 0.857, "standard_deviation": "NaN"},
            "auc": {"value": 0.97, "standard_deviation": 0.001},
            "receiver_operating_characteristic_curve": {
                "false_positive_rates": [0.0, 0.02, 0.1, 1.0],
                "true_positive_rates": [0.0, 0.7, 0.9, 1.0],
            },
            "precision_recall_curve": {"precisions": [1.0, 0.9, 0.8, 0.125], "recalls": [0.0, 0.6, 0.84, 1.0]},
        },
    }


def _job_dir(root: Path, record: dict, candidates: list, trainings: list, objects: dict, processing=()) -> Path:
    d = root / record["AutoMLJobName"]
    _write(d / "job.json", record)
    _write(d / "candidates.json", {"Candidates": candidates})
    for t in trainings:
        _write(d / "training-jobs" / f"{t['TrainingJobName']}.json", t)
    for p in processing:
        _write(d / "processing-jobs" / f"{p['ProcessingJobName']}.json", p)
    for uri, obj in objects.items():
        _put(d, uri, obj)
    if record.get("AutoMLJobArtifacts"):
        for field, title in (
            ("DataExplorationNotebookLocation", "Data exploration"),
            ("CandidateDefinitionNotebookLocation", "Candidate definition"),
        ):
            _put(d, record["AutoMLJobArtifacts"][field], notebook(f"{title} notebook of {record['AutoMLJobName']}"))
    return d


def write_fixture_jobs(root) -> Path:
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)

    # 1. V2 binary, F1 (Maximize), best with explainability + model insights, a failed candidate.
    job = "fx-binary-v2"

    def bm(f1, acc):
        return [
            ("F1", f1, "Validation"),
            ("Accuracy", acc, "Validation"),
            ("AUC", 0.9, "Validation"),
            ("F1", min(1.0, f1 + 0.05), "Train"),
            ("LogLoss", 0.3, "Validation"),
        ]

    cands = [
        candidate(job, "fx-binary-v2-xgb-001", metric="F1", value=0.80, kind="Maximize", metrics=bm(0.80, 0.93)),
        candidate(
            job,
            "fx-binary-v2-xgb-002",
            metric="F1",
            value=0.857,
            kind="Maximize",
            metrics=bm(0.857, 0.965),
            explain=True,
            insights=True,
            processing_step=True,
        ),
        candidate(
            job,
            "fx-binary-v2-lin-003",
            metric="F1",
            value=0.72,
            kind="Maximize",
            metrics=bm(0.72, 0.90),
            created="2026-11-01T10:20:00Z",
            ended="2026-11-01T10:22:30Z",
        ),
        candidate(
            job,
            "fx-binary-v2-mlp-004",
            metric="F1",
            value=0.0,
            kind="Maximize",
            status="Failed",
            objective_status="Failed",
            failure="AlgorithmError: out of memory",
            ended=None,
        ),
    ]
    best = cands[1]
    out = f"{job}/output/{job}"
    objects = {
        s3(
            f"{out}/documentation/explainability/output/fx-binary-v2-xgb-002/2026-11-01-10-40-00-123/analysis.json"
        ): analysis(
            {"label0": {"balance": 0.31, "age": 0.12, "duration": 0.44, "campaign": 0.05, "job_type": 0.08}},
            pdp=[
                pdp(
                    "duration",
                    "numerical",
                    [0, 100, 200, 300, 400],
                    [[0.05, 0.12, 0.3, 0.55, 0.7]],
                    ["yes"],
                    distribution=[0.35, 0.3, 0.2, 0.1, 0.05],
                ),
                pdp("job_type", "categorical", ["admin", "blue-collar", "student"], [[0.1, 0.08, 0.2]], ["yes"]),
                pdp("<b>campaign</b>", "numerical", [1, 2, 3], [[0.2, 0.1]], ["yes"]),  # 2 predictions, 3 values
            ],
        ),
        s3(
            f"{out}/documentation/explainability/output/fx-binary-v2-xgb-002/2026-11-01-10-40-00-123/report.pdf"
        ): b"%PDF-1.4\n% fixture explainability report\n%%EOF\n",
        s3(f"{out}/documentation/model_monitor/output/fx-binary-v2-xgb-002/statistics.json"): binary_statistics(),
        s3(
            f"{out}/documentation/model_monitor/output/fx-binary-v2-xgb-002/report.pdf"
        ): b"%PDF-1.4\n% fixture model quality report\n%%EOF\n",
        # a decoy next to the prefix: must never be read for fx-binary-v2-xgb-002
        s3(f"{out}/documentation/explainability/output/fx-binary-v2-xgb-002-evil/x/analysis.json"): analysis(
            {"label0": {"EVIL": 1.0}}
        ),
        s3(f"{job}/input/train.csv"): "age,balance,duration,campaign,job_type,y\n30,100,20,1,admin,no\n",
    }
    trainings = [
        training_job(
            job,
            c["CandidateName"],
            {"max_depth": '"6"', "eta": "0.1", "objective": "binary:logistic", "num_round": "100"},
            isolation=(i == 1),
            encryption=(i == 1),
            vpc={"SecurityGroupIds": ["sg-0123456789abcdef0"], "Subnets": ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]}
            if i == 1
            else None,
            volume_kms="arn:aws:kms:us-east-1:123456789012:key/vol-key" if i == 1 else None,
            output_kms="arn:aws:kms:us-east-1:123456789012:key/out-key" if i == 1 else None,
        )
        for i, c in enumerate(cands[:3])
    ]
    processing = [
        {
            "ProcessingJobName": "fx-binary-v2-xgb-002-dpp",
            "ProcessingJobArn": arn("processing-job", "fx-binary-v2-xgb-002-dpp"),
            "ProcessingJobStatus": "Completed",
            "AppSpecification": {"ImageUri": "sagemaker-sklearn-automl"},
            "ProcessingInputs": [
                {
                    "InputName": "input-1",
                    "S3Input": {
                        "S3Uri": s3(f"{job}/input/train.csv"),
                        "LocalPath": "/opt/ml/processing/input",
                        "S3DataType": "S3Prefix",
                        "S3InputMode": "File",
                    },
                }
            ],
            "ProcessingOutputConfig": {
                "Outputs": [
                    {
                        "OutputName": "transformed",
                        "S3Output": {
                            "S3Uri": s3(f"{out}/preprocessed-data/fx-binary-v2-xgb-002"),
                            "LocalPath": "/opt/ml/processing/output",
                            "S3UploadMode": "EndOfJob",
                        },
                    }
                ]
            },
            "ProcessingResources": {
                "ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.2xlarge", "VolumeSizeInGB": 30}
            },
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/AutopilotRole",
            "CreationTime": "2026-11-01T10:04:00Z",
        }
    ]
    _job_dir(
        root,
        job_v2(
            job,
            problem="BinaryClassification",
            metric="F1",
            target="y",
            best=best,
            security={"EnableInterContainerTrafficEncryption": False},
        ),
        cands,
        trainings,
        objects,
        processing,
    )

    # 2. V1 regression, MSE (Minimize), timestamps as epoch seconds.
    job = "fx-regression-v1"

    def rm(mse):
        return [
            ("MSE", mse, "Validation"),
            ("RMSE", mse**0.5, "Validation"),
            ("MAE", mse / 3, "Validation"),
            ("R2", 1 - mse / 5000, "Validation"),
        ]

    cands = [
        candidate(
            job,
            f"fx-regression-v1-c{i}",
            metric="MSE",
            value=v,
            kind="Minimize",
            metrics=rm(v),
            explain=(i == 2),
            insights=(i == 2),
            created=1761991200 + i * 60,
            ended=1761991800 + i * 60,
        )
        for i, v in ((1, 3100.5), (2, 2890.25), (3, 3500.0), (4, 2999.0))
    ]
    out = f"{job}/output/{job}"
    record = {
        "AutoMLJobName": job,
        "AutoMLJobArn": arn("automl-job", job),
        "InputDataConfig": [
            {
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": s3(f"{job}/input/")}},
                "CompressionType": "None",
                "TargetAttributeName": "progression",
                "ContentType": "text/csv;header=present",
                "ChannelType": "training",
            }
        ],
        "OutputDataConfig": {
            "S3OutputPath": s3(f"{job}/output"),
            "KmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/job-out",
        },
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/AutopilotRole",
        "AutoMLJobObjective": {"MetricName": "MSE"},
        "ProblemType": "Regression",
        "AutoMLJobConfig": {
            "CompletionCriteria": {"MaxCandidates": 4},
            "Mode": "ENSEMBLING",
            "SecurityConfig": {
                "VolumeKmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/job-vol",
                "EnableInterContainerTrafficEncryption": True,
                "VpcConfig": {"SecurityGroupIds": ["sg-11111111"], "Subnets": ["subnet-22222222"]},
            },
        },
        "CreationTime": 1761991000,
        "EndTime": 1761994600,
        "LastModifiedTime": 1761994600,
        "BestCandidate": cands[1],
        "AutoMLJobStatus": "Completed",
        "AutoMLJobSecondaryStatus": "Completed",
        "ResolvedAttributes": {
            "AutoMLJobObjective": {"MetricName": "MSE"},
            "ProblemType": "Regression",
            "CompletionCriteria": {"MaxCandidates": 4},
        },
    }
    objects = {
        s3(f"{out}/documentation/explainability/output/fx-regression-v1-c2/auto-123/analysis.json"): analysis(
            {"label0": {"bmi": 23.5, "s5": 21.0, "bp": 12.25, "age": 1.5, "sex": 4.0}}
        ),
        s3(f"{out}/documentation/model_monitor/output/fx-regression-v1-c2/statistics.json"): {
            "version": 0.0,
            "dataset": {"item_count": 442},
            "regression_metrics": {
                "mae": {"value": 43.1, "standard_deviation": 1.2},
                "mse": {"value": 2890.25, "standard_deviation": "NaN"},
                "rmse": {"value": 53.76, "standard_deviation": 0.8},
                "r2": {"value": 0.42, "standard_deviation": "NaN"},
            },
        },
    }
    trainings = [training_job(job, c["CandidateName"], {"n_estimators": "200", "max_depth": "8"}) for c in cands]
    _job_dir(root, record, cands, trainings[:3], objects)  # c4 has no training record: hyperparameters unavailable

    # 3. V2 multiclass, Accuracy, analysis.json with one label per class, a "NaN" confusion-matrix row.
    job = "fx-multiclass-v2"
    cands = [
        candidate(
            job,
            f"fx-multiclass-v2-c{i}",
            metric="Accuracy",
            value=v,
            kind="Maximize",
            metrics=[("Accuracy", v, "Validation"), ("F1macro", v - 0.02, "Validation")],
            explain=(i == 1),
            insights=(i == 1),
        )
        for i, v in ((1, 0.96), (2, 0.91))
    ]
    out = f"{job}/output/{job}"
    objects = {
        s3(f"{out}/documentation/explainability/output/fx-multiclass-v2-c1/run/analysis.json"): analysis(
            {
                "class_0": {"proline": 0.30, "alcohol": 0.20, "flavanoids": 0.10},
                "class_1": {"proline": 0.05, "alcohol": 0.40, "flavanoids": 0.15},
                "class_2": {"proline": 0.10, "alcohol": 0.02, "flavanoids": 0.35},
            },
            pdp=[
                pdp(
                    "alcohol",
                    "numerical",
                    [11.0, 12.0, 13.0, 14.0],
                    [[0.1, 0.2, 0.5, 0.7], [0.8, 0.6, 0.3, 0.1], [0.1, 0.2, 0.2, 0.2]],
                    ["class_0", "class_1", "class_2"],
                )
            ],
        ),
        s3(f"{out}/documentation/model_monitor/output/fx-multiclass-v2-c1/statistics.json"): {
            "version": 0.0,
            "dataset": {"item_count": 178},
            "multiclass_classification_metrics": {
                "confusion_matrix": {
                    "class_0": {"class_0": 58, "class_1": 1, "class_2": 0},
                    "class_1": {"class_0": 2, "class_1": 67, "class_2": 2},
                    "class_2": "NaN",
                },
                "accuracy": {"value": 0.96, "standard_deviation": 0.01},
                "weighted_f1": {"value": 0.95, "standard_deviation": "NaN"},
            },
        },
    }
    trainings = [training_job(job, c["CandidateName"], {"algorithm": "lightgbm", "num_leaves": "31"}) for c in cands]
    _job_dir(
        root,
        job_v2(job, problem="MulticlassClassification", metric="Accuracy", target="cultivar", best=cands[0]),
        cands,
        trainings,
        objects,
    )

    # 4. Failed job without BestCandidate; timestamps with a space separator.
    job = "fx-no-best"
    cands = [
        candidate(
            job,
            "fx-no-best-c1",
            metric="AUC",
            value=0.0,
            kind="Maximize",
            status="Failed",
            objective_status="Failed",
            failure="ClientError: data has fewer than 500 rows",
            ended=None,
        )
    ]
    _job_dir(
        root,
        job_v2(
            job,
            problem="BinaryClassification",
            metric="AUC",
            target="label",
            status="Failed",
            secondary="Failed",
            failure="ClientError: The dataset has fewer than 500 rows.",
            created="2026-10-30 08:00:00",
            ended="2026-10-30 08:20:00",
            notebooks=False,
        ),
        cands,
        [],
        {},
    )

    # 5. Hostile strings everywhere a person sees text.
    job = "fx-hostile"
    c = candidate(
        job,
        "fx-hostile-c1",
        metric="F1",
        value=0.5,
        kind="Maximize",
        explain=True,
        insights=True,
        metrics=[("F1", 0.5, "Validation")],
    )
    out = f"{job}/output/{job}"
    objects = {
        s3(f"{out}/documentation/explainability/output/fx-hostile-c1/x/analysis.json"): analysis(
            {"label0": {HOSTILE: 0.9, "$\\href{javascript:alert(1)}{x}$": 0.5, "plain": 0.1}}
        ),
        s3(f"{out}/documentation/model_monitor/output/fx-hostile-c1/statistics.json"): {
            "version": 0.0,
            "dataset": {"item_count": 10},
            "binary_classification_metrics": {
                "confusion_matrix": {HOSTILE: {HOSTILE: 3, "ok": 1}, "ok": {HOSTILE: 2, "ok": 4}},
                "f1": {"value": 0.5, "standard_deviation": "NaN"},
            },
        },
    }
    _job_dir(
        root,
        job_v2(
            job,
            problem="BinaryClassification",
            metric="F1",
            target="y",
            best=c,
            status="Completed",
            failure=f"Partial failure: {HOSTILE}",
        ),
        [c],
        [training_job(job, "fx-hostile-c1", {"note": HOSTILE, "eta": "0.3"})],
        objects,
    )

    # 6. A job still running: no best candidate yet, one candidate in progress.
    job = "fx-in-progress"
    cands = [
        candidate(
            job,
            "fx-in-progress-c1",
            metric="Accuracy",
            value=0.7,
            kind="Maximize",
            metrics=[("Accuracy", 0.7, "Validation")],
        ),
        candidate(
            job,
            "fx-in-progress-c2",
            metric="Accuracy",
            value=0.0,
            kind="Maximize",
            status="InProgress",
            objective_status="Pending",
            ended=None,
        ),
    ]
    _job_dir(
        root,
        job_v2(
            job,
            problem="MulticlassClassification",
            metric="Accuracy",
            target="y",
            status="InProgress",
            secondary="ModelTuning",
            ended=None,
            created="2026-11-02T09:00:00Z",
        ),
        cands,
        [training_job(job, "fx-in-progress-c1", {"C": "1.0"})],
        {},
    )

    # 7. Malformed artifacts: analysis.json and statistics.json that are not what they claim.
    job = "fx-malformed"
    c = candidate(
        job,
        "fx-malformed-c1",
        metric="F1",
        value=0.6,
        kind="Maximize",
        explain=True,
        insights=True,
        metrics=[("F1", 0.6, "Validation")],
    )
    out = f"{job}/output/{job}"
    objects = {
        s3(f"{out}/documentation/explainability/output/fx-malformed-c1/x/analysis.json"): "{not json",
        s3(f"{out}/documentation/model_monitor/output/fx-malformed-c1/statistics.json"): {
            "version": 0.0,
            "something": 1,
        },
    }
    _job_dir(
        root,
        job_v2(job, problem="BinaryClassification", metric="F1", target="y", best=c),
        [c],
        [training_job(job, "fx-malformed-c1", {"eta": "0.3"})],
        objects,
    )
    return root


if __name__ == "__main__":
    print(write_fixture_jobs(sys.argv[1] if len(sys.argv) > 1 else "fixture-jobs"))
