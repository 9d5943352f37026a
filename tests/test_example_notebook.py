"""The example notebook runs top to bottom with nbclient against the demo jobs.

Set ``AUTOPILOT_EXECUTED_NOTEBOOK=/some/path.ipynb`` to keep the executed notebook (the browser
tests open it to check what the MIME renderer draws).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from jupyter_autopilot.notebook import MIME_TYPE

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "autopilot-notebook-api.ipynb"
DEMO_JOBS = ("demo-binary", "demo-multiclass", "demo-regression")
PLOTLY_MIME = "application/vnd.plotly.v1+json"


@pytest.fixture(scope="session")
def demo_jobs_dir(tmp_path_factory):
    """The three demo jobs, built once per test session by the demo builder."""
    from jupyter_autopilot.demo import build_demo_jobs

    root = tmp_path_factory.mktemp("demo-jobs")
    build_demo_jobs(root)
    missing = [name for name in DEMO_JOBS if not (root / name / "job.json").is_file()]
    assert not missing, f"build_demo_jobs did not write {missing}"
    return root


@pytest.fixture(scope="session")
def executed(demo_jobs_dir, tmp_path_factory):
    """The example notebook after a run in a fresh python3 kernel (this venv's interpreter)."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    workdir = tmp_path_factory.mktemp("example-run")
    env_before = os.environ.get("JUPYTER_AUTOPILOT_JOBS_DIR")
    os.environ["JUPYTER_AUTOPILOT_JOBS_DIR"] = str(demo_jobs_dir)  # the kernel inherits it
    try:
        client = NotebookClient(
            nb, kernel_name="python3", timeout=120, allow_errors=False, resources={"metadata": {"path": str(workdir)}}
        )
        client.execute()
    finally:
        if env_before is None:
            os.environ.pop("JUPYTER_AUTOPILOT_JOBS_DIR", None)
        else:
            os.environ["JUPYTER_AUTOPILOT_JOBS_DIR"] = env_before
    target = os.environ.get("AUTOPILOT_EXECUTED_NOTEBOOK")
    if target:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
    return nb


def _outputs(nb, cell_id: str) -> list[dict]:
    cell = next((c for c in nb.cells if c.get("id") == cell_id), None)
    assert cell is not None, f"the example has no cell {cell_id!r}"
    return cell.get("outputs") or []


def _data(nb, cell_id: str) -> dict:
    """The rich data of the cell's execute_result / display_data outputs, merged."""
    merged = {}
    for out in _outputs(nb, cell_id):
        if out.get("output_type") in ("execute_result", "display_data"):
            merged.update(out.get("data") or {})
    return merged


def _text(nb, cell_id: str) -> str:
    return "".join(out.get("text", "") for out in _outputs(nb, cell_id) if out.get("output_type") == "stream")


def test_example_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.id
    assert len({cell.id for cell in nb.cells}) == len(nb.cells)


def test_example_runs_without_errors(executed):
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, cell.id
        for out in cell.outputs:
            assert out.output_type != "error", (cell.id, out.get("ename"), out.get("evalue"))
            if out.output_type == "stream":
                assert out.name == "stdout", (cell.id, out.text)


def test_job_list_is_a_dataframe(executed):
    data = _data(executed, "list")
    assert 'class="dataframe' in data["text/html"]
    for name in DEMO_JOBS:
        assert name in data["text/html"]


def test_job_displays_with_the_autopilot_mime_type(executed):
    data = _data(executed, "job")
    payload = data[MIME_TYPE]
    json.dumps(payload, allow_nan=False)
    assert payload["kind"] == "job" and payload["source"] == "local"
    assert payload["job"]["name"] == "demo-binary" and payload["job"]["status"] == "Completed"
    assert payload["candidates"]["candidates"] and payload["candidates"]["bestCandidate"]
    assert "demo-binary" in data["text/html"] and data["text/plain"].startswith("<AutoMLJob 'demo-binary'")


def test_leaderboard_is_a_dataframe(executed):
    data = _data(executed, "leaderboard")
    html_text = data["text/html"]
    assert 'class="dataframe' in html_text
    for column in ("candidate", "status", "is_best", "rank", "creation_time", "duration_seconds"):
        assert f"<th>{column}</th>" in html_text
    assert "Completed" in _text(executed, "leaderboard")


def test_best_candidate_displays_the_shap_chart_payload(executed):
    data = _data(executed, "best")
    payload = data[MIME_TYPE]
    json.dumps(payload, allow_nan=False)
    assert payload["kind"] == "candidate" and payload["jobName"] == "demo-binary"
    assert payload["candidate"]["isBest"] is True
    explainability = payload["explainability"]
    assert explainability["available"] is True and explainability["labels"][0]["features"]
    assert explainability["figures"][0]["top"]["data"][0]["type"] == "bar"
    assert payload["performance"]["report"]["available"] is True
    assert payload["artifacts"] and payload["network"]
    assert "Aggregated SHAP values" in data["text/html"]


def test_shap_values_and_figures(executed):
    html_text = _data(executed, "shap-values")["text/html"]
    assert "<th>feature</th>" in html_text and "<th>importance</th>" in html_text
    for cell_id in ("shap-figure", "multiclass-figure", "confusion-figure"):
        fig = _data(executed, cell_id)[PLOTLY_MIME]
        assert fig["data"], cell_id
    assert _data(executed, "shap-figure")[PLOTLY_MIME]["data"][0]["type"] == "bar"
    assert _data(executed, "confusion-figure")[PLOTLY_MIME]["data"][0]["type"] == "heatmap"


def test_multiclass_labels(executed):
    labels = _data(executed, "multiclass")["text/plain"]
    assert labels.startswith("[") and labels.count("'") >= 6  # at least three labels
    last = labels.strip("[]").split(",")[-1].strip().strip("'")
    assert 'class="dataframe' in _data(executed, "multiclass-shap")["text/html"]
    title = _data(executed, "multiclass-figure")[PLOTLY_MIME]["layout"]["title"]["text"]
    assert f"label {last}" in title


def test_confusion_matrix_and_metrics(executed):
    html_text = _data(executed, "confusion-matrix")["text/html"]
    assert 'class="dataframe' in html_text and "predicted" in html_text and "actual" in html_text
    metrics = _data(executed, "metrics")["text/html"]
    assert "model quality report" in metrics and "candidate metrics" in metrics
    assert "No confusion matrix:" in _text(executed, "regression")
    assert "Minimize" in _text(executed, "regression")
    assert 'class="dataframe' in _data(executed, "regression")["text/html"]


def test_details(executed):
    assert _data(executed, "hyperparameters")["text/plain"].startswith("{")
    assert 'class="dataframe' in _data(executed, "artifacts")["text/html"]
    assert "networkIsolation" in _data(executed, "network")["text/plain"]
