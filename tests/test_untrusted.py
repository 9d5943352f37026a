"""Job folders and records are untrusted input: links at every level, pipes, huge and deeply
nested files, wrongly typed fields, foreign S3 locations, unsafe header values."""

import json
import os
import shutil
from pathlib import Path

import pytest

from jupyter_autopilot.errors import AutopilotError
from jupyter_autopilot.s3uri import S3Location
from jupyter_autopilot.service import AutopilotService
from jupyter_autopilot.sources.local import LocalSource

JOB = "fx-binary-v2"
BEST = "fx-binary-v2-xgb-002"
OTHER = "fx-binary-v2-xgb-001"
SECRET = "TOP-SECRET-OUTSIDE-THE-JOBS-FOLDER"
OUT = Path("s3") / "fixture-bucket" / JOB / "output" / JOB


@pytest.fixture
def tree(tmp_path, fixture_jobs_dir):
    """(jobs folder with a copy of fx-binary-v2, a secret folder outside it)."""
    root = tmp_path / "jobs"
    shutil.copytree(fixture_jobs_dir / JOB, root / JOB)
    outside = tmp_path / "outside"
    shutil.copytree(fixture_jobs_dir / JOB, outside / JOB)
    # every string of every file outside carries the secret, so reading any of them would show it
    for path in (outside / JOB).rglob("*"):
        if path.is_file():
            try:
                path.write_text(json.dumps(_marked(json.loads(path.read_text()))))
            except ValueError:
                path.write_text(SECRET)
    return root, outside


def _marked(value):
    if isinstance(value, str):
        return f"{SECRET}-{value}"
    if isinstance(value, list):
        return [_marked(v) for v in value]
    if isinstance(value, dict):
        return {_marked(k): _marked(v) for k, v in value.items()}
    return value


def service_for(root: Path, **kwargs) -> AutopilotService:
    return AutopilotService({"local": LocalSource(root, **kwargs)})


def every_view(service: AutopilotService, job: str = JOB) -> list:
    """Call every route of the service for one job; (name, result or AutopilotError)."""
    calls = [
        ("list", lambda: service.list_jobs("local").to_dict()),
        ("job", lambda: service.job("local", job).to_dict()),
        ("candidates", lambda: service.candidates("local", job).to_dict()),
        ("experiments", lambda: service.experiments("local").to_dict()),
        ("trial components", lambda: service.trial_components("local").to_dict()),
    ]
    for name in (BEST, OTHER):
        for view in ("explainability", "performance", "artifacts", "network"):
            calls.append((f"{view} {name}", lambda v=view, n=name: getattr(service, v)("local", job, n).to_dict()))
        for kind in ("explainabilityPdf", "performancePdf", "performanceJson"):
            calls.append((f"report {kind} {name}", lambda k=kind, n=name: service.report("local", job, n, k)))
    for kind in ("dataExploration", "candidateDefinition"):
        calls.append((f"notebook {kind}", lambda k=kind: service.notebook("local", job, k)))
    out = []
    for name, call in calls:
        try:
            out.append((name, call()))
        except AutopilotError as exc:  # a clear, typed error; anything else would be a 500
            out.append((name, exc))
    return out


def leaks(results) -> list:
    found = []
    for name, result in results:
        text = result.message if isinstance(result, AutopilotError) else repr(result)
        if SECRET in text:
            found.append(name)
    return found


LINK_LAYOUTS = {
    "the job folder": (Path(JOB), True),
    "job.json": (Path(JOB) / "job.json", False),
    "candidates.json": (Path(JOB) / "candidates.json", False),
    "training-jobs/": (Path(JOB) / "training-jobs", True),
    "training-jobs/<step>.json": (Path(JOB) / "training-jobs" / f"{BEST}.json", False),
    "s3/": (Path(JOB) / "s3", True),
    "s3/<bucket>/": (Path(JOB) / "s3" / "fixture-bucket", True),
    "a key folder": (Path(JOB) / OUT / "documentation", True),
    "analysis.json": (
        Path(JOB) / OUT / "documentation/explainability/output" / BEST / "2026-11-01-10-40-00-123/analysis.json",
        False,
    ),
    "a notebook": (
        Path(JOB)
        / OUT
        / "sagemaker-automl-candidates/pr-1-abc/notebooks/SageMakerAutopilotDataExplorationNotebook.ipynb",
        False,
    ),
}


@pytest.mark.parametrize("where", list(LINK_LAYOUTS))
def test_a_symbolic_link_at_any_level_is_never_followed(tree, where):
    root, outside = tree
    relative, _is_dir = LINK_LAYOUTS[where]
    target = root / relative
    replacement = outside / relative
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink()
    target.symlink_to(replacement)
    results = every_view(service_for(root))
    assert leaks(results) == []


def test_links_to_devices_and_pipes_are_refused_without_blocking(tree):
    root, _ = tree
    candidates = root / JOB / "candidates.json"
    candidates.unlink()
    os.mkfifo(candidates)  # a FIFO: opening it for reading would block
    training = root / JOB / "training-jobs" / f"{BEST}.json"
    training.unlink()
    training.symlink_to("/dev/zero")  # would be read until memory runs out
    service = service_for(root)
    with pytest.raises(AutopilotError) as exc:
        service.candidates("local", JOB).to_dict()
    assert exc.value.code == "RefusedFile" and "not a regular file" in exc.value.message
    assert service.job("local", JOB).to_dict()["name"] == JOB  # the job itself is still shown
    results = dict(every_view(service))
    assert isinstance(results["list"], dict)


def test_a_file_over_the_limit_is_a_413_for_that_part_only(tree):
    root, _ = tree
    with open(root / JOB / "candidates.json", "r+b") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    service = service_for(root)
    with pytest.raises(AutopilotError) as exc:
        service.candidates("local", JOB).to_dict()
    assert exc.value.status == 413 and "limit" in exc.value.message
    assert service.job("local", JOB).to_dict()["name"] == JOB


def test_a_huge_or_deeply_nested_job_json_never_breaks_the_list(tree, fixture_jobs_dir):
    root, _ = tree
    for other in ("fx-regression-v1", "fx-multiclass-v2"):
        shutil.copytree(fixture_jobs_dir / other, root / other)
    (root / "fx-multiclass-v2" / "job.json").write_text("[" * 100_000 + "]" * 100_000)
    with open(root / "fx-regression-v1" / "job.json", "r+b") as fh:
        fh.truncate(200 * 1024 * 1024)
    service = service_for(root)
    jobs = {j["name"]: j for j in service.list_jobs("local").to_dict()["jobs"]}
    assert set(jobs) == {JOB, "fx-multiclass-v2", "fx-regression-v1"}
    assert jobs[JOB]["status"] != "Failed"
    assert (
        jobs["fx-multiclass-v2"]["status"] == "Failed"
        and "nested too deeply" in jobs["fx-multiclass-v2"]["failureReason"]
    )
    assert jobs["fx-regression-v1"]["status"] == "Failed" and "limit" in jobs["fx-regression-v1"]["failureReason"]
    with pytest.raises(AutopilotError) as exc:
        service.job("local", "fx-multiclass-v2").to_dict()
    assert exc.value.status == 502
    with pytest.raises(AutopilotError) as exc:
        service.job("local", "fx-regression-v1").to_dict()
    assert exc.value.status == 413


def _paths(value, prefix=()):
    """Every member path of a JSON value (dict keys and list indices), parents before children."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            yield from _paths(item, prefix + (index,))


def _replaced(value, path, new):
    if not path:
        return new
    copy = json.loads(json.dumps(value))
    node = copy
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = new
    return copy


WRONG = {"list": ["x", 1], "number": 7, "object": {"a": {"b": 1}}, "string": "not-what-you-expect", "bool": True}
RECORD_FILES = ["job.json", "candidates.json", f"training-jobs/{BEST}.json", f"training-jobs/{OTHER}.json"]


@pytest.mark.parametrize("record_file", RECORD_FILES)
def test_wrongly_typed_fields_never_raise_anything_but_clear_errors(tree, record_file):
    """Every member of every record replaced by a value of each other JSON type: every route
    answers a view or a typed error (an unexpected exception here is a 500 in REST)."""
    root, _ = tree
    path = root / JOB / record_file
    original = json.loads(path.read_text())
    tried = 0
    for member in _paths(original):
        for kind, value in WRONG.items():
            path.write_text(json.dumps(_replaced(original, member, value)))
            try:
                every_view(service_for(root))
            except Exception as exc:  # pragma: no cover - the assertion message says where
                pytest.fail(f"{record_file} {'/'.join(map(str, member))} = {kind}: {type(exc).__name__}: {exc}")
            tried += 1
    path.write_text(json.dumps(original))
    assert tried > 50


class CountingSource(LocalSource):
    """Records every S3 location the service lists or reads."""

    def __init__(self, root):
        super().__init__(root)
        self.touched: list[S3Location] = []

    def list_objects(self, job, prefix, limit=1000):
        self.touched.append(prefix)
        return super().list_objects(job, prefix, limit)

    def read_object(self, job, location, max_bytes):
        self.touched.append(location)
        return super().read_object(job, location, max_bytes)


FOREIGN = {
    "another bucket": "s3://other-bucket/fx-binary-v2/output/fx-binary-v2/documentation/explainability/output/x",
    "the bucket root": "s3://fixture-bucket/",
    "another job's prefix": "s3://fixture-bucket/fx-binary-v2/output/fx-other-job/documentation/explainability",
    "the input data": "s3://fixture-bucket/fx-binary-v2/input/",
    "a sibling of the job": "s3://fixture-bucket/fx-binary-v2/output/fx-binary-v2-evil/documentation",
}


@pytest.mark.parametrize("where", list(FOREIGN))
def test_s3_locations_outside_the_job_output_are_never_read(tree, where):
    root, _ = tree
    uri = FOREIGN[where]
    candidates = json.loads((root / JOB / "candidates.json").read_text())
    for cand in candidates["Candidates"]:
        locations = cand.setdefault("CandidateProperties", {}).setdefault("CandidateArtifactLocations", {})
        locations["Explainability"] = uri
        locations["ModelInsights"] = uri
    (root / JOB / "candidates.json").write_text(json.dumps(candidates))
    job = json.loads((root / JOB / "job.json").read_text())
    job["AutoMLJobArtifacts"] = {"DataExplorationNotebookLocation": uri + "/nb.ipynb"}
    job.pop("BestCandidate", None)
    (root / JOB / "job.json").write_text(json.dumps(job))
    source = CountingSource(root)
    service = AutopilotService({"local": source})
    results = dict(every_view(service))
    assert source.touched == []  # nothing outside the job's output location was listed or read
    explainability = results[f"explainability {BEST}"]
    assert explainability["available"] is False and "outside the job's own output location" in explainability["reason"]
    assert explainability["hyperparameters"]  # the other parts still show
    notebook = results["notebook dataExploration"]
    assert isinstance(notebook, AutopilotError) and notebook.code == "OutsideJobOutput"


def test_reads_inside_the_job_output_are_allowed(tree):
    root, _ = tree
    source = CountingSource(root)
    service = AutopilotService({"local": source})
    view = service.explainability("local", JOB, BEST).to_dict()
    assert view["available"] is True
    assert source.touched and all(
        loc.key.startswith(f"{JOB}/output/{JOB}/") and loc.bucket == "fixture-bucket" for loc in source.touched
    )
