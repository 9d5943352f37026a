"""The local AutoML runner: trains candidates on a CSV on this machine and writes the job in
the local job-folder layout, in the shapes SageMaker Autopilot's APIs return.

    from jupyter_autopilot.runner import run_job
    job = run_job("data.csv", target="label", name="my-job")

The runner's stack (scikit-learn, shap, ...) is the ``[runner]`` extra: importing this package
costs nothing, and ``run_job`` is loaded on first use, after :func:`require_runner` has said in
one line what to install when a piece is missing.
"""

from __future__ import annotations

import importlib.util

from .errors import JobFailedError, RunnerError, RunnerNotInstalled
from .layout import default_jobs_dir

__all__ = [
    "run_job",
    "RunnerError",
    "RunnerNotInstalled",
    "JobFailedError",
    "default_jobs_dir",
    "validate_job_name",
    "require_runner",
]

#: import name -> distribution name, for the message
RUNNER_MODULES = {
    "sklearn": "scikit-learn",
    "shap": "shap",
    "joblib": "joblib",
    "tqdm": "tqdm",
    "threadpoolctl": "threadpoolctl",
    "optuna": "optuna",
}
INSTALL_HINT = "pip install 'jupyter-autopilot[runner]'"


def missing_runner_packages() -> list[str]:
    """The distributions of the runner's stack that are not installed (no import, only a lookup)."""
    return [dist for module, dist in RUNNER_MODULES.items() if importlib.util.find_spec(module) is None]


def require_runner() -> None:
    """Raise :class:`RunnerNotInstalled` naming what to install when the runner's stack is absent."""
    missing = missing_runner_packages()
    if missing:
        raise RunnerNotInstalled(
            f"the local AutoML runner needs {', '.join(missing)}, which "
            f"{'is' if len(missing) == 1 else 'are'} not installed: {INSTALL_HINT}"
        )


def __getattr__(name: str):
    if name in ("run_job", "validate_job_name"):
        require_runner()
        from . import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
