"""Creating, watching and stopping local jobs: REST POST {source}/jobs and .../stop, the notebook
API's create / wait / stop, each error naming its field, paths confined to the Jupyter root."""

import asyncio
import json
import time

import numpy as np
import pandas as pd
import pytest

from jupyter_autopilot import AutoMLJob


def _csv(path, n=200, seed=0):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.normal(size=n), "kind": rng.choice(["a", "b"], n)})
    frame["label"] = np.where(frame["x1"] + rng.normal(0, 0.5, n) > 0, "pos", "neg")
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)


@pytest.fixture
def jp_root_dir(tmp_path):
    root = tmp_path / "root"
    _csv(root / "data" / "train.csv")
    (root / "data" / "notes.txt").write_text("not a csv")
    (tmp_path / "secret.csv").write_text("a,b\n1,2\n")
    (root / "data" / "escape.csv").symlink_to(tmp_path / "secret.csv")
    return root


@pytest.fixture
def jobs_dir(tmp_path):
    return tmp_path / "jobs"


async def _post(jp_fetch, parts, body, **kwargs):
    response = await jp_fetch(
        "autopilot", "api", *parts, method="POST", body=json.dumps(body), raise_error=False, **kwargs
    )
    return response.code, json.loads(response.body.decode() or "null")


async def _until(api, job, statuses, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        code, view = await api("local", "jobs", job)
        if code == 200 and view["status"] in statuses:
            return view
        await asyncio.sleep(0.5)
    raise AssertionError(f"{job} never reached {statuses}: {view}")


async def test_create_a_local_job_end_to_end(jp_fetch, api):
    body = {"name": "rest-job", "input": "data/train.csv", "target": "label", "maxCandidates": 2}
    code, view = await _post(jp_fetch, ("local", "jobs"), body)
    assert code == 201, view
    assert view["name"] == "rest-job" and view["status"] == "InProgress"
    code, listed = await api("local", "jobs")
    assert "rest-job" in [j["name"] for j in listed["jobs"]]
    done = await _until(api, "rest-job", ("Completed", "Failed"))
    assert done["status"] == "Completed", done
    code, data = await api("local", "jobs", "rest-job", "candidates")
    assert code == 200 and len(data["candidates"]) == 2 and data["bestCandidate"]
    code, again = await _post(jp_fetch, ("local", "jobs"), body)
    assert code == 409 and "name" in again["message"]
    code, stopped = await _post(jp_fetch, ("local", "jobs", "rest-job", "stop"), {})
    assert code == 409  # already ended


@pytest.mark.parametrize(
    "body,field",
    [
        ({"name": "bad_name!", "input": "data/train.csv", "target": "label"}, "name:"),
        ({"name": "x" * 33, "input": "data/train.csv", "target": "label"}, "name:"),
        ({"name": "j1", "input": "data/train.csv", "target": "nope"}, "target:"),
        ({"name": "j1", "input": "data/missing.csv", "target": "label"}, "input:"),
        ({"name": "j1", "input": "data/notes.txt", "target": "label"}, "input:"),
        ({"name": "j1", "input": "../secret.csv", "target": "label"}, "input:"),
        ({"name": "j1", "input": "/etc/passwd", "target": "label"}, "input:"),
        ({"name": "j1", "input": "data/escape.csv", "target": "a"}, "input:"),
        ({"name": "j1", "input": "data/train.csv", "target": "label", "problemType": "Ranking"}, "problemType:"),
        (
            {
                "name": "j1",
                "input": "data/train.csv",
                "target": "label",
                "problemType": "Regression",
                "objective": "F1",
            },
            "objective:",
        ),
        ({"name": "j1", "input": "data/train.csv", "target": "label", "mode": "STACKING"}, "mode:"),
        ({"name": "j1", "input": "data/train.csv", "target": "label", "maxCandidates": 0}, "maxCandidates:"),
        (
            {"name": "j1", "input": "data/train.csv", "target": "label", "maxRuntimeSeconds": "fast"},
            "maxRuntimeSeconds:",
        ),
        ({"name": "j1", "input": "data/train.csv", "target": "label", "roleArn": "arn:aws:iam::1:role/x"}, "roleArn:"),
        ({"name": "j1", "input": "data/train.csv", "target": "label", "color": "red"}, "color:"),
    ],
)
async def test_every_bad_field_is_a_400_naming_it(jp_fetch, jobs_dir, body, field):
    code, data = await _post(jp_fetch, ("local", "jobs"), body)
    assert code == 400 and data["message"].startswith(field), data
    assert not (jobs_dir / "j1").exists()  # nothing written, nothing read outside the root


async def test_create_needs_write_permission_and_a_token(jp_fetch, jp_serverapp, jobs_dir):
    body = {"name": "denied", "input": "data/train.csv", "target": "label"}
    code, _ = await _post(jp_fetch, ("local", "jobs"), body, headers={"Authorization": "", "Cookie": ""})
    assert code == 403
    from jupyter_server.auth import Authorizer

    class ReadOnly(Authorizer):
        def is_authorized(self, handler, user, action, resource):
            return action == "read"

    jp_serverapp.web_app.settings["authorizer"] = ReadOnly(
        parent=jp_serverapp, identity_provider=jp_serverapp.identity_provider
    )
    code, _ = await _post(jp_fetch, ("local", "jobs"), body)
    assert code == 403
    code, _ = await _post(jp_fetch, ("local", "jobs", "denied", "stop"), {})
    assert code == 403
    assert not (jobs_dir / "denied").exists()


async def test_stop_a_running_job_keeps_its_finished_candidates(jp_fetch, api, jp_root_dir):
    _csv(jp_root_dir / "data" / "big.csv", n=3000, seed=1)
    body = {"name": "to-stop", "input": "data/big.csv", "target": "label", "maxCandidates": 30}
    code, _ = await _post(jp_fetch, ("local", "jobs"), body)
    assert code == 201
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        code, data = await api("local", "jobs", "to-stop", "candidates")
        if code == 200 and any(c["status"] == "Completed" for c in data["candidates"]):
            break
        await asyncio.sleep(0.3)
    code, view = await _post(jp_fetch, ("local", "jobs", "to-stop", "stop"), {})
    assert code == 202 and view["status"] in ("Stopping", "Stopped")
    done = await _until(api, "to-stop", ("Stopped", "Completed", "Failed"))
    assert done["status"] == "Stopped"
    code, data = await api("local", "jobs", "to-stop", "candidates")
    assert any(c["status"] == "Completed" for c in data["candidates"])
    code, missing = await _post(jp_fetch, ("local", "jobs", "no-such-job", "stop"), {})
    assert code == 404


def test_notebook_create_wait_and_predict(tmp_path):
    _csv(tmp_path / "nb.csv", n=150, seed=2)
    job = AutoMLJob.create(
        "nb-job", input=tmp_path / "nb.csv", target="label", max_candidates=2, jobs_dir=tmp_path / "jobs"
    )
    assert job.info["status"] == "InProgress"
    job.wait(progress=False, poll_seconds=0.5, timeout=180)
    assert job.info["status"] == "Completed"
    assert len(job.leaderboard()) == 2


async def test_the_local_preview_gives_the_columns_the_command_and_every_error(jp_fetch, jobs_dir):
    code, preview = await _post(jp_fetch, ("local", "job-preview"), {"name": "p1", "input": "data/train.csv"})
    assert code == 200 and not preview["valid"]
    assert preview["columns"] == ["x1", "x2", "kind", "label"]  # the target picker's choices
    assert [e["field"] for e in preview["errors"]] == ["target"]
    body = {"name": "p1", "input": "data/train.csv", "target": "label", "maxCandidates": 3}
    code, preview = await _post(jp_fetch, ("local", "job-preview"), body)
    assert preview["valid"] and preview["request"]["target"] == "label"
    assert (
        preview["command"] == "jupyter autopilot run --data data/train.csv --target label --name p1 --max-candidates 3"
    )
    code, preview = await _post(
        jp_fetch, ("local", "job-preview"), {"name": "x_", "input": "../secret.csv", "tags": {}}
    )
    assert [e["field"] for e in preview["errors"]] == ["tags", "name", "input", "target"]
    assert preview["columns"] is None
    assert not (jobs_dir / "p1").exists()  # a preview creates nothing
