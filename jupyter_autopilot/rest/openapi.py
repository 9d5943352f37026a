"""The OpenAPI document of the REST API, generated: schemas from the typed models of
``service.models``, parameters from the name rules of ``names``, one table of routes here.

``python -m jupyter_autopilot.rest.openapi`` writes ``rest/openapi.json`` (the frontend's types are
generated from that file: ``npm run build:api``); a test fails when the committed file differs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic.json_schema import models_json_schema

from .. import __version__
from ..names import CANDIDATE_NAME, JOB_NAME, JOB_NAME_MAX_LENGTH, JOB_STATUSES, NAME_CONTAINS
from ..service import models as m
from ..service.core import REPORT_KINDS
from ..service.views import NOTEBOOK_FIELDS

DOCUMENT = Path(__file__).with_name("openapi.json")
SOURCES = ["local", "aws"]
REF = "#/components/schemas/{model}"

#: what each error status means on a read (GET) route
READ_ERRORS = {
    "400": "Malformed name or parameter",
    "401": "Expired AWS credentials",
    "403": "Not authenticated, or AWS AccessDenied",
    "404": "Unknown source, job, candidate or file",
    "429": "AWS throttling after retries",
    "502": "Malformed artifact (the message names the file) or AWS error",
    "503": "Source unavailable (no credentials or region)",
    "504": "AWS timeout",
}


def _ref(model: type[m.ViewModel]) -> dict:
    return {"$ref": REF.format(model=model.__name__)}


def _param(name: str, where: str, schema: dict, description: str = "", required: bool | None = None) -> dict:
    return {
        "name": name,
        "in": where,
        "required": where == "path" if required is None else required,
        "schema": schema,
        "description": description,
    }


SOURCE = _param("source", "path", {"type": "string", "enum": SOURCES}, "A job source (see GET sources)")
JOB = _param(
    "job",
    "path",
    {"type": "string", "pattern": f"^{JOB_NAME.pattern}$", "maxLength": JOB_NAME_MAX_LENGTH},
    "AutoML job name",
)
CANDIDATE = _param(
    "candidate", "path", {"type": "string", "maxLength": 64, "pattern": f"^{CANDIDATE_NAME.pattern}$"}, "Candidate name"
)


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(overrides: dict[str, str] | None = None, *, write: bool = False) -> dict:
    described = dict(READ_ERRORS)
    if write:
        described["403"] = "Not authenticated, or no 'write' permission on autopilot"
    described.update(overrides or {})
    return {code: _json(_ref(m.Error), text) for code, text in sorted(described.items())}


def _operation(summary: str, params: list, ok: dict, *, status: str = "200", errors=None, body=None, write=False):
    op: dict[str, Any] = {"summary": summary, "parameters": params}
    if body is not None:
        schema = body if isinstance(body, dict) else _ref(body)
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    op["responses"] = {status: ok, **_errors(errors, write=write)}
    op["security"] = [{"token": []}]
    return op


def paths() -> dict:
    candidate = [SOURCE, JOB, CANDIDATE]
    view: dict[str, tuple[str, type[m.ViewModel]]] = {
        "explainability": ("SHAP values and hyperparameters of a candidate", m.Explainability),
        "performance": ("Model-quality report, metrics and charts of a candidate", m.Performance),
        "artifacts": ("Every S3 location of a candidate: inputs, outputs, intermediate steps", m.Artifacts),
        "network": ("Network isolation, VPC and encryption of a candidate", m.Network),
    }
    out: dict[str, dict] = {
        "/sources": {
            "get": _operation(
                "Job sources, whether they can be used, and the settings the UI follows", [], _json(_ref(m.Sources))
            )
        },
        "/openapi.json": {"get": _operation("This document", [], _json({"type": "object"}))},
        "/{source}/jobs": {
            "get": _operation(
                "AutoML jobs, newest first",
                [
                    SOURCE,
                    _param(
                        "nameContains",
                        "query",
                        {
                            "type": "string",
                            "pattern": f"^{NAME_CONTAINS.pattern.replace('{1,', '{0,')}$",
                            "maxLength": 63,
                        },
                        "Case-insensitive part of the job name; empty: no filter",
                    ),
                    _param(
                        "status",
                        "query",
                        {"type": "string", "enum": [*JOB_STATUSES, ""]},
                        "Only jobs in this status; empty: every status",
                    ),
                    _param("nextToken", "query", {"type": "string"}, "The nextToken of the previous page"),
                ],
                _json(_ref(m.JobsPage)),
            ),
            "post": _operation(
                "Create an AutoML job (local: the local runner, queued, in a process of its own; aws: one "
                "CreateAutoMLJobV2). Needs the 'write' permission.",
                [SOURCE],
                _json(_ref(m.Job), "Accepted: the job's view (InProgress)"),
                status="201",
                body=m.CreateJobRequest,
                errors={
                    "400": "A field is wrong (the message starts with its name; `field` names it), or AWS "
                    "refused the request (ValidationException)",
                    "409": "A job of that name exists (AWS: ResourceInUse)",
                    "429": "AWS throttled the call, or an account quota is reached (ResourceLimitExceeded)",
                },
                write=True,
            ),
        },
        "/{source}/job-preview": {
            "post": _operation(
                "What creating this job would send, and each field's error, without sending anything. Needs 'write'.",
                [SOURCE],
                _json(_ref(m.JobPreview)),
                # any object: a half-filled form is what it checks (its answer lists each field's error)
                body={"type": "object", "description": "A CreateJobRequest, complete or not"},
                errors={"400": "The body is not a JSON object"},
                write=True,
            )
        },
        "/{source}/jobs/{job}": {"get": _operation("An AutoML job", [SOURCE, JOB], _json(_ref(m.Job)))},
        "/{source}/jobs/{job}/stop": {
            "post": _operation(
                "Stop a job (local: SIGTERM to its runner; it ends Stopped with the candidates it finished; "
                "aws: one StopAutoMLJob). Needs 'write'.",
                [SOURCE, JOB],
                _json(_ref(m.Job), "Stopping"),
                status="202",
                errors={
                    "400": "Malformed name",
                    "409": "The job has ended (or is stopping)",
                },
                write=True,
            )
        },
        "/{source}/jobs/{job}/candidates": {
            "get": _operation("The trials leaderboard, best candidate first", [SOURCE, JOB], _json(_ref(m.Candidates)))
        },
        "/{source}/jobs/{job}/shap-matrix": {
            "get": _operation(
                "SHAP across the top candidates: shares of each candidate's total (units do not matter), rank "
                "stability, warnings of possible leakage",
                [
                    SOURCE,
                    JOB,
                    _param(
                        "candidates", "query", {"type": "integer", "minimum": 1, "maximum": 25}, "Top candidates (10)"
                    ),
                    _param("top", "query", {"type": "integer", "minimum": 1, "maximum": 50}, "Features shown (15)"),
                ],
                _json(_ref(m.ShapMatrix)),
                errors={"400": "candidates or top out of range"},
            )
        },
        "/{source}/jobs/{job}/compare": {
            "get": _operation(
                "Candidates side by side: metrics (the best of each marked), hyperparameters (those that differ "
                "first), SHAP shares on one feature order",
                [
                    SOURCE,
                    JOB,
                    _param(
                        "candidates",
                        "query",
                        {"type": "string", "maxLength": 4096},
                        "2 to 10 candidate names, separated by commas, in the order to show",
                        required=True,
                    ),
                ],
                _json(_ref(m.Comparison)),
                errors={"400": "Fewer than 2 or more than 10 candidates, a name twice, a malformed name"},
            )
        },
    }
    for name, (summary, model) in view.items():
        out[f"/{{source}}/jobs/{{job}}/candidates/{{candidate}}/{name}"] = {
            "get": _operation(summary, candidate, _json(_ref(model)))
        }
    out["/{source}/jobs/{job}/candidates/{candidate}/reports/{kind}"] = {
        "get": _operation(
            "A report file of the candidate (PDF or JSON), as an attachment",
            [*candidate, _param("kind", "path", {"type": "string", "enum": list(REPORT_KINDS)})],
            {
                "description": "The file",
                "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                    "application/json": {"schema": {"type": "object"}},
                },
            },
        )
    }
    out["/{source}/jobs/{job}/candidates/{candidate}/explanation"] = {
        "post": _operation(
            "Compute the explanation a finished local job's candidate lacks (a stopped job, or a runner that "
            "ended before it explained every candidate), in a process of its own; the candidate's "
            "explainability view, which says it is being computed",
            candidate,
            _json(_ref(m.Explainability), "Accepted: being computed"),
            status="202",
            errors={
                "400": "Malformed name, or an AWS candidate (Autopilot explains the best one)",
                "404": "Unknown job or candidate, a candidate without a model, or a job folder without its "
                "copy of the input data",
                "409": "The job is still running, the candidate did not complete, it has an explanation, one is "
                "being computed, or its model is refused (trained elsewhere or with other library versions)",
                "503": "The local runner's packages are not installed",
            },
            write=True,
        )
    }
    out["/{source}/jobs/{job}/candidates/{candidate}/predictions"] = {
        "post": _operation(
            "Predictions of a local-runner candidate on a CSV under the Jupyter root, written beside it as "
            "<file>-<candidate>-predictions.csv",
            candidate,
            _json(_ref(m.Predictions), "Written"),
            status="201",
            body=m.PredictionsRequest,
            errors={
                "400": "Bad input: a path outside the root, not a CSV, missing columns (named), an AWS candidate",
                "404": "Unknown job or candidate, or a candidate without a model",
                "409": "The predictions file exists (ask with overwrite), or the model is refused (trained "
                "elsewhere or with other library versions)",
                "413": "A model file over the size limit",
                "502": "A malformed model.json",
                "503": "The local runner's packages are not installed",
            },
            write=True,
        )
    }
    aws_write_errors = {
        "400": "A field is wrong (the message starts with its name; `field` names it), a local candidate, or "
        "AWS refused the request (ValidationException)",
        "404": "Unknown job or candidate, or a candidate without inference containers",
        "409": "AWS: the name is in use (ResourceInUse)",
        "429": "AWS throttled the call, or an account quota is reached (ResourceLimitExceeded)",
    }
    out["/{source}/jobs/{job}/candidates/{candidate}/deployments"] = {
        "get": _operation(
            "The endpoints and batch transform jobs made from the candidate (found by their tags)",
            candidate,
            _json(_ref(m.Deployments)),
        )
    }
    out["/{source}/jobs/{job}/candidates/{candidate}/endpoints"] = {
        "post": _operation(
            "Deploy an AWS candidate to a real-time endpoint: CreateModel (its inference containers, the job's "
            "role and VPC), CreateEndpointConfig, CreateEndpoint; billable. Needs 'write'.",
            candidate,
            _json(_ref(m.Endpoint), "Creating"),
            status="201",
            body=m.DeployRequest,
            errors=aws_write_errors,
            write=True,
        )
    }
    out["/{source}/jobs/{job}/candidates/{candidate}/endpoints/{endpoint}"] = {
        "delete": _operation(
            "Delete an endpoint made from this candidate (and its endpoint config and model). Needs 'write'.",
            [*candidate, _param("endpoint", "path", {"type": "string", "maxLength": 63}, "Endpoint name")],
            _json(_ref(m.Endpoint), "Deleting"),
            status="202",
            errors={"404": "No such endpoint, or one not made from this candidate"},
            write=True,
        )
    }
    out["/{source}/jobs/{job}/candidates/{candidate}/transform-jobs"] = {
        "post": _operation(
            "A batch transform job of an AWS candidate on CSV rows under an S3 prefix: CreateModel, "
            "CreateTransformJob; billable. Needs 'write'.",
            candidate,
            _json(_ref(m.TransformJob), "Started"),
            status="201",
            body=m.TransformRequest,
            errors=aws_write_errors,
            write=True,
        )
    }
    out["/{source}/jobs/{job}/notebooks/{kind}"] = {
        "get": _operation(
            "A notebook the job's record names (nbformat 4 JSON)",
            [SOURCE, JOB, _param("kind", "path", {"type": "string", "enum": list(NOTEBOOK_FIELDS)})],
            _json({"type": "object", "required": ["cells"], "properties": {"cells": {"type": "array"}}}),
        )
    }
    out["/{source}/experiments"] = {
        "get": _operation("Experiments of AutoML jobs", [SOURCE], _json(_ref(m.Experiments)))
    }
    out["/{source}/trial-components"] = {
        "get": _operation(
            "Trial components in no trial (AutoML jobs' own)",
            [SOURCE, _param("unassigned", "query", {"type": "boolean"}, "Only true is answered", required=False)],
            _json(_ref(m.TrialComponents)),
        )
    }
    return out


def _untitled(schema):
    """The schemas without pydantic's generated property titles ("Trainingjob"): the names say it."""
    if isinstance(schema, dict):
        out = {k: _untitled(v) for k, v in schema.items()}
        if isinstance(out.get("properties"), dict):
            out["properties"] = {
                name: {k: v for k, v in value.items() if k != "title"} if isinstance(value, dict) else value
                for name, value in out["properties"].items()
            }
        return out
    if isinstance(schema, list):
        return [_untitled(v) for v in schema]
    return schema


def document() -> dict:
    requests = (
        m.CreateJobRequest,
        m.PredictionsRequest,
        m.DeployRequest,
        m.TransformRequest,
    )  # validation schemas: optional fields stay optional
    _, schemas = models_json_schema(
        [(model, "validation" if model in requests else "serialization") for model in m.CONTRACT], ref_template=REF
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "jupyter-autopilot REST API",
            "version": __version__,
            "description": "SageMaker Autopilot jobs, leaderboards and model details. All routes are under "
            "{base_url}autopilot/api/ and need the Jupyter server's token. Generated from "
            "jupyter_autopilot/service/models.py: do not edit.",
        },
        "servers": [{"url": "/autopilot/api"}],
        "paths": paths(),
        "components": {
            "schemas": _untitled(schemas["$defs"]),
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "token <jupyter server token>",
                }
            },
        },
    }


def render() -> str:
    return json.dumps(document(), indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if args == ["--check"]:
        if DOCUMENT.read_text(encoding="utf-8") != text:
            print(f"{DOCUMENT.name} is out of date: run python -m jupyter_autopilot.rest.openapi", file=sys.stderr)
            return 1
        return 0
    DOCUMENT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
