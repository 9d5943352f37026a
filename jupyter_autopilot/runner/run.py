"""Run a local AutoML job and write it in the local job-folder layout.

Order of writes (every file atomically; job.json always parseable):

1. job.json: InProgress / AnalyzingData (nothing is written before the input is checked)
2. the input CSV under ``s3/``; the data exploration notebook; FeatureEngineering
3. the candidate definition notebook; ModelTuning; then per candidate: its training job
   and candidates.json (InProgress, then Completed or Failed) and its model
4. GeneratingExplainabilityReport: analysis.json per completed candidate
5. GeneratingModelInsightsReport: statistics.json per completed candidate
6. candidates.json and job.json: Completed, with BestCandidate

Any exception after step 1 rewrites job.json as Failed with a FailureReason (Ctrl-C: Stopped)
and marks unfinished candidates the same way.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sys
import time
import uuid
from pathlib import Path

from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from ..liveness import Heartbeat
from ..names import JOB_NAME
from . import explain, metrics, models, notebooks, quality
from .candidates import default_threads, generate_candidates
from .data import Dataset, load_dataset, profile
from .errors import JobFailedError, RunnerError
from .layout import CANDIDATE_DEFINITION_NOTEBOOK, DATA_EXPLORATION_NOTEBOOK, JobLayout, default_jobs_dir
from .records import CandidateState, JobSettings, candidate_record, job_record, training_job_record
from .training import HOLDOUT_FRACTION, make_splits, train_candidate
from .writer import atomic_copy, atomic_dump_joblib, atomic_write_bytes, atomic_write_json

log = logging.getLogger(__name__)

MAX_CANDIDATES_LIMIT = 750  # CompletionCriteria.MaxCandidates allows 1..750


def validate_job_name(name: str) -> str:
    if not isinstance(name, str) or not JOB_NAME.fullmatch(name):
        raise RunnerError(
            f"Invalid job name {name!r}: use 1-32 letters, digits and hyphens, starting and ending "
            "with a letter or digit (the AutoML job name pattern [a-zA-Z0-9](-*[a-zA-Z0-9]){0,31})."
        )
    return name


def validate_max_candidates(value) -> int:
    number = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 1 <= number <= MAX_CANDIDATES_LIMIT:
        raise RunnerError(f"max candidates must be a whole number from 1 to {MAX_CANDIDATES_LIMIT}, not {value!r}.")
    return number


def _input_filename(path: Path) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", path.name).strip("-.") or "data.csv"
    return name


def _remove_job_folder(job_dir: Path) -> None:
    """Move the old folder out of the listing in one step, then delete it."""
    trash = job_dir.with_name(f".{job_dir.name}.deleting-{uuid.uuid4().hex[:8]}")
    os.replace(job_dir, trash)
    shutil.rmtree(trash, ignore_errors=True)


def run_job(
    data,
    target: str,
    name: str,
    *,
    jobs_dir=None,
    problem_type: str | None = None,
    objective: str | None = None,
    max_candidates: int = 10,
    max_runtime_seconds: int | None = None,
    overwrite: bool = False,
    seed: int = 0,
    quiet: bool = True,
    n_folds: int | None = None,
) -> dict:
    """Train and validate candidates on a CSV and write the job; returns the final job.json.

    ``problem_type`` (BinaryClassification | MulticlassClassification | Regression) and
    ``objective`` (an Autopilot metric name) are inferred when not given. ``n_folds``
    overrides the validation scheme (default: 5-fold up to 50,000 rows, else a single 80/20
    split). Raises RunnerError for bad input (before anything is written) and
    JobFailedError when the job fails after it started (job.json then says Failed).
    """
    validate_job_name(name)
    max_candidates = validate_max_candidates(max_candidates)
    if max_runtime_seconds is not None and (
        isinstance(max_runtime_seconds, bool) or not isinstance(max_runtime_seconds, int) or max_runtime_seconds < 1
    ):
        raise RunnerError(f"The maximum runtime must be a whole number of seconds, not {max_runtime_seconds!r}.")
    jobs_dir = Path(jobs_dir).expanduser() if jobs_dir else default_jobs_dir()
    if jobs_dir.exists() and not jobs_dir.is_dir():
        raise RunnerError(f"The jobs folder {jobs_dir} is not a folder.")
    layout = JobLayout(jobs_dir, name)
    if layout.job_dir.exists() and not overwrite:
        raise RunnerError(
            f"A job named {name!r} already exists in {jobs_dir}; choose another name or overwrite it (--overwrite)."
        )
    ds = load_dataset(data, target, problem_type)
    objective = metrics.resolve_objective(ds.problem_type, objective)
    if n_folds is not None and (not isinstance(n_folds, int) or n_folds < 1):
        raise RunnerError(f"n_folds must be a positive whole number, not {n_folds!r}.")

    job = _JobRun(layout, ds, objective, max_candidates, seed, quiet, n_folds)  # splits the data
    job.settings.max_runtime_seconds = max_runtime_seconds
    if layout.job_dir.exists():
        _remove_job_folder(layout.job_dir)
    jobs_dir.mkdir(parents=True, exist_ok=True)
    try:
        layout.job_dir.mkdir()
    except FileExistsError:
        raise RunnerError(f"A job named {name!r} already exists in {jobs_dir}.") from None
    return job.execute()


class _JobRun:
    def __init__(
        self, layout: JobLayout, ds: Dataset, objective: str, max_candidates: int, seed: int, quiet: bool, n_folds
    ):
        self.layout = layout
        self.ds = ds
        self.seed = seed
        self.quiet = quiet
        self.splits = make_splits(ds, seed, n_folds)
        fraction = round(1.0 / self.splits.n_folds, 4) if self.splits.kind == "kfold" else HOLDOUT_FRACTION
        self.settings = JobSettings(
            layout=layout,
            input_filename=_input_filename(ds.path),
            problem_type=ds.problem_type,
            objective=objective,
            target=ds.target,
            max_candidates=max_candidates,
            validation_fraction=fraction,
            created=time.time(),
        )
        self.objective = objective
        self.threads = default_threads(ds.n_rows, ds.features.shape[1])
        self.states: list = []
        self.pipelines: dict = {}
        self.oof: dict = {}
        self.notebooks: dict | None = None
        self.partial_failures: list = []
        self.specs: list = []
        self.analysis_job = "pr-1-" + hashlib.sha256(f"{layout.job_name}|{seed}".encode()).hexdigest()[:24]

    # -- writes -------------------------------------------------------------------------
    def write_job(self, status: str, secondary: str, **kwargs) -> dict:
        record = job_record(
            self.settings,
            status,
            secondary,
            notebooks=self.notebooks,
            partial_failures=self.partial_failures,
            **kwargs,
        )
        atomic_write_json(self.layout.job_json, record)
        return record

    def write_candidates(self) -> None:
        atomic_write_json(
            self.layout.candidates_json,
            {"Candidates": [candidate_record(s, self.settings) for s in self.states]},
        )

    def write_training_job(self, state: CandidateState) -> None:
        atomic_write_json(self.layout.training_job_json(state.name), training_job_record(state, self.settings))

    # -- steps --------------------------------------------------------------------------
    def execute(self) -> dict:
        # the liveness marker exists before the job is first written InProgress, and goes after
        # its last write: a runner that dies in between (SIGKILL) is shown as Failed
        with Heartbeat(self.layout.job_dir):
            return self._execute()

    def _execute(self) -> dict:
        self.settings.created = time.time()
        self.write_job("InProgress", "AnalyzingData", resolved=False)
        try:
            with threadpool_limits(limits=self.threads):
                self._analyze()
                self._engineer_features()
                self._tune()
                self._explain()
                self._model_insights()
                return self._complete()
        except KeyboardInterrupt:
            self._abort("Stopped", "The AutoML job was stopped (interrupted).")
            raise
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            self._abort("Failed", reason)
            raise JobFailedError(self.layout.job_name, reason) from exc

    def _analyze(self) -> None:
        layout, ds = self.layout, self.ds
        atomic_copy(ds.path, layout.path(layout.input_key(self.settings.input_filename)))
        stats = profile(ds)
        nb = notebooks.data_exploration(ds, stats, layout.job_name, self.settings.input_uri, self.objective)
        atomic_write_json(layout.path(layout.notebook_key(self.analysis_job, DATA_EXPLORATION_NOTEBOOK)), nb)
        self.write_job("InProgress", "FeatureEngineering")

    def _candidate_notebook(self, results=None, best=None) -> None:
        layout = self.layout
        nb = notebooks.candidate_definition(
            self.ds,
            self.specs,
            self.splits,
            layout.job_name,
            self.settings.input_uri,
            self.objective,
            self.seed,
            results=results,
            best=best,
        )
        atomic_write_json(layout.path(layout.notebook_key(self.analysis_job, CANDIDATE_DEFINITION_NOTEBOOK)), nb)

    def _engineer_features(self) -> None:
        layout = self.layout
        self.specs = generate_candidates(
            layout.job_name, self.ds.problem_type, self.settings.max_candidates, self.seed, n_jobs=self.threads
        )
        self._candidate_notebook()
        self.notebooks = {
            "dataExploration": layout.uri(layout.notebook_key(self.analysis_job, DATA_EXPLORATION_NOTEBOOK)),
            "candidateDefinition": layout.uri(layout.notebook_key(self.analysis_job, CANDIDATE_DEFINITION_NOTEBOOK)),
        }
        self.write_job("InProgress", "ModelTuning")

    def _progress(self, desc: str, total: int):
        return tqdm(
            total=total,
            desc=f"{self.layout.job_name}: {desc}",
            unit="candidate",
            file=sys.stderr,
            disable=self.quiet,
            leave=True,
            dynamic_ncols=True,
        )

    def _tune(self) -> None:
        layout, ds = self.layout, self.ds
        best_value = None
        with self._progress("training", len(self.specs)) as bar:
            for spec in self.specs:
                budget = self.settings.max_runtime_seconds
                if budget and self.states and time.time() - self.settings.created >= budget:
                    log.info(
                        "max runtime of %s s reached: %d of %d candidates", budget, len(self.states), len(self.specs)
                    )
                    break  # the time budget is spent: the job completes with the candidates it has
                state = CandidateState(spec)
                state.started = time.time()
                self.states.append(state)
                self.write_training_job(state)
                self.write_candidates()
                bar.set_postfix_str(spec.name[len(layout.job_name) + 1 :], refresh=True)
                try:
                    result = train_candidate(ds, spec, self.splits)
                    model_key = layout.model_key(spec.name)
                    model_path = layout.path(model_key)
                    atomic_dump_joblib(model_path, result.pipeline)
                    meta = models.model_metadata(ds, model_path.read_bytes())  # signed: loadable here only
                    atomic_write_json(model_path.with_name(models.MODEL_METADATA), meta)
                except Exception as exc:  # one candidate failing does not fail the job
                    log.debug("candidate %s failed", spec.name, exc_info=True)
                    state.status = "Failed"
                    state.failure_reason = f"{type(exc).__name__}: {exc}"
                else:
                    state.status = "Completed"
                    state.validation = result.validation
                    state.train = result.train
                    state.model_uri = layout.uri(model_key)
                    self.pipelines[spec.name] = result.pipeline
                    self.oof[spec.name] = result.oof
                    value = state.objective_value(self.objective)
                    if value is not None and (best_value is None or metrics.better(self.objective, value, best_value)):
                        best_value = value
                state.end = time.time()
                state.touch()
                self.write_training_job(state)
                self.write_candidates()
                bar.update(1)
                if best_value is not None:
                    bar.set_postfix_str(f"best {self.objective} {best_value:.4g}", refresh=True)
        completed = [s for s in self.states if s.status == "Completed"]
        if not completed:
            reasons = "; ".join(f"{s.name}: {s.failure_reason}" for s in self.states[:3])
            raise RuntimeError(f"No candidate completed ({reasons})")

    def _completed(self) -> list:
        return [s for s in self.states if s.status == "Completed"]

    def _explain(self) -> None:
        layout = self.layout

        def write(state) -> None:
            document = explain.analysis(self.pipelines[state.name], self.ds, self.seed)
            run_folder = "clarify-" + hashlib.sha256(f"{state.name}|{self.seed}".encode()).hexdigest()[:12]
            atomic_write_json(layout.path(layout.analysis_key(state.name, run_folder)), document)
            state.explainability_uri = layout.uri(layout.explainability_prefix(state.name))

        self._report_phase("GeneratingExplainabilityReport", "explainability", "Explainability report", write)

    def _model_insights(self) -> None:
        layout = self.layout

        def write(state) -> None:
            document = quality.statistics(self.ds, self.oof[state.name], self.splits)
            atomic_write_json(layout.path(layout.statistics_key(state.name)), document)
            table = quality.oof_table(self.ds, self.oof[state.name], self.splits)
            oof_key = layout.model_insights_prefix(state.name) + quality.OOF_FILE
            atomic_write_bytes(layout.path(oof_key), table.encode("utf-8"))
            state.model_insights_uri = layout.uri(layout.model_insights_prefix(state.name))

        self._report_phase("GeneratingModelInsightsReport", "model insights", "Model insights report", write)

    def _report_phase(self, secondary_status: str, progress_label: str, what: str, write) -> None:
        """Write one report per completed candidate; a failed report is a partial failure, not a failed job."""
        self.write_job("InProgress", secondary_status)
        completed = self._completed()
        with self._progress(progress_label, len(completed)) as bar:
            for state in completed:
                try:
                    write(state)
                except Exception as exc:
                    log.debug("%s for %s failed", progress_label, state.name, exc_info=True)
                    self.partial_failures.append(f"{what} of {state.name} failed: {type(exc).__name__}: {exc}")
                else:
                    state.touch()
                    self.write_candidates()
                bar.update(1)

    def _best(self) -> CandidateState | None:
        best = None
        for state in self._completed():
            value = state.objective_value(self.objective)
            if value is None:
                continue
            if best is None or metrics.better(self.objective, value, best.objective_value(self.objective)):
                best = state
        return best

    def _complete(self) -> dict:
        best = self._best()
        results = [(s.name, s.status, s.objective_value(self.objective), s.model_uri) for s in self.states]
        self._candidate_notebook(results=results, best=best.name if best else None)
        self.write_candidates()
        record = self.write_job(
            "Completed",
            "Completed",
            end=time.time(),
            best_candidate=candidate_record(best, self.settings) if best else None,
        )
        return record

    def _abort(self, status: str, reason: str) -> None:
        """Best effort: never let a failure while recording the failure hide the first one."""
        now = time.time()
        try:
            for state in self.states:
                if state.status == "InProgress":
                    state.status = status
                    state.failure_reason = reason if status == "Failed" else "The AutoML job was stopped."
                    state.end = now
                    state.touch()
                    self.write_training_job(state)
            if self.states:
                self.write_candidates()
        except Exception:  # pragma: no cover - disk full and the like
            log.debug("could not record the candidates' final state", exc_info=True)
        best = self._best()
        try:
            self.write_job(
                status,
                status,
                end=now,
                failure_reason=reason if status == "Failed" else None,
                best_candidate=candidate_record(best, self.settings) if best else None,
            )
        except Exception:  # pragma: no cover
            log.debug("could not record the job's final state", exc_info=True)
