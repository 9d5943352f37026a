"""Every route's 200 answer conforms to the schema the OpenAPI document promises."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from test_rest_api import ALL_ROUTES

DOC = json.loads((Path(__file__).resolve().parents[1] / "jupyter_autopilot" / "rest" / "openapi.json").read_text())


def _schema_for(parts):
    """The documented 200 schema of the route these URL parts hit."""
    for template, item in DOC["paths"].items():
        segments = [s for s in template.split("/") if s]
        if len(segments) == len(parts) and all(
            s.startswith("{") or s == p for s, p in zip(segments, parts, strict=True)
        ):
            content = item["get"]["responses"]["200"]["content"]
            media = content.get("application/json") or next(iter(content.values()))
            return media["schema"]
    raise AssertionError(f"no documented path for {parts}")


def _validator(schema):
    """A validator whose '#/components/...' references resolve against the OpenAPI document."""
    return Draft202012Validator({**schema, "components": DOC["components"]})


def test_the_schemas_do_reject_wrong_answers():
    job = _validator({"$ref": "#/components/schemas/Job"})
    assert list(job.iter_errors({"name": 1}))
    cands = _validator({"$ref": "#/components/schemas/Candidates"})
    assert list(
        cands.iter_errors(
            {"objective": {"metric": "F1", "direction": "Sideways"}, "bestCandidate": None, "candidates": []}
        )
    )


JSON_ROUTES = [p for p in ALL_ROUTES if "reports" not in p]
EXTRA = [
    ("local", "jobs", "fx-regression-v1"),
    ("local", "jobs", "fx-regression-v1", "candidates"),
    ("local", "jobs", "fx-multiclass-v2", "candidates", "fx-multiclass-v2-c1", "explainability"),
    ("local", "jobs", "fx-multiclass-v2", "candidates", "fx-multiclass-v2-c1", "performance"),
    ("local", "jobs", "fx-regression-v1", "candidates", "fx-regression-v1-c4", "network"),
    ("local", "jobs", "fx-no-best", "candidates"),
    ("local", "jobs", "fx-binary-v2", "candidates", "fx-binary-v2-xgb-001", "explainability"),
]


@pytest.mark.parametrize("parts", JSON_ROUTES + EXTRA)
async def test_answer_matches_the_documented_schema(api, parts):
    code, body = await api(*parts)
    assert code == 200
    validator = _validator(_schema_for(parts))
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("parts,status", [(("local", "jobs", "nope"), 404), (("local", "jobs", "bad name"), 400)])
async def test_errors_match_the_documented_error_schema(api, parts, status):
    code, body = await api(*parts)
    assert code == status
    assert not list(_validator({"$ref": "#/components/schemas/Error"}).iter_errors(body))
