"""The local AutoML runner: trains candidates on a CSV on this machine and writes the job in
the local job-folder layout, in the shapes SageMaker Autopilot's APIs return.

    from jupyter_autopilot.runner import run_job
    job = run_job("data.csv", target="label", name="my-job")
"""

from .errors import JobFailedError, RunnerError
from .layout import default_jobs_dir
from .run import run_job, validate_job_name

__all__ = ["run_job", "RunnerError", "JobFailedError", "default_jobs_dir", "validate_job_name"]
