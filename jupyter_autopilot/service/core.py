"""AutopilotService: fetches records from a source and answers the typed view models of ``models``.

The builders are pure functions in ``views``; this module decides what to fetch (and what runs
beside what), what is cached, and where a read may go.

(About 510 lines: the fetch plan of every view is one class, because what runs beside what and
what is cached are decided together; artifact reads, files and the workbench are in reads.py,
files.py and workbench.py.)

Blocking: every public method may call AWS or read files; the REST handlers run them in worker
threads. Completed jobs are immutable, so their records and parsed artifacts are cached: reopening
a completed job's views costs no AWS call.
"""

from __future__ import annotations

import gzip
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .. import records as rec
from .. import shapes
from ..errors import (
    PERMANENT_ERRORS,
    ArtifactFormatError,
    AutopilotError,
    CandidateNotFound,
    InvalidParameter,
    OutsideJobOutput,
    UnknownSource,
)
from ..jobrequest import JobDefaults
from ..names import (
    AWS_MAX_CANDIDATES,
    CANDIDATE_NAME,
    DEFAULT_OBJECTIVES,
    JOB_NAME,
    JOB_NAME_MAX_LENGTH,
    MAX_CANDIDATES,
    MODES,
    OBJECTIVES,
    PROBLEM_TYPES,
    TERMINAL_STATUSES,
    check_candidate_name,
    check_job_name,
    check_name_contains,
    check_status,
)
from ..s3uri import S3Location, try_parse
from ..settings import DEFAULTS
from ..sources.base import JobSource
from ..timeutil import parse_time
from . import compare, deployments, files, measures, models, reads, shapmatrix, views, workbench
from .cache import JobEntry, JobLRU, SingleFlight
from .files import REPORT_KINDS

log = logging.getLogger(__name__)


SERIALIZED_CACHE_MIN_BYTES = 32 * 1024
SETTLE_SECONDS = 300
FINAL_METRICS_ROWS = 100  # leaderboard rows of an older job that get their training job's final metrics


class Serialized:
    """A view's JSON bytes, and their gzip compression made once on first use."""

    def __init__(self, body: bytes):
        self.body = body
        self._gzipped: bytes | None = None

    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=5)
        return self._gzipped


_JobCache = JobEntry  # what has been read of one job (cache.JobEntry)


class AutopilotService:
    def __init__(
        self,
        sources: dict[str, JobSource | Callable[[], JobSource]],
        *,
        max_workers: int = DEFAULTS.max_workers,
        default_top_features: int = DEFAULTS.top_features,
        max_artifact_bytes: int = DEFAULTS.max_artifact_bytes,
        max_notebook_bytes: int = DEFAULTS.max_notebook_bytes,
        max_report_bytes: int = DEFAULTS.max_report_bytes,
        cache_jobs: int = DEFAULTS.cache_jobs,
        max_concurrent_runs: int = DEFAULTS.max_concurrent_runs,
        job_defaults: JobDefaults | None = None,
    ):
        self._factories = dict(sources)
        self._sources: dict[str, JobSource] = {}
        self._lock = threading.RLock()
        self._jobs: JobLRU[JobEntry] = JobLRU(cache_jobs)  # finished jobs, least recently used out first
        self._flight = SingleFlight()  # concurrent cold requests share one describe (and one lookup)
        self._launchers: dict[str, Any] = {}
        self.max_concurrent_runs = max_concurrent_runs
        self.job_defaults = job_defaults or JobDefaults(max_candidates=DEFAULTS.default_max_candidates)
        self._json = JobLRU[tuple](64)  # serialised large views, by identity of the (immutable) view
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="autopilot-step")
        self._cpu = ThreadPoolExecutor(max_workers=2, thread_name_prefix="autopilot-conform")  # never waits
        self.top_features = default_top_features
        self.max_artifact_bytes = max_artifact_bytes
        self.max_notebook_bytes = max_notebook_bytes
        self.max_report_bytes = max_report_bytes

    # -- sources ------------------------------------------------------------------------------
    @property
    def source_ids(self) -> list[str]:
        return list(self._factories)

    def source(self, source_id: str) -> JobSource:
        with self._lock:
            if source_id in self._sources:
                return self._sources[source_id]
            factory = self._factories.get(source_id)
            if factory is None:
                raise UnknownSource(
                    f"Unknown job source {str(source_id)[:40]!r}; use one of {', '.join(self._factories)}."
                )
            src = factory() if callable(factory) and not isinstance(factory, JobSource) else factory
            self._sources[source_id] = src
            return src

    def ui_settings(self) -> models.UiSettings:
        return models.UiSettings(
            top_features=self.top_features,
            job_name_pattern=JOB_NAME.pattern,
            job_name_max_length=JOB_NAME_MAX_LENGTH,
            candidate_name_pattern=CANDIDATE_NAME.pattern,
            max_candidates=MAX_CANDIDATES,
            aws_max_candidates=AWS_MAX_CANDIDATES,
            default_max_candidates=self.job_defaults.max_candidates,
            default_role_arn=self.job_defaults.role_arn,
            default_output_path=self.job_defaults.output_path,
            problem_types=list(PROBLEM_TYPES),
            modes=list(MODES),
            objectives={k: list(v) for k, v in OBJECTIVES.items()},
            default_objectives=dict(DEFAULT_OBJECTIVES),
        )

    def sources(self) -> models.Sources:
        out = []
        for sid in self._factories:
            try:
                src = self.source(sid)
                st = src.status()
                item = {"id": sid, "label": src.label, "available": st.available, "message": st.message}
                item.update(st.details or {})
            except AutopilotError as exc:
                item = {"id": sid, "label": sid, "available": False, "message": exc.message}
            out.append(item)
        return views.build(models.Sources, {"sources": out, "settings": self.ui_settings().to_dict()})

    # -- job records, cached ----------------------------------------------------------------------
    def _cached(self, source_id: str, job: str, src: JobSource) -> JobEntry | None:
        """The entry of a finished job whose records have not changed, or None."""
        hit = self._jobs.get((source_id, job))
        if hit is not None and hit.version == src.version(job):
            return hit
        return None

    def _job(self, source_id: str, job: str) -> tuple[JobSource, JobEntry]:
        check_job_name(job)
        src = self.source(source_id)
        hit = self._cached(source_id, job, src)
        if hit is not None:
            return src, hit
        version = src.version(job)
        return src, self._flight.do(
            ("job", source_id, job, version), lambda: self._load_job(source_id, job, src, version)
        )

    def _load_job(self, source_id: str, job: str, src: JobSource, version: str | None) -> JobEntry:
        hit = self._cached(source_id, job, src)  # filled by a flight that just ended
        if hit is not None:
            return hit
        record = shapes.job_record(src.describe_job(job))
        if record is None:
            raise ArtifactFormatError(f"The record of job {job!r} is not a DescribeAutoMLJob response.")
        record["AutoMLJobName"] = job  # the job asked for (a record naming another is not trusted)
        entry = JobEntry(version, record)
        if record.get("AutoMLJobStatus") in TERMINAL_STATUSES:
            self._jobs.put((source_id, job), entry)
        else:
            self._jobs.pop((source_id, job))
        return entry

    def _conformed_pages(self, src: JobSource, job: str) -> list[dict]:
        """Every candidate, conformed page by page while the next page is on its way."""
        conformed = [self._cpu.submit(self._conform_candidates, page) for page in src.candidate_pages(job)]
        return [c for future in conformed for c in future.result()]

    @staticmethod
    def _conform_candidates(page: list) -> list[dict]:
        """Candidates conformed to the AutoMLCandidate shape; one without a name cannot be shown
        or opened, so it is left out (the others still show)."""
        conformed = (shapes.candidate(item) for item in page)
        return [c for c in conformed if c is not None and isinstance(c.get("CandidateName"), str)]

    def _candidates(self, src: JobSource, job: str, entry: JobEntry, pending=None) -> list[dict]:
        """Every candidate, conformed; ``pending`` is the listing started with the describe."""
        return entry.once("candidates", lambda: self._settled(entry, pending, lambda: self._conformed_pages(src, job)))

    @staticmethod
    def _settled(entry: JobEntry, pending, fetch):
        """The result of a fetch started beside the job's describe, unless the job may have ended
        while it ran (then it may be partial, and a finished job's memo is kept for good): fetched
        again. ``pending`` yields (start time, result)."""
        if pending is None:
            return fetch()
        started, result = pending.result()
        if entry.record.get("AutoMLJobStatus") in TERMINAL_STATUSES:
            ended = parse_time(entry.record.get("EndTime")) or parse_time(entry.record.get("LastModifiedTime"))
            # clocks differ: a listing started less than 5 minutes after the job's end is redone
            if ended is None or started < ended.timestamp() + SETTLE_SECONDS:
                return fetch()
        return result

    def _candidate(self, src, job, entry: JobEntry, name: str, pending=None) -> dict:
        """A candidate's record without listing every page: the listing when it was read, the
        job's BestCandidate, else one lookup by name (``pending`` when started with the describe)."""
        listed = entry.peek("candidates")
        if listed is not None:
            found = next((c for c in listed if c.get("CandidateName") == name), None)
        else:
            best = entry.record.get("BestCandidate")
            if isinstance(best, dict) and best.get("CandidateName") == name:
                found = shapes.candidate(best)
            else:

                def lookup():
                    raw = self._settled(entry, pending, lambda: src.find_candidate(job, name))
                    return shapes.candidate(raw) if raw is not None else None

                found = entry.once(("candidate", name), lookup)
        if found is None:
            best = entry.record.get("BestCandidate")
            if isinstance(best, dict) and best.get("CandidateName") == name:
                found = shapes.candidate(best)
        if found is None:
            raise CandidateNotFound(f"Candidate {name!r} not found in AutoML job {job!r}.")
        return found

    def _job_and_candidate(self, source_id: str, job: str, name: str) -> tuple[JobSource, JobEntry, dict]:
        """The job and one candidate; when the job is cold, its describe and the candidate lookup
        run in parallel (the lookup shared by the concurrent requests of the model-details tab)."""
        check_candidate_name(name)
        src, entry, pending = self._job_while(
            source_id,
            job,
            lambda hit: hit.has("candidates") or hit.has(("candidate", name)),
            ("candidate", source_id, job, name),
            lambda src: src.find_candidate(job, name),
        )
        return src, entry, self._candidate(src, job, entry, name, pending)

    def _job_while(self, source_id: str, job: str, known, key: tuple, fetch):
        """(source, job entry, pending fetch or None): the job, with ``fetch(src)`` started beside
        its describe (shared by concurrent requests, under ``key``) unless the cached entry
        already ``known``s what it fetches."""
        check_job_name(job)
        src = self.source(source_id)
        pending = None
        hit = self._cached(source_id, job, src)
        if hit is None or not known(hit):
            pending = self._pool.submit(self._flight.do, key, lambda: (time.time(), fetch(src)))
        try:
            src, entry = self._job(source_id, job)
        except BaseException:
            if pending is not None:
                pending.cancel()
            raise
        return src, entry, pending

    def _steps(self, src, job, entry, candidate, *, last_training=False) -> list[tuple[dict, dict | None, str | None]]:
        """(step, describe record or None, error message or None) for every step (``last_training``:
        for its last training step alone), fetched in parallel."""
        steps = [s for s in candidate.get("CandidateSteps") or [] if isinstance(s, dict) and s.get("CandidateStepName")]
        if last_training:
            steps = [s for s in steps if s.get("CandidateStepType") == rec.TRAINING_STEP][-1:]

        def describe(key):
            result: tuple[dict | None, str | None]
            try:
                operation = shapes.STEP_OPERATIONS.get(key[0])
                record = (
                    shapes.conform_response(src.describe_step(job, key[0], key[1]), operation) if operation else None
                )
                if record is None:
                    raise ArtifactFormatError(f"The record of step {key[1]!r} is not a Describe response.")
                result = (record, None)
            except PERMANENT_ERRORS as exc:  # this step fails alone: its parts of the views say why
                result = (None, exc.message)
            return result

        def fetch(step):
            key = (step.get("CandidateStepType"), step["CandidateStepName"])
            try:
                return entry.once(("step", *key), lambda: describe(key))
            except AutopilotError as exc:  # throttled, denied, timed out: not kept, the next request retries
                return None, exc.message

        results = list(self._pool.map(fetch, steps)) if len(steps) > 1 else [fetch(s) for s in steps]
        return [(step, record, error) for step, (record, error) in zip(steps, results, strict=True)]

    @staticmethod
    def _confine(entry: _JobCache, loc: S3Location) -> None:
        """Reads (and listings) stay below the job's own output location; never at a bucket root."""
        root = rec.job_output_location(entry.record, entry.record["AutoMLJobName"])
        if root is None:
            raise OutsideJobOutput(
                f"The job's record names no output location (OutputDataConfig.S3OutputPath), so {loc.uri} "
                "is not read: the server reads only below a job's own output location."
            )
        if not rec.within_job_output(entry.record, entry.record["AutoMLJobName"], loc):
            raise OutsideJobOutput(
                f"{loc.uri} is outside the job's own output location ({root.uri}); the server does not read it."
            )

    def _find_object(self, src, job, entry, prefix_uri: object, suffixes: tuple[str, ...]) -> S3Location | None:
        """The object under a record-named prefix whose key ends with one of ``suffixes``."""
        prefix = try_parse(prefix_uri)
        if prefix is None:
            raise ArtifactFormatError(f"The job's record names an invalid S3 location: {str(prefix_uri)[:200]!r}.")
        self._confine(entry, prefix)
        listing = entry.once(  # one listing per prefix, shared by every file looked up
            ("listing", prefix.uri), lambda: [loc for loc, _ in src.list_objects(job, prefix) if prefix.contains(loc)]
        )
        found = [loc for loc in listing if loc.key.rsplit("/", 1)[-1] in suffixes]
        # the shallowest match (analysis.json sits one auto-named folder below the prefix)
        found.sort(key=lambda loc: (len(loc.parts), loc.key))
        return found[0] if found else None

    def _read(self, src, job, entry, loc: S3Location, max_bytes: int) -> bytes:
        """The one way the service reads an object: confined to the job's output, size-bounded."""
        self._confine(entry, loc)
        return src.read_object(job, loc, max_bytes)

    def _reports(self, src, job, entry, cand, kinds) -> dict:
        """Which report files the candidate's own artifact prefixes hold (from the cached listings)."""
        out = {}
        for kind in kinds:
            location_key, suffixes, _, _ = REPORT_KINDS[kind]
            prefix = rec.artifact_locations(cand).get(location_key)
            try:
                out[kind] = (
                    try_parse(prefix) is not None and self._find_object(src, job, entry, prefix, suffixes) is not None
                )
            except OutsideJobOutput:
                out[kind] = False
        return out

    # -- views -----------------------------------------------------------------------------------
    def list_jobs(
        self, source_id: str, *, name_contains=None, status=None, next_token=None, max_results: int = 100
    ) -> models.JobsPage:
        name_contains = check_name_contains(name_contains)
        status = check_status(status)
        src = self.source(source_id)
        raw, token = src.list_jobs(
            name_contains=name_contains, status=status, next_token=next_token or None, max_results=max_results
        )
        summary_shape = shapes.shape(shapes.JOB_SUMMARY_SHAPE)
        summaries = (shapes.conform(summary, summary_shape) for summary in raw)
        kept = [s for s in summaries if isinstance(s, dict) and isinstance(s.get("AutoMLJobName"), str)]
        return views.jobs_page(kept, token)

    def job(self, source_id: str, job: str) -> models.Job:
        src, entry = self._job(source_id, job)
        return entry.once(("view", "job"), lambda: views.job_view(entry.record, source_id))

    # -- answers without IO ------------------------------------------------------------------------
    def peek(self, view: str, source_id: str, job: str, candidate: str | None = None) -> models.ViewModel | None:
        """A view of a finished job that is already computed, or None. No AWS call and no thread:
        the REST handlers answer it on the event loop (a local job's files are only stat'ed)."""
        src = self._sources.get(source_id)
        if src is None:
            return None
        hit = self._jobs.get((source_id, job))
        if hit is None or hit.version != src.version(job):
            return None
        if view in ("job", "candidates"):
            return hit.peek(("view", view))
        if view == "explainability":  # (one without SHAP values may be computed meanwhile: asked again)
            shown = hit.peek(("view", view, candidate, self.top_features))
            return shown if shown is not None and shown.available else None
        return hit.peek(("view", view, candidate))

    def serialize(self, view: models.ViewModel) -> Serialized:
        """The view as strict JSON bytes; large views of finished jobs are serialised (and
        compressed) once, kept by identity (views are never changed once built)."""
        hit = self._json.get(id(view))
        if hit is not None and hit[0] is view:
            return hit[1]
        out = Serialized(view.to_json())
        if len(out.body) >= SERIALIZED_CACHE_MIN_BYTES:
            self._json.put(id(view), (view, out))
        return out

    def candidates(self, source_id: str, job: str) -> models.Candidates:
        # the listing does not need the job's record: it runs while the job is described
        src, entry, pending = self._job_while(
            source_id,
            job,
            lambda hit: hit.has("candidates"),
            ("candidates", source_id, job),
            lambda src: self._conformed_pages(src, job),
        )
        return entry.once(("view", "candidates"), lambda: self._leaderboard(src, job, entry, pending))

    def _leaderboard(self, src, job, entry, pending) -> models.Candidates:
        cands = self._candidates(src, job, entry, pending)
        final = self._final_metrics(src, job, entry, cands)
        return views.leaderboard(entry.record, cands, final_metrics=final)

    def _final_metrics(self, src, job, entry, cands) -> dict[str, tuple[list[dict], str]] | None:
        """Older jobs' records have no CandidateMetrics: each finished job's top candidates get
        their training job's FinalMetricDataList instead (one describe each, in parallel, kept
        with the job; at most ``FINAL_METRICS_ROWS`` of them). None when the records have them."""
        if entry.record.get("AutoMLJobStatus") not in TERMINAL_STATUSES:
            return None
        lacking = [c for c in cands if not rec.candidate_metrics(c) and c.get("CandidateStatus") != "Failed"]
        if not lacking or len(lacking) < len(cands) / 2:  # a job that records CandidateMetrics
            return None
        chosen = views.leaderboard_order(entry.record, lacking)[:FINAL_METRICS_ROWS]

        def read(cand):
            metrics, step = measures.final_metrics(self._steps(src, job, entry, cand, last_training=True))
            return cand.get("CandidateName"), metrics, step

        out = {}
        for name, metrics, step in self._pool.map(read, chosen):
            if metrics and isinstance(name, str):
                out[name] = (metrics, step)
        return out

    # -- model details ---------------------------------------------------------------------------
    def explainability(
        self, source_id: str, job: str, candidate: str, *, top: int | None = None
    ) -> models.Explainability:
        top = self.top_features if top is None else top
        src, entry, cand = self._job_and_candidate(source_id, job, candidate)
        view = entry.once(
            ("view", "explainability", candidate, top),
            lambda: self._explainability(src, job, entry, cand, candidate, top),
        )
        # (not kept with the view: whether one is being computed changes without the records)
        return workbench.explanation_state(self, source_id, job, candidate, view, entry.record.get("AutoMLJobStatus"))

    def _explainability(self, src, job, entry, cand, candidate: str, top: int) -> models.Explainability:
        # SHAP read in the pool while the step records are fetched (the pool's tasks never wait on it)
        artifact = self._pool.submit(reads.parsed_artifact, self, src, job, entry, cand, reads.EXPLAINABILITY)
        steps = self._steps(src, job, entry, cand)
        analysis, reason, uri = artifact.result()
        reports = (
            self._reports(src, job, entry, cand, ("explainabilityPdf",))
            if analysis is not None
            else {"explainabilityPdf": False}
        )
        return views.explainability_view(
            entry.record, cand, steps, analysis=analysis, reason=reason, uri=uri, top=top, reports=reports
        )

    def hyperparameters(self, source_id: str, job: str, candidate: str) -> dict[str, str]:
        """The candidate's hyperparameters (its last training job's), without reading any artifact."""
        src, entry, cand = self._job_and_candidate(source_id, job, candidate)
        return dict(views.hyperparameters(self._steps(src, job, entry, cand))["hyperparameters"])

    def performance(self, source_id: str, job: str, candidate: str) -> models.Performance:
        src, entry, cand = self._job_and_candidate(source_id, job, candidate)
        return entry.once(
            ("view", "performance", candidate), lambda: self._performance(src, job, entry, cand, candidate)
        )

    def _performance(self, src, job, entry, cand, candidate: str) -> models.Performance:
        report, reason, uri = reads.parsed_artifact(self, src, job, entry, cand, reads.MODEL_QUALITY)
        reports = (
            self._reports(src, job, entry, cand, ("performancePdf", "performanceJson"))
            if report
            else {"performancePdf": False, "performanceJson": False}
        )
        local = not rec.on_aws(entry.record)
        # older jobs have no CandidateMetrics: their training job's final metrics stand in; a local
        # job's training record names the model's decision threshold
        steps = None if rec.candidate_metrics(cand) and not local else self._steps(src, job, entry, cand)
        # the local runner keeps each candidate's out-of-fold predictions: exact thresholds, regression plots
        oof = None
        if report and local:
            oof = reads.transient_artifact(self, src, job, entry, cand, reads.OUT_OF_FOLD)
        return views.performance_view(
            entry.record, cand, report=report, reason=reason, uri=uri, reports=reports, steps=steps, oof=oof
        )

    def artifacts(self, source_id: str, job: str, candidate: str) -> models.Artifacts:
        src, entry, cand = self._job_and_candidate(source_id, job, candidate)
        return entry.once(
            ("view", "artifacts", candidate),
            lambda: views.artifacts_view(entry.record, cand, self._steps(src, job, entry, cand)),
        )

    def network(self, source_id: str, job: str, candidate: str) -> models.Network:
        src, entry, cand = self._job_and_candidate(source_id, job, candidate)
        return entry.once(
            ("view", "network", candidate),
            lambda: views.network_view(entry.record, cand, self._steps(src, job, entry, cand)),
        )

    # -- creating, stopping and using jobs (service/workbench.py) ----------------------------
    def create_job(self, source_id: str, body: object, root_dir: str) -> models.Job:
        return workbench.create_job(self, source_id, body, root_dir)

    def preview_job(self, source_id: str, body: object, root_dir: str) -> models.JobPreview:
        return workbench.preview_job(self, source_id, body, root_dir)

    def stop_job(self, source_id: str, job: str) -> models.Job:
        return workbench.stop_job(self, source_id, job)

    def compute_explanation(self, source_id: str, job: str, candidate: str) -> models.Explainability:
        return workbench.compute_explanation(self, source_id, job, candidate)

    # -- deciding (service/compare.py) --------------------------------------------------------
    def compare(self, source_id: str, job: str, candidates: object) -> models.Comparison:
        return compare.comparison(self, source_id, job, compare.parse_names(candidates))

    def shap_matrix(self, source_id: str, job: str, candidates=None, top=None) -> models.ShapMatrix:
        return shapmatrix.shap_matrix(self, source_id, job, candidates, top)

    # -- using AWS candidates: endpoints and batch transform (service/deployments.py) ------------
    def deployments(self, source_id: str, job: str, candidate: str) -> models.Deployments:
        return deployments.deployments(self, source_id, job, candidate)

    def deploy(self, source_id: str, job: str, candidate: str, body: object) -> models.Endpoint:
        return deployments.deploy(self, source_id, job, candidate, body)

    def transform(self, source_id: str, job: str, candidate: str, body: object) -> models.TransformJob:
        return deployments.transform(self, source_id, job, candidate, body)

    def delete_endpoint(self, source_id: str, job: str, candidate: str, endpoint: str) -> models.Endpoint:
        return deployments.delete_endpoint(self, source_id, job, candidate, endpoint)

    def predict_endpoint(self, source_id: str, job: str, candidate: str, endpoint: str, frame):
        return deployments.predict_endpoint(self, source_id, job, candidate, endpoint, frame)

    def model(self, source_id: str, job: str, candidate: str):
        return workbench.model(self, source_id, job, candidate)

    def predict(self, source_id: str, job: str, candidate: str, frame):
        return workbench.predict(self, source_id, job, candidate, frame)

    # -- files (service/files.py) ------------------------------------------------------------
    def notebook(self, source_id: str, job: str, kind: str) -> dict:
        return files.notebook(self, source_id, job, kind)

    def report(self, source_id: str, job: str, candidate: str, kind: str) -> tuple[bytes, str, str]:
        return files.report(self, source_id, job, candidate, kind)

    # -- experiments and trials --------------------------------------------------------------------
    def experiments(self, source_id: str) -> models.Experiments:
        src = self.source(source_id)
        items = (shapes.conform(e, shapes.shape(shapes.EXPERIMENT_SHAPE)) for e in src.list_experiments())
        return views.experiments_view(items)

    def trial_components(self, source_id: str, unassigned: bool = True) -> models.TrialComponents:
        if not unassigned:
            raise InvalidParameter(
                "Only trial components in no trial are listed (unassigned=true); the others are in the "
                "experiments' trials."
            )
        src = self.source(source_id)
        conformed = (
            shapes.conform(t, shapes.shape(shapes.TRIAL_COMPONENT_SHAPE))
            for t in src.list_unassigned_trial_components()
        )
        return views.trial_components_view(conformed, unassigned)

    def close(self):
        """Stop the step-describe pool and close the sources that were built (their AWS clients)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._cpu.shutdown(wait=False, cancel_futures=True)
        for launcher in list(self._launchers.values()):
            launcher.close()
        with self._lock:
            built = list(self._sources.values())
        for src in built:
            close = getattr(src, "close", None)
            if callable(close):
                close()
