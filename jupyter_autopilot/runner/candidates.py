"""Candidate definitions: the algorithm families, each with its portfolio of strong starting
configurations and its search space, and the candidate names.

The search (``search.py``) trains the portfolio first, in the order of ``PORTFOLIO``: a
regularised linear model first (the cheapest fit, so the leaderboard's first row comes soonest),
then a fast, strong boosted default, then one of each other family, then variants. After that a
model-based search proposes configurations from the search spaces below. Every portfolio configuration lies inside its family's search space, so the
search learns from the portfolio's results.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
from dataclasses import dataclass, field

from ..names import DECISION_THRESHOLD
from .data import BINARY, REGRESSION

TRAINING_IMAGE = "jupyter-autopilot/sklearn-automl:local"


@dataclass(frozen=True)
class Family:
    """An algorithm family: its estimators, fixed parameters and search space."""

    algorithm: str  # the algorithm name shown in the hyperparameters
    short: str  # used in candidate names
    classifier: str  # dotted path of the classifier class
    regressor: str
    # search space: parameter -> ("int"|"float", low, high, log) or ("choice", values...)
    space: dict
    regression_space: dict | None = None  # when the regressor's parameters differ
    random_state: bool = True
    threads_param: str | None = None  # the estimator's thread count parameter, if it has one
    extra: dict = field(default_factory=dict)
    requires: str | None = None  # a module that must be importable

    def available(self) -> bool:
        return not self.requires or importlib.util.find_spec(self.requires) is not None

    def estimator(self, problem_type: str) -> str:
        return self.regressor if problem_type == REGRESSION else self.classifier

    def search_space(self, problem_type: str) -> dict:
        if problem_type == REGRESSION and self.regression_space is not None:
            return self.regression_space
        return self.space


#: random forests and extra trees search the same space
FOREST_SPACE = {
    "n_estimators": ("int", 50, 300, True),
    "max_features": ("float", 0.1, 1.0, False),
    "min_samples_leaf": ("int", 1, 20, True),
    "max_leaf_nodes": ("int", 16, 2048, True),
}

#: LightGBM and XGBoost name these parameters alike (in their scikit-learn APIs) and search the
#: same ranges; each adds the parameters of its own tree growth
BOOSTED_SPACE = {
    "n_estimators": ("int", 16, 1024, True),
    "learning_rate": ("float", 0.01, 0.3, True),
    "colsample_bytree": ("float", 0.3, 1.0, False),
    "subsample": ("float", 0.5, 1.0, False),
    "reg_lambda": ("float", 1e-3, 10.0, True),
    "reg_alpha": ("float", 1e-3, 10.0, True),
}

FAMILIES = {
    "lgbm": Family(
        algorithm="lightgbm",
        short="lgbm",
        classifier="lightgbm.LGBMClassifier",
        regressor="lightgbm.LGBMRegressor",
        space={
            **BOOSTED_SPACE,
            "num_leaves": ("int", 4, 128, True),
            "min_child_samples": ("int", 2, 100, True),
        },
        threads_param="n_jobs",
        extra={"verbose": -1, "subsample_freq": 1},
        requires="lightgbm",
    ),
    "xgb": Family(
        algorithm="xgboost",
        short="xgb",
        # XGBoost's classifier takes only the labels 0..K-1: this one takes the target's own
        classifier="jupyter_autopilot.runner.estimators.XGBLabelClassifier",
        regressor="xgboost.XGBRegressor",
        space={
            **BOOSTED_SPACE,
            "max_depth": ("int", 2, 10, False),
            "min_child_weight": ("float", 0.5, 20.0, True),
        },
        threads_param="n_jobs",
        extra={"tree_method": "hist", "verbosity": 0},
        requires="xgboost",
    ),
    "cat": Family(
        algorithm="catboost",
        short="cat",
        classifier="catboost.CatBoostClassifier",
        regressor="catboost.CatBoostRegressor",
        # (symmetric trees of a given depth; its own parameter names; a fit costs about
        # iterations x 2^depth, and even its default took 1-2 s a fit on 455 rows on one thread,
        # 10-20 times LightGBM's: both are bounded well below LightGBM's and XGBoost's ranges)
        space={
            "iterations": ("int", 16, 256, True),
            "learning_rate": ("float", 0.03, 0.3, True),
            "depth": ("int", 2, 6, False),
            "l2_leaf_reg": ("float", 1e-1, 30.0, True),
            "random_strength": ("float", 1e-2, 10.0, True),
        },
        threads_param="thread_count",
        extra={"verbose": 0, "allow_writing_files": False},
        requires="catboost",
    ),
    "hgb": Family(
        algorithm="hist-gradient-boosting",
        short="hgb",
        classifier="sklearn.ensemble.HistGradientBoostingClassifier",
        regressor="sklearn.ensemble.HistGradientBoostingRegressor",
        space={
            "learning_rate": ("float", 0.01, 0.3, True),
            "max_iter": ("int", 32, 512, True),
            "max_leaf_nodes": ("int", 4, 128, True),
            "min_samples_leaf": ("int", 2, 100, True),
            "l2_regularization": ("float", 1e-3, 10.0, True),
        },
    ),
    "linear": Family(
        algorithm="linear-learner",
        short="linear",
        classifier="sklearn.linear_model.LogisticRegression",
        regressor="sklearn.linear_model.Ridge",
        space={"C": ("float", 1e-3, 100.0, True)},
        regression_space={"alpha": ("float", 1e-3, 100.0, True)},
        random_state=False,
    ),
    "et": Family(
        algorithm="extra-trees",
        short="et",
        classifier="sklearn.ensemble.ExtraTreesClassifier",
        regressor="sklearn.ensemble.ExtraTreesRegressor",
        space=FOREST_SPACE,
        threads_param="n_jobs",
    ),
    "rf": Family(
        algorithm="randomforest",
        short="rf",
        classifier="sklearn.ensemble.RandomForestClassifier",
        regressor="sklearn.ensemble.RandomForestRegressor",
        space=FOREST_SPACE,
        threads_param="n_jobs",
    ),
}

#: Forests' leaves are bounded: unbounded trees on large inputs are slow to train, to predict
#: with and above all to explain (TreeSHAP's cost grows with leaves x depth squared).
#: (family, classification params, regression params), in training order; a family that is not
#: installed is skipped (its first entry then falls to the next family's)
PORTFOLIO = [
    # the cheapest fit first (the first candidate also makes the job's preprocessing): on the
    # engine benchmark's small inputs its row came up to twice as soon as the boosted default's
    ("linear", {"C": 1.0}, {"alpha": 1.0}),
    # fast and strong
    ("lgbm", {"n_estimators": 60, "learning_rate": 0.15, "num_leaves": 15, "min_child_samples": 10}, None),
    ("hgb", {"learning_rate": 0.1, "max_iter": 100, "max_leaf_nodes": 31, "min_samples_leaf": 20}, None),
    ("xgb", {"n_estimators": 100, "learning_rate": 0.1, "max_depth": 6, "min_child_weight": 1.0}, None),
    ("et", {"n_estimators": 100, "max_features": 0.5, "min_samples_leaf": 1, "max_leaf_nodes": 1024}, None),
    ("rf", {"n_estimators": 100, "max_features": 0.3, "min_samples_leaf": 2, "max_leaf_nodes": 1024}, None),
    ("lgbm", {"n_estimators": 100, "learning_rate": 0.1, "num_leaves": 31, "min_child_samples": 20}, None),
    (
        "lgbm",
        {
            "n_estimators": 300,
            "learning_rate": 0.05,
            "num_leaves": 15,
            "min_child_samples": 10,
            "subsample": 0.8,
            "colsample_bytree": 0.8,
        },
        None,
    ),
    ("hgb", {"learning_rate": 0.05, "max_iter": 300, "max_leaf_nodes": 15, "l2_regularization": 1.0}, None),
    (
        "lgbm",
        {"n_estimators": 500, "learning_rate": 0.03, "num_leaves": 63, "colsample_bytree": 0.5, "reg_lambda": 1.0},
        None,
    ),
    ("linear", {"C": 0.1}, {"alpha": 10.0}),
    ("et", {"n_estimators": 200, "max_features": 0.8, "min_samples_leaf": 3, "max_leaf_nodes": 512}, None),
    # last: strong, but several times slower per fit than LightGBM on the benchmark's inputs
    ("cat", {"iterations": 200, "learning_rate": 0.1, "depth": 6, "l2_leaf_reg": 3.0}, None),
]


@dataclass(frozen=True)
class CandidateSpec:
    """One candidate: an estimator class and its hyperparameters."""

    name: str
    index: int
    algorithm: str
    estimator: str  # dotted path of the estimator class
    params: dict = field(default_factory=dict)
    family: str = ""  # key of FAMILIES ("" for the ensemble)
    members: tuple = ()  # the ensemble's (candidate name, weight) pairs

    @property
    def module(self) -> str:
        return self.estimator.rsplit(".", 1)[0]

    @property
    def class_name(self) -> str:
        return self.estimator.rsplit(".", 1)[1]

    @property
    def is_ensemble(self) -> bool:
        return bool(self.members)

    def build_estimator(self):
        cls = getattr(importlib.import_module(self.module), self.class_name)
        return cls(**self.params)

    def hyperparameters(self, threshold: float | None = None) -> dict:
        """The DescribeTrainingJob ``HyperParameters`` map (every value a string); ``threshold``:
        the binary decision threshold the job chose for the model (``threshold.py``)."""
        out = {"algorithm": self.algorithm, "estimator": self.estimator}
        out.update({k: str(v) for k, v in self.params.items()})
        if self.members:
            out["members"] = ",".join(f"{name}:{weight:.4g}" for name, weight in self.members)
        if threshold is not None:
            out[DECISION_THRESHOLD] = f"{threshold:g}"
        return out


#: a family left out when another, faster one of the same kind is installed: LightGBM trains the
#: same kind of model as HistGradientBoosting several times faster on small inputs, and
#: HistGradientBoosting's Python loop does not run well beside other fits (it holds the GIL)
SUPERSEDED_BY = {"hgb": "lgbm"}


def available_families() -> dict:
    installed = {key: family for key, family in FAMILIES.items() if family.available()}
    return {key: f for key, f in installed.items() if SUPERSEDED_BY.get(key) not in installed}


def default_threads(n_rows: int, n_columns: int) -> int:
    """Threads per model fit. Small inputs train fastest on one thread per fit (several fits run
    side by side instead): OpenMP and joblib threads only add overhead there."""
    if n_rows * max(n_columns, 1) < 2_000_000:
        return 1
    return max(os.cpu_count() or 1, 1)


def candidate_name(job_name: str, short: str, index: int, params: dict, seed: int) -> str:
    digest = hashlib.sha256(
        json.dumps([job_name, short, index, params, seed], sort_keys=True, default=str).encode()
    ).hexdigest()[:8]
    return f"{job_name}-{short}-{index:03d}-{digest}"


#: the binary linear classifier's solver: Newton's method with a Cholesky solve converges in a
#: few iterations, each O(rows x inputs^2), so it is the fastest on narrow inputs (half L-BFGS's
#: time on most of the benchmark's, the same accuracy); L-BFGS on wider ones, and on multiclass
#: targets (Newton's Hessian grows with the square of inputs x classes, and a target's classes
#: are not bounded)
NEWTON_MAX_INPUTS = 256


def make_spec(
    job_name: str,
    family_key: str,
    params: dict,
    problem_type: str,
    index: int,
    seed: int,
    n_jobs: int,
    n_inputs: int = 0,
) -> CandidateSpec:
    """The candidate of one configuration: the family's fixed parameters added. ``n_inputs``:
    how many preprocessed columns its estimator gets, at most (0: not known)."""
    family = FAMILIES[family_key]
    full = dict(params)
    if family.random_state:
        full["random_state"] = seed
    if family.threads_param:
        full[family.threads_param] = n_jobs
    full.update(family.extra)
    if family_key == "lgbm" and full.get("subsample", 1.0) >= 1.0:
        full.pop("subsample_freq", None)  # bagging off: LightGBM's default
    if family_key == "linear" and problem_type != REGRESSION:
        full["max_iter"] = 2000
        if problem_type == BINARY and 0 < n_inputs <= NEWTON_MAX_INPUTS:
            full["solver"] = "newton-cholesky"
    name_params = {k: v for k, v in full.items() if k != family.threads_param}  # (names never depend on it)
    return CandidateSpec(
        name=candidate_name(job_name, family.short, index, name_params, seed),
        index=index,
        algorithm=family.algorithm,
        estimator=family.estimator(problem_type),
        params=full,
        family=family_key,
    )


def portfolio(problem_type: str) -> list:
    """The installed families' portfolio as (family, params), in training order. Without
    LightGBM, HistGradientBoosting's default takes its place."""
    families = available_families()
    out = []
    for key, params, regression in PORTFOLIO:
        if key in families:
            out.append((key, dict(regression if problem_type == REGRESSION and regression else params)))
    return out


def generate_candidates(
    job_name: str, problem_type: str, max_candidates: int, seed: int = 0, n_jobs: int = 1, n_inputs: int = 0
) -> list:
    """The first ``max_candidates`` portfolio candidates (what a search without a time budget
    starts with)."""
    return [
        make_spec(job_name, key, params, problem_type, i + 1, seed, n_jobs, n_inputs)
        for i, (key, params) in enumerate(portfolio(problem_type)[:max_candidates])
    ]
