"""`jupyter autopilot export`: a moto job copied into the local layout and read back as files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from moto import mock_aws

from jupyter_autopilot import errors, export
from jupyter_autopilot.s3uri import parse_s3_uri
from jupyter_autopilot.sources import aws as aws_module
from jupyter_autopilot.sources.aws import AwsSource
from jupyter_autopilot.sources.local import LocalSource
from jupyter_autopilot.timeutil import parse_time

try:
    import aws_fixtures as F
except ImportError:  # tests/ imported as a package
    from tests import aws_fixtures as F

JOB = "churn-binary-v2"


@pytest.fixture
def aws_job(monkeypatch, tmp_path):
    """A completed binary job in moto (job, steps, artifacts, notebooks) whose candidates are
    served with request/response checks; AwsSource objects created while it is active (also
    the one export.main builds) can read it."""
    F.aws_test_env(monkeypatch, tmp_path)
    record, candidates = F.v2_binary_job(JOB)
    served = {}

    class ServedAwsSource(AwsSource):
        def _client(self, service):
            client = super()._client(service)
            if service == "sagemaker" and id(client) not in served:
                served[id(client)] = F.serve_candidates(client, {JOB: candidates})
            return client

    monkeypatch.setattr(aws_module, "AwsSource", ServedAwsSource)
    with mock_aws():
        source = ServedAwsSource()
        written = F.create_moto_aws_job(source._client("sagemaker"), source._client("s3"), record, candidates)
        yield source, record, candidates, written


def _read(path: Path):
    return json.loads(path.read_text())


def test_export_then_read_back(aws_job, tmp_path):
    source, record, candidates, written = aws_job
    jobs_dir = tmp_path / "jobs"
    folder = export.export_job(source, JOB, jobs_dir)
    assert folder == jobs_dir / JOB
    assert sorted(p.name for p in jobs_dir.iterdir()) == [JOB]  # no temporary folder left

    job = _read(folder / "job.json")
    assert job["AutoMLJobName"] == JOB and job["AutoMLJobStatus"] == "Completed"
    assert job["CreationTime"] == "2024-05-06T09:30:00Z"  # datetimes as ISO 8601 strings
    assert job["BestCandidate"]["CandidateName"] == candidates[0]["CandidateName"]
    assert "ResponseMetadata" not in job

    exported = _read(folder / "candidates.json")["Candidates"]
    assert [c["CandidateName"] for c in exported] == [c["CandidateName"] for c in candidates]
    assert parse_time(exported[0]["CreationTime"]) == candidates[0]["CreationTime"]

    steps = {s["CandidateStepName"]: s["CandidateStepType"] for c in candidates for s in c["CandidateSteps"]}
    folders = {
        "AWS::SageMaker::TrainingJob": "training-jobs",
        "AWS::SageMaker::ProcessingJob": "processing-jobs",
        "AWS::SageMaker::TransformJob": "transform-jobs",
    }
    for name, kind in steps.items():
        assert (folder / folders[kind] / f"{name}.json").is_file(), name
    training = _read(folder / "training-jobs" / f"{candidates[0]['CandidateName']}.json")
    assert training["HyperParameters"]["max_depth"] == "6"
    assert isinstance(training["CreationTime"], str)

    # every artifact the UI uses, at s3/<bucket>/<key>, byte for byte; nothing outside the prefixes
    s3 = source._client("s3")
    for uri in list(written.values()):
        loc = parse_s3_uri(uri)
        local = folder / "s3" / loc.bucket / loc.key
        assert local.read_bytes() == s3.get_object(Bucket=loc.bucket, Key=loc.key)["Body"].read(), uri
    files = sorted(p.relative_to(folder / "s3").as_posix() for p in (folder / "s3").rglob("*") if p.is_file())
    assert len(files) == len(written) == 6
    assert not any("-evil" in f for f in files)

    # the local source reads the export like the AWS source reads AWS
    local = LocalSource(jobs_dir)
    assert local.describe_job(JOB)["AutoMLJobArn"] == record["AutoMLJobArn"]
    assert len(local.list_candidates(JOB)) == len(candidates)
    best = local.list_candidates(JOB)[0]
    prefix = parse_s3_uri(best["CandidateProperties"]["CandidateArtifactLocations"]["Explainability"])
    assert sorted(loc.uri for loc, _ in local.list_objects(JOB, prefix)) == sorted(
        loc.uri for loc, _ in source.list_objects(JOB, prefix)
    )
    analysis = parse_s3_uri(written["analysis.json"])
    assert (
        json.loads(local.read_object(JOB, analysis, 10_000))["explanations"]["kernel_shap"]["label0"][
            "global_shap_values"
        ]["tenure"]
        == 0.1123
    )
    notebook = parse_s3_uri(record["AutoMLJobArtifacts"]["DataExplorationNotebookLocation"])
    assert json.loads(local.read_object(JOB, notebook, 100_000))["nbformat"] == 4
    assert (
        local.describe_step(JOB, "AWS::SageMaker::TrainingJob", candidates[0]["CandidateName"])["TrainingJobName"]
        == candidates[0]["CandidateName"]
    )


def test_export_refuses_existing_folder_and_overwrites_atomically(aws_job, tmp_path):
    source = aws_job[0]
    jobs_dir = tmp_path / "jobs"
    (jobs_dir / JOB).mkdir(parents=True)
    (jobs_dir / JOB / "stale.txt").write_text("old")
    with pytest.raises(export.ExportExists):
        export.export_job(source, JOB, jobs_dir)
    assert (jobs_dir / JOB / "stale.txt").exists()
    export.export_job(source, JOB, jobs_dir, overwrite=True)
    assert not (jobs_dir / JOB / "stale.txt").exists()
    assert (jobs_dir / JOB / "job.json").is_file()
    assert sorted(p.name for p in jobs_dir.iterdir()) == [JOB]


def test_failed_export_leaves_nothing(aws_job, tmp_path, monkeypatch):
    source = aws_job[0]
    jobs_dir = tmp_path / "jobs"

    def denied(job, location, max_bytes):
        raise errors.AccessDenied("AWS denied access: s3:GetObject", action="s3:GetObject")

    monkeypatch.setattr(source, "read_object", denied)
    with pytest.raises(errors.AccessDenied):
        export.export_job(source, JOB, jobs_dir)
    assert list(jobs_dir.iterdir()) == []


def test_export_skips_placeholder_and_missing_artifacts(monkeypatch, tmp_path):
    """A job whose records name no s3:// artifacts (moto's own placeholder BestCandidate) and a
    notebook that is gone: the records are exported, the rest is skipped with a warning."""
    F.aws_test_env(monkeypatch, tmp_path)
    with mock_aws():
        source = AwsSource()
        sm, s3 = source._client("sagemaker"), source._client("s3")
        F.ensure_bucket(s3)
        record, _ = F.v2_job_without_best_candidate("stopped-job")
        F.create_moto_job(sm, record)
        F.serve_candidates(sm, {"stopped-job": []})
        messages = []
        folder = export.export_job(source, "stopped-job", tmp_path / "jobs", progress=messages.append)
        assert _read(folder / "candidates.json") == {"Candidates": []}
        assert "BestCandidate" not in _read(folder / "job.json")
        assert not (folder / "s3").exists()
        assert sum("does not exist" in m for m in messages) == 2  # the two notebooks


# ---------------------------------------------------------------------------------------------
# the command


def test_main_exports(aws_job, tmp_path, capsys):
    jobs_dir = tmp_path / "out"
    assert export.main([JOB, "--jobs-dir", str(jobs_dir)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == str(jobs_dir / JOB)
    assert "4 candidates" in err
    assert (jobs_dir / JOB / "candidates.json").is_file()

    assert export.main([JOB, "--jobs-dir", str(jobs_dir)]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--overwrite" in err and "Traceback" not in err
    assert export.main([JOB, "--jobs-dir", str(jobs_dir), "--overwrite", "--region", "us-east-1"]) == 0


def test_main_default_jobs_dir_from_env(aws_job, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JUPYTER_AUTOPILOT_JOBS_DIR", str(tmp_path / "from-env"))
    assert export.main([JOB]) == 0
    assert (tmp_path / "from-env" / JOB / "job.json").is_file()


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["bad_name!"], "not a valid AutoML job name"),
        (["no-such-job"], "There is no AutoML job named 'no-such-job'"),
    ],
)
def test_main_bad_input(aws_job, tmp_path, capsys, argv, needle):
    assert export.main(argv + ["--jobs-dir", str(tmp_path / "jobs")]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err
    assert not (tmp_path / "jobs").exists() or list((tmp_path / "jobs").iterdir()) == []


def test_main_without_credentials(monkeypatch, tmp_path, capsys):
    F.aws_test_env(monkeypatch, tmp_path, credentials=False)
    assert export.main([JOB, "--jobs-dir", str(tmp_path / "jobs")]) == 2
    err = capsys.readouterr().err
    assert "No AWS credentials" in err and "aws configure" in err and "Traceback" not in err


def test_main_usage(capsys):
    assert export.main(["--help"]) == 0
    assert "--overwrite" in capsys.readouterr().out
    assert export.main([]) == 2
