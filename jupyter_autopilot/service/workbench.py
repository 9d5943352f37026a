"""Creating, stopping and using jobs: the local launcher (create, stop) and the local runner's
models (predict). Functions of the service (``AutopilotService`` delegates to them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import artifacts as art
from ..errors import ArtifactNotFound, InvalidParameter, SourceUnavailable
from ..names import TERMINAL_STATUSES, check_job_name
from ..s3uri import S3Location, try_parse
from . import models

if TYPE_CHECKING:
    from .core import AutopilotService


def _launcher(service: AutopilotService, source_id: str):
    from ..launcher import LocalLauncher

    src = service.source(source_id)
    jobs_dir = getattr(src, "jobs_dir", None)
    if source_id != "local" or jobs_dir is None:
        raise InvalidParameter(
            "Creating and stopping jobs on AWS (CreateAutoMLJobV2, StopAutoMLJob) is not available in this "
            "version; create a local job (source local), or use the SageMaker console."
        )
    with service._lock:
        if service._launchers.get(source_id) is None:
            service._launchers[source_id] = LocalLauncher(jobs_dir, max_concurrent=service.max_concurrent_runs)
        return service._launchers[source_id]


def create_job(service: AutopilotService, source_id: str, body: object, root_dir: str) -> models.Job:
    """A new job from a request (checked field by field), queued to run; its job view."""
    from ..launcher import check_local_request

    launcher = _launcher(service, source_id)
    request = check_local_request(body, root_dir)
    launcher.submit(request)
    return service.job(source_id, request.name)


def stop_job(service: AutopilotService, source_id: str, job: str) -> models.Job:
    check_job_name(job)
    launcher = _launcher(service, source_id)
    view = service.job(source_id, job)
    if view.status in TERMINAL_STATUSES:
        from ..launcher import JobEnded

        raise JobEnded(f"AutoML job {job!r} has ended ({view.status}); there is nothing to stop.")
    launcher.stop(job)
    view = service.job(source_id, job)
    if view.status == "InProgress":
        view = view.model_copy(update={"status": "Stopping"})  # the runner is ending it (SIGTERM)
    return view


def model(service: AutopilotService, source_id: str, job: str, candidate: str):
    """(fitted pipeline, model.json) of a local-runner candidate, loaded once per finished job.

    Only models this user trained on this machine load (their signature is checked before the
    file is unpickled) with the library versions they were trained with."""
    from ..runner import RunnerNotInstalled, require_runner

    if source_id != "local":
        raise InvalidParameter(
            "Predictions here use models of the local runner; an AWS candidate predicts on a SageMaker "
            "endpoint or a batch transform job."
        )
    try:
        require_runner()
    except RunnerNotInstalled as exc:
        raise SourceUnavailable(f"Predictions need {exc}") from None
    src, entry, cand = service._job_and_candidate(source_id, job, candidate)
    return entry.once(("model", candidate), lambda: _load_model(service, src, job, entry, cand, candidate))


def _load_model(service: AutopilotService, src, job, entry, cand, candidate: str):
    from ..runner import models

    containers = cand.get("InferenceContainers") or []
    uri = next((c.get("ModelDataUrl") for c in containers if isinstance(c, dict) and c.get("ModelDataUrl")), None)
    loc = try_parse(uri)
    if loc is None or not loc.key.endswith(".joblib"):
        raise ArtifactNotFound(
            f"Candidate {candidate!r} has no model of the local runner"
            + (" (it failed)." if cand.get("CandidateStatus") == "Failed" else ".")
        )
    meta_loc = S3Location(loc.bucket, loc.key.rsplit("/", 1)[0] + "/" + models.MODEL_METADATA)
    meta = art.load_json(service._read(src, job, entry, meta_loc, service.max_artifact_bytes), meta_loc.uri)
    data = service._read(src, job, entry, loc, models.MAX_MODEL_BYTES)
    return models.load_model(data, meta, f"The model of candidate {candidate!r}"), meta


def predict(service: AutopilotService, source_id: str, job: str, candidate: str, frame):
    """(predictions DataFrame, summary) of a candidate on a DataFrame."""
    from ..runner import models

    pipeline, meta = service.model(source_id, job, candidate)
    return models.predict(pipeline, meta, frame)
