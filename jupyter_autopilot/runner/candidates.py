"""Candidate definitions: algorithm families x a small hyperparameter grid."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
from dataclasses import dataclass, field

from .data import REGRESSION

# Each family: (algorithm name, short name used in candidate names,
#               classifier class, regressor class, grid for classification, grid for regression).
# Forests have bounded depth and consider a fraction of the columns at each split (one-hot
# encoding can make many): it keeps training and TreeSHAP fast on large inputs.
_FAMILIES = [
    {
        "algorithm": "linear-learner",
        "short": "linear",
        "classifier": "sklearn.linear_model.LogisticRegression",
        "regressor": "sklearn.linear_model.Ridge",
        "classification": [{"C": 1.0, "max_iter": 2000}, {"C": 0.1, "max_iter": 2000}, {"C": 10.0, "max_iter": 2000}],
        "regression": [{"alpha": 1.0}, {"alpha": 10.0}, {"alpha": 0.1}],
        "random_state": True,
    },
    {
        "algorithm": "hist-gradient-boosting",
        "short": "hgb",
        "classifier": "sklearn.ensemble.HistGradientBoostingClassifier",
        "regressor": "sklearn.ensemble.HistGradientBoostingRegressor",
        "grid": [
            {"learning_rate": 0.1, "max_iter": 100, "max_leaf_nodes": 31, "l2_regularization": 0.0},
            {"learning_rate": 0.05, "max_iter": 200, "max_leaf_nodes": 15, "l2_regularization": 1.0},
            {"learning_rate": 0.2, "max_iter": 100, "max_leaf_nodes": 63, "min_samples_leaf": 40},
        ],
        "random_state": True,
    },
    {
        "algorithm": "randomforest",
        "short": "rf",
        "classifier": "sklearn.ensemble.RandomForestClassifier",
        "regressor": "sklearn.ensemble.RandomForestRegressor",
        "grid": [
            {"n_estimators": 100, "max_depth": 12, "min_samples_leaf": 2, "max_features": "sqrt"},
            {"n_estimators": 100, "max_depth": 8, "min_samples_leaf": 5, "max_features": 0.25},
            {"n_estimators": 150, "max_depth": 10, "min_samples_leaf": 1, "max_features": "log2"},
        ],
        "random_state": True,
        "n_jobs": True,
    },
    {
        "algorithm": "lightgbm",
        "short": "lgbm",
        "classifier": "lightgbm.LGBMClassifier",
        "regressor": "lightgbm.LGBMRegressor",
        "grid": [
            {"n_estimators": 100, "learning_rate": 0.1, "num_leaves": 31, "min_child_samples": 20},
            {
                "n_estimators": 200,
                "learning_rate": 0.05,
                "num_leaves": 15,
                "subsample": 0.8,
                "subsample_freq": 1,
                "colsample_bytree": 0.8,
            },
            {"n_estimators": 150, "learning_rate": 0.1, "num_leaves": 63, "reg_lambda": 1.0, "min_child_samples": 10},
        ],
        "random_state": True,
        "n_jobs": True,
        "extra": {"verbose": -1},
        "requires": "lightgbm",
    },
    {
        "algorithm": "extra-trees",
        "short": "et",
        "classifier": "sklearn.ensemble.ExtraTreesClassifier",
        "regressor": "sklearn.ensemble.ExtraTreesRegressor",
        "grid": [
            {"n_estimators": 100, "max_depth": 12, "min_samples_leaf": 2, "max_features": "sqrt"},
            {"n_estimators": 100, "max_depth": 10, "min_samples_leaf": 3, "max_features": 0.25},
            {"n_estimators": 150, "max_depth": 8, "min_samples_leaf": 1, "max_features": "log2"},
        ],
        "random_state": True,
        "n_jobs": True,
    },
]

TRAINING_IMAGE = "jupyter-autopilot/sklearn-automl:local"


@dataclass(frozen=True)
class CandidateSpec:
    """One candidate: an estimator class and its hyperparameters."""

    name: str
    index: int
    algorithm: str
    estimator: str  # dotted path of the estimator class
    params: dict = field(default_factory=dict)

    @property
    def module(self) -> str:
        return self.estimator.rsplit(".", 1)[0]

    @property
    def class_name(self) -> str:
        return self.estimator.rsplit(".", 1)[1]

    def build_estimator(self):
        cls = getattr(importlib.import_module(self.module), self.class_name)
        return cls(**self.params)

    def hyperparameters(self) -> dict:
        """The DescribeTrainingJob ``HyperParameters`` map (every value a string)."""
        out = {"algorithm": self.algorithm, "estimator": self.estimator}
        out.update({k: str(v) for k, v in self.params.items()})
        return out


def available_families() -> list:
    return [f for f in _FAMILIES if not f.get("requires") or importlib.util.find_spec(str(f["requires"]))]


def default_threads(n_rows: int, n_columns: int) -> int:
    """Threads per model fit. Small inputs train fastest on one thread: OpenMP and joblib
    threads only add overhead there, and they collapse when the machine is busy."""
    if n_rows * max(n_columns, 1) < 2_000_000:
        return 1
    return max(os.cpu_count() or 1, 1)


def candidate_name(job_name: str, short: str, index: int, params: dict, seed: int) -> str:
    digest = hashlib.sha256(
        json.dumps([job_name, short, index, params, seed], sort_keys=True, default=str).encode()
    ).hexdigest()[:8]
    return f"{job_name}-{short}-{index:03d}-{digest}"


def generate_candidates(job_name: str, problem_type: str, max_candidates: int, seed: int = 0, n_jobs: int = 1) -> list:
    """Up to ``max_candidates`` candidates, taking families in turn (round robin over the
    grid), so that even a few candidates cover several algorithm families."""
    families = available_families()
    key = "regression" if problem_type == REGRESSION else "classification"
    grids = [f.get(key, f.get("grid")) for f in families]
    specs: list[CandidateSpec] = []
    depth = 0
    while len(specs) < max_candidates and any(depth < len(g) for g in grids):
        for family, grid in zip(families, grids, strict=True):
            if depth >= len(grid) or len(specs) >= max_candidates:
                continue
            params = dict(grid[depth])
            if family.get("random_state"):
                params["random_state"] = seed
            if family.get("n_jobs"):
                params["n_jobs"] = n_jobs
            params.update(family.get("extra", {}))
            index = len(specs) + 1
            estimator = family["regressor" if problem_type == REGRESSION else "classifier"]
            if estimator == "sklearn.linear_model.Ridge":
                params.pop("random_state", None)  # Ridge's default solver is deterministic
            name_params = {k: v for k, v in params.items() if k != "n_jobs"}
            specs.append(
                CandidateSpec(
                    name=candidate_name(job_name, family["short"], index, name_params, seed),
                    index=index,
                    algorithm=family["algorithm"],
                    estimator=estimator,
                    params=params,
                )
            )
        depth += 1
    return specs
