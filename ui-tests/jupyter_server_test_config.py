"""JupyterLab server configuration for the browser tests (test-only: no auth!).

Started by Playwright's webServer through ``npm start``, after ``prepare_jobs.py`` filled the jobs
folder. The notebook kernels inherit this process's environment, so the notebook API in a test
notebook reads the same jobs as the REST API.
"""

import os
from pathlib import Path

from jupyterlab.galata import configure_jupyter_server

HERE = Path(__file__).resolve().parent
JOBS_DIR = Path(os.environ.get("AUTOPILOT_UI_TESTS_JOBS_DIR") or HERE / ".jobs").resolve()
PORT = int(os.environ.get("AUTOPILOT_UI_TESTS_PORT", "8917"))

configure_jupyter_server(c)  # noqa: F821  disables auth, exposes window.jupyterapp, temp root_dir

c.ServerApp.port = PORT  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821  CI containers run as root
c.AutopilotConfig.jobs_dir = str(JOBS_DIR)  # noqa: F821
os.environ["JUPYTER_AUTOPILOT_JOBS_DIR"] = str(JOBS_DIR)  # for the kernels (notebook API)
# No AWS account here: the AWS source must answer "unavailable" at once, not probe the network.
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
# Keep the language server extension quiet and the start fast.
c.LanguageServerManager.autodetect = False  # noqa: F821
# Errors only in the test output: INFO lines, and galata's expected 404 warnings on its per-test
# folders, would drown Playwright's report.
c.ServerApp.log_level = "ERROR"  # noqa: F821
c.LabApp.log_level = "ERROR"  # noqa: F821
