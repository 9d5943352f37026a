"""Creating and stopping local AutoML jobs from the server (or a notebook): a checked request
(``jobrequest``) runs in the runner in a process of its own, one at a time by default, others queued.

The job is in the jobs folder from the moment it is accepted: a queued job has a record of its
own (InProgress, "Starting"), kept alive by this process's liveness marker until its runner
starts (the runner replaces the folder and marks itself alive). Stopping a running job sends its
runner SIGTERM (it ends Stopped with the candidates it finished); a queued one is marked Stopped.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path

from . import liveness
from .errors import AutopilotError, JobEnded, JobExists, JobNotFound, SourceUnavailable
from .jobfolder import JOB_RECORD
from .jobrequest import LocalJobRequest
from .names import JOB_NAME, TERMINAL_STATUSES
from .timeutil import to_iso

log = logging.getLogger(__name__)


def runner_arguments(request: LocalJobRequest, data: str) -> list[str]:
    """The runner's arguments for a request (``jupyter autopilot run`` ...), reading ``data``."""
    argv = ["--data", data, "--target", request.target, "--name", request.name]
    argv += ["--max-candidates", str(request.max_candidates)]
    if request.problem_type:
        argv += ["--problem-type", request.problem_type]
    if request.objective:
        argv += ["--objective", request.objective]
    if request.max_runtime_seconds:
        argv += ["--max-runtime", str(request.max_runtime_seconds)]
    if request.mode and request.mode != "AUTO":
        argv += ["--mode", request.mode]
    return argv


def placeholder_record(request: LocalJobRequest) -> dict:
    """The record of an accepted job before its runner starts (DescribeAutoMLJobV2's shape)."""
    from .runner.layout import BUCKET, ROLE_ARN, arn

    now = to_iso(time.time())
    completion: dict = {"MaxCandidates": request.max_candidates}
    if request.max_runtime_seconds:
        completion["MaxAutoMLJobRuntimeInSeconds"] = request.max_runtime_seconds
    config: dict = {"CompletionCriteria": completion, "TargetAttributeName": request.target, "Mode": request.mode}
    if request.problem_type:
        config["ProblemType"] = request.problem_type
    record = {
        "AutoMLJobName": request.name,
        "AutoMLJobArn": arn("automl-job", request.name),
        "AutoMLJobInputDataConfig": [
            {
                "ChannelType": "training",
                "ContentType": "text/csv;header=present",
                "CompressionType": "None",
                "DataSource": {
                    "S3DataSource": {
                        "S3DataType": "S3Prefix",
                        "S3Uri": f"s3://{BUCKET}/{request.name}/input/{request.input.name}",
                    }
                },
            }
        ],
        "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/{request.name}/output"},
        "RoleArn": ROLE_ARN,
        "AutoMLProblemTypeConfig": {"TabularJobConfig": config},
        "AutoMLProblemTypeConfigName": "Tabular",
        "CreationTime": now,
        "LastModifiedTime": now,
        "AutoMLJobStatus": "InProgress",
        "AutoMLJobSecondaryStatus": "Starting",
    }
    if request.objective:
        record["AutoMLJobObjective"] = {"MetricName": request.objective}
    return record


class LocalLauncher:
    """Runs local jobs in processes of their own, ``max_concurrent`` at a time."""

    def __init__(self, jobs_dir: os.PathLike | str, *, max_concurrent: int = 1):
        self.jobs_dir = Path(jobs_dir).expanduser()
        self.max_concurrent = max(1, int(max_concurrent))
        self._lock = threading.Lock()
        self._queue: deque[LocalJobRequest] = deque()
        self._running: dict[str, subprocess.Popen] = {}
        self._heartbeats: dict[str, liveness.Heartbeat] = {}
        self._stopping: set[str] = set()

    def submit(self, request: LocalJobRequest) -> None:
        job_dir = self.jobs_dir / request.name
        with self._lock:
            if request.name in self._running or any(q.name == request.name for q in self._queue):
                raise JobExists(f"name: a job named {request.name!r} is already running or queued.", field="name")
            try:
                self.jobs_dir.mkdir(parents=True, exist_ok=True)
                job_dir.mkdir()
            except FileExistsError:
                raise JobExists(
                    f"name: a job named {request.name!r} exists already in the local jobs folder.", field="name"
                ) from None
            except OSError as exc:
                raise SourceUnavailable(f"The local jobs folder cannot be written ({exc.strerror}).") from None
            try:
                self._write(job_dir, placeholder_record(request))
            except OSError as exc:
                shutil.rmtree(job_dir, ignore_errors=True)
                raise SourceUnavailable(f"The local jobs folder cannot be written ({exc.strerror}).") from None
            beat = liveness.Heartbeat(job_dir)
            beat.__enter__()  # this process answers for the queued job until its runner starts
            self._heartbeats[request.name] = beat
            self._queue.append(request)
        self._pump()

    @staticmethod
    def _write(job_dir: Path, record: dict) -> None:
        tmp = job_dir / ".job.json.tmp"
        tmp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(tmp, job_dir / JOB_RECORD)

    def _pump(self) -> None:
        with self._lock:
            while self._queue and len(self._running) < self.max_concurrent:
                request = self._queue.popleft()
                beat = self._heartbeats.pop(request.name, None)
                if beat is not None:
                    beat._stop.set()  # the runner writes its own marker (it replaces the folder)
                try:
                    process = self._start(request)
                except OSError as exc:  # no process for it (fd limit, disk full): that job fails, the queue goes on
                    log.warning("could not start the local runner of %s: %s", request.name, exc)
                    self._end_placeholder(request.name, "Failed", f"The local runner could not start ({exc.strerror}).")
                    continue
                self._running[request.name] = process
                threading.Thread(target=self._watch, args=(request.name, process), daemon=True).start()

    def _start(self, request: LocalJobRequest) -> subprocess.Popen:
        argv = [sys.executable, "-m", "jupyter_autopilot.cli", "run"] + runner_arguments(request, str(request.input))
        argv += ["--jobs-dir", str(self.jobs_dir), "--overwrite", "--quiet"]
        logs = self.jobs_dir / ".runner-logs"
        logs.mkdir(exist_ok=True)
        with open(logs / f"{request.name}.log", "ab") as out:
            return subprocess.Popen(
                argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )

    def _watch(self, name: str, process: subprocess.Popen) -> None:
        code = process.wait()
        log.info("local runner of %s ended with %s", name, code)
        try:
            self._fail_if_never_started(name, code)
        except OSError:
            log.warning("could not record the end of %s", name, exc_info=True)
        with self._lock:
            self._running.pop(name, None)
            self._stopping.discard(name)
        self._pump()

    def _end_placeholder(self, name: str, status: str, reason: str | None) -> None:
        job_dir = self.jobs_dir / name
        try:
            record = json.loads((job_dir / JOB_RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        record.update(
            AutoMLJobStatus=status,
            AutoMLJobSecondaryStatus=status,
            EndTime=to_iso(time.time()),
            LastModifiedTime=to_iso(time.time()),
        )
        if reason and status == "Failed":
            record["FailureReason"] = reason[:1024]
        try:
            self._write(job_dir, record)
            (job_dir / liveness.MARKER).unlink(missing_ok=True)
        except OSError:
            log.warning("could not record the end of %s", name, exc_info=True)

    def _fail_if_never_started(self, name: str, code: int) -> None:
        """A runner that refused its input ends before writing anything: its job says why."""
        job_dir = self.jobs_dir / name
        try:
            record = json.loads((job_dir / JOB_RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if record.get("AutoMLJobSecondaryStatus") != "Starting":
            return
        try:
            lines = (self.jobs_dir / ".runner-logs" / f"{name}.log").read_text(errors="replace").strip().splitlines()
        except OSError:
            lines = []
        reason = lines[-1] if lines else f"The local runner ended with code {code} before starting."
        stopped = name in self._stopping
        self._end_placeholder(name, "Stopped" if stopped else "Failed", None if stopped else reason)

    def stop(self, name: str) -> None:
        """SIGTERM to a running job's runner; a queued job is marked Stopped. JobNotFound,
        JobEnded (409) otherwise."""
        with self._lock:
            queued = next((q for q in self._queue if q.name == name), None)
            if queued is not None:
                self._queue.remove(queued)
                beat = self._heartbeats.pop(name, None)
                if beat is not None:
                    beat.__exit__(None, None, None)
                record = placeholder_record(queued)
                record.update(
                    AutoMLJobStatus="Stopped",
                    AutoMLJobSecondaryStatus="Stopped",
                    EndTime=to_iso(time.time()),
                    LastModifiedTime=to_iso(time.time()),
                )
                self._write(self.jobs_dir / name, record)
                return
            process = self._running.get(name)
        if process is not None:
            with self._lock:
                self._stopping.add(name)
            try:
                process.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass  # it ended meanwhile
            return
        job_dir = self.jobs_dir / name
        if not JOB_NAME.fullmatch(name) or not (job_dir / JOB_RECORD).is_file():
            raise JobNotFound(f"AutoML job {name!r} not found in the local jobs folder.")
        # a runner started elsewhere on this machine (jupyter autopilot run): its marker names it
        # (job-folder content: read contained and bounded, like every record)
        from .sources.localfs import ContainedTree

        try:
            marker = json.loads(ContainedTree(self.jobs_dir).read((name, liveness.MARKER), 4096, liveness.MARKER))
        except (OSError, ValueError, RecursionError, AutopilotError):
            marker = None
        pid = marker.get("pid") if isinstance(marker, dict) else None
        if (
            isinstance(pid, int)
            and not isinstance(pid, bool)
            and pid > 1
            and marker.get("host") == liveness.socket.gethostname()
            and liveness.pid_alive(pid)
            and _is_runner_of(pid, name, self.jobs_dir)
        ):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass  # it ended meanwhile
            except PermissionError:
                raise JobEnded(
                    f"AutoML job {name!r} runs under another user; it cannot be stopped from here."
                ) from None
            return
        raise JobEnded(f"AutoML job {name!r} is not running under this server: it has ended (or runs elsewhere).")

    def close(self) -> None:
        with self._lock:
            for beat in self._heartbeats.values():
                beat.__exit__(None, None, None)
            self._heartbeats.clear()


def _is_runner_of(pid: int, name: str, jobs_dir: Path) -> bool:
    """Whether process ``pid`` is the runner of job ``name`` in ``jobs_dir``: a marker is job-folder
    content (untrusted), so its pid is signalled only when the process's own command line says
    it runs that job (Linux /proc; elsewhere nothing is signalled)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    args = [a.decode("utf-8", "replace") for a in argv if a]
    if "run" not in args or not any("jupyter_autopilot" in a or "jupyter-autopilot" in a for a in args[:3]):
        return False

    def value(flag: str) -> str | None:
        return args[args.index(flag) + 1] if flag in args and args.index(flag) + 1 < len(args) else None

    jobs = value("--jobs-dir")
    if value("--name") != name or jobs is None:
        return False
    try:  # a relative --jobs-dir is the runner's, from its own working folder
        where = Path(os.readlink(f"/proc/{pid}/cwd")) / jobs
        return where.resolve() == jobs_dir.resolve()
    except OSError:
        return False


def is_terminal(status: object) -> bool:
    return status in TERMINAL_STATUSES
