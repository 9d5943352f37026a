"""A folder of jobs in the shapes the AWS APIs return (also the export format)::

<jobs-dir>/<JobName>/job.json                   DescribeAutoMLJobV2 or DescribeAutoMLJob response
<jobs-dir>/<JobName>/candidates.json            {"Candidates": [...]}
<jobs-dir>/<JobName>/training-jobs/<name>.json  DescribeTrainingJob response per training step
<jobs-dir>/<JobName>/processing-jobs/<name>.json, transform-jobs/<name>.json  (optional)
<jobs-dir>/<JobName>/s3/<bucket>/<key>          the S3 objects the records point to
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

from ..errors import (
    ArtifactFormatError,
    ArtifactNotFound,
    ArtifactTooLarge,
    InvalidParameter,
    JobNotFound,
    NotFound,
)
from ..names import JOB_NAME
from ..s3uri import S3Location
from ..timeutil import parse_time
from .base import JobSource, SourceStatus

log = logging.getLogger(__name__)

STEP_FOLDERS = {
    "AWS::SageMaker::TrainingJob": "training-jobs",
    "AWS::SageMaker::ProcessingJob": "processing-jobs",
    "AWS::SageMaker::TransformJob": "transform-jobs",
}
EXPERIMENT_SUFFIX = "-aws-auto-ml-job"
_EPOCH = datetime.min.replace(tzinfo=timezone.utc)


def read_json_file(path: Path, what: str):
    """Parse a JSON record; a malformed file is a 502-class error that names the file."""
    try:
        with open(path, "rb") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise
    except (ValueError, UnicodeDecodeError) as exc:
        raise ArtifactFormatError(
            f"{what} is not valid JSON ({path.name}: line {getattr(exc, 'lineno', '?')})."
        ) from None
    except OSError as exc:
        raise ArtifactFormatError(f"{what} cannot be read ({exc.strerror}).") from None


class LocalSource(JobSource):
    id = "local"

    def __init__(self, jobs_dir: os.PathLike | str):
        self.jobs_dir = Path(jobs_dir).expanduser()
        self.label = "Local jobs"

    # -- helpers -----------------------------------------------------------------------------
    def _job_dir(self, job: str) -> Path:
        if not JOB_NAME.fullmatch(job or ""):
            raise JobNotFound(f"AutoML job {job!r} not found in the local jobs folder.")
        path = self.jobs_dir / job
        if not (path / "job.json").is_file():
            raise JobNotFound(f"AutoML job {job!r} not found in the local jobs folder.")
        return path

    def _job_record(self, job: str) -> dict:
        path = self._job_dir(job) / "job.json"
        try:
            record = read_json_file(path, f"The record of job {job!r} (job.json)")
        except FileNotFoundError:
            raise JobNotFound(f"AutoML job {job!r} not found in the local jobs folder.") from None
        if not isinstance(record, dict) or not record.get("AutoMLJobName"):
            raise ArtifactFormatError(f"The record of job {job!r} (job.json) is not a DescribeAutoMLJob response.")
        return record

    # -- interface ---------------------------------------------------------------------------
    def status(self) -> SourceStatus:
        if not self.jobs_dir.exists():
            return SourceStatus(
                True,
                f"The local jobs folder {self.jobs_dir} does not exist yet: run "
                "`jupyter autopilot run` or `jupyter autopilot demo` to create jobs.",
                {"jobsDir": str(self.jobs_dir)},
            )
        if not self.jobs_dir.is_dir():
            return SourceStatus(False, f"{self.jobs_dir} is not a folder.", {"jobsDir": str(self.jobs_dir)})
        return SourceStatus(True, f"Jobs in {self.jobs_dir}", {"jobsDir": str(self.jobs_dir)})

    def version(self, job: str) -> str | None:
        try:
            stats = [
                (self.jobs_dir / job / name).stat()
                for name in ("job.json", "candidates.json")
                if (self.jobs_dir / job / name).exists()
            ]
        except OSError:
            return None
        return ";".join(f"{s.st_mtime_ns}:{s.st_size}" for s in stats) or None

    def list_jobs(self, *, name_contains=None, status=None, next_token=None, max_results=100):
        if not self.jobs_dir.is_dir():
            return [], None
        summaries = []
        for entry in sorted(self.jobs_dir.iterdir()):
            if not entry.is_dir() or not (entry / "job.json").is_file():
                continue
            if not JOB_NAME.fullmatch(entry.name):
                continue
            if name_contains and name_contains.lower() not in entry.name.lower():
                continue
            try:
                record = self._job_record(entry.name)
            except (ArtifactFormatError, JobNotFound) as exc:
                # Shown, not hidden: the job appears as failed, its reason names the broken file.
                log.warning("Local job folder %s is unreadable: %s", entry.name, exc)
                record = {
                    "AutoMLJobName": entry.name,
                    "AutoMLJobStatus": "Failed",
                    "AutoMLJobSecondaryStatus": "Failed",
                    "FailureReason": str(exc),
                    "CreationTime": (entry / "job.json").stat().st_mtime,
                }
            summary = {
                "AutoMLJobName": record.get("AutoMLJobName", entry.name),
                "AutoMLJobArn": record.get("AutoMLJobArn"),
                "AutoMLJobStatus": record.get("AutoMLJobStatus"),
                "AutoMLJobSecondaryStatus": record.get("AutoMLJobSecondaryStatus"),
                "CreationTime": record.get("CreationTime"),
                "EndTime": record.get("EndTime"),
                "LastModifiedTime": record.get("LastModifiedTime"),
                "FailureReason": record.get("FailureReason"),
                "PartialFailureReasons": record.get("PartialFailureReasons"),
            }
            if status and summary["AutoMLJobStatus"] != status:
                continue
            summaries.append(summary)
        summaries.sort(key=lambda s: (parse_time(s.get("CreationTime")) or _EPOCH, s["AutoMLJobName"]), reverse=True)
        start = 0
        if next_token:
            try:
                start = int(next_token)
            except ValueError:
                raise InvalidParameter("nextToken is not a token this server issued.") from None
            if start < 0:
                raise InvalidParameter("nextToken is not a token this server issued.")
        page = summaries[start : start + max_results]
        token = str(start + max_results) if start + max_results < len(summaries) else None
        return page, token

    def describe_job(self, job: str) -> dict:
        return self._job_record(job)

    def list_candidates(self, job: str) -> list[dict]:
        path = self._job_dir(job) / "candidates.json"
        if not path.exists():
            return []
        try:
            data = read_json_file(path, f"The candidates of job {job!r} (candidates.json)")
        except FileNotFoundError:
            return []
        candidates = data.get("Candidates") if isinstance(data, dict) else data  # a bare list is accepted too
        if not isinstance(candidates, list) or not all(isinstance(c, dict) for c in candidates):
            raise ArtifactFormatError(
                f"The candidates of job {job!r} (candidates.json) are not a "
                'ListCandidatesForAutoMLJob response ({"Candidates": [...]}).'
            )
        return candidates

    def describe_step(self, job: str, step_type: str, step_name: str) -> dict:
        folder = STEP_FOLDERS.get(step_type)
        if folder is None or not step_name or "/" in step_name or step_name.startswith("."):
            raise NotFound(f"Unknown candidate step {step_type} {step_name!r}.")
        path = self._job_dir(job) / folder / f"{step_name}.json"
        try:
            record = read_json_file(path, f"The record of step {step_name!r} ({folder}/{step_name}.json)")
        except FileNotFoundError:
            raise NotFound(f"No record of {folder[:-1].replace('-', ' ')} {step_name!r} in job {job!r}.") from None
        if not isinstance(record, dict):
            raise ArtifactFormatError(f"{folder}/{step_name}.json is not a Describe response.")
        return record

    def _s3_root(self, job: str) -> Path:
        return (self._job_dir(job) / "s3").resolve()

    def _object_path(self, job: str, location: S3Location) -> Path:
        root = self._s3_root(job)
        path = (root / location.bucket / location.key).resolve()
        if path != root and root not in path.parents:
            raise ArtifactNotFound(f"{location.uri} is outside the job's folder.")
        return path

    def list_objects(self, job: str, prefix: S3Location, limit: int = 1000):
        base = self._object_path(job, prefix)
        root = self._s3_root(job)
        found: list[tuple[S3Location, int]] = []
        if base.is_file():
            return [(prefix, base.stat().st_size)]
        if not base.is_dir():
            return []
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                real = path.resolve()
                if root not in real.parents:
                    continue  # a symlink leading out of the job folder
                rel = real.relative_to(root).as_posix()
                bucket, _, key = rel.partition("/")
                loc = S3Location(bucket, key)
                if prefix.contains(loc):
                    found.append((loc, real.stat().st_size))
                if len(found) >= limit:
                    return found
        return found

    def read_object(self, job: str, location: S3Location, max_bytes: int) -> bytes:
        path = self._object_path(job, location)
        if not path.is_file():
            raise ArtifactNotFound(f"{location.uri} does not exist in the job's folder.")
        size = path.stat().st_size
        if size > max_bytes:
            raise ArtifactTooLarge(f"{location.uri} is {size} bytes, over the {max_bytes}-byte limit.")
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1)

    def _all_jobs(self) -> list[dict]:
        jobs, token = self.list_jobs(max_results=10_000)
        return jobs

    def list_experiments(self) -> list[dict]:
        return [
            {
                "ExperimentName": f"{job['AutoMLJobName']}{EXPERIMENT_SUFFIX}",
                "ExperimentArn": (job.get("AutoMLJobArn") or "").replace(":automl-job/", ":experiment/")
                + EXPERIMENT_SUFFIX,
                "DisplayName": f"{job['AutoMLJobName']}{EXPERIMENT_SUFFIX}",
                "ExperimentSource": {"SourceArn": job.get("AutoMLJobArn"), "SourceType": "SageMakerAutoMLJob"},
                "CreationTime": job.get("CreationTime"),
                "LastModifiedTime": job.get("LastModifiedTime"),
            }
            for job in self._all_jobs()
        ]

    def list_unassigned_trial_components(self) -> list[dict]:
        return [
            {
                "TrialComponentName": f"{job['AutoMLJobName']}{EXPERIMENT_SUFFIX}",
                "DisplayName": job["AutoMLJobName"],
                "TrialComponentArn": (job.get("AutoMLJobArn") or "").replace(
                    ":automl-job/", ":experiment-trial-component/"
                )
                + EXPERIMENT_SUFFIX,
                "TrialComponentSource": {"SourceArn": job.get("AutoMLJobArn"), "SourceType": "SageMakerAutoMLJob"},
                "Status": {"PrimaryStatus": job.get("AutoMLJobStatus")},
                "CreationTime": job.get("CreationTime"),
                "StartTime": job.get("CreationTime"),
                "EndTime": job.get("EndTime"),
                "LastModifiedTime": job.get("LastModifiedTime"),
            }
            for job in self._all_jobs()
        ]
