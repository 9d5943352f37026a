"""The rules on names and limits, in one place: AWS name patterns (botocore's service model), checked
before any call; job statuses; the suffixes SageMaker gives an AutoML job's experiment; job limits.
The frontend reads the ones it checks from the server (``GET sources`` → ``settings``)."""

from __future__ import annotations

import re

from .errors import InvalidName

# AutoMLJobName: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}
JOB_NAME_MAX_LENGTH = 32
JOB_NAME = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}")
# CandidateName: max 64; Autopilot names them like training jobs
CANDIDATE_NAME = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9_.]){0,63}")
# Training / processing / transform job names: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}
STEP_JOB_NAME = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
# ListAutoMLJobs NameContains
NAME_CONTAINS = re.compile(r"[a-zA-Z0-9\-]{1,63}")

#: the experiment (and trial component) SageMaker makes for an AutoML job: <job name> + this
AUTOML_EXPERIMENT_SUFFIX = "-aws-auto-ml-job"

#: CompletionCriteria limits: MaxCandidates of a local job (AWS's service model allows 750), and
#: MaxAutoMLJobRuntimeInSeconds
MAX_CANDIDATES = 250
AWS_MAX_CANDIDATES = 750
#: how many candidates a comparison takes (REST and notebook; the UI marks 2 to 4)
COMPARE_LIMIT = (2, 10)
MAX_RUNTIME_SECONDS = 30 * 24 * 3600

#: Autopilot's tabular problem types, modes, and objective metrics per problem type with its default
PROBLEM_TYPES = ("BinaryClassification", "MulticlassClassification", "Regression")
MODES = ("AUTO", "ENSEMBLING", "HYPERPARAMETER_TUNING")
OBJECTIVES = {
    "BinaryClassification": ("Accuracy", "AUC", "BalancedAccuracy", "F1", "Precision", "Recall"),
    "MulticlassClassification": ("Accuracy", "BalancedAccuracy", "F1macro", "PrecisionMacro", "RecallMacro"),
    "Regression": ("MAE", "MSE", "R2", "RMSE"),
}
#: the local runner's training-job hyperparameter naming a binary model's decision threshold (it
#: predicts the positive class at a probability of at least this; without it, the likelier class)
DECISION_THRESHOLD = "decision_threshold"
DEFAULT_OBJECTIVES = {"BinaryClassification": "F1", "MulticlassClassification": "Accuracy", "Regression": "MSE"}

JOB_STATUSES = ("Completed", "InProgress", "Failed", "Stopped", "Stopping")
TERMINAL_STATUSES = frozenset({"Completed", "Failed", "Stopped"})


def _show(value: str, limit: int = 80) -> str:
    text = value if len(value) <= limit else value[:limit] + "…"
    return repr(text)


def check_job_name(name: str) -> str:
    if not isinstance(name, str) or not JOB_NAME.fullmatch(name):
        raise InvalidName(
            f"{_show(str(name))} is not a valid AutoML job name: use 1 to 32 letters, digits "
            "and hyphens, starting and ending with a letter or digit."
        )
    return name


def check_candidate_name(name: str) -> str:
    if not isinstance(name, str) or not CANDIDATE_NAME.fullmatch(name):
        raise InvalidName(
            f"{_show(str(name))} is not a valid candidate name: use 1 to 64 letters, digits, "
            "hyphens, dots and underscores, starting with a letter or digit."
        )
    return name


def check_step_job_name(name: str) -> str:
    if not isinstance(name, str) or not STEP_JOB_NAME.fullmatch(name):
        raise InvalidName(f"{_show(str(name))} is not a valid SageMaker job name.")
    return name


def check_name_contains(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if not NAME_CONTAINS.fullmatch(value):
        raise InvalidName(f"{_show(value)} is not a valid job-name filter: use up to 63 letters, digits and hyphens.")
    return value


def check_status(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if value not in JOB_STATUSES:
        raise InvalidName(f"{_show(value)} is not a job status; use one of {', '.join(JOB_STATUSES)}.")
    return value
