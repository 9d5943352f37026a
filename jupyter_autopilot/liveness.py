"""The local runner's liveness marker: one rule, written by the runner, read by the local source.

While a job runs, ``<job>/runner.json`` holds the runner's pid and host, and the runner touches
the file every :data:`HEARTBEAT_SECONDS`. The local source shows an InProgress job whose runner
is gone (its pid no longer exists on this host, or no heartbeat for :data:`STALE_SECONDS`) as
Failed, "the local runner stopped unexpectedly", instead of InProgress forever (a SIGKILL, a
crash, a reboot). A job without a marker (an exported AWS job) is shown as its record says.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

MARKER = "runner.json"
HEARTBEAT_SECONDS = 5.0
STALE_SECONDS = 60.0
_MAX_MARKER_BYTES = 4096
_RUNNING = ("InProgress", "Stopping")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    except OSError:
        return False
    return True


class MarkerHeld(Exception):
    """Another live process (another explanation) holds the job."""

    def __init__(self, pid: int | None):
        self.pid = pid
        holder = f"process {pid}" if pid is not None else "another process"
        super().__init__(f"{holder} is working on this job (another explanation)")


#: the lock an explaining process holds on its job (``Heartbeat(claim=True)``): the kernel
#: releases it when the process ends, however it ends; the file itself stays
CLAIM_LOCK = ".autopilot-claim.lock"


def _take_claim(job_dir: Path) -> int:
    """An exclusive lock on the job's claim file (its descriptor), or :class:`MarkerHeld`."""
    import fcntl

    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(Path(job_dir) / CLAIM_LOCK, flags, 0o600)  # a link there: ELOOP, an OSError
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{CLAIM_LOCK} is not a file")
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise MarkerHeld(_holder(Path(job_dir) / MARKER)) from None
    except BaseException:
        os.close(fd)
        raise
    return fd


def _holder(marker: Path) -> int | None:
    """The pid a job's marker names, read without blocking or following a link (None if unreadable)."""
    try:
        fd = os.open(marker, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        found = json.loads(os.read(fd, _MAX_MARKER_BYTES))
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
    pid = found.get("pid") if isinstance(found, dict) else None
    return pid if isinstance(pid, int) and not isinstance(pid, bool) else None


class Heartbeat:
    """Context manager of the runner: writes the marker, touches it periodically, removes it."""

    def __init__(self, job_dir: Path, interval: float = HEARTBEAT_SECONDS, claim: bool = False):
        """``claim``: the job is taken only if no other explaining process holds it
        (:class:`MarkerHeld` otherwise), through a lock the kernel releases when the process
        ends, so two explanations of one job never run at once. Without it the marker is simply
        replaced: a runner takes over from the launcher that queued it."""
        self.path = Path(job_dir) / MARKER
        self.interval = interval
        self.claim = claim
        self._claim_fd: int | None = None
        self._inode: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        if self.claim:
            self._claim_fd = _take_claim(self.path.parent)
        try:
            self._write()
        except BaseException:
            self._release()
            raise
        self._thread = threading.Thread(target=self._beat, name="autopilot-heartbeat", daemon=True)
        self._thread.start()
        return self

    def _write(self) -> None:
        body = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
        tmp = self.path.with_name(f".{MARKER}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)  # (a link left there is removed, never written through)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(tmp, flags, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(body))
            self._inode = os.fstat(out.fileno()).st_ino
        os.replace(tmp, self.path)

    def _release(self) -> None:
        if self._claim_fd is not None:
            os.close(self._claim_fd)  # (closing releases the lock)
            self._claim_fd = None

    def _beat(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                os.utime(self.path, follow_symlinks=False)
            except OSError:
                return

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        try:
            if os.lstat(self.path).st_ino == self._inode:  # its own marker only, not a successor's
                self.path.unlink()
        except OSError:
            pass
        self._release()


def dead_runner_reason(marker: dict, heartbeat: float, now: float | None = None) -> str | None:
    """Why the runner of a job is known to be gone, or None while it may still be running."""
    now = time.time() if now is None else now
    pid, host = marker.get("pid"), marker.get("host")
    last = datetime.fromtimestamp(heartbeat, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(pid, int) and not isinstance(pid, bool) and host == socket.gethostname() and not pid_alive(pid):
        return f"The local runner stopped unexpectedly (process {pid} is gone; last heartbeat {last})."
    if now - heartbeat > STALE_SECONDS:
        return f"The local runner stopped unexpectedly (no heartbeat since {last})."
    return None


def read_marker(tree, job: str) -> tuple[dict, float] | None:
    """(the marker's content, its last heartbeat) of a job folder, or None when it has none.
    ``tree`` is the jobs folder's ContainedTree (the marker is job-folder content: untrusted)."""
    st = tree.lstat((job, MARKER))
    if st is None:
        return None
    try:
        marker = json.loads(tree.read((job, MARKER), _MAX_MARKER_BYTES, MARKER))
    except Exception:  # an unreadable marker says nothing about the runner: rely on the heartbeat
        marker = {}
    return (marker if isinstance(marker, dict) else {}), st.st_mtime


def runner_alive(tree, job: str) -> bool:
    """Is a runner (or an explaining process) working on this job now? Its marker is there and
    its process is not known to be gone."""
    found = read_marker(tree, job)
    return found is not None and dead_runner_reason(*found) is None


def apply(tree, job: str, record: dict) -> dict:
    """The job record as the server shows it: a running job whose runner is gone ends Failed
    (Stopping: Stopped), dated at the last heartbeat. ``tree`` is the jobs folder's ContainedTree."""
    if record.get("AutoMLJobStatus") not in _RUNNING:
        return record
    found = read_marker(tree, job)
    if found is None:
        return record
    marker, heartbeat = found
    reason = dead_runner_reason(marker, heartbeat)
    if reason is None:
        return record
    stopping = record.get("AutoMLJobStatus") == "Stopping"
    shown = dict(record)
    shown["AutoMLJobStatus"] = "Stopped" if stopping else "Failed"
    shown["AutoMLJobSecondaryStatus"] = "Stopped" if stopping else "Failed"
    shown["EndTime"] = heartbeat
    if not stopping:
        shown["FailureReason"] = reason
    return shown
