"""Build the records in the exact AWS response shapes.

- job.json: a DescribeAutoMLJobV2 response
- candidates.json: ``{"Candidates": [AutoMLCandidate, ...]}`` (ListCandidatesForAutoMLJob)
- training-jobs/<name>.json: a DescribeTrainingJob response

Only members of the botocore service-model shapes are written, so a record can be fed to
anything built for the real API.
"""

from __future__ import annotations

import math
import time
from datetime import datetime, timezone
from typing import Any

from . import metrics
from .candidates import TRAINING_IMAGE, CandidateSpec
from .data import REGRESSION
from .layout import ROLE_ARN, JobLayout, arn

CONTENT_TYPE = "text/csv;header=present"
MAX_REASON = 1024


def iso(ts: float | None = None) -> str:
    """An ISO 8601 UTC timestamp with microseconds, e.g. 2026-11-25T08:30:00.123000+00:00."""
    when = datetime.fromtimestamp(time.time() if ts is None else ts, tz=timezone.utc)
    return when.isoformat(timespec="microseconds")


def reason(text: str) -> str:
    text = " ".join(str(text).split()) or "Unknown error"
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 3] + "..."


class JobSettings:
    """What the job was asked to do (fixed for the whole run)."""

    def __init__(
        self,
        layout: JobLayout,
        input_filename: str,
        problem_type: str,
        objective: str,
        target: str,
        max_candidates: int,
        validation_fraction: float,
        created: float,
        max_runtime_seconds: int | None = None,
        mode: str = "AUTO",
    ):
        self.layout = layout
        self.input_filename = input_filename
        self.problem_type = problem_type
        self.objective = objective
        self.target = target
        self.max_candidates = max_candidates
        self.max_runtime_seconds = max_runtime_seconds
        self.mode = mode
        self.validation_fraction = validation_fraction
        self.created = created

    @property
    def job_arn(self) -> str:
        return arn("automl-job", self.layout.job_name)

    @property
    def input_uri(self) -> str:
        return self.layout.uri(self.layout.input_key(self.input_filename))


def job_record(
    settings: JobSettings,
    status: str,
    secondary_status: str,
    *,
    end: float | None = None,
    failure_reason: str | None = None,
    best_candidate: dict | None = None,
    notebooks: dict | None = None,
    partial_failures: list | None = None,
    resolved: bool = True,
) -> dict:
    layout = settings.layout
    completion: dict[str, int] = {"MaxCandidates": settings.max_candidates}
    if settings.max_runtime_seconds:
        completion["MaxAutoMLJobRuntimeInSeconds"] = settings.max_runtime_seconds
    record = {
        "AutoMLJobName": layout.job_name,
        "AutoMLJobArn": settings.job_arn,
        "AutoMLJobInputDataConfig": [
            {
                "ChannelType": "training",
                "ContentType": CONTENT_TYPE,
                "CompressionType": "None",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": settings.input_uri}},
            }
        ],
        "OutputDataConfig": {"S3OutputPath": layout.uri(layout.output_key)},
        "RoleArn": ROLE_ARN,
        "AutoMLJobObjective": {"MetricName": settings.objective},
        "AutoMLProblemTypeConfig": {
            "TabularJobConfig": {
                "CompletionCriteria": dict(completion),
                "ProblemType": settings.problem_type,
                "TargetAttributeName": settings.target,
                "Mode": settings.mode,
            }
        },
        "AutoMLProblemTypeConfigName": "Tabular",
        "CreationTime": iso(settings.created),
    }
    if end is not None:
        record["EndTime"] = iso(end)
    record["LastModifiedTime"] = iso()
    if failure_reason:
        record["FailureReason"] = reason(failure_reason)
    if partial_failures:
        record["PartialFailureReasons"] = [{"PartialFailureMessage": reason(m)} for m in partial_failures[:5]]
    if best_candidate:
        record["BestCandidate"] = best_candidate
    record["AutoMLJobStatus"] = status
    record["AutoMLJobSecondaryStatus"] = secondary_status
    if notebooks:
        record["AutoMLJobArtifacts"] = {
            "CandidateDefinitionNotebookLocation": notebooks["candidateDefinition"],
            "DataExplorationNotebookLocation": notebooks["dataExploration"],
        }
    if resolved:
        record["ResolvedAttributes"] = {
            "AutoMLJobObjective": {"MetricName": settings.objective},
            "CompletionCriteria": dict(completion),
            "AutoMLProblemTypeResolvedAttributes": {
                "TabularResolvedAttributes": {"ProblemType": settings.problem_type}
            },
        }
    record["DataSplitConfig"] = {"ValidationFraction": settings.validation_fraction}
    record["SecurityConfig"] = {}
    return record


def _metric_list(validation: dict, train: dict) -> list:
    out = []
    for set_name, values in (("Validation", validation), ("Train", train)):
        for name, value in values.items():
            if value is not None and math.isfinite(value):
                out.append({"MetricName": name, "StandardMetricName": name, "Value": float(value), "Set": set_name})
    return out


def _inference_environment(problem_type: str) -> dict:
    if problem_type == REGRESSION:
        return {"SAGEMAKER_INFERENCE_SUPPORTED": "predicted_label", "SAGEMAKER_INFERENCE_OUTPUT": "predicted_label"}
    return {
        "SAGEMAKER_INFERENCE_SUPPORTED": "predicted_label,probability,probabilities,labels",
        "SAGEMAKER_INFERENCE_OUTPUT": "predicted_label",
    }


class CandidateState:
    """Mutable state of one candidate while the job runs."""

    def __init__(self, spec: CandidateSpec):
        self.spec = spec
        self.status = "InProgress"
        self.created = time.time()
        self.started: float | None = None
        self.end: float | None = None
        self.modified = self.created
        self.failure_reason: str | None = None
        self.validation: dict = {}
        self.train: dict = {}
        self.model_uri: str | None = None
        self.explainability_uri: str | None = None
        self.model_insights_uri: str | None = None
        self.threshold: float | None = None  # the binary decision threshold its model predicts with

    @property
    def name(self) -> str:
        return self.spec.name

    def objective_value(self, objective: str) -> float | None:
        value = self.validation.get(objective)
        return value if value is not None and math.isfinite(value) else None

    def touch(self) -> None:
        self.modified = time.time()


def candidate_record(state: CandidateState, settings: JobSettings) -> dict:
    objective = settings.objective
    value = state.objective_value(objective)
    if state.status == "Completed" and value is not None:
        objective_status = "Succeeded"
    elif state.status == "InProgress":
        objective_status = "Pending"
    else:
        objective_status = "Failed"
    record: dict[str, Any] = {"CandidateName": state.name}
    if value is not None:
        record["FinalAutoMLJobObjectiveMetric"] = {
            "Type": metrics.direction(objective),
            "MetricName": objective,
            "Value": float(value),
            "StandardMetricName": objective,
        }
    record["ObjectiveStatus"] = objective_status
    record["CandidateSteps"] = [
        {
            "CandidateStepType": "AWS::SageMaker::TrainingJob",
            "CandidateStepArn": arn("training-job", state.name),
            "CandidateStepName": state.name,
        }
    ]
    record["CandidateStatus"] = state.status
    if state.model_uri:
        record["InferenceContainers"] = [
            {
                "Image": TRAINING_IMAGE,
                "ModelDataUrl": state.model_uri,
                "Environment": _inference_environment(settings.problem_type),
            }
        ]
    record["CreationTime"] = iso(state.created)
    if state.end is not None:
        record["EndTime"] = iso(state.end)
    record["LastModifiedTime"] = iso(state.modified)
    if state.failure_reason:
        record["FailureReason"] = reason(state.failure_reason)
    properties: dict[str, Any] = {}
    if state.explainability_uri:
        locations = {"Explainability": state.explainability_uri}
        if state.model_insights_uri:
            locations["ModelInsights"] = state.model_insights_uri
        properties["CandidateArtifactLocations"] = locations
    metric_list = _metric_list(state.validation, state.train)
    if metric_list:
        properties["CandidateMetrics"] = metric_list
    if properties:
        record["CandidateProperties"] = properties
    return record


def training_job_record(state: CandidateState, settings: JobSettings) -> dict:
    layout = settings.layout
    status = state.status
    secondary = {"InProgress": "Training", "Completed": "Completed", "Failed": "Failed", "Stopped": "Stopped"}[status]
    record: dict[str, Any] = {
        "TrainingJobName": state.name,
        "TrainingJobArn": arn("training-job", state.name),
        "AutoMLJobArn": settings.job_arn,
    }
    # Required by the DescribeTrainingJob shape: AWS names the model's location even before
    # (or without) the model being written, so do we.
    record["ModelArtifacts"] = {"S3ModelArtifacts": state.model_uri or layout.uri(layout.model_key(state.name))}
    record["TrainingJobStatus"] = status
    record["SecondaryStatus"] = secondary
    if state.failure_reason:
        record["FailureReason"] = reason(state.failure_reason)
    record.update(
        {
            "HyperParameters": state.spec.hyperparameters(state.threshold),
            "AlgorithmSpecification": {"TrainingImage": TRAINING_IMAGE, "TrainingInputMode": "File"},
            "RoleArn": ROLE_ARN,
            "InputDataConfig": [
                {
                    "ChannelName": "train",
                    "DataSource": {
                        "S3DataSource": {
                            "S3DataType": "S3Prefix",
                            "S3Uri": settings.input_uri,
                            "S3DataDistributionType": "FullyReplicated",
                        }
                    },
                    "ContentType": CONTENT_TYPE,
                    "CompressionType": "None",
                }
            ],
            "OutputDataConfig": {"S3OutputPath": layout.uri(layout.tuning_key)},
            "ResourceConfig": {"InstanceType": "local", "InstanceCount": 1, "VolumeSizeInGB": 0},
            "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
            "CreationTime": iso(state.created),
        }
    )
    if state.started is not None:
        record["TrainingStartTime"] = iso(state.started)
    if state.end is not None:
        record["TrainingEndTime"] = iso(state.end)
    record["LastModifiedTime"] = iso(state.modified)
    transitions = []
    if state.started is not None:
        transitions.append(
            {
                "Status": "Training",
                "StartTime": iso(state.started),
                **({"EndTime": iso(state.end)} if state.end is not None else {}),
                "StatusMessage": "Training the candidate and validating it on held-out folds",
            }
        )
    if state.end is not None:
        transitions.append(
            {
                "Status": secondary,
                "StartTime": iso(state.end),
                "StatusMessage": {
                    "Completed": "Training job completed",
                    "Failed": reason(state.failure_reason or "Training job failed"),
                    "Stopped": "Training job stopped",
                }.get(secondary, secondary),
            }
        )
    if transitions:
        record["SecondaryStatusTransitions"] = transitions
    if state.started is not None and state.end is not None:
        record["TrainingTimeInSeconds"] = max(int(math.ceil(state.end - state.started)), 1)  # the shape's minimum is 1
    record["EnableNetworkIsolation"] = False
    record["EnableInterContainerTrafficEncryption"] = False
    record["EnableManagedSpotTraining"] = False
    final_metrics = []
    stamp = iso(state.end) if state.end is not None else None
    for set_name, values in (("validation", state.validation), ("train", state.train)):
        for name, value in values.items():
            if value is not None and math.isfinite(value) and stamp:
                final_metrics.append({"MetricName": f"{set_name}:{name}", "Value": float(value), "Timestamp": stamp})
    if final_metrics:
        record["FinalMetricDataList"] = final_metrics
    return record
