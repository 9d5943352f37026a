"""What the model-family tests (XGBoost, CatBoost) check alike: a candidate's saved model, and the
candidate definition notebook of a job run, executed."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from jupyter_autopilot.runner import models


def s3_path(job_dir: Path, uri: str) -> Path:
    """Where the object of an s3:// URI of a local job is stored."""
    return job_dir / "s3" / uri[len("s3://") :]


def saved_model(job_dir: Path, name: str):
    """(the loaded model, its model.json, the candidate's record) of a candidate of a local job."""
    candidate = next(
        c for c in json.loads((job_dir / "candidates.json").read_text())["Candidates"] if c["CandidateName"] == name
    )
    model_dir = s3_path(job_dir, candidate["InferenceContainers"][0]["ModelDataUrl"]).parent
    meta = json.loads((model_dir / models.MODEL_METADATA).read_text())
    return models.load_model((model_dir / "model.joblib").read_bytes(), meta, name), meta, candidate


def notebook_code(job_dir: Path, record: dict) -> list:
    """The code cells of the job's candidate definition notebook."""
    uri = record["AutoMLJobArtifacts"]["CandidateDefinitionNotebookLocation"]
    nb = nbformat.reads(s3_path(job_dir, uri).read_text(), as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def run_notebook(job_dir: Path, code: list, monkeypatch) -> dict:
    """Every code cell executed, in order, as a kernel would (the job's own folder configured)."""
    monkeypatch.setenv("JUPYTER_AUTOPILOT_JOBS_DIR", str(job_dir.parent))
    namespace: dict = {}
    for source in code:
        exec(compile(source, "notebook", "exec"), namespace)
    return namespace
