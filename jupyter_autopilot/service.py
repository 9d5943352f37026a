"""The service layer: records from a source → view models (camelCase dicts) for REST and notebooks.

Blocking: every public method may call AWS or read files; the REST handlers run them in worker
threads. Completed jobs are immutable, so their records and parsed artifacts are cached: reopening
a completed job's views costs no AWS call.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from . import artifacts as art
from . import figures, shapes, views
from . import records as rec
from .errors import (
    ArtifactFormatError,
    ArtifactNotFound,
    ArtifactTooLarge,
    AutopilotError,
    CandidateNotFound,
    NotFound,
    OutsideJobOutput,
    RefusedFile,
    UnknownSource,
)
from .jsonutil import clean
from .names import TERMINAL_STATUSES, check_candidate_name, check_job_name, check_name_contains, check_status
from .s3uri import S3Location, try_parse
from .sources.base import JobSource

log = logging.getLogger(__name__)

#: default read limits (settings: max_artifact_bytes, max_notebook_bytes, max_report_bytes)
MAX_JSON_BYTES = 25 * 1024 * 1024
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
MAX_REPORT_BYTES = 100 * 1024 * 1024
REPORT_KINDS = {
    "explainabilityPdf": ("Explainability", ("report.pdf",), "application/pdf", "explainability report (PDF)"),
    "performancePdf": ("ModelInsights", ("report.pdf",), "application/pdf", "model quality report (PDF)"),
    "performanceJson": ("ModelInsights", ("statistics.json",), "application/json", "model quality report (JSON)"),
}
CLARIFY_DOCS = "https://docs.aws.amazon.com/sagemaker/latest/dg/clarify-model-explainability.html"


@dataclass(frozen=True)
class _ArtifactSpec:
    location_key: str  # in CandidateArtifactLocations
    filename: str
    parser: Callable[[bytes, str], object]
    what: str
    step: str  # the job's secondary status that writes it
    error_status: str  # the job's secondary status when it failed
    instead: str


EXPLAINABILITY = _ArtifactSpec(
    "Explainability",
    "analysis.json",
    art.parse_analysis,
    "explainability output (aggregated SHAP values)",
    "GeneratingExplainabilityReport",
    "ExplainabilityError",
    "The local runner (`jupyter autopilot run`) computes it for every candidate.",
)
MODEL_QUALITY = _ArtifactSpec(
    "ModelInsights",
    "statistics.json",
    art.parse_statistics,
    "model-quality report (metric statistics, confusion matrix, curves)",
    "GeneratingModelInsightsReport",
    "ModelInsightsError",
    "Its candidate metrics are shown instead.",
)


@dataclass
class _JobCache:
    """What has been read of one job; kept across requests only when the job is terminal."""

    version: str | None
    record: dict
    candidates: list | None = None
    steps: dict = field(default_factory=dict)
    parsed: dict = field(default_factory=dict)
    listings: dict = field(default_factory=dict)
    views: dict = field(default_factory=dict)


class AutopilotService:
    def __init__(
        self,
        sources: dict[str, JobSource | Callable[[], JobSource]],
        *,
        max_workers: int = 8,
        default_top_features: int = 20,
        max_artifact_bytes: int = MAX_JSON_BYTES,
        max_notebook_bytes: int = MAX_NOTEBOOK_BYTES,
        max_report_bytes: int = MAX_REPORT_BYTES,
    ):
        self._factories = dict(sources)
        self._sources: dict[str, JobSource] = {}
        self._lock = threading.RLock()
        self._jobs: dict[tuple[str, str], _JobCache] = {}
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="autopilot-step")
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

    def sources(self) -> dict:
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
        return {"sources": out}

    # -- job records, cached ----------------------------------------------------------------------
    def _job(self, source_id: str, job: str) -> tuple[JobSource, _JobCache]:
        check_job_name(job)
        src = self.source(source_id)
        key = (source_id, job)
        version = src.version(job)
        with self._lock:
            hit = self._jobs.get(key)
        if hit is not None and hit.version == version:
            return src, hit
        record = shapes.job_record(src.describe_job(job))
        if record is None:
            raise ArtifactFormatError(f"The record of job {job!r} is not a DescribeAutoMLJob response.")
        record["AutoMLJobName"] = job  # the job asked for (a record naming another is not trusted)
        entry = _JobCache(version=version, record=record)
        if record.get("AutoMLJobStatus") in TERMINAL_STATUSES:
            with self._lock:
                self._jobs[key] = entry
        else:
            with self._lock:
                self._jobs.pop(key, None)
        return src, entry

    def _candidates(self, src: JobSource, job: str, entry: _JobCache) -> list[dict]:
        if entry.candidates is None:
            conformed = (shapes.candidate(c) for c in src.list_candidates(job))
            entry.candidates = [c for c in conformed if c is not None]
        return entry.candidates

    def _candidate(self, src, job, entry, name) -> dict:
        check_candidate_name(name)
        for cand in self._candidates(src, job, entry):
            if cand.get("CandidateName") == name:
                return cand
        best = entry.record.get("BestCandidate")
        if isinstance(best, dict) and best.get("CandidateName") == name:
            return best
        raise CandidateNotFound(f"Candidate {name!r} not found in AutoML job {job!r}.")

    def _steps(self, src, job, entry, candidate) -> list[tuple[dict, dict | None, str | None]]:
        """(step, describe record or None, error message or None) for every step, fetched in parallel."""
        steps = [s for s in candidate.get("CandidateSteps") or [] if isinstance(s, dict) and s.get("CandidateStepName")]

        def fetch(step):
            key = (step.get("CandidateStepType"), step["CandidateStepName"])
            if key in entry.steps:
                return entry.steps[key]
            result: tuple[dict | None, str | None]
            try:
                operation = shapes.STEP_OPERATIONS.get(key[0])
                record = (
                    shapes.conform_response(src.describe_step(job, key[0], key[1]), operation) if operation else None
                )
                if record is None:
                    raise ArtifactFormatError(f"The record of step {key[1]!r} is not a Describe response.")
                result = (record, None)
            except (NotFound, ArtifactFormatError, RefusedFile, ArtifactTooLarge) as exc:
                result = (None, exc.message)
            entry.steps[key] = result
            return result

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
        if prefix.uri not in entry.listings:  # one listing per prefix, shared by every file looked up
            entry.listings[prefix.uri] = [loc for loc, _ in src.list_objects(job, prefix) if prefix.contains(loc)]
        found = [loc for loc in entry.listings[prefix.uri] if loc.key.rsplit("/", 1)[-1] in suffixes]
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
    ) -> dict:
        name_contains = check_name_contains(name_contains)
        status = check_status(status)
        src = self.source(source_id)
        raw, token = src.list_jobs(
            name_contains=name_contains, status=status, next_token=next_token or None, max_results=max_results
        )
        summary_shape = shapes.shape(shapes.JOB_SUMMARY_SHAPE)
        summaries = (shapes.conform(summary, summary_shape) for summary in raw)
        jobs = [
            views.job_summary(summary)
            for summary in summaries
            if isinstance(summary, dict) and isinstance(summary.get("AutoMLJobName"), str)
        ]
        return clean({"jobs": jobs, "nextToken": token})

    def job(self, source_id: str, job: str) -> dict:
        src, entry = self._job(source_id, job)
        return views.job_view(entry.record, source_id)

    def candidates(self, source_id: str, job: str) -> dict:
        src, entry = self._job(source_id, job)
        if "candidates" not in entry.views:
            entry.views["candidates"] = views.leaderboard(entry.record, self._candidates(src, job, entry))
        return entry.views["candidates"]

    # -- model details ---------------------------------------------------------------------------
    def _parsed_artifact(self, src, job, entry, cand, spec: _ArtifactSpec):
        """(parsed file, reason when unavailable, file URI) of one candidate artifact, cached when terminal."""
        name = cand.get("CandidateName")
        best = rec.best_candidate_name(entry.record)
        secondary = entry.record.get("AutoMLJobSecondaryStatus")
        prefix = rec.artifact_locations(cand).get(spec.location_key)
        if try_parse(prefix) is None:
            if name == best:
                reason = (
                    f"The job's record names no {spec.what} for this candidate, the best one. "
                    f"Autopilot writes it in the {spec.step} step"
                    + (f" (job status: {secondary})." if secondary else ".")
                )
            else:
                reason = (
                    f"Autopilot generates the {spec.what} only for the best candidate"
                    + (f" ({best})" if best else "")
                    + f"; this candidate has none. {spec.instead}"
                )
            return None, reason, None
        cache = entry.parsed.setdefault(spec.location_key, {})
        if name in cache:
            return cache[name]
        try:
            loc = self._find_object(src, job, entry, prefix, (spec.filename,))
        except (OutsideJobOutput, ArtifactFormatError, RefusedFile, ArtifactTooLarge) as exc:
            return None, exc.message, None
        result: tuple[object, str | None, str | None]
        if loc is None:
            reason = f"No {spec.filename} was found under this candidate's {spec.location_key} location ({prefix})."
            if secondary == spec.error_status:
                reason += f" The job reports {spec.error_status}: the {spec.what} failed for this job."
            elif entry.record.get("AutoMLJobStatus") not in TERMINAL_STATUSES:
                reason += f" The job is still running; the {spec.what} may not be written yet."
            result = (None, reason, None)
        else:
            result = (spec.parser(self._read(src, job, entry, loc, self.max_artifact_bytes), loc.uri), None, loc.uri)
        if entry.record.get("AutoMLJobStatus") in TERMINAL_STATUSES:
            cache[name] = result
        return result

    def explainability(self, source_id: str, job: str, candidate: str, *, top: int | None = None) -> dict:
        src, entry = self._job(source_id, job)
        cand = self._candidate(src, job, entry, candidate)
        labels, reason, uri = self._parsed_artifact(src, job, entry, cand, EXPLAINABILITY)
        hp = views.hyperparameters(self._steps(src, job, entry, cand))
        reports = (
            self._reports(src, job, entry, cand, ("explainabilityPdf",))
            if labels is not None
            else {"explainabilityPdf": False}
        )
        top = self.top_features if top is None else top
        figure = None
        if labels:
            first = labels[0]
            figure = figures.to_json(
                figures.shap_bar(first["features"], label=first["label"] if len(labels) > 1 else None, top=top)
            )
        view = {
            "job": job,
            "candidate": candidate,
            "isBest": candidate == rec.best_candidate_name(entry.record),
            "available": labels is not None,
            "reason": reason,
            "analysisUri": uri,
            "labels": labels or [],
            "topFeatures": top,
            "figure": figure,
            "candidateMetrics": rec.candidate_metrics(cand),
            "docsUrl": CLARIFY_DOCS,
            "reports": reports,
            **hp,
        }
        return clean(view)

    def performance(self, source_id: str, job: str, candidate: str) -> dict:
        src, entry = self._job(source_id, job)
        cand = self._candidate(src, job, entry, candidate)
        report, reason, uri = self._parsed_artifact(src, job, entry, cand, MODEL_QUALITY)
        figs = {}
        if report:
            cm = report.get("confusionMatrix")
            if cm and cm["labels"]:
                figs["confusionMatrix"] = figures.to_json(figures.confusion_matrix(cm))
                figs["confusionMatrixNormalized"] = figures.to_json(figures.confusion_matrix(cm, normalize=True))
            if report["curves"].get("roc"):
                figs["roc"] = figures.to_json(figures.roc_curve(report["curves"]["roc"]))
            if report["curves"].get("precisionRecall"):
                figs["precisionRecall"] = figures.to_json(
                    figures.precision_recall_curve(report["curves"]["precisionRecall"])
                )
        report_view = {
            "available": report is not None,
            "reason": reason,
            "statisticsUri": uri,
            "problemType": rec.problem_type(entry.record),
            "itemCount": None,
            "evaluationTime": None,
            "metrics": [],
            "confusionMatrix": None,
            "curves": {"roc": None, "precisionRecall": None},
        }
        if report:
            report_view.update(report)
        view = {
            "job": job,
            "candidate": candidate,
            "isBest": candidate == rec.best_candidate_name(entry.record),
            "objective": {
                "metric": rec.objective_metric(entry.record),
                "direction": rec.objective_direction(entry.record),
            },
            "objectiveValue": rec.objective_value(cand),
            "candidateMetrics": rec.candidate_metrics(cand),
            "report": report_view,
            "figures": figs,
            "reports": self._reports(src, job, entry, cand, ("performancePdf", "performanceJson"))
            if report
            else {"performancePdf": False, "performanceJson": False},
        }
        return clean(view)

    def artifacts(self, source_id: str, job: str, candidate: str) -> dict:
        src, entry = self._job(source_id, job)
        cand = self._candidate(src, job, entry, candidate)
        return views.artifacts_view(entry.record, cand, self._steps(src, job, entry, cand))

    def network(self, source_id: str, job: str, candidate: str) -> dict:
        src, entry = self._job(source_id, job)
        cand = self._candidate(src, job, entry, candidate)
        return views.network_view(entry.record, cand, self._steps(src, job, entry, cand))

    # -- files -------------------------------------------------------------------------------------
    def notebook(self, source_id: str, job: str, kind: str) -> dict:
        if kind not in views.NOTEBOOK_FIELDS:
            raise NotFound(f"Unknown notebook {str(kind)[:40]!r}; use dataExploration or candidateDefinition.")
        src, entry = self._job(source_id, job)
        field_name, label = views.NOTEBOOK_FIELDS[kind]
        uri = rec.dig(entry.record, "AutoMLJobArtifacts", field_name)
        if not uri:
            raise ArtifactNotFound(
                f"Job {job!r} has no {label}: its record names none"
                + (
                    " (the job may not have finished analysing the data)."
                    if entry.record.get("AutoMLJobStatus") not in TERMINAL_STATUSES
                    else "."
                )
            )
        loc = try_parse(uri)
        if loc is None:
            raise ArtifactFormatError(f"The {label} location of job {job!r} is not an s3:// URI: {str(uri)[:200]!r}.")
        data = self._read(src, job, entry, loc, self.max_notebook_bytes)
        nb = art.load_json(data, loc.uri)
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            raise ArtifactFormatError(f"{loc.uri} is not a Jupyter notebook.", file=loc.uri)
        return {"name": loc.key.rsplit("/", 1)[-1] or f"{job}-{kind}.ipynb", "uri": loc.uri, "content": nb}

    def report(self, source_id: str, job: str, candidate: str, kind: str) -> tuple[bytes, str, str]:
        if kind not in REPORT_KINDS:
            raise NotFound(f"Unknown report {str(kind)[:40]!r}; use {', '.join(REPORT_KINDS)}.")
        location_key, suffixes, content_type, label = REPORT_KINDS[kind]
        src, entry = self._job(source_id, job)
        cand = self._candidate(src, job, entry, candidate)
        prefix = rec.artifact_locations(cand).get(location_key)
        if try_parse(prefix) is None:
            raise ArtifactNotFound(
                f"Candidate {candidate!r} has no {label}: its record names no "
                f"{location_key} location (Autopilot writes reports for the best candidate only)."
            )
        loc = self._find_object(src, job, entry, prefix, suffixes)
        if loc is None:
            raise ArtifactNotFound(f"Candidate {candidate!r} has no {label} under {prefix}.")
        filename = f"{candidate}-{kind}.{'pdf' if content_type == 'application/pdf' else 'json'}"
        return self._read(src, job, entry, loc, self.max_report_bytes), content_type, filename

    # -- experiments and trials --------------------------------------------------------------------
    def experiments(self, source_id: str) -> dict:
        src = self.source(source_id)
        items = (shapes.conform(e, shapes.shape(shapes.EXPERIMENT_SHAPE)) for e in src.list_experiments())
        return clean({"experiments": [views.experiment_item(e) for e in items if isinstance(e, dict)]})

    def trial_components(self, source_id: str, unassigned: bool = True) -> dict:
        src = self.source(source_id)
        conformed = (
            shapes.conform(t, shapes.shape(shapes.TRIAL_COMPONENT_SHAPE))
            for t in src.list_unassigned_trial_components()
        )
        items = [views.trial_component_item(t) for t in conformed if isinstance(t, dict)]
        return clean({"trialComponents": items, "unassigned": unassigned})

    def close(self):
        """Stop the step-describe pool and close the sources that were built (their AWS clients)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            built = list(self._sources.values())
        for src in built:
            close = getattr(src, "close", None)
            if callable(close):
                close()
