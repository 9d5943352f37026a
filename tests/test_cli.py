"""`jupyter autopilot run | demo | export`: exit codes, one-line errors, the demo's job folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jupyter_autopilot import cli


def small_csv(path: Path, n: int = 40) -> Path:
    rng = np.random.default_rng(0)
    x = rng.normal(size=n)
    pd.DataFrame({"x": x, "z": rng.normal(size=n), "y": np.where(x > 0, "pos", "neg")}).to_csv(path, index=False)
    return path


def load(path: Path):
    return json.loads(Path(path).read_text())


def one_line_error(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("jupyter autopilot"), err
    for fragment in fragments:
        assert fragment in lines[0], err


def test_run_writes_a_completed_job_with_a_progress_bar(tmp_path, capsys):
    csv = small_csv(tmp_path / "data.csv")
    code = cli.main(
        [
            "run",
            "--data",
            str(csv),
            "--target",
            "y",
            "--name",
            "cli-job",
            "--jobs-dir",
            str(tmp_path / "jobs"),
            "--max-candidates",
            "2",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    job = load(tmp_path / "jobs" / "cli-job" / "job.json")
    assert job["AutoMLJobStatus"] == "Completed"
    assert job["AutoMLProblemTypeConfig"]["TabularJobConfig"]["ProblemType"] == "BinaryClassification"
    assert f"Best candidate: {job['BestCandidate']['CandidateName']} (F1 = " in out
    assert "cli-job: training" in err and "2/2" in err  # tqdm, per candidate, on stderr

    # the same name again: refused, one line, exit code 2
    code = cli.main(
        [
            "run",
            "--data",
            str(csv),
            "--target",
            "y",
            "--name",
            "cli-job",
            "--jobs-dir",
            str(tmp_path / "jobs"),
            "--max-candidates",
            "1",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 2
    one_line_error(err, "already exists", "--overwrite")

    # --overwrite replaces it; --quiet: no progress bar
    code = cli.main(
        [
            "run",
            "--data",
            str(csv),
            "--target",
            "y",
            "--name",
            "cli-job",
            "--overwrite",
            "--quiet",
            "--jobs-dir",
            str(tmp_path / "jobs"),
            "--max-candidates",
            "1",
            "--objective",
            "auc",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    job = load(tmp_path / "jobs" / "cli-job" / "job.json")
    assert job["AutoMLJobObjective"] == {"MetricName": "AUC"}
    assert len(load(tmp_path / "jobs" / "cli-job" / "candidates.json")["Candidates"]) == 1


def test_run_uses_the_jobs_dir_of_the_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("JUPYTER_AUTOPILOT_JOBS_DIR", str(tmp_path / "env-jobs"))
    csv = small_csv(tmp_path / "data.csv")
    code = cli.main(["run", "--data", str(csv), "--target", "y", "--name", "env", "--max-candidates", "1", "--quiet"])
    assert code == 0, capsys.readouterr().err
    assert load(tmp_path / "env-jobs" / "env" / "job.json")["AutoMLJobStatus"] == "Completed"


@pytest.mark.parametrize(
    "case, message",
    [
        ("missing", "does not exist"),
        ("not-csv", "is not a CSV file"),
        ("empty", "is empty"),
        ("unknown-target", "The target column 'nope' is not in data.csv. Available columns: x, z, y"),
        ("one-class", "has only one class ('same')"),
        ("bad-name", "Invalid job name 'bad_name'"),
        ("bad-objective", "'MSE' is not an objective for BinaryClassification"),
        ("zero-candidates", "max candidates must be a whole number from 1 to 750"),
    ],
)
def test_run_bad_input_exits_2_with_one_line(tmp_path, capsys, case, message):
    csv = small_csv(tmp_path / "data.csv")
    args = {"--data": str(csv), "--target": "y", "--name": "job"}
    if case == "missing":
        args["--data"] = str(tmp_path / "missing.csv")
    elif case == "not-csv":
        (tmp_path / "model.bin").write_bytes(bytes(range(256)) * 4)
        args["--data"] = str(tmp_path / "model.bin")
    elif case == "empty":
        (tmp_path / "empty.csv").write_text("")
        args["--data"] = str(tmp_path / "empty.csv")
    elif case == "unknown-target":
        args["--target"] = "nope"
    elif case == "one-class":
        pd.DataFrame({"x": range(20), "y": ["same"] * 20}).to_csv(tmp_path / "one.csv", index=False)
        args["--data"] = str(tmp_path / "one.csv")
    elif case == "bad-name":
        args["--name"] = "bad_name"
    elif case == "bad-objective":
        args["--objective"] = "MSE"
    elif case == "zero-candidates":
        args["--max-candidates"] = "0"
    argv = ["run", "--jobs-dir", str(tmp_path / "jobs")] + [v for kv in args.items() for v in kv]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert code == 2
    one_line_error(err, message)
    assert not (tmp_path / "jobs").exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["run", "--data", "x.csv"], "the following arguments are required: --target, --name"),
        (["run", "--data", "x.csv", "--target", "y", "--name", "j", "--problem-type", "Clustering"], "invalid choice"),
        (["run", "--data", "x.csv", "--target", "y", "--name", "j", "--max-candidates", "many"], "invalid int value"),
        (["run", "--data", "x.csv", "--target", "y", "--name", "j", "--bogus"], "unrecognized arguments: --bogus"),
        (["train"], "invalid choice: 'train'"),
        (["demo", "--no-lab", "--port", "x"], "invalid int value"),
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, argv, message):
    assert cli.main(argv) == 2
    one_line_error(capsys.readouterr().err, message)


def test_a_failed_job_exits_1(tmp_path, capsys, monkeypatch):
    from jupyter_autopilot.runner import run as run_module

    def broken(ds, spec, splits, **kwargs):
        raise RuntimeError("the GPU caught fire")

    monkeypatch.setattr(run_module, "train_candidate", broken)
    code = cli.main(
        [
            "run",
            "--data",
            str(small_csv(tmp_path / "d.csv")),
            "--target",
            "y",
            "--name",
            "doomed",
            "--jobs-dir",
            str(tmp_path),
            "--max-candidates",
            "1",
            "--quiet",
        ]
    )
    assert code == 1
    one_line_error(capsys.readouterr().err, "failed", "the GPU caught fire")
    assert load(tmp_path / "doomed" / "job.json")["AutoMLJobStatus"] == "Failed"


def test_the_console_script_entry_point_exits_with_the_code(tmp_path):
    """A real process: exit code 2 and one line on stderr, no traceback."""
    env = dict(os.environ, PYTHONPATH=str(Path(cli.__file__).parents[1]))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter_autopilot.cli",
            "run",
            "--data",
            str(tmp_path / "none.csv"),
            "--target",
            "y",
            "--name",
            "job",
            "--jobs-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    one_line_error(result.stderr, "does not exist")


def test_export_is_a_subcommand_of_the_one_command_line(monkeypatch, capsys):
    """One argparse parser: `jupyter autopilot export` parses its own arguments there."""
    import jupyter_autopilot.export as export

    seen = []
    monkeypatch.setattr(export, "export_job", lambda *a, **k: seen.append((a, k)) or "x")
    assert cli.main(["export", "bad name!", "--jobs-dir", "somewhere"]) == 2
    assert "is not a valid AutoML job name" in capsys.readouterr().err
    assert cli.main(["export"]) == 2  # JOB is required
    assert cli.main(["export", "--help"]) == 0
    assert "--overwrite" in capsys.readouterr().out
    assert seen == []


# -- demo --------------------------------------------------------------------------------------

DEMO = {
    "demo-binary": ("BinaryClassification", "F1", "diagnosis", "mean radius"),
    "demo-multiclass": ("MulticlassClassification", "Accuracy", "cultivar", "alcohol"),
    "demo-regression": ("Regression", "MSE", "disease_progression", "bmi"),
}


def test_demo_builds_the_three_jobs_once_and_starts_lab(tmp_path, capsys, monkeypatch):
    jobs_dir = tmp_path / "demo"
    base = ["demo", "--jobs-dir", str(jobs_dir), "--max-candidates", "1", "--quiet"]
    assert cli.main(base + ["--no-lab"]) == 0
    assert sorted(p.name for p in jobs_dir.iterdir()) == sorted(DEMO)
    created = {}
    for name, (problem_type, objective, target, feature) in DEMO.items():
        job = load(jobs_dir / name / "job.json")
        assert job["AutoMLJobStatus"] == "Completed"
        tabular = job["AutoMLProblemTypeConfig"]["TabularJobConfig"]
        assert (tabular["ProblemType"], tabular["TargetAttributeName"]) == (problem_type, target)
        assert job["AutoMLJobObjective"]["MetricName"] == objective
        best = job["BestCandidate"]
        prefix = best["CandidateProperties"]["CandidateArtifactLocations"]["Explainability"]
        (analysis,) = (jobs_dir / name / "s3" / prefix[5:]).glob("*/analysis.json")
        labels = load(analysis)["explanations"]["kernel_shap"]
        assert feature in next(iter(labels.values()))["global_shap_values"]  # the datasets' real column names
        if name == "demo-multiclass":
            assert list(labels) == ["class_0", "class_1", "class_2"]
        created[name] = job["CreationTime"]
    assert "Demo jobs in" in capsys.readouterr().out

    # built already: kept, and JupyterLab starts on the folder
    launched = []
    monkeypatch.setattr(cli, "_launch_lab", lambda argv, env: launched.append((argv, env)) or 0)
    assert cli.main(base + ["--port", "8899", "--no-browser"]) == 0
    assert {n: load(jobs_dir / n / "job.json")["CreationTime"] for n in DEMO} == created
    ((argv, env),) = launched
    assert argv[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--port=8899" in argv and "--no-browser" in argv
    assert env["JUPYTER_AUTOPILOT_JOBS_DIR"] == str(jobs_dir)

    # a job left unfinished is rebuilt; --force rebuilds all
    job = load(jobs_dir / "demo-regression" / "job.json")
    job["AutoMLJobStatus"] = "Failed"
    (jobs_dir / "demo-regression" / "job.json").write_text(json.dumps(job))
    assert cli.main(base + ["--no-lab"]) == 0
    assert load(jobs_dir / "demo-regression" / "job.json")["AutoMLJobStatus"] == "Completed"
    assert load(jobs_dir / "demo-binary" / "job.json")["CreationTime"] == created["demo-binary"]
    assert cli.main(base + ["--no-lab", "--force"]) == 0
    assert all(load(jobs_dir / n / "job.json")["CreationTime"] > created[n] for n in DEMO)


def test_demo_default_folder_is_in_the_jupyter_data_dir(tmp_path, monkeypatch, capsys):
    from jupyter_autopilot.demo import default_demo_jobs_dir

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    assert default_demo_jobs_dir() == tmp_path / "data" / "autopilot" / "demo-jobs"
    import jupyter_autopilot.demo as demo

    built = []
    monkeypatch.setattr(demo, "build_demo_jobs", lambda jobs_dir, **kw: built.append(str(jobs_dir)) or ["demo-binary"])
    launched = []
    monkeypatch.setattr(cli, "_launch_lab", lambda argv, env: launched.append(env) or 0)
    assert cli.main(["demo"]) == 0
    assert built == [str(tmp_path / "data" / "autopilot" / "demo-jobs")]
    assert launched[0]["JUPYTER_AUTOPILOT_JOBS_DIR"] == built[0]


def test_sigterm_mid_run_stops_the_job_cleanly(tmp_path):
    """A real process killed (SIGTERM) while it tunes: job.json says Stopped, nothing half-written."""
    import signal
    import time

    rng = np.random.default_rng(0)
    n = 3000
    frame = pd.DataFrame(rng.normal(size=(n, 8)), columns=[f"f{i}" for i in range(8)])
    frame["y"] = np.where(frame["f0"] + rng.normal(size=n) > 0, "a", "b")
    csv = tmp_path / "data.csv"
    frame.to_csv(csv, index=False)
    env = dict(os.environ, PYTHONPATH=str(Path(cli.__file__).parents[1]))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_autopilot.cli",
            "run",
            "--data",
            str(csv),
            "--target",
            "y",
            "--name",
            "killed",
            "--jobs-dir",
            str(tmp_path / "jobs"),
            "--max-candidates",
            "15",
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    job_json = tmp_path / "jobs" / "killed" / "job.json"
    deadline = time.time() + 90
    while time.time() < deadline:
        if job_json.exists() and load(job_json)["AutoMLJobSecondaryStatus"] == "ModelTuning":
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    one_line_error(err, "interrupted", "Stopped")
    job = load(job_json)
    assert (job["AutoMLJobStatus"], job["AutoMLJobSecondaryStatus"]) == ("Stopped", "Stopped")
    job_dir = tmp_path / "jobs" / "killed"
    for path in job_dir.rglob("*.json"):
        load(path)  # every record parses
    assert all(
        c["CandidateStatus"] in ("Completed", "Stopped") for c in load(job_dir / "candidates.json")["Candidates"]
    )
    assert not [p for p in job_dir.rglob("*") if p.name.endswith(".tmp")]


def test_openmp_threads_sleep_while_the_runner_works_but_not_in_lab(tmp_path, monkeypatch):
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    import jupyter_autopilot.demo as demo

    seen = {}
    monkeypatch.setattr(
        demo,
        "build_demo_jobs",
        lambda jobs_dir, **kw: seen.setdefault("build", os.environ.get("OMP_WAIT_POLICY")) and [],
    )
    monkeypatch.setattr(
        cli, "_launch_lab", lambda argv, env: seen.setdefault("lab", env.get("OMP_WAIT_POLICY", "unset")) and 0
    )
    assert cli.main(["demo", "--jobs-dir", str(tmp_path)]) == 0
    assert seen == {"build": "PASSIVE", "lab": "unset"}
    assert "OMP_WAIT_POLICY" not in os.environ


def _start_run(tmp_path, name: str, candidates: int = 15):
    rng = np.random.default_rng(0)
    n = 3000
    frame = pd.DataFrame(rng.normal(size=(n, 8)), columns=[f"f{i}" for i in range(8)])
    frame["y"] = np.where(frame["f0"] + rng.normal(size=n) > 0, "a", "b")
    csv = tmp_path / "data.csv"
    frame.to_csv(csv, index=False)
    env = dict(os.environ, PYTHONPATH=str(Path(cli.__file__).parents[1]))
    argv = [sys.executable, "-m", "jupyter_autopilot.cli", "run", "--data", str(csv), "--target", "y"]
    argv += ["--name", name, "--jobs-dir", str(tmp_path / "jobs"), "--max-candidates", str(candidates), "--quiet"]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_sigkill_mid_run_shows_the_job_failed_not_in_progress_forever(tmp_path):
    """A runner killed with SIGKILL cannot write anything: its liveness marker lets the server
    show the job as Failed ("the local runner stopped unexpectedly")."""
    import signal
    import time

    from jupyter_autopilot.liveness import MARKER
    from jupyter_autopilot.sources.local import LocalSource

    process = _start_run(tmp_path, "sigkilled")
    job_dir = tmp_path / "jobs" / "sigkilled"
    deadline = time.time() + 90
    while time.time() < deadline:
        if (job_dir / "job.json").exists() and load(job_dir / "job.json")["AutoMLJobSecondaryStatus"] == "ModelTuning":
            break
        time.sleep(0.05)
    source = LocalSource(tmp_path / "jobs")
    assert source.describe_job("sigkilled")["AutoMLJobStatus"] == "InProgress"  # alive: shown as it is
    assert (job_dir / MARKER).is_file()
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert load(job_dir / "job.json")["AutoMLJobStatus"] == "InProgress"  # the record itself could not change
    shown = LocalSource(tmp_path / "jobs").describe_job("sigkilled")
    assert (shown["AutoMLJobStatus"], shown["AutoMLJobSecondaryStatus"]) == ("Failed", "Failed")
    assert "stopped unexpectedly" in shown["FailureReason"]
    listed = LocalSource(tmp_path / "jobs").list_jobs()[0]
    assert listed[0]["AutoMLJobStatus"] == "Failed"


@pytest.mark.parametrize("delay", [0.4, 1.0, 2.0])
def test_sigterm_at_any_moment_ends_cleanly(tmp_path, delay):
    """SIGTERM while Python starts, while the runner's stack imports, or in the first steps:
    exit 143 with one line, never a traceback; a job already written ends Stopped."""
    import signal
    import time

    process = _start_run(tmp_path, "early", candidates=3)
    time.sleep(delay)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert "Traceback" not in err, err
    if process.returncode == 0:
        return  # the run finished first: nothing to stop
    assert process.returncode in (143, -signal.SIGTERM), (process.returncode, err)
    if process.returncode == 143:
        assert len(err.strip().splitlines()) == 1, err
    job_json = tmp_path / "jobs" / "early" / "job.json"
    if job_json.exists():
        assert load(job_json)["AutoMLJobStatus"] in ("Stopped", "Completed")
        assert not (tmp_path / "jobs" / "early" / "runner.json").exists()
