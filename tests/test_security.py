"""Authorization, no open proxy to S3, non-blocking handlers."""

import asyncio
import json
import re
import threading
import time
import warnings

import pytest

from jupyter_autopilot.errors import ArtifactFormatError
from jupyter_autopilot.rest.handlers import routes
from jupyter_autopilot.s3uri import S3Location, parse_s3_uri
from jupyter_autopilot.service import AutopilotService
from jupyter_autopilot.sources.local import LocalSource


def test_openapi_documents_every_route():
    doc = json.loads(open("jupyter_autopilot/rest/openapi.json").read())
    documented = set(doc["paths"])
    for pattern, _ in routes():
        path = "/" + re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern)
        if "{view}" in path:
            for view in ("explainability", "performance", "artifacts", "network"):
                assert path.replace("{view}", view) in documented
        else:
            assert path in documented, path


def test_no_unauthenticated_handler_warning(jp_configurable_serverapp, jobs_dir):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        jp_configurable_serverapp(allow_unauthenticated_access=False, jpserver_extensions={"jupyter_autopilot": True})
    ours = [w for w in caught if "autopilot" in str(w.message).lower()]
    assert ours == []


@pytest.mark.parametrize(
    "uri",
    [
        "s3://b/../etc/passwd",
        "s3://bucket/a/%2e%2e/b",
        "s3://bucket/a/..%2fb/../c",
        "s3://bucket/a?x=../",
        "s3://bucket/a#/../",
        "https://bucket.s3.amazonaws.com/a",
        "s3://BUCKET/a",
        "s3://bucket/a\\..\\b",
        "file:///etc/passwd",
        "s3:/bucket/a",
    ],
)
def test_s3_uri_parser_rejects_traversal_and_other_schemes(uri):
    with pytest.raises(ArtifactFormatError):
        parse_s3_uri(uri)


def test_prefix_check_is_component_wise():
    prefix = parse_s3_uri("s3://bucket/out/cand")
    assert prefix.contains(parse_s3_uri("s3://bucket/out/cand/x/analysis.json"))
    assert not prefix.contains(parse_s3_uri("s3://bucket/out/cand-evil/x/analysis.json"))
    assert not prefix.contains(parse_s3_uri("s3://other/out/cand/x"))


class RecordingSource(LocalSource):
    def __init__(self, jobs_dir):
        super().__init__(jobs_dir)
        self.reads = []
        self.describes = 0
        self.lock = threading.Lock()

    def read_object(self, job, location, max_bytes):
        self.reads.append(location.uri)
        return super().read_object(job, location, max_bytes)

    def describe_job(self, job):
        with self.lock:
            self.describes += 1
        return super().describe_job(job)


def test_reads_only_locations_the_records_name(fixture_jobs_dir):
    src = RecordingSource(fixture_jobs_dir)
    svc = AutopilotService({"local": src})
    svc.explainability("local", "fx-binary-v2", "fx-binary-v2-xgb-002")
    svc.performance("local", "fx-binary-v2", "fx-binary-v2-xgb-002")
    svc.report("local", "fx-binary-v2", "fx-binary-v2-xgb-002", "explainabilityPdf")
    svc.notebook("local", "fx-binary-v2", "dataExploration")
    record = src.describe_job("fx-binary-v2")
    best = record["BestCandidate"]["CandidateProperties"]["CandidateArtifactLocations"]
    allowed = [
        parse_s3_uri(u)
        for u in (
            best["Explainability"],
            best["ModelInsights"],
            record["AutoMLJobArtifacts"]["DataExplorationNotebookLocation"],
        )
    ]
    assert src.reads
    for uri in src.reads:
        assert "evil" not in uri.lower()
        assert any(prefix.contains(parse_s3_uri(uri)) for prefix in allowed), uri


def test_completed_job_records_are_cached(fixture_jobs_dir):
    src = RecordingSource(fixture_jobs_dir)
    svc = AutopilotService({"local": src})
    for _ in range(3):
        svc.job("local", "fx-binary-v2")
        svc.candidates("local", "fx-binary-v2")
        svc.explainability("local", "fx-binary-v2", "fx-binary-v2-xgb-002")
    assert src.describes == 1
    reads = len(src.reads)
    svc.explainability("local", "fx-binary-v2", "fx-binary-v2-xgb-002")
    assert len(src.reads) == reads  # the parsed analysis.json is cached too


def test_running_job_is_read_again(fixture_jobs_dir):
    src = RecordingSource(fixture_jobs_dir)
    svc = AutopilotService({"local": src})
    svc.job("local", "fx-in-progress")
    svc.job("local", "fx-in-progress")
    assert src.describes == 2


def test_symlink_out_of_the_job_folder_is_not_followed(tmp_path, fixture_jobs_dir):
    import shutil

    root = tmp_path / "jobs"
    shutil.copytree(fixture_jobs_dir / "fx-binary-v2", root / "fx-binary-v2")
    secret = tmp_path / "secret.json"
    secret.write_text('{"secret": 1}')
    link = root / "fx-binary-v2" / "s3" / "fixture-bucket" / "fx-binary-v2" / "leak.json"
    link.symlink_to(secret)
    src = LocalSource(root)
    from jupyter_autopilot.errors import RefusedFile

    with pytest.raises(RefusedFile, match="symbolic link"):
        src.read_object("fx-binary-v2", S3Location("fixture-bucket", "fx-binary-v2/leak.json"), 1000)
    listed = src.list_objects("fx-binary-v2", S3Location("fixture-bucket", "fx-binary-v2/"))
    assert all("leak" not in loc.key for loc, _ in listed)


class SlowSource(LocalSource):
    def describe_job(self, job):
        if job == "fx-regression-v1":
            time.sleep(2)
        return super().describe_job(job)


@pytest.fixture
def slow_app(jp_serverapp, fixture_jobs_dir):
    service = jp_serverapp.web_app.settings["autopilot_service"]
    service._factories["local"] = SlowSource(fixture_jobs_dir)
    service._sources.clear()
    return jp_serverapp


async def test_a_slow_call_does_not_stall_other_requests(slow_app, api):
    slow = asyncio.ensure_future(api("local", "jobs", "fx-regression-v1"))
    await asyncio.sleep(0.2)
    started = time.monotonic()
    code, _ = await api("sources")
    fast = time.monotonic() - started
    assert code == 200
    assert not slow.done()  # the slow request was still running while the other one was answered
    code, _ = await slow
    assert code == 200
    assert fast < 1.5


@pytest.fixture
def impatient_app(jp_serverapp, fixture_jobs_dir):
    """A server whose request bound is shorter than a slow source's answer."""
    jp_serverapp.web_app.settings["autopilot_request_timeout"] = 0.5
    service = jp_serverapp.web_app.settings["autopilot_service"]
    service._factories["local"] = SlowSource(fixture_jobs_dir)
    service._sources.clear()
    return jp_serverapp


async def test_a_request_over_the_time_bound_is_504(impatient_app, api):
    code, data = await api("local", "jobs", "fx-regression-v1")
    assert code == 504
    assert "too long" in data["message"] and data["code"] == "Timeout"
    assert data["message"].startswith("The local jobs folder took too long") and "AWS" not in data["message"]
    code, _ = await api("local", "jobs", "fx-binary-v2")  # the server keeps answering
    assert code == 200


async def test_large_answers_are_compressed_when_asked(jp_fetch, monkeypatch):
    import gzip as gz

    from jupyter_autopilot.rest import handlers

    monkeypatch.setattr(handlers, "GZIP_MIN_BYTES", 1000)
    response = await jp_fetch(
        "autopilot",
        "api",
        "local",
        "jobs",
        "fx-binary-v2",
        "candidates",
        "fx-binary-v2-xgb-002",
        "performance",
        headers={"Accept-Encoding": "gzip"},
        decompress_response=False,
    )
    assert response.headers["Content-Encoding"] == "gzip"
    assert json.loads(gz.decompress(response.body))["report"]["available"] is True
    assert response.headers["Vary"] == "Accept-Encoding"
    plain = await jp_fetch(
        "autopilot",
        "api",
        "local",
        "jobs",
        "fx-binary-v2",
        "candidates",
        "fx-binary-v2-xgb-002",
        "performance",
        decompress_response=False,
    )
    assert "Content-Encoding" not in plain.headers and json.loads(plain.body)["report"]["available"]
