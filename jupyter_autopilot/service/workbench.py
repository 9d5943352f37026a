"""Creating, stopping and using jobs: a checked request run by the local launcher or sent to AWS
(CreateAutoMLJobV2, StopAutoMLJob), and the local runner's models (predict). Functions of the service (``AutopilotService`` delegates to them)."""

from __future__ import annotations

import shlex
import time
from typing import TYPE_CHECKING

from .. import artifacts as art
from ..errors import (
    ArtifactNotFound,
    AutopilotError,
    Conflict,
    InvalidParameter,
    JobEnded,
    JobNotFound,
    SourceUnavailable,
)
from ..jobrequest import CheckedJobRequest, check_request
from ..names import TERMINAL_STATUSES, check_job_name
from ..s3uri import S3Location, try_parse
from . import models, views

if TYPE_CHECKING:
    from .core import AutopilotService


def _launcher(service: AutopilotService, source_id: str):
    from ..launcher import LocalLauncher

    src = service.source(source_id)
    jobs_dir = getattr(src, "jobs_dir", None)
    if jobs_dir is None:
        raise SourceUnavailable("The local jobs folder is not configured; jobs cannot be created here.")
    with service._lock:
        if service._launchers.get(source_id) is None:
            service._launchers[source_id] = LocalLauncher(jobs_dir, max_concurrent=service.max_concurrent_runs)
        return service._launchers[source_id]


def _checked(service: AutopilotService, source_id: str, body: object, root_dir: str) -> CheckedJobRequest:
    service.source(source_id)  # UnknownSource first
    return check_request(body, source_id, root_dir, service.job_defaults)


def preview_job(service: AutopilotService, source_id: str, body: object, root_dir: str) -> models.JobPreview:
    """What creating the job would send, and every field's error, without sending anything."""
    if not isinstance(body, dict):
        raise InvalidParameter("The body is a JSON object: {name, input, target, ...}.")
    checked = _checked(service, source_id, body, root_dir)
    errors = [models.FieldError(field=k, message=v) for k, v in checked.errors.items()]
    request: dict | None = None
    command = None
    if checked.aws is not None:
        request = checked.aws
    elif checked.local is not None:
        from ..launcher import runner_arguments

        data = body.get("input") if isinstance(body, dict) else None
        args = runner_arguments(checked.local, str(data))
        request = {args[i].lstrip("-"): args[i + 1] for i in range(0, len(args), 2)}
        command = "jupyter autopilot run " + " ".join(shlex.quote(a) for a in args)
    return models.JobPreview(
        valid=not errors,
        errors=errors,
        columns=checked.columns,
        operation="CreateAutoMLJobV2" if source_id == "aws" else "jupyter autopilot run",
        request=request,
        command=command,
        notes=checked.notes,
    )


def create_job(service: AutopilotService, source_id: str, body: object, root_dir: str) -> models.Job:
    """A new job from a request (checked field by field): queued to run here, or one
    CreateAutoMLJobV2 on AWS; its job view."""
    checked = _checked(service, source_id, body, root_dir)
    checked.raise_first()
    if checked.local is not None:
        _launcher(service, source_id).submit(checked.local)
        return service.job(source_id, checked.local.name)
    assert checked.aws is not None
    from ..sources.aws.requests import create_auto_ml_job_v2

    name = checked.aws["AutoMLJobName"]
    try:
        arn = create_auto_ml_job_v2(service.source(source_id), checked.aws)
    except Conflict as exc:
        raise Conflict(f"name: {exc.message}", request_id=exc.request_id, field="name") from None
    for _attempt in range(2):
        try:
            return service.job(source_id, name)
        except JobNotFound:  # AWS describes a new job a moment after creating it
            time.sleep(1.0)
        except AutopilotError:
            break
    # the job exists: an error here would invite a second (billed) attempt; its view from the request
    record = {k: v for k, v in checked.aws.items() if k != "Tags"}
    record.update(AutoMLJobArn=arn or None, AutoMLJobStatus="InProgress", AutoMLJobSecondaryStatus="Starting")
    record["CreationTime"] = time.time()
    return views.job_view(record, source_id)


def stop_job(service: AutopilotService, source_id: str, job: str) -> models.Job:
    """Stop a running job: SIGTERM to its local runner, or one StopAutoMLJob. 409 once it ended."""
    check_job_name(job)
    view = service.job(source_id, job)  # JobNotFound (404) first
    if view.status in TERMINAL_STATUSES or view.status == "Stopping":
        raise JobEnded(f"AutoML job {job!r} has ended ({view.status}); there is nothing to stop.")
    if source_id == "local":
        _launcher(service, source_id).stop(job)
    else:
        from ..sources.aws.requests import stop_auto_ml_job

        stop_auto_ml_job(service.source(source_id), job)
    view = service.job(source_id, job)
    if view.status == "InProgress":
        view = view.model_copy(update={"status": "Stopping"})  # the job is ending
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
    try:
        meta = art.load_json(service._read(src, job, entry, meta_loc, service.max_artifact_bytes), meta_loc.uri)
    except ArtifactNotFound:
        raise ArtifactNotFound(
            f"Candidate {candidate!r} has a model but no {models.MODEL_METADATA} beside it (the versions and "
            "columns it needs): it was trained by an older version of the local runner. Run the job again."
        ) from None
    data = service._read(src, job, entry, loc, models.MAX_MODEL_BYTES)
    return models.load_model(data, meta, f"The model of candidate {candidate!r}"), meta


def predict(service: AutopilotService, source_id: str, job: str, candidate: str, frame):
    """(predictions DataFrame, summary) of a candidate on a DataFrame."""
    from ..runner import models

    pipeline, meta = service.model(source_id, job, candidate)
    return models.predict(pipeline, meta, frame)


def _explainer(service: AutopilotService, source_id: str):
    from ..explain_launcher import ExplainLauncher

    src = service.source(source_id)
    with service._lock:
        key = f"explain:{source_id}"
        if service._launchers.get(key) is None:
            service._launchers[key] = ExplainLauncher(src.jobs_dir)  # type: ignore[attr-defined]
        return service._launchers[key]


def compute_explanation(service: AutopilotService, source_id: str, job: str, candidate: str) -> models.Explainability:
    """Start computing a finished local job's candidate's explanation, in a process of its own
    (explain_launcher); its explainability view, which says it is being computed. A specific
    error (explanations.check_explainable) when it cannot be computed."""
    from .. import explanations

    launcher = _explainer(service, source_id) if source_id == "local" else None
    if launcher is not None and launcher.pending(job, candidate):  # asked again meanwhile
        view = service.explainability(source_id, job, candidate)
        if view.available:  # written; its process is ending
            raise explanations.ExplanationExists(f"Candidate {candidate!r} has an explanation already.")
        return view
    ours = launcher is not None and launcher.busy_with(job)  # the job's marker is our process's
    explanations.check_explainable(service, source_id, job, candidate, marker_is_ours=ours)
    launcher = _explainer(service, source_id)
    launcher.submit(job, candidate)
    return service.explainability(source_id, job, candidate)


COMPUTING = (
    "This candidate's explanation is being computed (the local runner explains the best candidate before "
    "the job completes and the others right after, best first; or it was asked for). It appears here "
    "when it is written."
)
NOT_WRITTEN = (
    "No explanation was written for this candidate before its job ended (the job was stopped, or its "
    "runner ended before it explained every candidate)."
)


def explanation_state(
    service: AutopilotService, source_id: str, job: str, candidate: str, view: models.Explainability, status
) -> models.Explainability:
    """An unexplained candidate of a finished local job: whether its explanation is being
    computed, or can be ("Compute explanation"), and why not. Asked on every read (it changes
    without the job's records: the explaining processes' queue, their failures)."""
    from .. import explanations

    if view.available or source_id != "local" or status not in TERMINAL_STATUSES:
        return view
    launcher = service._launchers.get(f"explain:{source_id}")
    ours = launcher is not None and launcher.busy_with(job)
    if (launcher is not None and launcher.pending(job, candidate)) or (
        not ours and explanations.runner_alive(service, job)
    ):
        return view.model_copy(update={"computing": True, "reason": COMPUTING})
    if explanations.why_not_explainable(service, source_id, job, candidate, marker_is_ours=ours) is not None:
        return view
    failure = launcher.failure(job, candidate) if launcher is not None else None
    # (the reason the files give, "only the best candidate is explained" for one, does not fit here:
    # the local runner explains every candidate, and this one was left without)
    reason = NOT_WRITTEN + (f" The last attempt to compute it failed: {failure}" if failure else "")
    return view.model_copy(update={"can_compute": True, "reason": reason})
