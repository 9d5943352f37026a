"""The server's "Compute explanation": each request runs ``jupyter autopilot explain JOB CANDIDATE``
in a process of its own (SHAP holds the interpreter's lock for long stretches; the server never
waits on it), one at a time, the others queued in the order they came. What a process that failed
printed last is kept, and the candidate's view shows it until it is asked for again.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections import deque
from pathlib import Path

log = logging.getLogger(__name__)
LOG_FOLDER = ".runner-logs"
_MAX_REASON = 1000
_TAIL_BYTES = 4096  # of a log, read for its last line


class ExplainLauncher:
    def __init__(self, jobs_dir: Path):
        self.jobs_dir = Path(jobs_dir).expanduser()
        self._lock = threading.Lock()
        self._queue: deque[tuple[str, str]] = deque()
        self._running: tuple[str, str] | None = None
        self._failures: dict[tuple[str, str], str] = {}

    def submit(self, job: str, candidate: str) -> None:
        """Queue one candidate's explanation (a candidate queued or running already stays so)."""
        with self._lock:
            key = (job, candidate)
            self._failures.pop(key, None)
            if key == self._running or key in self._queue:
                return
            self._queue.append(key)
        self._pump()

    def pending(self, job: str, candidate: str) -> bool:
        """Queued or being computed by this server."""
        with self._lock:
            return (job, candidate) == self._running or (job, candidate) in self._queue

    def busy_with(self, job: str) -> bool:
        """Is this launcher's process working on the job (the job's marker is then its own)?"""
        with self._lock:
            return self._running is not None and self._running[0] == job

    def close(self) -> None:
        """(The server is stopping: a running explanation ends on its own, the queue is dropped.)"""
        with self._lock:
            self._queue.clear()

    def failure(self, job: str, candidate: str) -> str | None:
        with self._lock:
            return self._failures.get((job, candidate))

    def _pump(self) -> None:
        with self._lock:
            if self._running is not None or not self._queue:
                return
            job, candidate = self._running = self._queue.popleft()
        try:
            process = self._start(job, candidate)
        except OSError as exc:
            self._ended(job, candidate, f"The explaining process could not start ({exc.strerror}).")
            return
        threading.Thread(target=self._watch, args=(job, candidate, process), daemon=True).start()

    def _log(self, job: str, flags: int) -> int:
        """A descriptor of the job's log in the jobs folder's log folder, reached without
        following any link (the folder is made when missing)."""
        root = os.open(self.jobs_dir, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
        try:
            try:
                os.mkdir(LOG_FOLDER, 0o755, dir_fd=root)
            except FileExistsError:
                pass
            folder = os.open(LOG_FOLDER, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=root)
        finally:
            os.close(root)
        try:
            return os.open(
                f"{job}.explain.log", flags | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644, dir_fd=folder
            )
        finally:
            os.close(folder)

    def _start(self, job: str, candidate: str) -> subprocess.Popen:
        argv = [sys.executable, "-m", "jupyter_autopilot.cli", "explain", job, candidate]
        argv += ["--jobs-dir", str(self.jobs_dir)]
        out = self._log(job, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        try:
            return subprocess.Popen(
                argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )
        finally:
            os.close(out)

    def _last_line(self, job: str) -> str | None:
        try:
            fd = self._log(job, os.O_RDONLY)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as log_file:
            size = log_file.seek(0, os.SEEK_END)
            log_file.seek(max(0, size - _TAIL_BYTES))
            lines = log_file.read(_TAIL_BYTES).decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else None

    def _watch(self, job: str, candidate: str, process: subprocess.Popen) -> None:
        code = process.wait()
        reason = None
        if code != 0:
            last = self._last_line(job) or f"The explaining process ended with code {code}."
            reason = last.split(": error: ", 1)[-1].removeprefix(f"{candidate}: ")[:_MAX_REASON]
        log.info("explanation of %s in %s ended with %s", candidate, job, code)
        self._ended(job, candidate, reason)

    def _ended(self, job: str, candidate: str, reason: str | None) -> None:
        with self._lock:
            if reason:
                self._failures[(job, candidate)] = reason
            self._running = None
        self._pump()
