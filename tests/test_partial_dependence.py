"""Clarify's partial dependence (``explanations.pdp`` of analysis.json): the parser, the
Explainability view (REST) and the notebook's ``candidate.partial_dependence()``."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from jupyter_autopilot import artifacts as art
from jupyter_autopilot.errors import ArtifactFormatError, ExplainabilityNotAvailable
from jupyter_autopilot.notebook import AutoMLJob

BINARY, BEST = "fx-binary-v2", "fx-binary-v2-xgb-002"
MULTI, MULTI_BEST = "fx-multiclass-v2", "fx-multiclass-v2-c1"


def parse(explanations: dict) -> dict:
    return art.parse_analysis(json.dumps({"explanations": explanations}).encode(), "s3://b/analysis.json")


def test_documented_shape_one_row_per_label():
    out = parse(
        {
            "pdp": [
                {
                    "feature_name": "Age",
                    "data_type": "numerical",
                    "feature_values": [20, 40, 60],
                    "model_predictions": [[0.1, 0.3, 0.6], [0.9, 0.7, 0.4]],
                    "label_headers": ["yes", "no"],
                    "data_distribution": [0.5, 0.3, 0.2],
                }
            ]
        }
    )
    assert out["labels"] == [] and out["pdpNote"] is None
    assert out["pdp"] == [
        {
            "feature": "Age",
            "dataType": "numerical",
            "values": [20.0, 40.0, 60.0],
            "labels": [
                {"label": "yes", "predictions": [0.1, 0.3, 0.6]},
                {"label": "no", "predictions": [0.9, 0.7, 0.4]},
            ],
            "distribution": [0.5, 0.3, 0.2],
        }
    ]


def test_flat_and_transposed_predictions_and_inferred_types():
    out = parse(
        {
            "kernel_shap": {"label0": {"global_shap_values": {"a": 1}}},
            "pdp": [
                # a flat list is one label; no headers: label0
                {"feature_name": "a", "feature_values": [1, 2], "model_predictions": [0.2, 0.4]},
                # one row per value (3 values x 2 labels): transposed to one row per label
                {
                    "feature_name": "colour",
                    "feature_values": ["red", "green", "blue"],
                    "model_predictions": [[0.1, 0.9], [0.2, 0.8], [0.3, 0.7]],
                    "label_headers": ["x", "y"],
                },
                # declared numerical, values are not numbers: shown as categories
                {
                    "feature_name": "b",
                    "data_type": "numerical",
                    "feature_values": ["lo", "hi"],
                    "model_predictions": [[1, 2]],
                },
            ],
        }
    )
    assert out["labels"][0]["label"] == "label0"
    a, colour, b = out["pdp"]
    assert a["dataType"] == "numerical" and a["labels"] == [{"label": "label0", "predictions": [0.2, 0.4]}]
    assert colour["dataType"] == "categorical" and colour["values"] == ["red", "green", "blue"]
    assert colour["labels"] == [
        {"label": "x", "predictions": [0.1, 0.2, 0.3]},
        {"label": "y", "predictions": [0.9, 0.8, 0.7]},
    ]
    assert b["dataType"] == "categorical" and b["values"] == ["lo", "hi"]
    assert a["distribution"] is None and out["pdpNote"] is None  # (the file has none: nothing to say)


def test_a_distribution_that_cannot_be_read_keeps_its_curve_and_is_named():
    curve = {"feature_values": [1, 2], "model_predictions": [[0.1, 0.2]]}
    out = parse(
        {
            "pdp": [
                {"feature_name": "short", **curve, "data_distribution": [1.0]},
                {"feature_name": "counts", **curve, "data_distribution": [40, 60]},
                {"feature_name": "text", **curve, "data_distribution": "even"},
                {"feature_name": "gaps", **curve, "data_distribution": [0.4, "NaN"]},
            ]
        }
    )
    assert [(e["feature"], e["distribution"]) for e in out["pdp"]] == [
        ("short", None),
        ("counts", None),
        ("text", None),
        ("gaps", [0.4, None]),
    ]
    note = out["pdpNote"]
    assert note.startswith("Data distribution not shown for ")
    assert "'short' (its data_distribution does not match the 2 feature values)" in note
    assert "'counts' (its data_distribution is not a list of shares between 0 and 1)" in note
    assert "'text' (its data_distribution does not match" in note and "gaps" not in note


def test_unreadable_entries_are_left_out_and_named():
    out = parse(
        {
            "kernel_shap": {"label0": {"global_shap_values": {"a": 1}}},
            "pdp": [
                {"feature_name": "ok", "feature_values": [1, 2], "model_predictions": [[0.5, "NaN"]]},
                {"feature_name": "short", "feature_values": [1, 2, 3], "model_predictions": [[0.1, 0.2]]},
                {"feature_name": "huge", "feature_values": list(range(art.PDP_VALUES + 1)), "model_predictions": [[0]]},
                {"feature_values": [1], "model_predictions": [[1]]},
                "junk",
            ],
        }
    )
    assert [e["feature"] for e in out["pdp"]] == ["ok"]
    assert out["pdp"][0]["labels"][0]["predictions"] == [0.5, None]  # "NaN" is a missing value
    note = out["pdpNote"]
    assert "'short' (model_predictions do not match the 3 feature values)" in note
    assert f"'huge' (more than {art.PDP_VALUES} feature values)" in note
    assert "entry 4 (no feature_name)" in note and "entry 5 (not an object)" in note


def test_a_pdp_section_that_is_not_a_list_keeps_the_shap_values():
    out = parse({"kernel_shap": {"label0": {"global_shap_values": {"a": 1}}}, "pdp": {"a": 1}})
    assert out["labels"] and out["pdp"] == [] and "not a list" in out["pdpNote"]


def test_neither_section_is_not_an_analysis_file():
    with pytest.raises(ArtifactFormatError, match="kernel_shap"):
        parse({"other": {}})


async def test_rest_explainability_carries_partial_dependence(api):
    code, data = await api("local", "jobs", BINARY, "candidates", BEST, "explainability")
    assert code == 200 and data["available"] is True and data["labels"]
    entries = data["partialDependence"]
    assert [e["feature"] for e in entries] == ["duration", "job_type"]
    duration, job_type = entries
    assert duration["dataType"] == "numerical" and duration["values"] == [0, 100, 200, 300, 400]
    assert duration["labels"] == [{"label": "yes", "predictions": [0.05, 0.12, 0.3, 0.55, 0.7]}]
    assert duration["figure"]["data"][0]["type"] == "scatter"
    assert duration["figure"]["data"][0]["y"] == [0.05, 0.12, 0.3, 0.55, 0.7]
    # the data distribution: in the view, and as the bars of a panel under the curve
    assert duration["distribution"] == [0.35, 0.3, 0.2, 0.1, 0.05]
    curve, bars = duration["figure"]["data"]
    assert curve["yaxis"] == "y" and bars["type"] == "bar" and bars["yaxis"] == "y2"
    assert bars["x"] == [0, 100, 200, 300, 400] and bars["y"] == [0.35, 0.3, 0.2, 0.1, 0.05]
    layout = duration["figure"]["layout"]
    assert (
        layout["yaxis2"]["title"]["text"] == "share of rows" and layout["yaxis"]["title"]["text"] == "mean prediction"
    )
    assert layout["xaxis2"]["title"]["text"] == "duration" and layout["xaxis"]["matches"] == "x2"
    assert job_type["distribution"] is None and len(job_type["figure"]["data"]) == 1
    assert "yaxis2" not in job_type["figure"]["layout"]
    assert job_type["dataType"] == "categorical" and job_type["figure"]["data"][0]["type"] == "bar"
    assert job_type["figure"]["data"][0]["x"] == ["admin", "blue-collar", "student"]
    # the entry that cannot be drawn is named, its name as plain text
    assert "'<b>campaign</b>'" in data["partialDependenceNote"]


async def test_rest_multiclass_one_line_per_label(api):
    code, data = await api("local", "jobs", MULTI, "candidates", MULTI_BEST, "explainability")
    assert code == 200
    (alcohol,) = data["partialDependence"]
    assert [label["label"] for label in alcohol["labels"]] == ["class_0", "class_1", "class_2"]
    assert [trace["name"] for trace in alcohol["figure"]["data"]] == ["class_0", "class_1", "class_2"]
    assert alcohol["figure"]["layout"]["showlegend"] is True


async def test_rest_without_pdp_is_an_empty_list(api):
    code, data = await api("local", "jobs", "fx-regression-v1", "candidates", "fx-regression-v1-c2", "explainability")
    assert code == 200 and data["available"] is True
    assert data["partialDependence"] == [] and data["partialDependenceNote"] is None


def test_notebook_partial_dependence(fixture_jobs_dir):
    best = AutoMLJob(BINARY, source="local", jobs_dir=fixture_jobs_dir).candidate(BEST)
    frame = best.partial_dependence()
    assert list(frame.columns) == ["feature", "data_type", "label", "value", "prediction", "share_of_rows"]
    assert len(frame) == 5 + 3
    duration = frame[frame["feature"] == "duration"]
    assert duration["value"].tolist() == [0, 100, 200, 300, 400]
    assert duration["prediction"].tolist() == [0.05, 0.12, 0.3, 0.55, 0.7]
    assert set(duration["label"]) == {"yes"} and set(duration["data_type"]) == {"numerical"}
    assert duration["share_of_rows"].tolist() == [0.35, 0.3, 0.2, 0.1, 0.05]
    one = best.partial_dependence("job_type")
    assert one["value"].tolist() == ["admin", "blue-collar", "student"] and one.attrs["features"] == ["job_type"]
    assert one["share_of_rows"].isna().all()  # (its file entry has no distribution)
    assert "campaign" in frame.attrs["note"]
    with pytest.raises(ValueError, match="'duration', 'job_type'"):
        best.partial_dependence("nope")
    fig = best.partial_dependence_figure("duration")
    assert list(fig.data[0].y) == [0.05, 0.12, 0.3, 0.55, 0.7] and list(fig.data[1].y) == [0.35, 0.3, 0.2, 0.1, 0.05]


def test_notebook_partial_dependence_multiclass(fixture_jobs_dir):
    frame = AutoMLJob(MULTI, source="local", jobs_dir=fixture_jobs_dir).candidate(MULTI_BEST).partial_dependence()
    pivot = frame.pivot(index="value", columns="label", values="prediction")
    assert list(pivot.columns) == ["class_0", "class_1", "class_2"]
    assert pivot.loc[14.0].tolist() == [0.7, 0.1, 0.2]
    assert isinstance(frame, pd.DataFrame)


def test_notebook_without_pdp_says_why(fixture_jobs_dir):
    cand = AutoMLJob("fx-regression-v1", source="local", jobs_dir=fixture_jobs_dir).candidate("fx-regression-v1-c2")
    with pytest.raises(ExplainabilityNotAvailable, match="no partial dependence"):
        cand.partial_dependence()
