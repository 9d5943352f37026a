"""Where things are, as the server and the notebook API both resolve them."""

from __future__ import annotations

import os
from pathlib import Path

JOBS_DIR_ENV = "JUPYTER_AUTOPILOT_JOBS_DIR"


def default_jobs_dir() -> Path:
    """``$JUPYTER_AUTOPILOT_JOBS_DIR``, else ``<jupyter data dir>/autopilot/jobs``."""
    env = os.environ.get(JOBS_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "autopilot" / "jobs"
