"""``jupyter autopilot export JOB``: copy an AWS AutoML job into the local jobs folder.

The copy uses the local source's layout, so the job can be reviewed offline and shared::

    <jobs-dir>/<JobName>/job.json                   DescribeAutoMLJobV2 (or V1) response
    <jobs-dir>/<JobName>/candidates.json            {"Candidates": [...]}, all pages
    <jobs-dir>/<JobName>/training-jobs/<name>.json  DescribeTrainingJob per candidate step
    <jobs-dir>/<JobName>/processing-jobs/<name>.json, transform-jobs/<name>.json
    <jobs-dir>/<JobName>/s3/<bucket>/<key>          the S3 objects the UI reads

The S3 objects are everything under each candidate's Explainability and ModelInsights prefixes
(analysis.json, statistics.json, report.pdf, ...) and the job's two notebooks. Records keep their
``s3://`` URIs; datetimes are written as ISO 8601 strings. The job is written into a hidden
temporary folder next to the destination and renamed into place at the end, so a reader never
sees half a job.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import (
    ArtifactNotFound,
    ArtifactTooLarge,
    AutopilotError,
    InvalidName,
    NotFound,
)
from .jobfolder import CANDIDATES_RECORD, JOB_RECORD, STEP_FOLDERS
from .names import check_job_name
from .records import within_job_output
from .s3uri import S3Location, try_parse
from .timeutil import to_iso

log = logging.getLogger(__name__)

ARTIFACT_PREFIXES = ("Explainability", "ModelInsights")
NOTEBOOKS = ("DataExplorationNotebookLocation", "CandidateDefinitionNotebookLocation")
MAX_OBJECT_BYTES = 512 * 1024 * 1024
MAX_OBJECTS_PER_PREFIX = 1000


class ExportExists(AutopilotError):
    status = 409
    code = "ExportExists"


def default_jobs_dir() -> Path:
    """The folder the server reads local jobs from (``jupyter_autopilot.config``)."""
    from .config import default_jobs_dir as resolve

    return resolve()


# ---------------------------------------------------------------------------------------------
# writing


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bytes):
        return None
    return value


def _write_json(path: Path, record: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(_jsonable(record), indent=2, ensure_ascii=False, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")


def _object_path(root: Path, location: S3Location) -> Path | None:
    """``root/s3/<bucket>/<key>`` for an object, or None when the key cannot be a file path."""
    parts = location.parts
    if not parts or any(p in (".", "..") or "\x00" in p for p in parts):
        return None
    base = (root / "s3" / location.bucket).resolve()
    path = base.joinpath(*parts).resolve()
    if base not in path.parents:
        return None
    return path


# ---------------------------------------------------------------------------------------------
# export


def export_job(
    source,
    job: str,
    jobs_dir,
    overwrite: bool = False,
    *,
    progress: Callable[[str], None] | None = None,
    max_object_bytes: int = MAX_OBJECT_BYTES,
) -> Path:
    """Copy ``job`` from ``source`` (an AwsSource, or any JobSource) into ``jobs_dir/<job>``.

    Raises InvalidName, JobNotFound, ExportExists (the folder exists and ``overwrite`` is
    False) or the source's errors; leaves nothing behind on failure. Returns the job folder.
    """
    check_job_name(job)
    say = progress or (lambda message: None)
    jobs_dir = Path(jobs_dir).expanduser()
    dest = jobs_dir / job
    if (dest.exists() or dest.is_symlink()) and not overwrite:
        raise ExportExists(f"{dest} already exists; use --overwrite to replace it.")

    record = source.describe_job(job)
    candidates = source.list_candidates(job)
    say(f"{job}: {record.get('AutoMLJobStatus', '?')}, {len(candidates)} candidates")

    jobs_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{job}.export-", dir=jobs_dir))
    try:
        _write_json(tmp / JOB_RECORD, record)
        _write_json(tmp / CANDIDATES_RECORD, {"Candidates": candidates})
        workers = max(1, int(getattr(source, "max_workers", 8) or 8))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="autopilot-export") as pool:
            steps = _export_steps(source, job, candidates, tmp, pool)
            say(f"{job}: {steps} step records")
            count, size = _export_objects(source, job, record, candidates, tmp, pool, max_object_bytes, say)
            say(f"{job}: {count} S3 objects ({size} bytes)")
        _move_into_place(tmp, dest, overwrite)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest


def _export_steps(source, job: str, candidates: list[dict], root: Path, pool: ThreadPoolExecutor) -> int:
    steps: dict[str, str] = {}
    for candidate in candidates:
        for step in candidate.get("CandidateSteps") or []:
            kind, name = step.get("CandidateStepType"), step.get("CandidateStepName")
            if kind in STEP_FOLDERS and isinstance(name, str) and name:
                steps.setdefault(name, kind)

    def one(item):
        name, kind = item
        try:
            return name, kind, source.describe_step(job, kind, name)
        except NotFound:
            log.warning("%s: step %s %s no longer exists; not exported", job, kind, name)
            return name, kind, None
        except InvalidName:
            log.warning("%s: step name %r is not a SageMaker job name; not exported", job, name)
            return name, kind, None

    written = 0
    for name, kind, described in pool.map(one, sorted(steps.items())):
        if described is not None:
            _write_json(root / STEP_FOLDERS[kind] / f"{name}.json", described)
            written += 1
    return written


def _artifact_locations(record: dict, candidates: Iterable[dict]) -> tuple[list[S3Location], list[S3Location]]:
    """(prefixes to copy recursively, single objects to copy) named by the job's own records."""
    prefixes: list[S3Location] = []
    seen_candidates = list(candidates)
    best = record.get("BestCandidate")
    if isinstance(best, dict):
        seen_candidates.append(best)
    for candidate in seen_candidates:
        locations = ((candidate.get("CandidateProperties") or {}).get("CandidateArtifactLocations")) or {}
        for key in ARTIFACT_PREFIXES:
            uri = locations.get(key)
            if not uri:
                continue
            location = try_parse(uri)
            if location is None:
                log.warning("%s of %s is not an s3:// URI; skipped", key, candidate.get("CandidateName"))
            elif location not in prefixes:
                prefixes.append(location)
    objects: list[S3Location] = []
    artifacts = record.get("AutoMLJobArtifacts") or {}
    for key in NOTEBOOKS:
        uri = artifacts.get(key)
        if not uri:
            continue
        location = try_parse(uri)
        if location is None or not location.key or location.key.endswith("/"):
            log.warning("%s is not an s3:// object URI; skipped", key)
        elif location not in objects:
            objects.append(location)
    return prefixes, objects


def _export_objects(source, job, record, candidates, root: Path, pool, max_bytes: int, say) -> tuple[int, int]:
    prefixes, objects = _artifact_locations(record, candidates)
    # only what lies below the job's own output location is read (the rule of the server's views)
    outside = [loc for loc in prefixes + objects if not within_job_output(record, job, loc)]
    for loc in outside:
        log.warning("%s is outside the job's output location; not exported", loc.uri)
    prefixes = [loc for loc in prefixes if loc not in outside]
    objects = [loc for loc in objects if loc not in outside]
    wanted: dict[S3Location, None] = dict.fromkeys(objects)
    for prefix in prefixes:
        for location, _size in source.list_objects(job, prefix, MAX_OBJECTS_PER_PREFIX):
            if prefix.contains(location):
                wanted.setdefault(location, None)

    def fetch(location: S3Location):
        try:
            return location, source.read_object(job, location, max_bytes)
        except ArtifactNotFound:
            say(f"warning: {location.uri} does not exist; not exported")
        except ArtifactTooLarge:
            say(f"warning: {location.uri} is larger than {max_bytes} bytes; not exported")
        return location, None

    count = size = 0
    for location, data in pool.map(fetch, list(wanted)):
        if data is None:
            continue
        path = _object_path(root, location)
        if path is None:
            say(f"warning: {location.uri} cannot be stored as a file; not exported")
            continue
        if path.is_dir() or any(parent.is_file() for parent in path.parents):
            say(f"warning: {location.uri} clashes with another object's folder; not exported")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        count += 1
        size += len(data)
    return count, size


def _move_into_place(tmp: Path, dest: Path, overwrite: bool) -> None:
    if dest.exists() or dest.is_symlink():
        if not overwrite:
            raise ExportExists(f"{dest} already exists; use --overwrite to replace it.")
        backup = Path(tempfile.mkdtemp(prefix=f".{dest.name}.replaced-", dir=dest.parent))
        old = backup / "old"
        os.rename(dest, old)
        try:
            os.rename(tmp, dest)
        except BaseException:
            os.rename(old, dest)
            raise
        shutil.rmtree(backup, ignore_errors=True)
    else:
        os.rename(tmp, dest)


# ---------------------------------------------------------------------------------------------
# command line


def main(argv: list[str] | None = None) -> int:
    """``jupyter autopilot export ARGS`` (the one command line: ``cli``)."""
    from .cli import main as cli_main

    return cli_main(["export", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
