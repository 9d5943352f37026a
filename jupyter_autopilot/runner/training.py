"""Cross-validate and fit one candidate."""

from __future__ import annotations

import threading
import time
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import metrics, threshold
from .candidates import CandidateSpec
from .data import REGRESSION, Dataset
from .preprocessing import make_preprocessor, max_outputs

# Autopilot validates with 5-fold cross-validation up to 50,000 rows and with a single
# train/validation split above that.
KFOLD_MAX_ROWS = 50_000
N_FOLDS = 5
HOLDOUT_FRACTION = 0.2


@dataclass
class Splits:
    """The validation scheme, shared by every candidate of a job."""

    folds: list  # [(train_idx, valid_idx)]
    kind: str  # "kfold" or "holdout"
    fold_of_row: np.ndarray  # fold number of each row in the validation data, -1 if never validated

    @property
    def n_folds(self) -> int:
        return len(self.folds)

    @property
    def validated_rows(self) -> np.ndarray:
        return np.flatnonzero(self.fold_of_row >= 0)

    def describe(self) -> str:
        if self.kind == "kfold":
            return f"{self.n_folds}-fold cross-validation"
        return f"a single train/validation split ({int(HOLDOUT_FRACTION * 100)}% validation)"


def make_splits(ds: Dataset, seed: int, n_folds: int | None = None) -> Splits:
    from sklearn.model_selection import KFold, StratifiedKFold, train_test_split

    n = ds.n_rows
    y = encoded_target(ds)
    stratify = ds.problem_type != REGRESSION
    if n_folds is None:
        n_folds = N_FOLDS if n <= KFOLD_MAX_ROWS else 1
    fold_of_row = np.full(n, -1, dtype=int)
    if n_folds <= 1:
        strat = y if stratify and np.bincount(y).min() >= 2 else None
        train_idx, valid_idx = train_test_split(
            np.arange(n), test_size=HOLDOUT_FRACTION, random_state=seed, stratify=strat
        )
        folds = [(np.sort(train_idx), np.sort(valid_idx))]
        kind = "holdout"
    else:
        n_folds = min(n_folds, n)
        if stratify:
            n_folds = min(n_folds, int(np.bincount(y).max()))
            splitter = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
        else:
            splitter = KFold(n_splits=n_folds, shuffle=True, random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "least populated class has only N members"
            folds = list(splitter.split(np.zeros(n), y if stratify else None))
        kind = "kfold"
    for i, (_, valid_idx) in enumerate(folds):
        fold_of_row[valid_idx] = i
    return Splits(folds=folds, kind=kind, fold_of_row=fold_of_row)


def encoded_target(ds: Dataset) -> np.ndarray:
    """Class indices 0..K-1 (classification) or float values (regression)."""
    if ds.problem_type == REGRESSION:
        return ds.y.to_numpy(dtype=float)
    index = {c: i for i, c in enumerate(ds.classes or [])}
    return np.array([index[v] for v in ds.y], dtype=int)


def dataset_preprocessor(ds: Dataset):
    """The (unfitted) preprocessing of this input's columns."""
    return make_preprocessor(ds.numeric_columns, ds.categorical_columns, ds.many_valued_columns)


#: the preprocessed rows a job keeps in memory, with each fit's copy of its own (up to four fits
#: run side by side), at most; above it, each fit transforms its rows
PREPROCESSED_MAX_BYTES = 256 * 1024 * 1024
FITS_AT_ONCE = 4  # a job's folds train side by side on at most this many cores


class Preprocessed:
    """The job's preprocessing, fit once on every row and shared by every fit of every candidate
    (each fold's and the final one). It uses no target (imputation, scaling, one-hot encoding),
    so fitting it on every row before validating is what AutoGluon and FLAML do too; it was most
    of a small input's fitting time when each fold fit its own. The final model's preprocessor
    is this one. Thread-safe: the first fit that needs it makes it, the others wait. The
    preprocessed rows are kept unless they would be large; then each fit transforms its own.
    """

    def __init__(self, ds: Dataset):
        self.ds = ds
        outputs = max_outputs(ds.numeric_columns, ds.categorical_columns)
        self.keeps_rows = (1 + FITS_AT_ONCE) * ds.n_rows * outputs * 8 <= PREPROCESSED_MAX_BYTES
        self._lock = threading.Lock()
        self._made: tuple | None = None

    def make(self) -> None:
        """Fit it now, in this thread. The preprocessing is Python code holding the GIL: the
        first candidate calls this before its fits start side by side, so they do not wait."""
        with self._lock:
            if self._made is None:
                self._made = self._make()

    def _make(self) -> tuple:
        pre = dataset_preprocessor(self.ds)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if self.keeps_rows:
                return pre, pre.fit_transform(self.ds.features)
            return pre.fit(self.ds.features), None

    def rows(self, index=None):
        """(the fitted preprocessor, these rows of the input preprocessed): ``index`` (positions)
        or every row."""
        self.make()
        assert self._made is not None
        pre, kept = self._made
        if kept is not None:
            return pre, kept if index is None else kept[index]
        X = self.ds.features if index is None else self.ds.features.iloc[index]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pre, pre.transform(X)


def model_output(pipeline, X, ds: Dataset) -> np.ndarray:
    """(n, K) class probabilities in ``ds.classes`` order, or (n,) regression predictions."""
    if ds.problem_type == REGRESSION:
        return np.asarray(pipeline.predict(X), dtype=float)
    proba = np.asarray(pipeline.predict_proba(X), dtype=float)
    full = np.zeros((len(X), len(ds.classes or [])))
    position = {c: i for i, c in enumerate(ds.classes or [])}
    for j, c in enumerate(pipeline.classes_):
        full[:, position[c]] = proba[:, j]
    return full


class OutOfTime(Exception):
    """The job's time budget ran out while a candidate was training."""


@dataclass
class CandidateResult:
    spec: CandidateSpec
    pipeline: Any  # the final model (a scikit-learn Pipeline)
    oof: np.ndarray  # validation predictions of every validated row (model_output shape)
    fold_metrics: list  # per fold: {"Validation": {...}} (and "Train" with a single split)
    validation: dict  # mean over folds
    train: dict  # the final model's, on every row it was fit on
    start: float
    end: float
    fit_seconds: float
    threshold: float | None = None  # the binary decision threshold the model predicts with


def _fit_task(ds: Dataset, spec: CandidateSpec, task, preprocessed: Preprocessed, train_out=False):
    """One fit, of the estimator on its rows of the job's preprocessing: ("fold", i, train_idx,
    valid_idx) -> (i, valid_out, train_out or None, pipeline); ("final",) -> (pipeline,
    train_out: its output on every row). ``train_out``: whether a fold's output on its own
    training rows is wanted too (the final fit's always is)."""
    from sklearn.pipeline import Pipeline

    y_fit = ds.y.to_numpy()
    estimator = spec.build_estimator()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if task[0] == "final":
            pre, X_train = preprocessed.rows()
            estimator.fit(X_train, y_fit)
            return Pipeline([("preprocessor", pre), ("model", estimator)]), model_output(estimator, X_train, ds)
        _, i, train_idx, valid_idx = task
        pre, X_train = preprocessed.rows(train_idx)
        estimator.fit(X_train, y_fit[train_idx])
        pipeline = Pipeline([("preprocessor", pre), ("model", estimator)])
        fold_train_out = model_output(estimator, X_train, ds) if train_out else None
        return i, model_output(estimator, preprocessed.rows(valid_idx)[1], ds), fold_train_out, pipeline


def validation_at_threshold(ds: Dataset, objective: str, y, oof, splits: Splits) -> tuple[float | None, list]:
    """(the decision threshold chosen on the out-of-fold predictions ``oof``, None when the
    objective chooses none; each fold's validation metrics at it)."""
    decision = None
    if threshold.calibrates(ds.problem_type, objective):
        rows = splits.validated_rows
        decision = threshold.best_threshold(y[rows], oof[rows, 1], objective)
    n_classes = len(ds.classes or [])
    return decision, [metrics.compute(ds.problem_type, y[v], oof[v], n_classes, decision) for _, v in splits.folds]


def _fold_score(ds: Dataset, objective: str | None, y_valid, valid_out, n_classes: int, metrics_at_half: dict) -> dict:
    """A fold's metrics as the search sees them: for an objective whose decision threshold is
    chosen, at the fold's own best threshold (its final value is at its chosen one, never 0.5)."""
    if objective is None or not threshold.calibrates(ds.problem_type, objective):
        return metrics_at_half
    best = threshold.best_threshold(y_valid, valid_out[:, 1], objective)
    return metrics.compute(ds.problem_type, y_valid, valid_out, n_classes, best)


def train_candidate(
    ds: Dataset,
    spec: CandidateSpec,
    splits: Splits,
    *,
    on_fold=None,
    pool=None,
    workers: int = 1,
    deadline: float | None = None,
    preprocessed: Preprocessed | None = None,
    objective: str | None = None,
) -> CandidateResult:
    """Validate the candidate on every fold, then fit the final model.

    With k-fold cross-validation the final model is refit on every row; with a single
    train/validation split (large inputs) the model trained on the training split is the
    final model, as in Autopilot's hyperparameter-tuning mode.

    The fits run ``workers`` at a time on ``pool`` (a thread pool: the estimators release the
    GIL while they fit). After each round, ``on_fold(fold, objective-free metrics)`` is called
    for each finished fold in order (it may raise to stop the candidate). OutOfTime is raised
    before a round when the ``deadline`` has passed, or would pass before the round ends (a round
    takes about as long as the one before it). ``preprocessed``: the job's preprocessing (made
    here when not given).

    The Train metrics are the final model's on every row it was fit on, as a training job's
    ``train:`` metrics are (with k folds, one prediction over every row instead of one per fold).

    For an ``objective`` that depends on a binary classifier's decision threshold (F1, balanced
    accuracy: ``threshold.CALIBRATED``), the threshold is chosen on the out-of-fold
    probabilities, every metric is computed at it, and the final model predicts with it.
    """
    start = time.time()
    y = encoded_target(ds)
    n_classes = len(ds.classes or [])
    oof_shape = (ds.n_rows, n_classes) if n_classes else (ds.n_rows,)
    oof = np.full(oof_shape, np.nan)
    tasks: list = [("fold", i, tr, va) for i, (tr, va) in enumerate(splits.folds)]
    if splits.kind == "kfold":
        tasks.append(("final",))
    fold_metrics: list = [None] * len(splits.folds)
    pipeline = None
    final_train: Any = None  # (rows, the final model's output on them)
    single_split = splits.kind != "kfold"
    step = max(1, workers if pool is not None else 1)
    if preprocessed is None:
        preprocessed = Preprocessed(ds)
    preprocessed.make()  # (the first candidate's) before the fits run side by side
    last_round = 0.0
    for first in range(0, len(tasks), step):
        if deadline is not None and first and time.time() + last_round > deadline:
            raise OutOfTime("the job's max runtime was reached before this candidate finished")
        round_start = time.time()
        batch = tasks[first : first + step]
        if pool is not None and len(batch) > 1:
            outputs = pool.map(lambda task: _fit_task(ds, spec, task, preprocessed, single_split), batch)
        else:
            outputs = [_fit_task(ds, spec, task, preprocessed, single_split) for task in batch]
        for task, out in zip(batch, outputs, strict=True):
            if task[0] == "final":
                pipeline, final_out = out
                final_train = (np.arange(ds.n_rows), final_out)
                continue
            i, valid_out, train_out, fold_pipeline = out
            _, _, train_idx, valid_idx = task
            oof[valid_idx] = valid_out
            fold_metrics[i] = {"Validation": metrics.compute(ds.problem_type, y[valid_idx], valid_out, n_classes)}
            if single_split:  # the fold's model is the final model
                final_train = (train_idx, train_out)
                pipeline = fold_pipeline
            if on_fold is not None:  # (the search compares candidates fold by fold: at their best thresholds)
                on_fold(
                    i, _fold_score(ds, objective, y[valid_idx], valid_out, n_classes, fold_metrics[i]["Validation"])
                )
        last_round = time.time() - round_start
    decision = None
    if objective is not None and threshold.calibrates(ds.problem_type, objective):
        decision, validation = validation_at_threshold(ds, objective, y, oof, splits)
        for i, values in enumerate(validation):
            fold_metrics[i]["Validation"] = values
    if decision is not None:
        pipeline = threshold.with_threshold(pipeline, decision, (ds.classes or [])[1])
    train_rows, train_out = final_train
    train = metrics.compute(ds.problem_type, y[train_rows], train_out, n_classes, decision)
    if single_split:
        fold_metrics[0]["Train"] = train
    end = time.time()
    return CandidateResult(
        spec=spec,
        pipeline=pipeline,
        oof=oof,
        fold_metrics=fold_metrics,
        validation=metrics.mean_over_folds([f["Validation"] for f in fold_metrics]),
        train=train,
        start=start,
        end=end,
        fit_seconds=end - start,
        threshold=decision,
    )
