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


class Heartbeat:
    """Context manager of the runner: writes the marker, touches it periodically, removes it."""

    def __init__(self, job_dir: Path, interval: float = HEARTBEAT_SECONDS):
        self.path = Path(job_dir) / MARKER
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        body = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
        tmp = self.path.with_name(f".{MARKER}.tmp")
        tmp.write_text(json.dumps(body), encoding="utf-8")
        os.replace(tmp, self.path)
        self._thread = threading.Thread(target=self._beat, name="autopilot-heartbeat", daemon=True)
        self._thread.start()
        return self

    def _beat(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                os.utime(self.path)
            except OSError:
                return

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        try:
            self.path.unlink()
        except OSError:
            pass


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


def apply(tree, job: str, record: dict) -> dict:
    """The job record as the server shows it: a running job whose runner is gone ends Failed
    (Stopping: Stopped), dated at the last heartbeat. ``tree`` is the jobs folder's ContainedTree."""
    if record.get("AutoMLJobStatus") not in _RUNNING:
        return record
    st = tree.lstat((job, MARKER))
    if st is None:
        return record
    try:
        marker = json.loads(tree.read((job, MARKER), _MAX_MARKER_BYTES, MARKER))
    except Exception:  # an unreadable marker says nothing about the runner: rely on the heartbeat
        marker = {}
    if not isinstance(marker, dict):
        marker = {}
    reason = dead_runner_reason(marker, st.st_mtime)
    if reason is None:
        return record
    stopping = record.get("AutoMLJobStatus") == "Stopping"
    shown = dict(record)
    shown["AutoMLJobStatus"] = "Stopped" if stopping else "Failed"
    shown["AutoMLJobSecondaryStatus"] = "Stopped" if stopping else "Failed"
    shown["EndTime"] = st.st_mtime
    if not stopping:
        shown["FailureReason"] = reason
    return shown
