"""LocalSource: a folder of jobs in the shapes the AWS APIs return (layout: ``jobfolder``)."""

from __future__ import annotations

import json
import logging
import os
import stat
import threading
from datetime import datetime, timezone
from pathlib import Path

from .. import liveness, shapes
from ..errors import (
    ArtifactFormatError,
    ArtifactNotFound,
    AutopilotError,
    InvalidParameter,
    JobNotFound,
    NotFound,
)
from ..jobfolder import CANDIDATES_RECORD, JOB_RECORD, STEP_FOLDERS, object_parts
from ..names import AUTOML_EXPERIMENT_SUFFIX, JOB_NAME, TERMINAL_STATUSES
from ..s3uri import S3Location
from ..settings import DEFAULTS
from ..timeutil import parse_time
from .base import JobSource, SourceStatus
from .localfs import ContainedTree, valid_part

log = logging.getLogger(__name__)

_EPOCH = datetime.min.replace(tzinfo=timezone.utc)
#: record files (job.json, candidates.json, step records) are refused above this size by default
DEFAULT_MAX_RECORD_BYTES = DEFAULTS.max_record_bytes
SUMMARY_FIELDS = (
    "AutoMLJobName",
    "AutoMLJobArn",
    "AutoMLJobStatus",
    "AutoMLJobSecondaryStatus",
    "CreationTime",
    "EndTime",
    "LastModifiedTime",
    "FailureReason",
    "PartialFailureReasons",
)


def parse_record(data: bytes, what: str):
    """Parse a JSON record; malformed (or absurdly nested) JSON is a 502-class error naming the file."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ArtifactFormatError(f"{what} is not valid JSON (line {getattr(exc, 'lineno', '?')}).") from None
    except RecursionError:
        raise ArtifactFormatError(f"{what} is nested too deeply to be a record.") from None


class LocalSource(JobSource):
    id = "local"

    def __init__(self, jobs_dir: os.PathLike | str, *, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES):
        self.jobs_dir = Path(jobs_dir).expanduser()
        self.tree = ContainedTree(self.jobs_dir)
        self.max_record_bytes = int(max_record_bytes)
        self.label = "Local jobs"
        self._records: dict[str, tuple[tuple, dict]] = {}  # job -> (file identity, parsed job.json)
        self._lock = threading.Lock()

    # -- helpers -----------------------------------------------------------------------------
    def _check_job(self, job: str) -> None:
        if not JOB_NAME.fullmatch(job or "") or not self.tree.is_file((job, JOB_RECORD)):
            raise JobNotFound(f"AutoML job {job!r} not found in the local jobs folder.")

    def _read_record(self, parts: tuple[str, ...], what: str):
        """A record file of a job folder, parsed; FileNotFoundError when it is absent."""
        return parse_record(self.tree.read(parts, self.max_record_bytes, what), what)

    def _job_record(self, job: str) -> dict:
        self._check_job(job)
        st = self.tree.lstat((job, JOB_RECORD))
        identity = (st.st_ino, st.st_mtime_ns, st.st_size) if st else None
        with self._lock:
            hit = self._records.get(job)
        if hit is not None and identity is not None and hit[0] == identity:
            return hit[1]
        try:
            record = self._read_record((job, JOB_RECORD), f"The record of job {job!r} (job.json)")
        except FileNotFoundError:
            raise JobNotFound(f"AutoML job {job!r} not found in the local jobs folder.") from None
        record = shapes.job_record(record)  # wrongly typed members dropped (the source's own uses read it too)
        if record is None or not isinstance(record.get("AutoMLJobName"), str):
            raise ArtifactFormatError(f"The record of job {job!r} (job.json) is not a DescribeAutoMLJob response.")
        record = liveness.apply(self.tree, job, record)
        if identity is not None and record.get("AutoMLJobStatus") in TERMINAL_STATUSES:
            with self._lock:  # finished jobs' records are parsed once per change of the file
                if len(self._records) > 4096:
                    self._records.clear()
                self._records[job] = (identity, record)
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
        if not JOB_NAME.fullmatch(job or ""):
            return None
        stats = [self.tree.lstat((job, name)) for name in (JOB_RECORD, CANDIDATES_RECORD, liveness.MARKER)]
        return ";".join(f"{st.st_mtime_ns}:{st.st_size}" if st else "-" for st in stats)

    def list_jobs(self, *, name_contains=None, status=None, next_token=None, max_results=100):
        if not self.tree.is_dir(()):
            return [], None
        summaries = []
        for name, st in self.tree.entries():
            if not stat.S_ISDIR(st.st_mode) or not JOB_NAME.fullmatch(name):
                continue
            if name_contains and name_contains.lower() not in name.lower():
                continue
            job_file = self.tree.lstat((name, JOB_RECORD))
            if job_file is None:
                continue  # not a job folder
            try:
                record = self._job_record(name)
            except AutopilotError as exc:
                # One bad job never breaks the list: it is listed as failed, its reason names the file.
                log.warning("Local job folder %s is unreadable: %s", name, exc.message)
                record = {
                    "AutoMLJobName": name,
                    "AutoMLJobStatus": "Failed",
                    "AutoMLJobSecondaryStatus": "Failed",
                    "FailureReason": exc.message,
                    "CreationTime": job_file.st_mtime,
                    "LastModifiedTime": job_file.st_mtime,
                }
            summary = {key: record.get(key) for key in SUMMARY_FIELDS}
            summary["AutoMLJobName"] = name  # the folder is the job (a record naming another is not trusted)
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
        self._check_job(job)
        try:
            data = self._read_record((job, CANDIDATES_RECORD), f"The candidates of job {job!r} (candidates.json)")
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
        file_name = f"{step_name}.json" if isinstance(step_name, str) else ""
        if folder is None or not valid_part(file_name) or step_name.startswith("."):
            raise NotFound(f"Unknown candidate step {step_type} {str(step_name)[:80]!r}.")
        self._check_job(job)
        what = f"The record of step {step_name!r} ({folder}/{file_name})"
        try:
            record = self._read_record((job, folder, file_name), what)
        except FileNotFoundError:
            raise NotFound(f"No record of {folder[:-1].replace('-', ' ')} {step_name!r} in job {job!r}.") from None
        if not isinstance(record, dict):
            raise ArtifactFormatError(f"{folder}/{file_name} is not a Describe response.")
        return record

    @staticmethod
    def _object_parts(job: str, location: S3Location) -> tuple[str, ...] | None:
        """``JOB/s3/bucket/key...`` for an object location; None when the key cannot be a file path."""
        parts = location.key.split("/")
        if not location.key or not all(valid_part(p) for p in parts):
            return None
        return object_parts(job, location.bucket, parts)

    def list_objects(self, job: str, prefix: S3Location, limit: int = 1000):
        self._check_job(job)
        base = object_parts(job, prefix.bucket, prefix.parts)
        if not all(valid_part(p) for p in base):
            return []
        st = self.tree.lstat(base)
        if st is None:
            return []
        if stat.S_ISREG(st.st_mode):
            return [(prefix, st.st_size)] if prefix.key and not prefix.key.endswith("/") else []
        found: list[tuple[S3Location, int]] = []
        for rel, size in self.tree.walk_files(base, limit):
            loc = S3Location(prefix.bucket, "/".join((*prefix.parts, *rel)))
            if prefix.contains(loc):
                found.append((loc, size))
        return found

    def read_object(self, job: str, location: S3Location, max_bytes: int) -> bytes:
        self._check_job(job)
        parts = self._object_parts(job, location)
        if parts is None:
            raise ArtifactNotFound(f"{location.uri} does not exist in the job's folder.")
        try:
            return self.tree.read(parts, max_bytes, location.uri)
        except FileNotFoundError:
            raise ArtifactNotFound(f"{location.uri} does not exist in the job's folder.") from None
        except NotADirectoryError:
            raise ArtifactNotFound(f"{location.uri} does not exist in the job's folder.") from None

    def _all_jobs(self) -> list[dict]:
        jobs, token = self.list_jobs(max_results=10_000)
        return jobs

    def list_experiments(self) -> list[dict]:
        return [
            {
                "ExperimentName": f"{job['AutoMLJobName']}{AUTOML_EXPERIMENT_SUFFIX}",
                "ExperimentArn": (job.get("AutoMLJobArn") or "").replace(":automl-job/", ":experiment/")
                + AUTOML_EXPERIMENT_SUFFIX,
                "DisplayName": f"{job['AutoMLJobName']}{AUTOML_EXPERIMENT_SUFFIX}",
                "ExperimentSource": {"SourceArn": job.get("AutoMLJobArn"), "SourceType": "SageMakerAutoMLJob"},
                "CreationTime": job.get("CreationTime"),
                "LastModifiedTime": job.get("LastModifiedTime"),
            }
            for job in self._all_jobs()
        ]

    def list_unassigned_trial_components(self) -> list[dict]:
        return [
            {
                "TrialComponentName": f"{job['AutoMLJobName']}{AUTOML_EXPERIMENT_SUFFIX}",
                "DisplayName": job["AutoMLJobName"],
                "TrialComponentArn": (job.get("AutoMLJobArn") or "").replace(
                    ":automl-job/", ":experiment-trial-component/"
                )
                + AUTOML_EXPERIMENT_SUFFIX,
                "TrialComponentSource": {"SourceArn": job.get("AutoMLJobArn"), "SourceType": "SageMakerAutoMLJob"},
                "Status": {"PrimaryStatus": job.get("AutoMLJobStatus")},
                "CreationTime": job.get("CreationTime"),
                "StartTime": job.get("CreationTime"),
                "EndTime": job.get("EndTime"),
                "LastModifiedTime": job.get("LastModifiedTime"),
            }
            for job in self._all_jobs()
        ]
