"""Where things go: the local job-folder layout and the ``s3://`` URIs that point into it.

A job lives in ``<jobs-dir>/<JobName>/``. Records keep real ``s3://<bucket>/<key>`` URIs and
the object of each URI is stored at ``<jobs-dir>/<JobName>/s3/<bucket>/<key>``. Keys follow
the prefixes Autopilot uses below its output path (``<output>/<JobName>/...``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path

from .. import jobfolder
from ..config import JOBS_DIR_ENV, default_jobs_dir  # noqa: F401  (one rule, shared with the server)

BUCKET = "autopilot-local"
REGION = "local"
ACCOUNT = "000000000000"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/jupyter-autopilot-local"

DATA_EXPLORATION_NOTEBOOK = "SageMakerAutopilotDataExplorationNotebook.ipynb"
CANDIDATE_DEFINITION_NOTEBOOK = "SageMakerAutopilotCandidateDefinitionNotebook.ipynb"


def arn(resource: str, name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:{resource}/{name.lower()}"


class JobLayout:
    """Paths, S3 keys and URIs of one job."""

    def __init__(self, jobs_dir: Path, job_name: str):
        self.jobs_dir = Path(jobs_dir)
        self.job_name = job_name
        self.job_dir = self.jobs_dir / job_name
        self.job_json = self.job_dir / jobfolder.JOB_RECORD
        self.candidates_json = self.job_dir / jobfolder.CANDIDATES_RECORD
        self.training_jobs_dir = self.job_dir / jobfolder.TRAINING_JOBS
        self.s3_dir = self.job_dir / jobfolder.OBJECTS

    def clear_for_new_run(self) -> None:
        """Empty the existing job folder for a new run, all but its job record, which the run's
        first write replaces: the job is never missing meanwhile (the local launcher writes a
        placeholder record, then starts the runner over it). The rest moves out of the listing,
        then is deleted. A symbolic link or a file of the job's name is moved out whole."""
        job_dir = self.job_dir
        trash = job_dir.with_name(f".{job_dir.name}.deleting-{uuid.uuid4().hex[:8]}")
        if job_dir.is_symlink() or not job_dir.is_dir():
            os.replace(job_dir, trash)
            job_dir.mkdir()
        else:
            trash.mkdir()
            for child in job_dir.iterdir():
                if child.name != self.job_json.name:
                    os.replace(child, trash / child.name)
        if trash.is_dir() and not trash.is_symlink():
            shutil.rmtree(trash, ignore_errors=True)
        else:
            trash.unlink()

    # -- URIs and local paths -------------------------------------------------------
    @staticmethod
    def uri(key: str) -> str:
        return f"s3://{BUCKET}/{key}"

    def path(self, key: str) -> Path:
        return self.s3_dir / BUCKET / key.rstrip("/")

    def training_job_json(self, training_job_name: str) -> Path:
        return self.training_jobs_dir / f"{training_job_name}.json"

    # -- keys -----------------------------------------------------------------------
    def input_key(self, filename: str) -> str:
        return f"{self.job_name}/input/{filename}"

    @property
    def output_key(self) -> str:
        """``OutputDataConfig.S3OutputPath`` of the job."""
        return f"{self.job_name}/output"

    @property
    def job_output_key(self) -> str:
        """Autopilot writes everything below ``<S3OutputPath>/<JobName>/``."""
        return f"{self.output_key}/{self.job_name}"

    @property
    def tuning_key(self) -> str:
        """``OutputDataConfig.S3OutputPath`` of the training jobs."""
        return f"{self.job_output_key}/tuning"

    def model_key(self, training_job_name: str) -> str:
        return f"{self.tuning_key}/{training_job_name}/output/model.joblib"

    def explainability_prefix(self, candidate: str) -> str:
        return f"{self.job_output_key}/documentation/explainability/output/{candidate}/"

    def analysis_key(self, candidate: str, run_folder: str) -> str:
        return f"{self.explainability_prefix(candidate)}{run_folder}/analysis.json"

    @staticmethod
    def analysis_run_folder(candidate: str, seed: int) -> str:
        """The folder of a candidate's explanation under its explainability prefix (as a Clarify
        processing job's output folder): the same for the same candidate and seed."""
        return "clarify-" + hashlib.sha256(f"{candidate}|{seed}".encode()).hexdigest()[:12]

    def model_insights_prefix(self, candidate: str) -> str:
        return f"{self.job_output_key}/documentation/model_monitor/output/{candidate}/"

    def statistics_key(self, candidate: str) -> str:
        return f"{self.model_insights_prefix(candidate)}statistics.json"

    def notebook_key(self, analysis_job: str, notebook: str) -> str:
        return f"{self.job_output_key}/sagemaker-automl-candidates/{analysis_job}/notebooks/{notebook}"
