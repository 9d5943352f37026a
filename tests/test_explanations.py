"""Explanations computed later ("Compute explanation", `jupyter autopilot explain`): a finished
local job's candidates without one get the explanation the runner would have written, in the
place their records name (or the runner's, which the records then name); every refusal is
specific; writes stay inside the job folder."""

import asyncio
import json
import os
import shutil
import time

import pytest

from jupyter_autopilot import cli, liveness
from jupyter_autopilot.errors import AutopilotError, RefusedFile
from jupyter_autopilot.runner import run_job
from jupyter_autopilot.service.core import AutopilotService
from jupyter_autopilot.sources.local import LocalSource
from jupyter_autopilot.sources.localfs import ContainedTree

JOB = "explain-later"
# one user's model-signing key for the module (conftest)
pytestmark = pytest.mark.usefixtures("signing_key")


@pytest.fixture(scope="module")
def trained(tmp_path_factory, signing_key):
    """A binary job with an ensemble, as the runner wrote it (explanations included)."""
    root = tmp_path_factory.mktemp("explained")
    from sklearn.datasets import load_breast_cancer

    load_breast_cancer(as_frame=True).frame.to_csv(root / "cancer.csv", index=False)
    run_job(root / "cancer.csv", "target", JOB, jobs_dir=root / "jobs", max_candidates=4, quiet=True, mode="ENSEMBLING")
    return root / "jobs"


@pytest.fixture
def jobs(trained, tmp_path):
    """A copy of the job for one test."""
    shutil.copytree(trained / JOB, tmp_path / "jobs" / JOB)
    return tmp_path / "jobs"


def _analyses(jobs) -> dict:
    out = {}
    for path in (jobs / JOB).rglob("analysis.json"):
        out[path.parent.parent.name] = path
    return out


def _forget(jobs, names) -> dict:
    """Delete the candidates' explanations; their documents, parsed."""
    saved = {}
    for name, path in _analyses(jobs).items():
        if name in names:
            saved[name] = json.loads(path.read_text())
            shutil.rmtree(path.parent.parent)
    return saved


def _records(jobs):
    return json.loads((jobs / JOB / "job.json").read_text()), json.loads((jobs / JOB / "candidates.json").read_text())


def _names(jobs):
    job, listing = _records(jobs)
    best = job["BestCandidate"]["CandidateName"]
    others = [c["CandidateName"] for c in listing["Candidates"] if c["CandidateName"] != best]
    return best, others


def _explain(jobs, *args, capsys=None):
    code = cli.main(["explain", JOB, *args, "--jobs-dir", str(jobs)])
    out = capsys.readouterr() if capsys is not None else None
    return code, out


def test_explains_what_is_missing_as_the_runner_did(jobs, capsys):
    best, others = _names(jobs)
    assert any("ensemble" in name for name in [best, *others])
    forgotten = _forget(jobs, [best, others[0]])
    assert len(forgotten) == 2
    service = AutopilotService({"local": LocalSource(jobs)})
    view = service.explainability("local", JOB, best)
    assert not view.available and view.can_compute and not view.computing

    code, out = _explain(jobs, capsys=capsys)
    assert code == 0, out.err
    written = _analyses(jobs)
    for name, document in forgotten.items():
        assert json.loads(written[name].read_text()) == document  # the same sample, unit and values
        assert f"{name}: s3://" in out.out
    assert not (jobs / JOB / liveness.MARKER).exists()
    fresh = AutopilotService({"local": LocalSource(jobs)}).explainability("local", JOB, best)
    assert fresh.available and not fresh.can_compute and fresh.labels

    code, out = _explain(jobs, capsys=capsys)
    assert code == 0 and "has an explanation" in out.out


def test_a_stopped_job_whose_records_name_no_location(jobs, capsys):
    best, others = _names(jobs)
    _forget(jobs, [best, *others])
    job, listing = _records(jobs)
    for cand in [job["BestCandidate"], *listing["Candidates"]]:
        del cand["CandidateProperties"]["CandidateArtifactLocations"]["Explainability"]
    job["AutoMLJobStatus"] = job["AutoMLJobSecondaryStatus"] = "Stopped"
    (jobs / JOB / "job.json").write_text(json.dumps(job))
    (jobs / JOB / "candidates.json").write_text(json.dumps(listing))
    service = AutopilotService({"local": LocalSource(jobs)})
    view = service.explainability("local", JOB, others[0])
    assert not view.available and view.can_compute
    # why, as it is for a local job (not AWS's "only the best candidate is explained")
    assert "before its job ended" in view.reason and "only for the best" not in view.reason

    code, out = _explain(jobs, best, capsys=capsys)
    assert code == 0, out.err
    job, listing = _records(jobs)
    where = job["BestCandidate"]["CandidateProperties"]["CandidateArtifactLocations"]["Explainability"]
    assert where.endswith(f"/documentation/explainability/output/{best}/")
    listed = next(c for c in listing["Candidates"] if c["CandidateName"] == best)
    assert listed["CandidateProperties"]["CandidateArtifactLocations"]["Explainability"] == where
    fresh = AutopilotService({"local": LocalSource(jobs)})
    assert fresh.explainability("local", JOB, best).available
    assert not fresh.explainability("local", JOB, others[0]).available  # only what was asked


def _error(jobs, capsys, *args):
    code, out = _explain(jobs, *args, capsys=capsys)
    return code, out.err


def test_each_refusal_says_why(jobs, capsys):
    best, others = _names(jobs)
    _forget(jobs, [best])
    code, err = _error(jobs, capsys, others[0])
    assert code == 2 and "has an explanation already" in err
    code, err = _error(jobs, capsys, f"{JOB}-nope-999")
    assert code == 2 and "not found" in err
    code, err = _error(jobs, capsys, "bad/name")
    assert code == 2

    job, listing = _records(jobs)
    running = dict(job, AutoMLJobStatus="InProgress", AutoMLJobSecondaryStatus="Training")
    (jobs / JOB / "job.json").write_text(json.dumps(running))
    code, err = _error(jobs, capsys, best)
    assert code == 2 and "still running" in err
    (jobs / JOB / "job.json").write_text(json.dumps(job))

    (jobs / JOB / liveness.MARKER).write_text(json.dumps({"pid": os.getpid(), "host": "here"}))
    code, err = _error(jobs, capsys, best)
    assert code == 2 and "being computed" in err
    view = AutopilotService({"local": LocalSource(jobs)}).explainability("local", JOB, best)
    assert view.computing and not view.can_compute
    (jobs / JOB / liveness.MARKER).unlink()

    for path in (jobs / JOB).rglob("input/*"):
        path.unlink()
    code, err = _error(jobs, capsys, best)
    assert code == 2 and "copy of its input data" in err
    view = AutopilotService({"local": LocalSource(jobs)}).explainability("local", JOB, best)
    assert not view.can_compute and not view.computing


def test_a_failed_candidate_and_an_aws_job_are_refused(jobs):
    best, others = _names(jobs)
    _forget(jobs, [others[0]])
    job, listing = _records(jobs)
    for cand in listing["Candidates"]:
        if cand["CandidateName"] == others[0]:
            cand["CandidateStatus"] = "Failed"
    (jobs / JOB / "candidates.json").write_text(json.dumps(listing))
    service = AutopilotService({"local": LocalSource(jobs)})
    with pytest.raises(AutopilotError) as caught:
        service.compute_explanation("local", JOB, others[0])
    assert caught.value.status == 409 and "did not complete" in caught.value.message
    with pytest.raises(AutopilotError) as caught:
        service.compute_explanation("aws", JOB, best)
    assert caught.value.status in (400, 404)


def test_a_model_signed_elsewhere_is_refused_before_anything_runs(jobs, monkeypatch):
    best, _ = _names(jobs)
    _forget(jobs, [best])
    monkeypatch.setenv("JUPYTER_AUTOPILOT_SIGNING_KEY", str(jobs / "another-users.key"))
    service = AutopilotService({"local": LocalSource(jobs)})
    with pytest.raises(AutopilotError) as caught:
        service.compute_explanation("local", JOB, best)
    assert caught.value.status == 409 and "signature" in caught.value.message
    assert not (jobs / ".runner-logs").exists()  # no process was started


def test_a_link_in_the_explanation_path_is_never_followed(jobs, tmp_path, capsys):
    best, _ = _names(jobs)
    _forget(jobs, [best])
    outside = tmp_path / "outside"
    outside.mkdir()
    output = next((jobs / JOB).rglob("documentation/explainability/output"))
    shutil.move(str(output), str(tmp_path / "moved"))
    output.symlink_to(outside, target_is_directory=True)
    code, err = _error(jobs, capsys, best)
    assert code == 1 and "symbolic link" in err
    assert list(outside.iterdir()) == []


def test_contained_writes(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    tree = ContainedTree(root)
    tree.write(("a", "b", "c.json"), b"{}")
    assert (root / "a" / "b" / "c.json").read_bytes() == b"{}"
    tree.write(("a", "b", "c.json"), b"[1]")  # replaced
    assert (root / "a" / "b" / "c.json").read_bytes() == b"[1]"
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(RefusedFile):
        tree.write(("link", "x.json"), b"{}")
    with pytest.raises(RefusedFile):
        tree.write(("link", "deeper", "x.json"), b"{}")
    (outside / "target.json").write_text("keep")
    (root / "a" / "file-link.json").symlink_to(outside / "target.json")
    tree.write(("a", "file-link.json"), b"new")  # the link itself is replaced, never written through
    assert (outside / "target.json").read_text() == "keep"
    assert not (root / "a" / "file-link.json").is_symlink()
    assert list(outside.iterdir()) == [outside / "target.json"]
    assert [p.name for p in (root / "a" / "b").iterdir()] == ["c.json"]  # no temporary file left


# -- REST: POST .../explanation ----------------------------------------------------------------
@pytest.fixture
def jobs_dir(jobs):
    return jobs


async def _post(jp_fetch, *parts):
    response = await jp_fetch("autopilot", "api", *parts, method="POST", body="{}", raise_error=False)
    return response.code, json.loads(response.body.decode() or "null")


async def test_compute_explanation_over_rest(jp_fetch, api, jobs):
    best, others = _names(jobs)
    _forget(jobs, [others[0]])
    path = ("local", "jobs", JOB, "candidates", others[0])
    code, view = await api(*path, "explainability")
    assert code == 200 and view["available"] is False and view["canCompute"] is True
    code, view = await _post(jp_fetch, *path, "explanation")
    assert code == 202, view
    assert view["computing"] is True and view["canCompute"] is False and view["available"] is False
    code, again = await _post(jp_fetch, *path, "explanation")
    # still queued or running: accepted again (202), or written meanwhile
    assert code == 202 or (code == 409 and again["code"] == "ExplanationExists"), again
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        code, view = await api(*path, "explainability")
        if view.get("available"):
            break
        await asyncio.sleep(0.5)
    assert view["available"] is True and view["labels"], view
    code, again = await _post(jp_fetch, *path, "explanation")
    assert code == 409 and again["code"] == "ExplanationExists"
    code, view = await api("local", "jobs", JOB, "candidates", best, "explainability")
    assert view["available"] is True and view["canCompute"] is False


async def test_compute_explanation_needs_a_token_and_write(jp_fetch, jp_serverapp, jobs):
    best, _ = _names(jobs)
    _forget(jobs, [best])
    response = await jp_fetch(
        "autopilot",
        "api",
        *("local", "jobs", JOB, "candidates", best, "explanation"),
        method="POST",
        body="{}",
        headers={"Authorization": "", "Cookie": ""},
        raise_error=False,
    )
    assert response.code == 403
    from jupyter_server.auth import Authorizer

    class ReadOnly(Authorizer):
        def is_authorized(self, handler, user, action, resource):
            return action == "read"

    jp_serverapp.web_app.settings["authorizer"] = ReadOnly(
        parent=jp_serverapp, identity_provider=jp_serverapp.identity_provider
    )
    code, _ = await _post(jp_fetch, "local", "jobs", JOB, "candidates", best, "explanation")
    assert code == 403
    assert not (jobs / ".runner-logs").exists()


def test_a_failed_explaining_process_says_why(jobs):
    from jupyter_autopilot.explain_launcher import ExplainLauncher

    launcher = ExplainLauncher(jobs)
    launcher.submit(JOB, f"{JOB}-gone-001-00000000")
    assert launcher.pending(JOB, f"{JOB}-gone-001-00000000")
    deadline = time.monotonic() + 60
    while launcher.pending(JOB, f"{JOB}-gone-001-00000000") and time.monotonic() < deadline:
        time.sleep(0.2)
    reason = launcher.failure(JOB, f"{JOB}-gone-001-00000000")
    assert reason and "not found" in reason and "error:" not in reason
    launcher.submit(JOB, f"{JOB}-gone-001-00000000")  # asked again: the old failure is forgotten
    assert launcher.failure(JOB, f"{JOB}-gone-001-00000000") is None


def _wait_idle(launcher, job, candidate, seconds=90):
    deadline = time.monotonic() + seconds
    while launcher.pending(job, candidate) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not launcher.pending(job, candidate)


def test_two_candidates_of_one_job_queue_and_a_failure_is_shown(jobs):
    best, others = _names(jobs)
    _forget(jobs, [best, others[0]])
    service = AutopilotService({"local": LocalSource(jobs)})
    first = service.compute_explanation("local", JOB, best)
    assert first.computing
    # the job's marker is this server's explaining process: the other candidate can still be asked for
    other = service.explainability("local", JOB, others[0])
    assert other.can_compute and not other.computing
    queued = service.compute_explanation("local", JOB, others[0])
    assert queued.computing
    launcher = service._launchers["explain:local"]
    _wait_idle(launcher, JOB, best)
    _wait_idle(launcher, JOB, others[0])
    assert service.explainability("local", JOB, best).available
    assert service.explainability("local", JOB, others[0]).available

    # an input copy that no longer loads: the process fails, the view says why and offers to retry
    _forget(jobs, [best])
    (copy,) = list((jobs / JOB).rglob("input/*.csv"))
    copy.write_text("only-one-column\n1\n")
    service = AutopilotService({"local": LocalSource(jobs)})  # (files were removed behind the first one's back)
    service.compute_explanation("local", JOB, best)
    launcher = service._launchers["explain:local"]
    _wait_idle(launcher, JOB, best)
    view = service.explainability("local", JOB, best)
    assert not view.available and not view.computing and view.can_compute
    assert "The last attempt to compute it failed" in view.reason and "1 column" in view.reason


def test_a_marker_left_by_a_process_that_is_gone_does_not_block(jobs, capsys):
    import socket
    import subprocess

    best, _ = _names(jobs)
    _forget(jobs, [best])
    gone = subprocess.Popen(["true"])
    gone.wait()
    marker = {"pid": gone.pid, "host": socket.gethostname(), "started": 0}
    (jobs / JOB / liveness.MARKER).write_text(json.dumps(marker))
    view = AutopilotService({"local": LocalSource(jobs)}).explainability("local", JOB, best)
    assert view.can_compute and not view.computing
    code, out = _explain(jobs, best, capsys=capsys)
    assert code == 0, out.err
    assert not (jobs / JOB / liveness.MARKER).exists()


def test_the_marker_is_never_written_through_a_link(tmp_path):
    job_dir = tmp_path / "job"
    job_dir.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    (job_dir / f".{liveness.MARKER}.{os.getpid()}.tmp").symlink_to(outside)
    with liveness.Heartbeat(job_dir, interval=0.05):
        time.sleep(0.2)
        assert json.loads((job_dir / liveness.MARKER).read_text())["pid"] == os.getpid()
    assert outside.read_text() == "keep"
    assert not (job_dir / liveness.MARKER).exists()


HOLDER = """
import sys, time
from pathlib import Path
from jupyter_autopilot import liveness
with liveness.Heartbeat(Path(sys.argv[1]), interval=0.05, claim=True):
    print("held", flush=True)
    time.sleep(60)
"""


def _holder(job_dir):
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(job_dir)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_job_is_claimed_by_one_explaining_process_at_a_time(tmp_path):
    job_dir = tmp_path / "job"
    job_dir.mkdir()
    marker = job_dir / liveness.MARKER
    holder = _holder(job_dir)
    try:
        with pytest.raises(liveness.MarkerHeld) as caught:
            liveness.Heartbeat(job_dir, claim=True).__enter__()
        assert caught.value.pid == holder.pid and f"process {holder.pid} is working on this job" in str(caught.value)
        assert json.loads(marker.read_text())["pid"] == holder.pid  # (its marker kept as it was)
        # a live holder whose heartbeat lags (a long SHAP call, a suspended machine) keeps the job
        os.utime(marker, (0, 0))
        with pytest.raises(liveness.MarkerHeld):
            liveness.Heartbeat(job_dir, claim=True).__enter__()
    finally:
        holder.kill()
        holder.wait()
    # killed: the kernel released its claim; its marker is left behind, and taken over
    assert json.loads(marker.read_text())["pid"] == holder.pid
    with liveness.Heartbeat(job_dir, interval=0.05, claim=True) as beat:
        assert json.loads(marker.read_text())["pid"] == os.getpid()
        # in one process too, a second claim is refused while the first holds the job
        with pytest.raises(liveness.MarkerHeld):
            liveness.Heartbeat(job_dir, claim=True).__enter__()
        # a marker written over this one meanwhile (a successor) is not removed when this one ends
        successor = {"pid": 1, "host": "elsewhere", "started": 0}
        (job_dir / "other").write_text(json.dumps(successor))
        os.replace(job_dir / "other", marker)
    assert json.loads(marker.read_text()) == successor and beat._claim_fd is None
    marker.unlink()
    assert sorted(p.name for p in job_dir.iterdir()) == [liveness.CLAIM_LOCK]


def test_the_claim_neither_follows_links_nor_blocks_on_a_fifo(tmp_path):
    job_dir = tmp_path / "job"
    job_dir.mkdir()
    # a FIFO planted as the marker: the claim never opens it for reading, and replaces it
    os.mkfifo(job_dir / liveness.MARKER)
    with liveness.Heartbeat(job_dir, claim=True):
        assert json.loads((job_dir / liveness.MARKER).read_text())["pid"] == os.getpid()
    # and a holder's FIFO marker is not read either: the holder is named "another process"
    holder = _holder(job_dir)
    try:
        (job_dir / liveness.MARKER).unlink()
        os.mkfifo(job_dir / liveness.MARKER)
        with pytest.raises(liveness.MarkerHeld, match="another process is working on this job"):
            liveness.Heartbeat(job_dir, claim=True).__enter__()
    finally:
        holder.kill()
        holder.wait()
    # a link at the lock's name is refused, its target untouched
    other = tmp_path / "other"
    other.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    (other / liveness.CLAIM_LOCK).symlink_to(outside)
    with pytest.raises(OSError):
        liveness.Heartbeat(other, claim=True).__enter__()
    assert outside.read_text() == "keep" and not (other / liveness.MARKER).exists()


def test_the_command_line_refuses_to_explain_while_another_process_holds_the_job(jobs, capsys):
    best, _ = _names(jobs)
    _forget(jobs, [best])
    # the job claimed between the command's checks and its start (another explaining process)
    held = liveness._take_claim(jobs / JOB)
    try:
        code, out = _explain(jobs, best, capsys=capsys)
    finally:
        os.close(held)
    assert code == 2 and "another process is working on this job" in out.err
    assert "nothing was computed" in out.err and "Traceback" not in out.err
    assert not (jobs / JOB / liveness.MARKER).exists()
    view = AutopilotService({"local": LocalSource(jobs)}).explainability("local", JOB, best)
    assert not view.available and view.can_compute
    code, out = _explain(jobs, best, capsys=capsys)  # released: it runs
    assert code == 0, out.err
