"""Exceptions raised by the local AutoML runner."""

from __future__ import annotations


class RunnerError(ValueError):
    """Bad input to the runner: a message meant for the person who ran it.

    Raised before anything is written (a bad file, an unknown target column, a bad job
    name, ...). The command line prints the message on one line and exits with code 2.
    """


class JobFailedError(RuntimeError):
    """The job started, then failed; job.json has been rewritten with status Failed.

    ``failure_reason`` is the text written to the job's ``FailureReason``.
    """

    def __init__(self, job_name: str, failure_reason: str):
        super().__init__(f"AutoML job {job_name!r} failed: {failure_reason}")
        self.job_name = job_name
        self.failure_reason = failure_reason


class RunnerNotInstalled(RunnerError):
    """The runner's optional dependencies (the ``[runner]`` extra) are not installed."""


def interruption(exc: BaseException) -> KeyboardInterrupt | None:
    """The interruption (Ctrl-C, or SIGTERM raised as one) an exception carries, if any. A signal
    that arrives while a compiled module initialises comes back wrapped: pybind11 modules raise
    ``ImportError: initialization failed`` from it. Such an error is a stop, not a failure."""
    seen: set = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
