"""``jupyter autopilot``: run a local AutoML job, build and open the demo, export an AWS job.

    jupyter autopilot run --data FILE.csv --target COLUMN --name JOB [options]
    jupyter autopilot explain JOB [CANDIDATE ...] [--jobs-dir DIR]
    jupyter autopilot demo [--jobs-dir DIR] [--no-lab] [--port N] [--force]
    jupyter autopilot export JOB [--jobs-dir DIR] ...

Errors are one line on stderr; exit codes: 0 done, 1 the job failed, 2 bad input,
130 interrupted (Ctrl-C), 143 terminated (SIGTERM); an interrupted job is marked Stopped.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
import threading

PROG = "jupyter autopilot"
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class _UsageError(Exception):
    def __init__(self, prog: str, message: str):
        super().__init__(message)
        self.prog = prog
        self.message = message


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and no exit from inside the parser)."""

    def error(self, message):
        raise _UsageError(self.prog, f"{message} (see {self.prog} --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="SageMaker Autopilot jobs in JupyterLab: local runs, demo, export.")
    from . import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="{run,explain,demo,export}", parser_class=_Parser)

    run = sub.add_parser(
        "run",
        help="train candidates on a CSV on this machine and write the job to the jobs folder",
        description="Train AutoML candidates on a CSV on this machine (scikit-learn) and write the job "
        "in the local job-folder layout, shaped like a SageMaker Autopilot job.",
    )
    run.add_argument("--data", required=True, metavar="FILE.csv", help="input CSV with a header row")
    run.add_argument("--target", required=True, metavar="COLUMN", help="the column to predict")
    run.add_argument("--name", required=True, metavar="JOB", help="job name (1-32 letters, digits, hyphens)")
    run.add_argument(
        "--problem-type",
        choices=["BinaryClassification", "MulticlassClassification", "Regression"],
        help="default: inferred from the target column",
    )
    run.add_argument(
        "--objective",
        metavar="METRIC",
        help="objective metric, e.g. F1, AUC, Accuracy, F1macro, MSE, RMSE, R2 "
        "(default: F1 binary, Accuracy multiclass, MSE regression)",
    )
    run.add_argument(
        "--max-candidates", type=int, default=10, metavar="N", help="the most candidates to train (default 10)"
    )
    run.add_argument(
        "--max-runtime",
        type=int,
        default=None,
        metavar="SECONDS",
        help="time budget: the job completes within it, with at least one candidate (default: no limit)",
    )
    run.add_argument(
        "--mode",
        choices=["AUTO", "ENSEMBLING", "HYPERPARAMETER_TUNING"],
        default="AUTO",
        help="ENSEMBLING adds a weighted ensemble of the best candidates; AUTO (default) ensembles inputs under 100 MB",
    )
    run.add_argument(
        "--jobs-dir",
        metavar="DIR",
        help="jobs folder (default: $JUPYTER_AUTOPILOT_JOBS_DIR or <jupyter data dir>/autopilot/jobs)",
    )
    run.add_argument("--overwrite", action="store_true", help="replace an existing job of the same name")
    run.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")

    explain = sub.add_parser(
        "explain",
        help="compute the explanations (SHAP) a finished local job's candidates lack",
        description="Compute the explanations (aggregated SHAP values) that a finished local job's "
        "candidates lack (a stopped job, or a runner that ended before it explained them all): "
        "each saved model is explained on the job's copy of its input data, as the runner does.",
    )
    explain.add_argument("job", metavar="JOB", help="the local job")
    explain.add_argument(
        "candidates", nargs="*", metavar="CANDIDATE", help="default: every completed candidate without one, best first"
    )
    explain.add_argument(
        "--jobs-dir",
        metavar="DIR",
        help="jobs folder (default: $JUPYTER_AUTOPILOT_JOBS_DIR or <jupyter data dir>/autopilot/jobs)",
    )
    explain.add_argument("--seed", type=int, default=0, help="random seed of the explained rows (default 0)")

    demo = sub.add_parser(
        "demo",
        help="build the demo jobs (scikit-learn datasets) and open JupyterLab on them",
        description="Build three demo jobs from datasets bundled with scikit-learn (breast cancer, wine, "
        "diabetes), then start JupyterLab with the extension pointed at them. Extra arguments are "
        "passed to jupyter lab.",
    )
    demo.add_argument(
        "--jobs-dir", metavar="DIR", help="demo jobs folder (default: <jupyter data dir>/autopilot/demo-jobs)"
    )
    demo.add_argument("--no-lab", action="store_true", help="only build the jobs; do not start JupyterLab")
    demo.add_argument("--port", type=int, metavar="N", help="port for JupyterLab")
    demo.add_argument("--force", action="store_true", help="rebuild the demo jobs even if they exist")
    demo.add_argument(
        "--max-candidates", type=int, default=None, metavar="N", help="candidates per demo job (default 8)"
    )
    demo.add_argument("--quiet", action="store_true", help="no progress bar")

    export = sub.add_parser(
        "export",
        help="copy an AWS AutoML job into the local jobs folder",
        description="Copy an Amazon SageMaker Autopilot job (records, explainability and "
        "model-quality artifacts, notebooks) into the local jobs folder for offline review.",
    )
    export.add_argument("job", metavar="JOB", help="the AutoML job name")
    export.add_argument(
        "--jobs-dir",
        help="destination folder (default: the server's local jobs folder, "
        "$JUPYTER_AUTOPILOT_JOBS_DIR or <jupyter data dir>/autopilot/jobs)",
    )
    export.add_argument("--region", help="AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's)")
    export.add_argument("--profile", help="AWS profile (default: AWS_PROFILE or the default chain)")
    export.add_argument("--endpoint-url", help="SageMaker and S3 endpoint URL (for testing)")
    export.add_argument("--overwrite", action="store_true", help="replace an existing copy of the job")
    return parser


def _error(prog: str, message: object, code: int) -> int:
    print(f"{prog}: error: {' '.join(str(message).split())}", file=sys.stderr)
    return code


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the job is recorded as Stopped before the process ends."""


def _on_sigterm(signum, frame):
    raise _Terminated()


def _run(args) -> int:
    return _run_job(args, f"{PROG} run")


def _run_job(args, prog: str) -> int:
    # The error classes are light and imported first: a signal that arrives while the runner's
    # stack is still importing must find them bound (it is reported like any other interruption).
    from .runner.errors import JobFailedError, RunnerError

    try:
        from .runner import require_runner

        require_runner()
        from .runner import run_job
        from .runner.metrics import direction

        job = run_job(
            args.data,
            args.target,
            args.name,
            jobs_dir=args.jobs_dir,
            problem_type=args.problem_type,
            objective=args.objective,
            max_candidates=args.max_candidates,
            max_runtime_seconds=args.max_runtime,
            mode=args.mode,
            overwrite=args.overwrite,
            seed=args.seed,
            quiet=args.quiet,
        )
    except RunnerError as exc:
        return _error(prog, exc, EXIT_USAGE)
    except JobFailedError as exc:
        return _error(prog, exc, EXIT_FAILED)
    except KeyboardInterrupt as exc:
        code = EXIT_TERMINATED if isinstance(exc, _Terminated) else EXIT_INTERRUPTED
        return _error(prog, f"interrupted; job {args.name!r} was marked Stopped", code)
    except OSError as exc:
        return _error(prog, f"{exc.strerror or exc}: {exc.filename}" if exc.filename else exc, EXIT_FAILED)
    except Exception as exc:  # never a traceback on the terminal
        return _error(prog, f"unexpected error: {type(exc).__name__}: {exc}", EXIT_FAILED)
    best = job.get("BestCandidate") or {}
    metric = best.get("FinalAutoMLJobObjectiveMetric") or {}
    print(f"Job {job['AutoMLJobName']!r}: {job['AutoMLJobStatus']}")
    if metric:
        print(
            f"Best candidate: {best['CandidateName']} "
            f"({metric['MetricName']} = {metric['Value']:.4g}, {direction(metric['MetricName']).lower()}d)"
        )
    from .runner.layout import JobLayout, default_jobs_dir

    jobs_dir = args.jobs_dir or default_jobs_dir()
    print(f"Written to {JobLayout(jobs_dir, job['AutoMLJobName']).job_dir}")
    return 0


def _launch_lab(argv: list, env: dict) -> int:
    """Run JupyterLab in the foreground; Ctrl-C is handled by JupyterLab itself, SIGTERM is passed on."""
    process = subprocess.Popen(argv, env=env)
    while True:
        try:
            return process.wait()
        except _Terminated:
            process.terminate()
        except KeyboardInterrupt:
            continue


def _demo(args, lab_args: list, omp_policy_added: bool = False) -> int:
    prog = f"{PROG} demo"
    from .demo import DEMO_MAX_CANDIDATES, build_demo_jobs, default_demo_jobs_dir
    from .runner import JobFailedError, RunnerError, require_runner
    from .runner.layout import JOBS_DIR_ENV

    try:
        require_runner()
    except RunnerError as exc:
        return _error(prog, exc, EXIT_USAGE)

    if not args.no_lab and importlib.util.find_spec("jupyterlab") is None:
        return _error(prog, "JupyterLab is not installed (pip install jupyterlab), or use --no-lab", EXIT_USAGE)
    jobs_dir = os.path.abspath(os.path.expanduser(args.jobs_dir)) if args.jobs_dir else str(default_demo_jobs_dir())
    try:
        names = build_demo_jobs(
            jobs_dir,
            force=args.force,
            quiet=args.quiet,
            max_candidates=args.max_candidates or DEMO_MAX_CANDIDATES,
        )
    except RunnerError as exc:
        return _error(prog, exc, EXIT_USAGE)
    except JobFailedError as exc:
        return _error(prog, exc, EXIT_FAILED)
    except KeyboardInterrupt:
        return _error(prog, "interrupted", EXIT_INTERRUPTED)
    except OSError as exc:
        return _error(prog, f"cannot write the demo jobs to {jobs_dir}: {exc.strerror or exc}", EXIT_FAILED)
    except Exception as exc:  # never a traceback on the terminal
        return _error(prog, f"unexpected error: {type(exc).__name__}: {exc}", EXIT_FAILED)
    print(f"Demo jobs in {jobs_dir}: {', '.join(names)}")
    if args.no_lab:
        return 0
    env = dict(os.environ)
    env[JOBS_DIR_ENV] = jobs_dir
    if omp_policy_added:
        env.pop("OMP_WAIT_POLICY", None)  # our setting for the runner, not for JupyterLab's kernels
    argv = [sys.executable, "-m", "jupyterlab"]
    if args.port:
        argv.append(f"--port={args.port}")
    argv += lab_args
    print(f"Starting JupyterLab with {JOBS_DIR_ENV}={jobs_dir}")
    return _launch_lab(argv, env)


def main(argv: list | None = None) -> int:
    """The command line. SIGTERM is handled like Ctrl-C from the first moment (even while the
    runner's stack is importing): the run ends Stopped, with exit code 143 (130 for Ctrl-C) and
    one line on stderr, never a traceback."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _main(argv)
    except _Terminated:
        return _error(PROG, "terminated", EXIT_TERMINATED)
    except KeyboardInterrupt:
        return _error(PROG, "interrupted", EXIT_INTERRUPTED)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: list | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra and (args.command != "demo" or args.no_lab):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    except _UsageError as exc:
        return _error(exc.prog, exc.message, EXIT_USAGE)
    except SystemExit as exc:  # --help / --version
        return exc.code if isinstance(exc.code, int) else 0
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.command == "export":
        return _export(args)
    if args.command == "explain":
        return _explain(args)
    added = _passive_openmp()
    try:
        if args.command == "run":
            return _run(args)
        return _demo(args, extra, omp_policy_added=added)
    finally:
        if added:
            os.environ.pop("OMP_WAIT_POLICY", None)


def _explain(args) -> int:
    """Explain the candidates; 0 done, 1 one of them failed, 2 bad input (nothing computed)."""
    from pathlib import Path

    from . import explanations, liveness
    from .config import default_jobs_dir
    from .errors import AutopilotError
    from .runner import RunnerError, RunnerNotInstalled, require_runner
    from .service.core import AutopilotService
    from .sources.local import LocalSource

    prog = f"{PROG} explain"
    try:
        require_runner()
    except RunnerNotInstalled as exc:
        return _error(prog, exc, EXIT_USAGE)
    jobs_dir = Path(args.jobs_dir).expanduser() if args.jobs_dir else default_jobs_dir()
    service = AutopilotService({"local": LocalSource(jobs_dir)})
    try:
        names = list(dict.fromkeys(args.candidates)) or explanations.unexplained(service, args.job)
        for name in names:
            explanations.check_explainable(service, "local", args.job, name, load_model=False)
    except AutopilotError as exc:
        return _error(prog, exc.message, EXIT_USAGE)
    if not names:
        print(f"Every completed candidate of job {args.job!r} has an explanation.")
        return 0
    failed = 0
    try:
        # its marker says "being computed"; claimed only if no other process holds it
        beat = liveness.Heartbeat(jobs_dir / args.job, claim=True).__enter__()
    except liveness.MarkerHeld as exc:
        return _error(prog, f"Job {args.job!r}: {exc}; nothing was computed. Try again when it ends.", EXIT_USAGE)
    except OSError as exc:
        return _error(prog, f"The job folder cannot be written ({exc.strerror}).", EXIT_FAILED)
    try:
        for name in names:
            try:
                uri = explanations.explain_candidate(service, args.job, name, seed=args.seed)
            except AutopilotError as exc:
                failed += 1
                _error(prog, f"{name}: {exc.message}", EXIT_FAILED)
            except RunnerError as exc:  # the job's copy of its input no longer loads
                failed += 1
                _error(prog, f"{name}: {exc}", EXIT_FAILED)
            except Exception as exc:  # SHAP on an unusual model, and the like: this candidate only
                failed += 1
                _error(prog, f"{name}: {type(exc).__name__}: {exc}", EXIT_FAILED)
            else:
                print(f"{name}: {uri}", flush=True)
    finally:
        beat.__exit__(None, None, None)
    return EXIT_FAILED if failed else 0


def _export(args) -> int:
    """Run the export; returns the exit code (0 done, 2 bad input or setup, 1 AWS failure)."""
    from pathlib import Path

    from .config import default_jobs_dir
    from .errors import (
        AutopilotError,
        ExpiredCredentials,
        InvalidName,
        InvalidParameter,
        JobNotFound,
        SourceUnavailable,
    )
    from .export import ExportExists, export_job
    from .names import check_job_name

    def fail(message: str, code: int) -> int:
        print(f"jupyter autopilot export: error: {message}", file=sys.stderr)
        return code

    try:
        check_job_name(args.job)
    except InvalidName as exc:
        return fail(exc.message, 2)

    from .sources.aws import AwsSource  # boto3: only for this command

    source = AwsSource(region=args.region, profile=args.profile, endpoint_url=args.endpoint_url)
    try:
        status = source.status()
        if not status.available:
            return fail(status.message, 2)
        jobs_dir = Path(args.jobs_dir).expanduser() if args.jobs_dir else default_jobs_dir()
        path = export_job(
            source,
            args.job,
            jobs_dir,
            overwrite=args.overwrite,
            progress=lambda message: print(message, file=sys.stderr),
        )
    except (InvalidName, InvalidParameter, JobNotFound, ExportExists, SourceUnavailable, ExpiredCredentials) as exc:
        return fail(exc.message, 2)
    except AutopilotError as exc:
        request = f" (AWS request id {exc.request_id})" if exc.request_id else ""
        return fail(exc.message + request, 1)
    except OSError as exc:
        return fail(
            f"cannot write the job folder: {exc.strerror or type(exc).__name__}"
            + (f" ({exc.filename})" if exc.filename else ""),
            1,
        )
    except KeyboardInterrupt:
        return fail("interrupted; nothing was written", 130)
    finally:
        source.close()
    print(path)
    return 0


def _passive_openmp() -> bool:
    """Idle OpenMP threads sleep instead of spinning (unless the user chose otherwise).

    Gradient boosting (scikit-learn, LightGBM, XGBoost) runs on OpenMP; with spinning threads a fit
    gets several times slower as soon as other processes use the CPU. The setting is read
    when the OpenMP runtime loads, so it is made before the runner imports scikit-learn.
    """
    if "OMP_WAIT_POLICY" in os.environ:
        return False
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    return True


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
