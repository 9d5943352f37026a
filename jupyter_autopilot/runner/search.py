"""Which candidate to train next: the portfolio first, then Optuna's TPE sampler over the
families' search spaces, with successive halving over the validation folds.

The portfolio needs no import of Optuna (the first candidates start at once). When it is done,
a study is made and told every portfolio result (with its per-fold scores), so the sampler
starts from what the job has learnt. A searched candidate reports its score after each fold;
Optuna's ``SuccessiveHalvingPruner`` stops it when it is not among the better half of the
candidates that reached that fold, so a poor configuration costs one fold, not five.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Any

from .candidates import CandidateSpec, available_families, make_spec, portfolio

log = logging.getLogger(__name__)


class Pruned(Exception):
    """A searched candidate stopped early: its first folds scored below the better half."""


@dataclass
class Proposal:
    spec: CandidateSpec
    config: dict  # {"family": key, "<key>.<param>": value}: the study's parameters
    trial: Any = None  # the Optuna trial of a searched candidate


def _config(family: str, params: dict) -> dict:
    return {"family": family, **{f"{family}.{k}": v for k, v in params.items()}}


class Search:
    def __init__(
        self, job_name: str, problem_type: str, objective_direction: str, seed: int, n_jobs: int, n_inputs: int = 0
    ):
        self.job_name = job_name
        self.n_inputs = n_inputs  # preprocessed columns, at most
        self.problem_type = problem_type
        self.maximize = objective_direction != "Minimize"
        self.seed = seed
        self.n_jobs = n_jobs
        self.families = available_families()
        self.queue = portfolio(problem_type)
        self.done: list = []  # (config, value or None, fold scores) of portfolio candidates
        self.study: Any = None

    @property
    def searching(self) -> bool:
        return not self.queue

    def propose(self, index: int) -> Proposal:
        """The next candidate, numbered ``index``."""
        if self.queue:
            family, params = self.queue.pop(0)
            spec = make_spec(
                self.job_name, family, params, self.problem_type, index, self.seed, self.n_jobs, self.n_inputs
            )
            return Proposal(spec, _config(family, params))
        study = self._study()
        trial = study.ask()
        family = trial.suggest_categorical("family", sorted(self.families))
        params = {}
        for name, (kind, low, high, log_scale) in self.families[family].search_space(self.problem_type).items():
            key = f"{family}.{name}"
            if kind == "int":
                params[name] = trial.suggest_int(key, low, high, log=log_scale)
            else:
                params[name] = round(trial.suggest_float(key, low, high, log=log_scale), 6)
        spec = make_spec(self.job_name, family, params, self.problem_type, index, self.seed, self.n_jobs, self.n_inputs)
        return Proposal(spec, _config(family, params), trial)

    def fold_done(self, proposal: Proposal, fold: int, score: float) -> None:
        """Report one fold's objective; raises Pruned when the candidate should stop."""
        if proposal.trial is None or score != score:  # portfolio candidates run every fold
            return
        proposal.trial.report(float(score), fold)
        if proposal.trial.should_prune():
            raise Pruned(f"stopped after fold {fold + 1}: its score was not among the better half at that fold")

    def finished(self, proposal: Proposal, value: float | None, fold_scores: list, pruned: bool = False) -> None:
        """Tell the search how a candidate ended (value None: it failed or was stopped)."""
        if proposal.trial is None:
            self.done.append((proposal.config, value, fold_scores))
            return
        from optuna.trial import TrialState

        if pruned:
            self.study.tell(proposal.trial, state=TrialState.PRUNED)
        elif value is None or value != value:
            self.study.tell(proposal.trial, state=TrialState.FAIL)
        else:
            self.study.tell(proposal.trial, float(value))

    def _distributions(self, config: dict) -> dict:
        from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

        family = config["family"]
        space = self.families[family].search_space(self.problem_type)
        out: dict = {"family": CategoricalDistribution(sorted(self.families))}
        for key in config:
            if key == "family":
                continue
            kind, low, high, log_scale = space[key.split(".", 1)[1]]
            if kind == "int":
                out[key] = IntDistribution(low, high, log=log_scale)
            else:
                out[key] = FloatDistribution(low, high, log=log_scale)
        return out

    def _study(self):
        if self.study is not None:
            return self.study
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # multivariate / group are "experimental"
            sampler = optuna.samplers.TPESampler(seed=self.seed, multivariate=True, group=True, n_startup_trials=5)
        self.study = optuna.create_study(
            direction="maximize" if self.maximize else "minimize",
            sampler=sampler,
            pruner=optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=2),
        )
        for config, value, folds in self.done:
            if value is None or value != value:
                continue
            try:
                self.study.add_trial(
                    optuna.trial.create_trial(
                        params=dict(config),
                        distributions=self._distributions(config),
                        value=float(value),
                        intermediate_values={i: float(s) for i, s in enumerate(folds) if s == s},
                    )
                )
            except ValueError:  # a portfolio value outside the space: the sampler does without it
                log.debug("portfolio result %s not told to the study", config, exc_info=True)
        return self.study
