"""The contract is written once: the typed models make the OpenAPI document, which makes the
frontend's types; every committed copy is what the models make today."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jupyter_autopilot.rest import openapi
from jupyter_autopilot.service import models as m

ROOT = Path(__file__).resolve().parents[1]


def test_committed_openapi_document_is_the_generated_one():
    committed = (ROOT / "jupyter_autopilot" / "rest" / "openapi.json").read_text(encoding="utf-8")
    assert committed == openapi.render(), "run: python -m jupyter_autopilot.rest.openapi"


def test_the_check_command_fails_on_a_stale_document(tmp_path, monkeypatch):
    stale = tmp_path / "openapi.json"
    stale.write_text("{}\n")
    monkeypatch.setattr(openapi, "DOCUMENT", stale)
    assert openapi.main(["--check"]) == 1
    assert openapi.main([]) == 0
    assert openapi.main(["--check"]) == 0
    assert json.loads(stale.read_text())["openapi"] == "3.1.0"


def test_every_response_field_is_required_and_camel_case():
    doc = openapi.document()
    for name, schema in doc["components"]["schemas"].items():
        if name.endswith("Request") or name in ("Figure", "Error"):  # requests: optional fields stay optional
            continue
        props = schema.get("properties", {})
        assert sorted(schema.get("required", [])) == sorted(props), name
        for prop in props:
            assert "_" not in prop, (name, prop)


def test_views_are_answered_with_every_field_and_no_nan():
    view = m.Network.model_validate({"from": "trainingJob", "networkIsolation": None, "onAws": True})
    body = json.loads(view.to_json())
    assert body["from"] == "trainingJob" and body["vpc"] is None and "trainingJob" in body
    metric = m.Metric(name="F1", value=float("nan"))
    assert json.loads(metric.to_json())["value"] is None


def test_a_wrongly_typed_value_hides_that_value_never_the_view():
    from jupyter_autopilot.service.views import build

    view = build(
        m.Candidates,
        {
            "objective": {"metric": 5},
            "candidates": [
                {"name": "c", "isBest": "maybe", "metrics": [{"name": "F1", "value": "x"}]},
                {"status": "x"},
            ],
        },
    )
    assert view.objective.metric is None  # a number where a name goes: hidden
    assert [c.name for c in view.candidates] == ["c"]  # a row without a name: left out
    assert view.candidates[0].is_best is False and view.candidates[0].metrics[0].value is None


def test_a_view_without_a_required_part_is_a_502_naming_the_field():
    from jupyter_autopilot.errors import ArtifactFormatError
    from jupyter_autopilot.service.views import build

    with pytest.raises(ArtifactFormatError, match=r"Candidates view at candidates"):
        build(m.Candidates, {"objective": {}})


def test_the_generated_typescript_types_are_committed():
    """src/api/schema.ts is what openapi-typescript makes of the committed document (CI runs the
    generator; here only that the file names every schema)."""
    schema_ts = (ROOT / "src" / "api" / "schema.ts").read_text(encoding="utf-8")
    for name in openapi.document()["components"]["schemas"]:
        assert f"{name}: {{" in schema_ts, name


def test_module_entry_point_writes_the_document():
    out = subprocess.run(
        [sys.executable, "-m", "jupyter_autopilot.rest.openapi", "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
