"""AutoMLJob: one Autopilot job in the notebook API (create, wait, leaderboard, candidates,
compare), reading the service's typed view models."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from .. import decide
from ..errors import (
    AutopilotError,
    CandidateNotFound,
    InvalidParameter,
)
from ..names import TERMINAL_STATUSES, check_candidate_name, check_job_name
from ..service import AutopilotService
from ..service import models as m
from . import frames
from .candidate import Candidate
from .html import MIME_TYPE, error_bundle, job_html
from .services import get_service

_MAX_LIST_PAGES = 1000  # safety cap on list() paging


def _progress(bar, count: int, planned, line: str):
    """A tqdm bar (made on first use) showing ``count`` of ``planned``; None without tqdm."""
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    if bar is None:
        bar = tqdm(total=planned, unit="candidate")
    bar.total = planned
    bar.n = count
    bar.set_description_str(line.split(",")[0])
    bar.set_postfix_str(line.split(":", 1)[-1].strip(), refresh=True)
    return bar


_BODY_FIELDS = {
    "name": "name",
    "target": "target",
    "problem_type": "problemType",
    "objective": "objective",
    "mode": "mode",
    "max_candidates": "maxCandidates",
    "max_runtime_seconds": "maxRuntimeSeconds",
    "output_path": "outputPath",
    "role_arn": "roleArn",
    "security": "security",
    "tags": "tags",
}


def _request_body(args: dict) -> tuple[dict, str]:
    """(the REST request body, the root its local input is relative to) of create's arguments."""
    body = {wire: args[name] for name, wire in _BODY_FIELDS.items() if args.get(name) is not None}
    if args["source"] == "aws":
        body["input"] = args["input"] if isinstance(args["input"], str) else str(args["input"])
        return body, "."
    path = Path(args["input"]).expanduser().resolve()
    body["input"] = str(path.relative_to(path.anchor))
    return body, path.anchor


class AutoMLJob:
    """One Autopilot job, from AWS (``source="aws"``, the default) or a local jobs folder.

    ``region``, ``profile`` and ``endpoint_url`` choose the AWS account and region (botocore's
    chain when omitted); ``jobs_dir`` the local jobs folder. ``service`` injects a ready
    :class:`AutopilotService` (tests). The job is described at once, so a wrong name raises
    ``InvalidName`` or ``JobNotFound`` here.
    """

    def __init__(
        self,
        name: str,
        source: str = "aws",
        *,
        region: str | None = None,
        profile: str | None = None,
        endpoint_url: str | None = None,
        jobs_dir=None,
        service: AutopilotService | None = None,
    ):
        check_job_name(name)
        self.name = name
        self.source = source
        self.service = (
            service
            if service is not None
            else get_service(region=region, profile=profile, endpoint_url=endpoint_url, jobs_dir=jobs_dir)
        )
        self.service.source(source)  # UnknownSource, with the REST API's message
        self.service.job(source, name)  # JobNotFound now rather than later

    # -- creating, stopping, waiting --------------------------------------------------------------
    @classmethod
    def create(
        cls,
        name: str,
        *,
        input,
        target: str,
        source: str = "local",
        problem_type: str | None = None,
        objective: str | None = None,
        mode: str | None = None,
        max_candidates: int | None = None,
        max_runtime_seconds: int | None = None,
        output_path: str | None = None,
        role_arn: str | None = None,
        security: dict | None = None,
        tags: dict[str, str] | None = None,
        region: str | None = None,
        profile: str | None = None,
        jobs_dir=None,
    ) -> AutoMLJob:
        """Start an AutoML job with the REST API's checks and messages; returns the job (InProgress).

        ``source="local"``: the local runner, in a process of its own, on a CSV file (``input`` a
        path). ``source="aws"``: one CreateAutoMLJobV2 (``input`` an ``s3://`` URI, with
        ``output_path``, ``role_arn`` and optionally ``security`` = {"volumeKmsKeyId",
        "enableInterContainerTrafficEncryption", "vpcConfig": {"subnets", "securityGroupIds"}} and
        ``tags``); calling it is the confirmation. Follow the job with ``job.wait()``; stop it with
        ``job.stop()``. ``AutoMLJob.preview(...)`` (same arguments) shows the request instead."""
        body, root = _request_body(locals())
        service = get_service(region=region, profile=profile, jobs_dir=jobs_dir)
        service.create_job(source, body, root)
        return cls(name, source, service=service)

    @staticmethod
    def preview(name: str, **arguments) -> dict:
        """What ``create`` would send with the same arguments (the CreateAutoMLJobV2 request, or
        the runner's command) and each field's error, without sending anything (the REST API's
        job-preview, as JSON)."""
        import inspect

        known = inspect.signature(AutoMLJob.create).parameters
        unknown = sorted(set(arguments) - set(known))
        if unknown:
            raise InvalidParameter(f"preview() takes the arguments of create(); not {unknown[0]!r}.")
        values = {k: p.default for k, p in known.items() if p.default is not inspect.Parameter.empty}
        values.update(arguments, name=name)
        if "input" not in values or "target" not in values:
            raise InvalidParameter("preview() needs input= and target=, as create() does.")
        body, root = _request_body(values)
        service = get_service(region=values["region"], profile=values["profile"], jobs_dir=values["jobs_dir"])
        return service.preview_job(values["source"], body, root).to_dict()

    def stop(self) -> dict:
        """Stop the job (its runner ends it Stopped, keeping the candidates it finished); the job
        view (REST API JSON) with status Stopping."""
        return self.service.stop_job(self.source, self.name).to_dict()

    def wait(self, *, progress: bool = True, poll_seconds: float = 2.0, timeout: float | None = None) -> AutoMLJob:
        """Block until the job ends (Completed, Failed or Stopped); with ``progress``, a progress
        bar of its stage and candidates (tqdm when installed, else one line per change)."""
        started = time.monotonic()
        bar = None
        last = None
        try:
            while True:
                view = self._view()
                done = view.status in TERMINAL_STATUSES
                count = len(self._candidates_view().candidates)
                planned = view.completion_criteria.max_candidates
                line = f"{self.name}: {view.secondary_status or view.status}, {count} candidate(s)"
                if progress:
                    bar = _progress(bar, count, planned, line)
                    if bar is None and line != last:
                        print(line, flush=True)
                last = line
                if done:
                    return self
                if timeout is not None and time.monotonic() - started > timeout:
                    raise TimeoutError(f"AutoML job {self.name!r} is still running after {timeout:g} s.")
                time.sleep(poll_seconds)
        finally:
            if bar is not None:
                bar.close()

    # -- views --------------------------------------------------------------------------------
    def _view(self) -> m.Job:
        return self.service.job(self.source, self.name)

    def _candidates_view(self) -> m.Candidates:
        return self.service.candidates(self.source, self.name)

    @property
    def info(self) -> dict:
        """The job view of the REST API (its JSON, camelCase); re-read while the job runs."""
        return self._view().to_dict()

    # -- properties ---------------------------------------------------------------------------
    @property
    def status(self) -> str | None:
        return self._view().status

    @property
    def secondary_status(self) -> str | None:
        return self._view().secondary_status

    @property
    def is_terminal(self) -> bool:
        return self._view().is_terminal

    @property
    def problem_type(self) -> str | None:
        return self._view().problem_type

    @property
    def objective(self) -> dict:
        """``{"metric", "direction", "requested", "resolved"}``, e.g. F1 / Maximize."""
        return self._view().objective.model_dump()

    @property
    def objective_metric(self) -> str | None:
        return self._view().objective.metric

    @property
    def target_attribute(self) -> str | None:
        return self._view().target_attribute

    @property
    def failure_reason(self) -> str | None:
        return self._view().failure_reason

    @property
    def creation_time(self):
        return frames.timestamp(self._view().creation_time)

    @property
    def end_time(self):
        return frames.timestamp(self._view().end_time)

    @property
    def best_candidate_name(self) -> str | None:
        return self._view().best_candidate

    # -- candidates ---------------------------------------------------------------------------
    def leaderboard(self) -> pd.DataFrame:
        """One row per candidate, best first (the UI's trials table order).

        Columns: ``candidate``, ``status``, the objective value (named after the metric, e.g.
        ``F1``), every candidate metric (Validation set as ``<name>``, other sets as
        ``<name> (Train)``...), ``is_best``, ``rank``, ``creation_time``, ``end_time`` (UTC
        Timestamps) and ``duration_seconds``. The objective's own Validation metric is the
        objective column.
        """
        return frames.leaderboard_frame(self._candidates_view())

    @property
    def candidates(self) -> list:
        """Every candidate, in leaderboard order."""
        return [Candidate(self, row) for row in self._candidates_view().candidates]

    @property
    def best_candidate(self) -> Candidate | None:
        """The job's best candidate, or None (failed or stopped early, still running)."""
        view = self._candidates_view()
        row = next((c for c in view.candidates if view.best_candidate and c.name == view.best_candidate), None)
        return Candidate(self, row) if row is not None else None

    def candidate(self, name: str) -> Candidate:
        """The candidate named ``name``; raises ``InvalidName`` or ``CandidateNotFound``."""
        check_candidate_name(name)
        for row in self._candidates_view().candidates:
            if row.name == name:
                return Candidate(self, row)
        # the service's message, as the REST API answers it
        raise CandidateNotFound(f"Candidate {name!r} not found in AutoML job {self.name!r}.")

    # -- deciding -----------------------------------------------------------------------------
    def compare(self, names) -> pd.DataFrame:
        """Candidates side by side: one column per candidate (named by it, in the order given),
        one row per metric (index ``("Validation", "F1")``, ``("Train", "F1")``...) and per
        hyperparameter (``("hyperparameter", "max_depth")``), the ones that differ first."""
        if isinstance(names, str) or not isinstance(names, (list, tuple)) or not names:
            raise InvalidParameter("compare() takes a list of candidate names.")
        if len(set(names)) != len(names):
            raise InvalidParameter("compare(): each candidate once.")
        candidates = [self.candidate(name) for name in names]
        return decide.compare_frame([c._row for c in candidates], [c.hyperparameters for c in candidates])

    def shap_matrix(self, top: int | None = 20) -> pd.DataFrame:
        """SHAP across candidates: index = candidates (leaderboard order), columns = the ``top``
        features, values = each candidate's mean |SHAP| of the feature as its share of the
        candidate's total (so candidates whose SHAP values are in different units compare).
        Candidates without explainability output are left out."""
        if top is not None and (not isinstance(top, int) or isinstance(top, bool) or top < 1):
            raise InvalidParameter("top must be a positive whole number (or None for every feature).")
        explained = []
        for cand in self.candidates:
            view = cand._explainability()
            if view.available:
                explained.append((cand.name, view.labels))
        return decide.shap_shares(explained, top)

    # -- listing ------------------------------------------------------------------------------
    @classmethod
    def list(
        cls,
        source: str = "aws",
        name_contains: str | None = None,
        status: str | None = None,
        *,
        region: str | None = None,
        profile: str | None = None,
        endpoint_url: str | None = None,
        jobs_dir=None,
        service: AutopilotService | None = None,
    ) -> pd.DataFrame:
        """Every job of the source (all pages), newest first, as a DataFrame.

        ``name_contains`` and ``status`` (Completed, InProgress, Failed, Stopped, Stopping) filter
        as in the UI's job list.
        """
        service = (
            service
            if service is not None
            else get_service(region=region, profile=profile, endpoint_url=endpoint_url, jobs_dir=jobs_dir)
        )
        jobs: list[m.JobSummary] = []
        token: str | None = None
        seen: set[str] = set()
        for _ in range(_MAX_LIST_PAGES):
            page = service.list_jobs(source, name_contains=name_contains, status=status, next_token=token)
            jobs.extend(page.jobs)
            token = page.next_token
            if not token or token in seen:
                break
            seen.add(token)
        return frames.jobs_frame(jobs)

    # -- display ------------------------------------------------------------------------------
    def _payload(self) -> dict:
        return {
            "kind": "job",
            "source": self.source,
            "job": self._view().to_dict(),
            "candidates": self._candidates_view().to_dict(),
        }

    def _repr_mimebundle_(self, include=None, exclude=None):
        try:
            payload = self._payload()
        except AutopilotError as exc:
            return error_bundle(f"Autopilot job {self.name}", exc)
        return {MIME_TYPE: payload, "text/html": job_html(payload), "text/plain": self._plain()}

    def _plain(self) -> str:
        try:
            job, cands = self._view(), self._candidates_view()
        except AutopilotError as exc:
            return f"<AutoMLJob {self.name!r} ({self.source}): {exc.message}>"
        metric = job.objective.metric
        best = job.best_candidate
        row = next((c for c in cands.candidates if c.name == best), None)
        best_text = (
            (
                f"best {best}"
                + (f" {metric}={row.objective_value:.6g}" if row and row.objective_value is not None else "")
            )
            if best
            else "no best candidate"
        )
        return (
            f"<AutoMLJob {self.name!r} ({self.source}): {job.status}, {job.problem_type}, "
            f"{len(cands.candidates)} candidates, {best_text}>"
        )

    def __repr__(self) -> str:
        return self._plain()
