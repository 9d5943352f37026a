"""Bad input, atomic writes, crashes and interruptions of the local runner."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from botocore.session import get_session
from botocore.validate import ParamValidator

from jupyter_autopilot.runner import JobFailedError, RunnerError, run_job
from jupyter_autopilot.runner import run as run_module
from jupyter_autopilot.runner.writer import atomic_write_json


def small_csv(path: Path, n: int = 40, target_values=None, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    frame = pd.DataFrame({"x": x, "z": rng.normal(size=n), "kind": rng.choice(["a", "b"], size=n)})
    frame["y"] = target_values if target_values is not None else np.where(x > 0, "pos", "neg")
    frame.to_csv(path, index=False)
    return path


def load(path: Path):
    return json.loads(Path(path).read_text())


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def check_shape(operation: str, record: dict) -> None:
    shape = get_session().get_service_model("sagemaker").operation_model(operation).output_shape
    report = ParamValidator().validate(record, shape)
    assert not report.has_errors(), report.generate_report()


# -- bad input: a RunnerError (a ValueError) with a clear message, and nothing written ---------


def _bad_inputs(tmp_path: Path) -> dict:
    png = tmp_path / "image.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    as_json = tmp_path / "records.csv"
    as_json.write_text(json.dumps([{"x": 1, "y": 2}, {"x": 3, "y": 4}]))
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("x,y\ncaf\xe9,1\n".encode("latin-1"))
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    blank = tmp_path / "blank.csv"
    blank.write_text("\n  \n")
    header_only = tmp_path / "header.csv"
    header_only.write_text("x,z,y\n")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("x,y\n1,2\n3,4,5,6\n")
    one_column = tmp_path / "one.csv"
    one_column.write_text("y\n1\n2\n")
    good = small_csv(tmp_path / "good.csv")
    one_class = small_csv(tmp_path / "one-class.csv", target_values=["same"] * 40)
    return {
        "missing file": (dict(data=tmp_path / "nope.csv"), "does not exist"),
        "a folder": (dict(data=tmp_path), "is not a file"),
        "binary file": (dict(data=png), "not a CSV file (it contains binary data)"),
        "json file": (dict(data=as_json), "not a CSV file (it is JSON)"),
        "not utf-8": (dict(data=latin), "not a CSV file (it is not UTF-8 text)"),
        "empty file": (dict(data=empty), "is empty"),
        "blank file": (dict(data=blank), "is empty"),
        "header only": (dict(data=header_only), "has a header row but no data rows"),
        "unparsable": (dict(data=ragged), "could not be parsed as CSV"),
        "one column": (dict(data=one_column, target="y"), "has 1 column"),
        "unknown target": (dict(data=good, target="label"), "Available columns: x, z, kind, y"),
        "one class": (dict(data=one_class), "has only one class ('same')"),
        "bad name underscore": (dict(data=good, name="bad_name"), "Invalid job name 'bad_name'"),
        "bad name hyphen end": (dict(data=good, name="job-"), "Invalid job name"),
        "bad name too long": (dict(data=good, name="a" * 33), "Invalid job name"),
        "bad name empty": (dict(data=good, name=""), "Invalid job name"),
        "bad problem type": (dict(data=good, problem_type="Clustering"), "Unknown problem type 'Clustering'"),
        "objective of another problem": (
            dict(data=good, objective="MSE"),
            "'MSE' is not an objective for BinaryClassification",
        ),
        "binary with 3 classes": (
            dict(
                data=small_csv(tmp_path / "three.csv", target_values=["a", "b", "c"] * 13 + ["a"]),
                problem_type="BinaryClassification",
            ),
            "exactly 2 classes",
        ),
        "regression on text": (dict(data=good, problem_type="Regression"), "Regression needs a numeric target"),
        "zero candidates": (dict(data=good, max_candidates=0), "max candidates must be a whole number from 1 to 750"),
        "too few rows": (dict(data=small_csv(tmp_path / "tiny.csv", n=6)), "at least 10 are needed"),
    }


BAD = [
    "missing file",
    "a folder",
    "binary file",
    "json file",
    "not utf-8",
    "empty file",
    "blank file",
    "header only",
    "unparsable",
    "one column",
    "unknown target",
    "one class",
    "bad name underscore",
    "bad name hyphen end",
    "bad name too long",
    "bad name empty",
    "bad problem type",
    "objective of another problem",
    "binary with 3 classes",
    "regression on text",
    "zero candidates",
    "too few rows",
]


@pytest.mark.parametrize("case", BAD)
def test_bad_input_raises_a_runner_error_and_writes_nothing(tmp_path, case):
    kwargs, message = _bad_inputs(tmp_path)[case]
    kwargs = {"target": "y", "name": "job", **kwargs}
    jobs_dir = tmp_path / "jobs"
    with pytest.raises(RunnerError) as info:
        run_job(kwargs.pop("data"), kwargs.pop("target"), kwargs.pop("name"), jobs_dir=jobs_dir, **kwargs)
    assert isinstance(info.value, ValueError)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert not jobs_dir.exists() or not any(jobs_dir.iterdir())


def test_an_existing_job_is_refused_unless_overwrite(tmp_path):
    csv = small_csv(tmp_path / "data.csv")
    jobs_dir = tmp_path / "jobs"
    first = run_job(csv, "y", "again", jobs_dir=jobs_dir, max_candidates=1)
    with pytest.raises(RunnerError, match="A job named 'again' already exists"):
        run_job(csv, "y", "again", jobs_dir=jobs_dir, max_candidates=1)
    assert load(jobs_dir / "again" / "job.json")["CreationTime"] == first["CreationTime"]
    second = run_job(csv, "y", "again", jobs_dir=jobs_dir, max_candidates=1, overwrite=True)
    assert second["CreationTime"] > first["CreationTime"]
    assert sorted(p.name for p in jobs_dir.iterdir()) == ["again"]  # the old folder is gone


def test_overwriting_a_job_never_leaves_it_without_a_record(tmp_path, monkeypatch):
    """The local launcher writes a placeholder job.json, then starts the runner with --overwrite:
    until the run's first record replaces it, the placeholder stays (a reader polling the job
    never finds it missing); everything else of the old folder is gone."""
    from jupyter_autopilot.runner import run as run_module

    csv = small_csv(tmp_path / "data.csv")
    job_dir = tmp_path / "jobs" / "placed"
    job_dir.mkdir(parents=True)
    (job_dir / "job.json").write_text(json.dumps({"AutoMLJobName": "placed", "AutoMLJobStatus": "InProgress"}))
    (job_dir / ".heartbeat").write_text("old")
    (job_dir / "old-artifacts").mkdir()
    (job_dir / "old-artifacts" / "model.joblib").write_bytes(b"old")
    seen: list = []
    execute = run_module._JobRun.execute

    def first_look(self):
        seen.append(sorted(p.name for p in job_dir.iterdir()))
        seen.append(load(job_dir / "job.json")["AutoMLJobStatus"])
        return execute(self)

    monkeypatch.setattr(run_module._JobRun, "execute", first_look)
    record = run_job(csv, "y", "placed", jobs_dir=tmp_path / "jobs", max_candidates=1, overwrite=True)
    assert seen == [["job.json"], "InProgress"]  # the placeholder, alone, until the run writes its own
    assert record["AutoMLJobStatus"] == "Completed" and load(job_dir / "job.json") == record
    assert not (job_dir / "old-artifacts").exists()
    assert sorted(p.name for p in (tmp_path / "jobs").iterdir()) == ["placed"]  # no trash left


# -- atomic writes ---------------------------------------------------------------------------------


def test_atomic_write_keeps_the_old_file_when_a_write_fails(tmp_path):
    target = tmp_path / "job.json"
    atomic_write_json(target, {"AutoMLJobStatus": "InProgress"})
    with pytest.raises(ValueError):
        atomic_write_json(target, {"Value": float("nan")})  # never NaN in JSON
    with pytest.raises(TypeError):
        atomic_write_json(target, {"Value": object()})
    assert load(target) == {"AutoMLJobStatus": "InProgress"}
    assert no_temp_files(tmp_path)


def test_atomic_write_cleans_up_when_the_move_fails(tmp_path, monkeypatch):
    import jupyter_autopilot.runner.writer as writer

    target = tmp_path / "candidates.json"
    atomic_write_json(target, {"Candidates": []})

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_json(target, {"Candidates": [{"CandidateName": "x"}]})
    assert load(target) == {"Candidates": []}
    assert no_temp_files(tmp_path)


def test_a_crash_mid_run_leaves_a_parseable_failed_job(tmp_path, monkeypatch):
    """The disk fills up while candidates.json is rewritten during model tuning."""
    csv = small_csv(tmp_path / "data.csv")
    jobs_dir = tmp_path / "jobs"
    real_write = run_module.atomic_write_json
    calls = {"candidates": 0}

    def failing_write(path, obj):
        if Path(path).name == "candidates.json":
            calls["candidates"] += 1
            if calls["candidates"] >= 3:  # after the first candidate completed
                raise OSError(28, "No space left on device")
        return real_write(path, obj)

    monkeypatch.setattr(run_module, "atomic_write_json", failing_write)
    with pytest.raises(JobFailedError) as info:
        run_job(csv, "y", "crash", jobs_dir=jobs_dir, max_candidates=3)
    assert "No space left on device" in info.value.failure_reason

    job_dir = jobs_dir / "crash"
    job = load(job_dir / "job.json")
    check_shape("DescribeAutoMLJobV2", job)
    assert (job["AutoMLJobStatus"], job["AutoMLJobSecondaryStatus"]) == ("Failed", "Failed")
    assert "No space left on device" in job["FailureReason"]
    assert job["EndTime"] >= job["CreationTime"]
    candidates = load(job_dir / "candidates.json")["Candidates"]  # the last good version
    check_shape("ListCandidatesForAutoMLJob", {"Candidates": candidates})
    for path in (job_dir / "training-jobs").glob("*.json"):
        record = load(path)
        check_shape("DescribeTrainingJob", record)
        assert record["TrainingJobStatus"] in ("Completed", "Failed")  # nothing left InProgress
    assert no_temp_files(job_dir)


def test_all_candidates_failing_fails_the_job(tmp_path, monkeypatch):
    csv = small_csv(tmp_path / "data.csv")

    def broken_training(ds, spec, splits, **kwargs):
        raise MemoryError("cannot allocate the forest")

    monkeypatch.setattr(run_module, "train_candidate", broken_training)
    with pytest.raises(JobFailedError, match="No candidate completed"):
        run_job(csv, "y", "all-fail", jobs_dir=tmp_path, max_candidates=2)
    job = load(tmp_path / "all-fail" / "job.json")
    assert job["AutoMLJobStatus"] == "Failed" and "No candidate completed" in job["FailureReason"]
    assert "BestCandidate" not in job
    candidates = load(tmp_path / "all-fail" / "candidates.json")["Candidates"]
    check_shape("ListCandidatesForAutoMLJob", {"Candidates": candidates})
    for c in candidates:
        assert (c["CandidateStatus"], c["ObjectiveStatus"]) == ("Failed", "Failed")
        assert "MemoryError: cannot allocate the forest" in c["FailureReason"]
        assert "FinalAutoMLJobObjectiveMetric" not in c and "InferenceContainers" not in c
        training = load(tmp_path / "all-fail" / "training-jobs" / f"{c['CandidateName']}.json")
        check_shape("DescribeTrainingJob", training)
        assert training["TrainingJobStatus"] == "Failed"
        assert not (tmp_path / "all-fail" / "s3" / training["ModelArtifacts"]["S3ModelArtifacts"][5:]).exists()


def test_one_failing_candidate_does_not_fail_the_job(tmp_path, monkeypatch):
    csv = small_csv(tmp_path / "data.csv")
    real_training = run_module.train_candidate

    def second_fails(ds, spec, splits, **kwargs):
        if spec.index == 2:
            raise ValueError("diverged")
        return real_training(ds, spec, splits, **kwargs)

    monkeypatch.setattr(run_module, "train_candidate", second_fails)
    job = run_job(csv, "y", "partial", jobs_dir=tmp_path, max_candidates=3, mode="HYPERPARAMETER_TUNING")
    assert job["AutoMLJobStatus"] == "Completed"
    candidates = load(tmp_path / "partial" / "candidates.json")["Candidates"]
    statuses = [c["CandidateStatus"] for c in candidates]
    assert statuses == ["Completed", "Failed", "Completed"]
    assert job["BestCandidate"]["CandidateName"] != candidates[1]["CandidateName"]
    assert "CandidateArtifactLocations" not in candidates[1].get("CandidateProperties", {})


def test_the_job_shows_its_progress_while_it_runs(tmp_path, monkeypatch):
    """Readers see InProgress records in the AWS shapes while candidates train."""
    csv = small_csv(tmp_path / "data.csv")
    real_training = run_module.train_candidate
    snapshots = []

    def watching(ds, spec, splits, **kwargs):
        job_dir = tmp_path / "watch"
        snapshots.append(
            (
                load(job_dir / "job.json"),
                load(job_dir / "candidates.json")["Candidates"],
                load(job_dir / "training-jobs" / f"{spec.name}.json"),
            )
        )
        return real_training(ds, spec, splits, **kwargs)

    monkeypatch.setattr(run_module, "train_candidate", watching)
    run_job(csv, "y", "watch", jobs_dir=tmp_path, max_candidates=2)
    job, candidates, training = snapshots[1]
    check_shape("DescribeAutoMLJobV2", job)
    check_shape("ListCandidatesForAutoMLJob", {"Candidates": candidates})
    check_shape("DescribeTrainingJob", training)
    assert (job["AutoMLJobStatus"], job["AutoMLJobSecondaryStatus"]) == ("InProgress", "ModelTuning")
    assert "EndTime" not in job and "BestCandidate" not in job
    assert [c["CandidateStatus"] for c in candidates] == ["Completed", "InProgress"]
    assert candidates[1]["ObjectiveStatus"] == "Pending"
    assert training["TrainingJobStatus"] == "InProgress" and "TrainingEndTime" not in training


def test_an_interrupted_job_is_stopped(tmp_path, monkeypatch):
    csv = small_csv(tmp_path / "data.csv")
    real_training = run_module.train_candidate

    def interrupted(ds, spec, splits, **kwargs):
        if spec.index == 2:
            raise KeyboardInterrupt
        return real_training(ds, spec, splits, **kwargs)

    monkeypatch.setattr(run_module, "train_candidate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_job(csv, "y", "stopped", jobs_dir=tmp_path, max_candidates=3)
    job = load(tmp_path / "stopped" / "job.json")
    check_shape("DescribeAutoMLJobV2", job)
    assert (job["AutoMLJobStatus"], job["AutoMLJobSecondaryStatus"]) == ("Stopped", "Stopped")
    assert "FailureReason" not in job
    assert [c["CandidateStatus"] for c in load(tmp_path / "stopped" / "candidates.json")["Candidates"]] == [
        "Completed",
        "Stopped",
    ]
    assert no_temp_files(tmp_path / "stopped")


def _wrapped_interruption():
    """What a pybind11 module raises (from the interruption) when a signal arrives while it
    initialises."""
    return ImportError("initialization failed"), KeyboardInterrupt()


@pytest.mark.parametrize("where", ["candidate", "job"])
def test_an_interruption_wrapped_in_an_import_error_stops_the_job(tmp_path, monkeypatch, where):
    """SIGTERM while a compiled module initialises comes back as ``ImportError: initialization
    failed`` raised from it: the job is Stopped (not Failed, nor a failed candidate)."""
    csv = small_csv(tmp_path / "data.csv")
    real_training = run_module.train_candidate

    def interrupted(ds, spec, splits, **kwargs):
        if spec.index == 2:
            error, stop = _wrapped_interruption()
            raise error from stop
        return real_training(ds, spec, splits, **kwargs)

    if where == "candidate":
        monkeypatch.setattr(run_module, "train_candidate", interrupted)
    else:

        def model_insights(self):
            error, stop = _wrapped_interruption()
            raise error from stop

        monkeypatch.setattr(run_module._JobRun, "_model_insights", model_insights)
    with pytest.raises(KeyboardInterrupt):
        run_job(csv, "y", "wrapped", jobs_dir=tmp_path, max_candidates=3, mode="HYPERPARAMETER_TUNING")
    job = load(tmp_path / "wrapped" / "job.json")
    assert (job["AutoMLJobStatus"], job["AutoMLJobSecondaryStatus"]) == ("Stopped", "Stopped")
    assert "FailureReason" not in job
    statuses = [c["CandidateStatus"] for c in load(tmp_path / "wrapped" / "candidates.json")["Candidates"]]
    assert "Failed" not in statuses
    if where == "candidate":
        assert statuses == ["Completed", "Stopped"]
