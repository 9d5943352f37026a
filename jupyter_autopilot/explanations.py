"""Explanations computed later: a finished local job's candidates that have none get theirs on
request, with ``jupyter autopilot explain`` or the model-details tab's "Compute explanation" (the
server runs that command in a process of its own: ``explain_launcher``).

A candidate can lack one when its job was stopped before the runner explained it, or when the
runner ended (interrupted, killed) while it explained the candidates after the job completed.
The explanation written is the one the runner would have written: the candidate's saved model
(loaded only when this user's key signed it and the installed libraries are the ones it was
trained with) explained on the job's own copy of its input data, in the same unit and on the same
sample (the runner's default seed, 0; a job run with ``--seed N`` is explained alike with
``jupyter autopilot explain --seed N``: the records do not keep the seed). It goes where the candidate's record says, or, for a stopped job whose records name no
location, where the runner writes explanations (the records then name it). Every read and write
stays inside the job folder, never through a link.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from . import records as rec
from .errors import ArtifactNotFound, AutopilotError, Conflict, InvalidParameter
from .jobfolder import CANDIDATES_RECORD, JOB_RECORD
from .names import TERMINAL_STATUSES, check_candidate_name, check_job_name
from .s3uri import S3Location, try_parse

if TYPE_CHECKING:
    from .service.core import AutopilotService

#: the job's copy of its input data, read for an explanation, at most
MAX_INPUT_BYTES = 1024 * 1024 * 1024
#: what the local runner's records name as a model file (see runner.layout)
MODEL_FILE = ".joblib"


class ExplanationExists(Conflict):
    code = "ExplanationExists"


class ExplanationRunning(Conflict):
    code = "ExplanationRunning"


def _input_location(record: dict) -> S3Location | None:
    channels = record.get("AutoMLJobInputDataConfig") or record.get("InputDataConfig") or []
    for channel in channels if isinstance(channels, list) else []:
        if isinstance(channel, dict) and channel.get("ChannelType", "training") == "training":
            return try_parse(rec.dig(channel, "DataSource", "S3DataSource", "S3Uri"))
    return None


def _location_of(layout_job: str, cand: dict) -> S3Location | None:
    """Where the candidate's explanation goes: its record's location, else the runner's."""
    from .runner.layout import JobLayout

    named = try_parse(rec.artifact_locations(cand).get("Explainability"))
    if named is not None:
        return named
    layout = JobLayout(Path("."), layout_job)
    return try_parse(layout.uri(layout.explainability_prefix(cand["CandidateName"])))


def runner_alive(service: AutopilotService, job: str) -> bool:
    """Is a local runner (or an explaining process) working on this job? Its marker says so (a
    marker left by a process that is gone does not count)."""
    from . import liveness

    tree = getattr(service.source("local"), "tree", None)
    return tree is not None and liveness.runner_alive(tree, job)


def why_not_explainable(
    service: AutopilotService, source_id: str, job: str, candidate: str, *, marker_is_ours: bool = False
) -> str | None:
    """None when an unexplained candidate's explanation can be computed now; else why not."""
    try:
        check_explainable(
            service, source_id, job, candidate, load_model=False, explained=False, marker_is_ours=marker_is_ours
        )
    except AutopilotError as exc:
        return exc.message
    return None


def check_explainable(
    service: AutopilotService,
    source_id: str,
    job: str,
    candidate: str,
    *,
    load_model: bool = True,
    marker_is_ours: bool = False,
    explained: bool | None = None,
) -> tuple[dict, dict, S3Location]:
    """(job record, candidate record, input location) of a candidate whose explanation can be
    computed now; else a specific error: not local (400), unknown (404), still running, already
    explained or being explained (409), no model or no input copy (404), a model that will not
    load here (409, from ``service.model``). ``marker_is_ours``: the caller is the explaining
    process (the job's liveness marker is its own). ``explained``: whether it has an explanation,
    when the caller knows."""
    check_job_name(job)
    check_candidate_name(candidate)
    if source_id != "local":
        raise InvalidParameter(
            "Explanations are computed here for jobs of the local runner only; on AWS, Autopilot explains "
            "the best candidate (a SageMaker Clarify processing job explains another)."
        )
    src, entry, cand = service._job_and_candidate(source_id, job, candidate)
    record = entry.record
    status = record.get("AutoMLJobStatus")
    if status not in TERMINAL_STATUSES:
        raise Conflict(
            f"AutoML job {job!r} is still running ({status}); its runner explains its candidates, the best "
            "one first and the others right after the job completes."
        )
    if cand.get("CandidateStatus") != "Completed":
        raise Conflict(
            f"Candidate {candidate!r} did not complete ({cand.get('CandidateStatus')}); it has no model to explain."
        )
    containers = cand.get("InferenceContainers") or []
    model = next((c.get("ModelDataUrl") for c in containers if isinstance(c, dict) and c.get("ModelDataUrl")), None)
    if not isinstance(model, str) or not model.endswith(MODEL_FILE):
        raise ArtifactNotFound(f"Candidate {candidate!r} has no model of the local runner to explain.")
    if not marker_is_ours and runner_alive(service, job):
        raise ExplanationRunning(
            f"Explanations of job {job!r} are being computed now; this candidate's appears when it is written."
        )
    if explained is None:
        explained = service.explainability(source_id, job, candidate).available
    if explained:
        raise ExplanationExists(f"Candidate {candidate!r} has an explanation already.")
    where = _input_location(record)
    if where is None or src.tree.lstat(src._object_parts(job, where) or ()) is None:  # type: ignore[attr-defined]
        raise ArtifactNotFound(
            f"The job's copy of its input data ({where.uri if where else 'no location in its record'}) is not in "
            "the job folder; an explanation needs the rows the model was trained on."
        )
    prefix = _location_of(job, cand)
    output = try_parse(rec.dig(record, "OutputDataConfig", "S3OutputPath"))
    folder = S3Location(prefix.bucket, prefix.key.rstrip("/")) if prefix is not None else None
    if folder is None or output is None or not output.contains(folder) or src._object_parts(job, folder) is None:  # type: ignore[attr-defined]
        raise InvalidParameter(
            f"Candidate {candidate!r}'s explainability location ({prefix.uri if prefix else 'none'}) is not under "
            "the job's output; nothing is written there."
        )
    if load_model:
        service.model(source_id, job, candidate)  # ModelRefused (409) and the like, before any work starts
    return record, cand, where


def explain_candidate(service: AutopilotService, job: str, candidate: str, *, seed: int = 0) -> str:
    """Compute and write one candidate's explanation; returns the URI of its analysis.json. The
    caller holds the job's liveness marker (``liveness.Heartbeat``) meanwhile."""
    from .runner import explain
    from .runner.data import load_dataset
    from .runner.layout import JobLayout
    from .runner.writer import json_bytes

    record, cand, where = check_explainable(service, "local", job, candidate, marker_is_ours=True)
    src = service.source("local")
    pipeline, meta = service.model("local", job, candidate)
    data = src.read_object(job, where, MAX_INPUT_BYTES)
    with tempfile.TemporaryDirectory(prefix="autopilot-explain-") as folder:
        copy = Path(folder) / (where.key.rsplit("/", 1)[-1] or "input.csv")
        copy.write_bytes(data)
        del data
        ds = load_dataset(copy, meta.get("target"), meta.get("problemType"))
    document = explain.analysis(pipeline, ds, seed)
    prefix = _location_of(job, cand)
    assert prefix is not None  # (check_explainable made sure)
    key = f"{prefix.key.rstrip('/')}/{JobLayout.analysis_run_folder(candidate, seed)}/analysis.json"
    analysis = S3Location(prefix.bucket, key)
    src.tree.write(src._object_parts(job, analysis), json_bytes(document))  # type: ignore[attr-defined]
    _record_location(src, job, record, candidate, prefix)
    return analysis.uri


def _record_location(src, job: str, record: dict, candidate: str, prefix: S3Location) -> None:
    """The candidate's records name the explanation's location and say when they last changed
    (which is also what tells the server's cache that the job changed)."""
    from .runner.records import iso
    from .runner.writer import json_bytes
    from .sources.local import parse_record

    def update(cand: dict) -> None:
        if not isinstance(cand.get("CandidateProperties"), dict):
            cand["CandidateProperties"] = {}
        properties = cand["CandidateProperties"]
        if not isinstance(properties.get("CandidateArtifactLocations"), dict):
            properties["CandidateArtifactLocations"] = {}
        properties["CandidateArtifactLocations"]["Explainability"] = prefix.uri  # (where it was written)
        cand["LastModifiedTime"] = iso()

    listing = parse_record(
        src.tree.read((job, CANDIDATES_RECORD), src.max_record_bytes, CANDIDATES_RECORD), CANDIDATES_RECORD
    )
    items = listing.get("Candidates") if isinstance(listing, dict) else listing
    for cand in items if isinstance(items, list) else []:
        if isinstance(cand, dict) and cand.get("CandidateName") == candidate:
            update(cand)
    src.tree.write((job, CANDIDATES_RECORD), json_bytes(listing))
    best = record.get("BestCandidate")
    if isinstance(best, dict) and best.get("CandidateName") == candidate:
        raw = parse_record(src.tree.read((job, JOB_RECORD), src.max_record_bytes, JOB_RECORD), JOB_RECORD)
        if isinstance(raw, dict) and isinstance(raw.get("BestCandidate"), dict):
            update(raw["BestCandidate"])
            src.tree.write((job, JOB_RECORD), json_bytes(raw))


def unexplained(service: AutopilotService, job: str) -> list[str]:
    """The job's completed candidates without an explanation, best first."""
    check_job_name(job)
    return [
        row.name
        for row in service.candidates("local", job).candidates
        if row.status == "Completed" and not service.explainability("local", job, row.name).available
    ]
