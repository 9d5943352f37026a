"""Run a local AutoML job and write it in the local job-folder layout.

Order of writes (every file atomically; job.json always parseable):

1. job.json: InProgress / AnalyzingData (nothing is written before the input is checked, and
   nothing heavy is imported before this first write)
2. the input CSV under ``s3/``; the data exploration notebook; FeatureEngineering
3. the candidate definition notebook; ModelTuning; then per candidate, as the search
   (``search.py``) proposes them until the time budget or the candidate cap is reached: its
   training job and candidates.json (InProgress, then Completed, Failed or Stopped) and its model
4. in ENSEMBLING mode: the weighted ensemble of the best candidates, as a candidate of its own
5. GeneratingModelInsightsReport: statistics.json and out-of-fold predictions per candidate
6. GeneratingExplainabilityReport: analysis.json of the best candidate (with a time budget, on a
   thread waited for until the budget ends; if it is not done by then it is written after 7)
7. candidates.json and job.json: Completed, with BestCandidate
8. then, the job already Completed: analysis.json of every other candidate, best first

This file is long on purpose (about 680 lines): it is the one place that orders the job's writes (the list above);
what each step computes lives elsewhere (search, training, ensemble, quality, explain, notebooks).

Any exception after step 1 rewrites job.json as Failed with a FailureReason (Ctrl-C: Stopped)
and marks unfinished candidates the same way.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any

from ..liveness import Heartbeat
from ..names import JOB_NAME, MODES
from . import metrics, threshold
from .candidates import FAMILIES, CandidateSpec, candidate_name, default_threads, generate_candidates
from .data import Dataset, load_dataset
from .errors import JobFailedError, RunnerError, interruption
from .layout import CANDIDATE_DEFINITION_NOTEBOOK, DATA_EXPLORATION_NOTEBOOK, JobLayout, default_jobs_dir
from .preprocessing import max_outputs
from .records import CandidateState, JobSettings, candidate_record, job_record, training_job_record
from .training import FITS_AT_ONCE, HOLDOUT_FRACTION, KFOLD_MAX_ROWS, N_FOLDS, train_candidate
from .writer import atomic_copy, atomic_dump_joblib, atomic_write_bytes, atomic_write_json

log = logging.getLogger(__name__)

MAX_CANDIDATES_LIMIT = 750  # CompletionCriteria.MaxCandidates allows 1..750
#: Autopilot's AUTO mode: ensembling below 100 MB of input, hyperparameter tuning above
AUTO_ENSEMBLING_BYTES = 100 * 1024 * 1024
#: the share of a time budget kept for the ensemble, the reports and the best's explanation
BUDGET_RESERVE = 0.2
#: seconds kept at the budget's end for completing (the final notebook and records)
COMPLETION_SECONDS = 0.5
ENSEMBLE_ESTIMATOR = "jupyter_autopilot.runner.ensemble.WeightedEnsemble"


def resolve_mode(mode: str | None, input_bytes: int) -> str:
    """ENSEMBLING or HYPERPARAMETER_TUNING: AUTO chooses by the input's size, as Autopilot does."""
    if mode in (None, "", "AUTO"):
        return "ENSEMBLING" if input_bytes < AUTO_ENSEMBLING_BYTES else "HYPERPARAMETER_TUNING"
    if mode not in MODES:
        raise RunnerError(f"mode must be one of {', '.join(MODES)}, not {mode!r}.")
    return mode


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
    mode: str | None = "AUTO",
) -> dict:
    """Train and validate candidates on a CSV and write the job; returns the final job.json.

    ``problem_type`` (BinaryClassification | MulticlassClassification | Regression) and
    ``objective`` (an Autopilot metric name) are inferred when not given. ``n_folds``
    overrides the validation scheme (default: 5-fold up to 50,000 rows, else a single 80/20
    split). ``mode``: AUTO (the default: ENSEMBLING below 100 MB of input, else
    HYPERPARAMETER_TUNING), ENSEMBLING (the search, then a weighted ensemble of the best
    candidates as a candidate of its own) or HYPERPARAMETER_TUNING (the search only).
    ``max_runtime_seconds`` is the time budget (the job completes within it, with at least one
    candidate); ``max_candidates`` caps the candidates. Raises RunnerError for bad input (before anything is written) and
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
    if mode not in (None, "", *MODES):
        raise RunnerError(f"mode must be one of {', '.join(MODES)}, not {mode!r}.")

    job = _JobRun(layout, ds, objective, max_candidates, seed, quiet, n_folds)
    job.settings.max_runtime_seconds = max_runtime_seconds
    job.settings.mode = mode or "AUTO"
    job.mode = resolve_mode(mode, ds.path.stat().st_size if ds.path.exists() else 0)
    if layout.job_dir.exists() or layout.job_dir.is_symlink():
        layout.clear_for_new_run()
    else:
        jobs_dir.mkdir(parents=True, exist_ok=True)
        try:
            layout.job_dir.mkdir()
        except FileExistsError:
            raise RunnerError(f"A job named {name!r} already exists in {jobs_dir}.") from None
    return job.execute()


_THREAD_LIMITS: list = []


def _one_thread_per_fit(controller) -> None:
    """A fit thread's own OpenMP and BLAS limit (their thread counts are per calling thread);
    ``controller`` (threadpoolctl's) found the libraries once for every thread."""
    _THREAD_LIMITS.append(controller.limit(limits=1))


class _JobRun:
    def __init__(
        self, layout: JobLayout, ds: Dataset, objective: str, max_candidates: int, seed: int, quiet: bool, n_folds
    ):
        self.layout = layout
        self.ds = ds
        self.seed = seed
        self.quiet = quiet
        self.n_folds = n_folds
        self.splits: Any = None  # made after the first write (it imports scikit-learn)
        self.preprocessed: Any = None  # the preprocessing, fit once and shared by the candidates
        self.controller: Any = None  # threadpoolctl's, made with the splits
        folds = n_folds if n_folds is not None else (N_FOLDS if ds.n_rows <= KFOLD_MAX_ROWS else 1)
        self.settings = JobSettings(
            layout=layout,
            input_filename=_input_filename(ds.path),
            problem_type=ds.problem_type,
            objective=objective,
            target=ds.target,
            max_candidates=max_candidates,
            validation_fraction=round(1.0 / folds, 4) if folds > 1 else HOLDOUT_FRACTION,
            created=time.time(),
        )
        self.objective = objective
        self.mode = "ENSEMBLING"
        self.threads = default_threads(ds.n_rows, ds.features.shape[1])
        self.n_inputs = max_outputs(ds.numeric_columns, ds.categorical_columns)  # the estimators', at most
        self.states: list = []
        self.pipelines: dict = {}
        self.oof: dict = {}
        self.notebooks: dict | None = None
        self.partial_failures: list = []
        self.specs: list = []
        self.explained: set = set()
        self.final: dict = {}
        self.analysis_job = "pr-1-" + hashlib.sha256(f"{layout.job_name}|{seed}".encode()).hexdigest()[:24]
        self._writing = threading.Lock()  # the best's explanation may end after the job completes
        self._may_explain = threading.Event()  # cleared while the job completes (see _explain_best)
        self._may_explain.set()

    # -- writes -------------------------------------------------------------------------
    def write_job(self, status: str, secondary: str, **kwargs) -> dict:
        with self._writing:
            record = job_record(
                self.settings,
                status,
                secondary,
                notebooks=self.notebooks,
                partial_failures=list(self.partial_failures),
                **kwargs,
            )
            atomic_write_json(self.layout.job_json, record)
        return record

    def write_candidates(self) -> None:
        with self._writing:
            atomic_write_json(
                self.layout.candidates_json,
                {"Candidates": [candidate_record(s, self.settings) for s in self.states]},
            )

    def write_training_job(self, state: CandidateState) -> None:
        with self._writing:
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
            from threadpoolctl import ThreadpoolController

            from .training import Preprocessed, make_splits

            # the thread-pool libraries found once (each look lists every loaded library)
            self.controller = ThreadpoolController()

            self.splits = make_splits(self.ds, self.seed, self.n_folds)
            splits = self.splits
            self.preprocessed = Preprocessed(self.ds)
            self.settings.validation_fraction = (
                round(1.0 / splits.n_folds, 4) if splits.kind == "kfold" else HOLDOUT_FRACTION
            )
            with self.controller.limit(limits=self.threads):
                self._analyze()
                self._engineer_features()
                self._tune()
                if self.mode == "ENSEMBLING" and len(self.states) < self.settings.max_candidates:
                    self._ensemble()  # (it counts toward the candidate cap)
                self._model_insights()
                best = self._best()
                budget = self.settings.max_runtime_seconds
                until = self.settings.created + budget if budget else None
                explaining = None
                if best is not None and (until is None or time.time() < until):  # else it follows the completion
                    explaining = self._explain_best(best, until)
                failures = len(self.partial_failures)  # the job record written next has these
                try:
                    record = self._complete()
                finally:
                    self._may_explain.set()  # a paused explanation goes on (or ends with the job)
        except KeyboardInterrupt:
            self._abort("Stopped", "The AutoML job was stopped (interrupted).")
            raise
        except Exception as exc:
            stop = interruption(exc)
            if stop is not None:  # a signal that came back wrapped (see errors.interruption)
                self._abort("Stopped", "The AutoML job was stopped (interrupted).")
                raise stop from None
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            self._abort("Failed", reason)
            raise JobFailedError(self.layout.job_name, reason) from exc
        # the job is complete; the other candidates' explanations follow, best first (an
        # interruption now leaves the job Completed, with the explanations written so far)
        try:
            if explaining is not None:  # the best's, begun within the budget, ends first
                explaining.join()
                if len(self.partial_failures) > failures:
                    self.write_job("Completed", "Completed", **self.final)  # with the partial failure
            rest = [s for s in self._ranked() if s.name not in self.explained]
            if rest:
                with self.controller.limit(limits=self.threads):
                    self._explain(rest, "Explainability report", after_completion=True)
        except KeyboardInterrupt:
            log.info("stopped while explaining the candidates; the job stays Completed")
            raise
        return record

    def _analyze(self) -> None:
        from . import notebooks
        from .data import profile

        layout, ds = self.layout, self.ds
        atomic_copy(ds.path, layout.path(layout.input_key(self.settings.input_filename)))
        stats = profile(ds)
        nb = notebooks.data_exploration(ds, stats, layout.job_name, self.settings.input_uri, self.objective)
        atomic_write_json(layout.path(layout.notebook_key(self.analysis_job, DATA_EXPLORATION_NOTEBOOK)), nb)
        self.write_job("InProgress", "FeatureEngineering")

    def _candidate_notebook(self, results=None, best=None, thresholds=None) -> None:
        from . import notebooks

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
            thresholds=thresholds,
        )
        atomic_write_json(layout.path(layout.notebook_key(self.analysis_job, CANDIDATE_DEFINITION_NOTEBOOK)), nb)

    def _engineer_features(self) -> None:
        layout = self.layout
        self.specs = generate_candidates(
            layout.job_name,
            self.ds.problem_type,
            self.settings.max_candidates,
            self.seed,
            n_jobs=self.threads,
            n_inputs=self.n_inputs,
        )
        self._candidate_notebook()
        self.notebooks = {
            "dataExploration": layout.uri(layout.notebook_key(self.analysis_job, DATA_EXPLORATION_NOTEBOOK)),
            "candidateDefinition": layout.uri(layout.notebook_key(self.analysis_job, CANDIDATE_DEFINITION_NOTEBOOK)),
        }
        self.specs = []  # from here on: the candidates actually trained
        self.write_job("InProgress", "ModelTuning")

    def _progress(self, desc: str, total: int):
        from tqdm.auto import tqdm

        return tqdm(
            total=total,
            desc=f"{self.layout.job_name}: {desc}",
            unit="candidate",
            file=sys.stderr,
            disable=self.quiet,
            leave=True,
            dynamic_ncols=True,
        )

    def _deadline(self) -> float | None:
        """When the search must stop: the budget less a reserve for what follows it."""
        budget = self.settings.max_runtime_seconds
        if not budget:
            return None
        return self.settings.created + budget * (1 - BUDGET_RESERVE)

    def _tune(self) -> None:
        from multiprocessing.pool import ThreadPool

        from .search import Pruned, Search
        from .training import OutOfTime

        layout, ds = self.layout, self.ds
        workers = max(1, min(os.cpu_count() or 1, FITS_AT_ONCE)) if self.threads == 1 else 1
        search = Search(
            layout.job_name, ds.problem_type, metrics.direction(self.objective), self.seed, self.threads, self.n_inputs
        )
        cap = self.settings.max_candidates
        if self.mode == "ENSEMBLING" and cap >= 3:
            cap -= 1  # the ensemble is a candidate too
        deadline = self._deadline()
        best_value = None
        pruned = 0
        pool = None
        if workers > 1:
            pool = ThreadPool(workers, initializer=_one_thread_per_fit, initargs=(self.controller,))
        try:
            with self._progress("training", cap) as bar:
                while len(self.states) < cap:
                    if deadline is not None and self._completed() and time.time() >= deadline:
                        log.info("max runtime reached: %d candidates", len(self.states))
                        break  # the time budget is spent: the job completes with the candidates it has
                    proposal = search.propose(len(self.states) + 1)
                    spec = proposal.spec
                    state = self._start_candidate(spec)
                    bar.set_postfix_str(spec.name[len(layout.job_name) + 1 :], refresh=True)
                    fold_scores: list = []

                    def on_fold(fold: int, values: dict, proposal=proposal, fold_scores=fold_scores) -> None:
                        score = values.get(self.objective, float("nan"))
                        fold_scores.append(score)
                        search.fold_done(proposal, fold + 1, score)

                    try:
                        result = train_candidate(
                            ds,
                            spec,
                            self.splits,
                            on_fold=on_fold,
                            pool=pool,
                            workers=workers,
                            deadline=deadline if self._completed() else None,
                            preprocessed=self.preprocessed,
                            objective=self.objective,
                        )
                        self._save_model(state, result.pipeline)
                    except (Pruned, OutOfTime) as exc:
                        state.status = "Stopped"
                        state.failure_reason = f"Stopped early: {exc}."
                        search.finished(proposal, None, fold_scores, pruned=isinstance(exc, Pruned))
                        pruned += isinstance(exc, Pruned)
                    except Exception as exc:  # one candidate failing does not fail the job
                        if interruption(exc) is not None:
                            raise  # a stop, wrapped: the job is stopped (below)
                        log.debug("candidate %s failed", spec.name, exc_info=True)
                        state.status = "Failed"
                        state.failure_reason = f"{type(exc).__name__}: {exc}"
                        search.finished(proposal, None, fold_scores)
                    else:
                        state.status = "Completed"
                        state.validation = result.validation
                        state.train = result.train
                        state.threshold = result.threshold
                        self.pipelines[spec.name] = result.pipeline
                        self.oof[spec.name] = result.oof
                        value = state.objective_value(self.objective)
                        search.finished(proposal, value, fold_scores)
                        if value is not None and (
                            best_value is None or metrics.better(self.objective, value, best_value)
                        ):
                            best_value = value
                    state.end = time.time()
                    state.touch()
                    self.write_training_job(state)
                    self.write_candidates()
                    bar.update(1)
                    if best_value is not None:
                        bar.set_postfix_str(f"best {self.objective} {best_value:.4g}", refresh=True)
        finally:
            if pool is not None:
                pool.terminate()
        if pruned:
            log.info("%d searched candidates were stopped early (successive halving)", pruned)
        if not self._completed():
            reasons = "; ".join(f"{s.name}: {s.failure_reason}" for s in self.states[:3])
            raise RuntimeError(f"No candidate completed ({reasons})")

    def _start_candidate(self, spec: CandidateSpec) -> CandidateState:
        """A candidate starts: listed InProgress, with its training job's record."""
        self.specs.append(spec)
        state = CandidateState(spec)
        state.started = time.time()
        self.states.append(state)
        self.write_training_job(state)
        self.write_candidates()
        return state

    def _save_model(self, state: CandidateState, pipeline) -> None:
        from . import models

        layout = self.layout
        model_key = layout.model_key(state.name)
        model_path = layout.path(model_key)
        atomic_dump_joblib(model_path, pipeline)
        # signed: loadable here only; pinned to the versions of the libraries it is made with
        meta = models.model_metadata(self.ds, model_path.read_bytes(), self._libraries(state.spec))
        atomic_write_json(model_path.with_name(models.MODEL_METADATA), meta)
        state.model_uri = layout.uri(model_key)

    def _libraries(self, spec: CandidateSpec) -> set:
        """The optional libraries a candidate's model is made with: its family's, or its members'."""
        members = {name for name, _ in spec.members}
        specs = [s.spec for s in self.states if s.name in members] if spec.is_ensemble else [spec]
        return {FAMILIES[s.family].requires for s in specs if s.family in FAMILIES and FAMILIES[s.family].requires}

    def _ensemble(self) -> None:
        """The weighted ensemble of the best candidates, as a candidate of its own."""
        import numpy as np

        from .ensemble import POOL, WeightedEnsemble, greedy_weights
        from .training import encoded_target, validation_at_threshold

        ds, splits = self.ds, self.splits
        ranked = [s for s in self._ranked() if s.name in self.oof][:POOL]
        if len(ranked) < 2:
            return
        rows = splits.validated_rows
        y = encoded_target(ds)
        n_classes = len(ds.classes or [])
        predictions = [self.oof[s.name][rows] for s in ranked]

        # classifiers are weighed by log loss (a proper score, smooth in the weights: thresholded
        # metrics such as F1 or accuracy tie and overfit the out-of-fold rows), unless the
        # objective ranks probabilities itself (AUC)
        selection = self.objective if not ds.is_classification or self.objective == "AUC" else "LogLoss"

        def score(pred):
            return metrics.compute(ds.problem_type, y[rows], pred, n_classes).get(selection, float("nan"))

        weights = greedy_weights(predictions, score, metrics.direction(selection) != "Minimize")
        members = [(s, w) for s, w in zip(ranked, weights, strict=True) if w > 0]
        if len(members) < 2:
            log.info("the weighted ensemble chose one candidate only (%s): no ensemble", members[0][0].name)
            return
        index = len(self.states) + 1
        pairs = tuple((s.name, w) for s, w in members)  # exact: the notebook rebuilds the model with them
        spec = CandidateSpec(
            name=candidate_name(self.layout.job_name, "ensemble", index, {"members": list(pairs)}, self.seed),
            index=index,
            algorithm="weighted-ensemble",
            estimator=ENSEMBLE_ESTIMATOR,
            params={},
            members=pairs,
        )
        state = self._start_candidate(spec)
        try:
            oof = sum(w * self.oof[s.name] for s, w in members)
            # its own threshold, chosen as any candidate's
            decision, fold_metrics = validation_at_threshold(ds, self.objective, y, oof, splits)
            model = WeightedEnsemble(
                [self.pipelines[s.name] for s, _ in members],
                [w for _, w in members],
                [s.name for s, _ in members],
                classes=np.asarray(self.pipelines[members[0][0].name].classes_) if ds.is_classification else None,
            )
            if decision is not None:
                model = threshold.with_threshold(model, decision, (ds.classes or [])[1])
            self._save_model(state, model)
        except Exception as exc:
            log.debug("the ensemble failed", exc_info=True)
            state.status = "Failed"
            state.failure_reason = f"{type(exc).__name__}: {exc}"
        else:
            state.status = "Completed"
            state.threshold = decision
            state.validation = metrics.mean_over_folds(fold_metrics)
            state.train = self._ensemble_train_metrics(model, y, n_classes)
            self.pipelines[spec.name] = model
            self.oof[spec.name] = oof
        state.end = time.time()
        state.touch()
        self.write_training_job(state)
        self.write_candidates()

    def _ensemble_train_metrics(self, model, y, n_classes: int) -> dict:
        """The ensemble's Train metrics: of its final members, on every row they were fit on."""
        from .training import model_output

        try:
            output = model_output(model, self.ds.features, self.ds)
            return metrics.compute(self.ds.problem_type, y, output, n_classes, threshold.threshold_of(model))
        except Exception:  # the validation metrics stand alone
            log.debug("the ensemble's train metrics failed", exc_info=True)
            return {}

    def _completed(self) -> list:
        return [s for s in self.states if s.status == "Completed"]

    def _ranked(self) -> list:
        """Completed candidates, best objective first."""
        scored = [s for s in self._completed() if s.objective_value(self.objective) is not None]
        sign = 1 if metrics.direction(self.objective) == "Minimize" else -1
        # on a tie the ensemble ranks first (it averages out its members' variance)
        return sorted(scored, key=lambda s: (sign * s.objective_value(self.objective), not s.spec.is_ensemble))

    def _explain(self, states: list, what: str, after_completion: bool = False) -> None:
        if not after_completion:
            self.write_job("InProgress", "GeneratingExplainabilityReport")
        failures = len(self.partial_failures)
        self._write_explanations(states, what)
        if after_completion and len(self.partial_failures) > failures:
            self.write_job("Completed", "Completed", **self.final)  # with the partial failures

    def _write_explanations(self, states: list, what: str) -> None:
        from . import explain

        layout = self.layout

        def write(state) -> None:
            document = explain.analysis(
                self.pipelines[state.name], self.ds, self.seed, between_calls=self._may_explain.wait
            )
            run_folder = layout.analysis_run_folder(state.name, self.seed)
            atomic_write_json(layout.path(layout.analysis_key(state.name, run_folder)), document)
            self.explained.add(state.name)

        self._report_phase(states, "explainability", what, write)

    def _explain_best(self, best: CandidateState, until: float | None):
        """The best candidate's explanation, before the job completes. With a time budget it runs
        on a thread and is waited for until the budget's end: if it is still running then, the
        job completes on time and the thread is returned (its explanation follows the completion)."""
        if until is None:
            self._explain([best], "Explainability report")
            return None
        self.write_job("InProgress", "GeneratingExplainabilityReport")

        def explain_best() -> None:
            with self.controller.limit(limits=self.threads):
                self._write_explanations([best], "Explainability report")

        worker = threading.Thread(target=explain_best, name="explain-best", daemon=True)
        worker.start()
        worker.join(max(0.0, until - COMPLETION_SECONDS - time.time()))
        if not worker.is_alive():
            return None
        # it pauses before its next TreeSHAP call until the job has completed: a call holds the
        # GIL throughout, and completing would otherwise get it only between calls
        self._may_explain.clear()
        return worker

    def _model_insights(self) -> None:
        from . import quality

        layout = self.layout

        def write(state) -> None:
            document = quality.statistics(self.ds, self.oof[state.name], self.splits, state.threshold)
            atomic_write_json(layout.path(layout.statistics_key(state.name)), document)
            table = quality.oof_table(self.ds, self.oof[state.name], self.splits)
            oof_key = layout.model_insights_prefix(state.name) + quality.OOF_FILE
            atomic_write_bytes(layout.path(oof_key), table.encode("utf-8"))
            state.model_insights_uri = layout.uri(layout.model_insights_prefix(state.name))
            # where the explanation is written (now for the best, after completion for the others)
            state.explainability_uri = layout.uri(layout.explainability_prefix(state.name))

        self.write_job("InProgress", "GeneratingModelInsightsReport")
        self._report_phase(self._completed(), "model insights", "Model insights report", write)

    def _report_phase(self, states: list, progress_label: str, what: str, write) -> None:
        """Write one report per candidate; a failed report is a partial failure, not a failed job."""
        with self._progress(progress_label, len(states)) as bar:
            for state in states:
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
        ranked = self._ranked()
        return ranked[0] if ranked else None

    def _complete(self) -> dict:
        best = self._best()
        results = [(s.name, s.status, s.objective_value(self.objective), s.model_uri) for s in self.states]
        thresholds = {s.name: s.threshold for s in self._completed() if s.threshold is not None}
        self._candidate_notebook(results=results, best=best.name if best else None, thresholds=thresholds)
        self.write_candidates()
        self.final = {"end": time.time(), "best_candidate": candidate_record(best, self.settings) if best else None}
        return self.write_job("Completed", "Completed", **self.final)

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
            self.write_candidates()  # the candidates so far (none yet: an empty list)
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
