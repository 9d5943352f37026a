"""Schemathesis against the served OpenAPI document: generated requests (fuzzing, coverage and
stateful phases, a few hundred per operation) to a real server on the fixture jobs. Fails on any
5xx, on an answer that does not match the document, and on invalid input that is accepted."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fixture_jobs import write_fixture_jobs

HERE = Path(__file__).parent
TOKEN = "schemathesis-token"
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
    ]
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    jobs = write_fixture_jobs(root / "jobs")
    shutil.rmtree(jobs / "fx-malformed")  # a malformed artifact is a documented 502; the run wants none
    config = root / "jupyter_server_config.py"
    config.write_text(
        "c.ServerApp.jpserver_extensions = {'jupyter_autopilot': True}\n"
        f"c.IdentityProvider.token = {TOKEN!r}\n"
        f"c.AutopilotConfig.jobs_dir = {str(jobs)!r}\n"
        "c.AutopilotConfig.sources = ['local']\n"
        "c.ServerApp.open_browser = False\n"
    )
    port = _free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(root / "config"), JUPYTER_RUNTIME_DIR=str(root / "runtime"))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            f"--config={config}",
            f"--port={port}",
            "--allow-root",
            f"--ServerApp.root_dir={root}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}/autopilot/api"
    try:
        deadline = time.time() + 60
        while True:
            try:
                request = urllib.request.Request(
                    f"{base}/local/jobs/fx-binary-v2", headers={"Authorization": f"token {TOKEN}"}
                )
                with urllib.request.urlopen(request, timeout=5) as response:
                    assert response.status == 200  # the run reaches real jobs, not only 404s
                break
            except OSError:
                if time.time() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _schemathesis(server, cwd, *extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(HERE / "schemathesis" / "schemathesis.toml"),
            "run",
            f"{server}/openapi.json",
            "--url",
            server,
            "-H",
            f"Authorization: token {TOKEN}",
            "--checks",
            CHECKS,
            "--max-examples",
            "150",
            "--workers",
            "2",
            "--generation-deterministic",
            "--no-color",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,  # its example cache stays out of the tree
    )


def _ok(result) -> None:
    report = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert "passed" in result.stdout and "failed" not in result.stdout.split("SUMMARY")[-1].lower(), report


def test_schemathesis_finds_no_server_error_and_no_mismatch(server, tmp_path):
    # every read route, all phases
    _ok(_schemathesis(server, tmp_path, "--exclude-method", "POST"))


def test_schemathesis_on_the_write_route(server, tmp_path):
    # POST predictions: generated bodies (the coverage phase is left out: schemathesis 4.32 fails
    # inside hypothesis while describing its body strategy, before any request is sent)
    _ok(_schemathesis(server, tmp_path, "--include-method", "POST", "--phases", "examples,fuzzing,stateful"))
