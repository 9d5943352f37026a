"""AutoMLJob and Candidate: the notebook API's objects, reading the service's typed view models."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd

from .. import decide
from ..errors import (
    AutopilotError,
    CandidateNotFound,
    ExplainabilityNotAvailable,
    InvalidParameter,
    ModelInsightsNotAvailable,
)
from ..jsonutil import dumps
from ..names import TERMINAL_STATUSES, check_candidate_name, check_job_name
from ..service import AutopilotService, figures
from ..service import models as m
from . import frames
from .html import candidate_html, error_bundle, job_html
from .services import get_service

MIME_TYPE = "application/vnd.jupyter-autopilot+json"
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


def _strict_json(obj) -> dict:
    """``obj`` as plain, strictly valid JSON data (no NaN/Infinity, only JSON types)."""
    return json.loads(dumps(obj))


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
        jobs_dir=None,
    ) -> AutoMLJob:
        """Start an AutoML job on a CSV (``source="local"``: the local runner, in a process of its
        own) with the REST API's checks and messages; returns the job (InProgress). Follow it with
        ``job.wait()``; stop it with ``job.stop()``."""
        path = Path(input).expanduser().resolve()
        body = {
            "name": name,
            "input": str(path.relative_to(path.anchor)),
            "target": target,
            "problemType": problem_type,
            "objective": objective,
            "mode": mode,
            "maxCandidates": max_candidates,
            "maxRuntimeSeconds": max_runtime_seconds,
        }
        service = get_service(jobs_dir=jobs_dir)
        service.create_job(source, {k: v for k, v in body.items() if v is not None}, path.anchor)
        return cls(name, source, service=service)

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


class Candidate:
    """One candidate (trial) of an :class:`AutoMLJob`; get it from ``job.candidate(name)``,
    ``job.best_candidate`` or ``job.candidates``."""

    def __init__(self, job: AutoMLJob, row: m.Candidate):
        self.job = job
        self._row = row  # a leaderboard row (the service's cached views are never changed)

    # -- identity and leaderboard fields ---------------------------------------------------------
    @property
    def name(self) -> str:
        return self._row.name

    @property
    def info(self) -> dict:
        """This candidate's row of the REST API's candidates view (its JSON, camelCase)."""
        return self._row.to_dict()

    @property
    def status(self) -> str | None:
        return self._row.status

    @property
    def is_best(self) -> bool:
        return self._row.is_best

    @property
    def rank(self) -> int | None:
        return self._row.rank

    @property
    def objective_value(self) -> float | None:
        return self._row.objective_value

    @property
    def objective_metric(self) -> str | None:
        return self._row.objective_metric

    @property
    def failure_reason(self) -> str | None:
        return self._row.failure_reason

    @property
    def has_explainability(self) -> bool:
        return self._row.has_explainability

    @property
    def has_model_insights(self) -> bool:
        return self._row.has_model_insights

    # -- using it --------------------------------------------------------------------------------
    def predict(self, data) -> pd.DataFrame:
        """Predictions of this (local-runner) candidate on a DataFrame or a CSV file: column
        ``predicted_label`` and, for classifiers, ``probability_<class>`` for each class, one row
        per input row (same index). Columns the model needs and the input lacks raise
        ``InvalidParameter`` naming them; other columns are ignored. When the target column is
        present, ``.attrs`` has the score on it (``accuracy``, or ``mse`` and ``r2``).

        Only a model trained by this user on this machine, with the installed library versions,
        is loaded (``ModelRefused`` otherwise: loading a model file runs its code)."""
        if isinstance(data, (str, Path)):
            from ..predictions import read_frame

            path = Path(data).expanduser()
            if not path.is_file():
                raise InvalidParameter(f"{str(data)[:200]!r} is not a file.")
            data = read_frame(path, str(path))
        if not isinstance(data, pd.DataFrame):
            raise InvalidParameter("predict() takes a pandas DataFrame or the path of a CSV file.")
        predictions, summary = self.job.service.predict(self.job.source, self.job.name, self.name, data)
        predictions.attrs.update({k: v for k, v in summary.items() if v is not None})
        predictions.attrs.update({"job": self.job.name, "candidate": self.name})
        return predictions

    def threshold_table(self) -> pd.DataFrame:
        """Operating points of a binary classifier: columns ``threshold, tp, fp, tn, fn,
        precision, recall, f1, fpr``. Built from the model-quality report's ROC points and class
        totals, so ``threshold`` is NaN (the report keeps the points, not their thresholds)."""
        return decide.threshold_frame(self._performance().report, self.name)

    # -- service views -------------------------------------------------------------------------
    def _explainability(self) -> m.Explainability:
        return self.job.service.explainability(self.job.source, self.job.name, self.name)

    def _performance(self) -> m.Performance:
        return self.job.service.performance(self.job.source, self.job.name, self.name)

    def _label_entry(self, view: m.Explainability, label) -> m.ShapLabel:
        if not view.available:
            raise ExplainabilityNotAvailable(view.reason or f"Candidate {self.name!r} has no explainability output.")
        if label is None:
            return view.labels[0]
        for entry in view.labels:
            if entry.label == label or entry.label == str(label):
                return entry
        known = ", ".join(repr(e.label) for e in view.labels)
        raise ValueError(f"Candidate {self.name!r} has no SHAP values for label {label!r}; its labels are: {known}.")

    @property
    def labels(self) -> list:
        """The labels of the explainability output (one per class for a multiclass job;
        Autopilot names the single label of a binary or regression job ``label0``). Empty when
        the candidate has no explainability output."""
        view = self._explainability()
        return [entry.label for entry in view.labels] if view.available else []

    def shap_values(self, label=None) -> pd.DataFrame:
        """Aggregated SHAP values (mean |SHAP|) of one label: columns ``feature``, ``importance``,
        most important first. ``label`` defaults to the first label, as the UI shows.

        Raises ``ExplainabilityNotAvailable`` (with the reason the UI shows) or ``ValueError``
        for an unknown label.
        """
        entry = self._label_entry(self._explainability(), label)
        frame = frames.shap_frame(entry)
        frame.attrs.update(
            {"job": self.job.name, "candidate": self.name, "label": entry.label, "expected_value": entry.expected_value}
        )
        return frame

    def shap_figure(self, label=None, top: int | None = None):
        """The UI's SHAP bar chart (a plotly Figure from :func:`figures.shap_bar`) for one label;
        ``top`` features (default: the server's ``top_features`` setting, as the UI; 0: all)."""
        view = self._explainability()
        entry = self._label_entry(view, label)
        multiple = len(view.labels) > 1
        top = self.job.service.top_features if top is None else top
        return figures.shap_bar(entry.features, label=entry.label if multiple else None, top=top)

    def _confusion(self) -> m.ConfusionMatrix:
        report = self._performance().report
        if not report.available:
            raise ModelInsightsNotAvailable(report.reason or f"Candidate {self.name!r} has no model-quality report.")
        cm = report.confusion_matrix
        if cm is None or not cm.labels:
            raise ModelInsightsNotAvailable(
                f"The model-quality report of candidate {self.name!r} has no confusion matrix"
                + (f" (problem type {report.problem_type})." if report.problem_type else ".")
            )
        return cm

    def confusion_matrix(self) -> pd.DataFrame:
        """The model-quality report's confusion matrix: rows ``actual``, columns ``predicted``.
        A row the evaluation data lacks is all missing (<NA>)."""
        return frames.confusion_frame(self._confusion())

    def confusion_matrix_figure(self, normalize: bool = False):
        """The UI's confusion-matrix heatmap (counts, or shares of each actual label)."""
        return figures.confusion_matrix(self._confusion(), normalize=normalize)

    def metrics(self) -> pd.DataFrame:
        """The model-quality report's metrics (with standard deviations; for the best candidate)
        and the candidate metrics of the job's records, as columns ``metric``, ``value``,
        ``standard_deviation``, ``set``, ``source`` ("model quality report" | "candidate metrics")."""
        view = self._performance()
        frame = frames.metrics_frame(view)
        frame.attrs.update(
            {
                "job": self.job.name,
                "candidate": self.name,
                "report_available": view.report.available,
                "report_reason": view.report.reason,
            }
        )
        return frame

    @property
    def hyperparameters(self) -> dict:
        """The hyperparameters of the candidate's (last) training job, as the UI shows them (read
        from the training job's record alone: no SHAP file is read)."""
        return self.job.service.hyperparameters(self.job.source, self.job.name, self.name)

    @property
    def network(self) -> dict:
        """Network isolation, VPC, encryption: the REST API's network view (its JSON)."""
        return self.job.service.network(self.job.source, self.job.name, self.name).to_dict()

    @property
    def artifacts(self) -> pd.DataFrame:
        """Every S3 location of the candidate: columns ``group`` (input | output | intermediate),
        ``name``, ``kind``, ``uri``."""
        return frames.artifacts_frame(self.job.service.artifacts(self.job.source, self.job.name, self.name))

    # -- display ------------------------------------------------------------------------------
    def _payload(self) -> tuple[dict, dict]:
        """(MIME payload, {view: error message}) — a view that fails is left out (null), and
        the payload's ``errors`` object (present only when a view failed) gives the REST API's
        message for it, so the renderer can say why instead of "not included"."""
        svc, source, job, name = self.job.service, self.job.source, self.job.name, self.name
        views: dict[str, dict | None] = {}
        errors: dict[str, str] = {}
        for key, fn in (
            ("explainability", svc.explainability),
            ("performance", svc.performance),
            ("artifacts", svc.artifacts),
            ("network", svc.network),
        ):
            try:
                views[key] = fn(source, job, name).to_dict()
            except AutopilotError as exc:
                views[key] = None
                errors[key] = str(exc.message)
        payload = {
            "kind": "candidate",
            "source": source,
            "jobName": job,
            "candidate": self._row.to_dict(),
            **views,
            "topFeatures": svc.top_features,
        }
        if errors:
            payload["errors"] = dict(errors)
        return _strict_json(payload), errors

    def _plain(self) -> str:
        metric = self.objective_metric
        value = self.objective_value
        objective = f", {metric or 'objective'}={value:.6g}" if value is not None else ""
        return (
            f"<Candidate {self.name!r} of AutoMLJob {self.job.name!r} ({self.job.source}): "
            f"{self.status}{objective}{', best' if self.is_best else ''}>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        try:
            payload, errors = self._payload()
        except AutopilotError as exc:
            return error_bundle(f"Autopilot candidate {self.name}", exc)
        return {MIME_TYPE: payload, "text/html": candidate_html(payload, errors), "text/plain": self._plain()}

    def __repr__(self) -> str:
        return self._plain()

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, Candidate)
            and other.name == self.name
            and other.job.name == self.job.name
            and other.job.source == self.job.source
        )

    def __hash__(self) -> int:
        return hash((self.job.source, self.job.name, self.name))
