"""The artifact parsers never fail with anything but ArtifactFormatError, and emit strict JSON."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jupyter_autopilot import artifacts as art
from jupyter_autopilot.errors import ArtifactFormatError
from jupyter_autopilot.jsonutil import dumps

json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True, allow_infinity=True) | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


def shaped_like_analysis():
    label = st.dictionaries(st.text(max_size=6), json_values, max_size=4)
    grid = st.lists(st.integers(-3, 3) | st.text(max_size=3) | json_values, max_size=4)
    pdp_entry = st.fixed_dictionaries(
        {},
        optional={
            "feature_name": st.text(max_size=6) | json_values,
            "data_type": st.sampled_from(["numerical", "categorical", "other"]) | json_values,
            "feature_values": grid,
            "model_predictions": st.lists(grid, max_size=3) | grid | json_values,
            "label_headers": st.lists(st.text(max_size=3), max_size=3) | json_values,
        },
    )
    return st.fixed_dictionaries(
        {
            "explanations": st.fixed_dictionaries(
                {},
                optional={
                    "kernel_shap": st.dictionaries(
                        st.text(max_size=6),
                        st.fixed_dictionaries({"global_shap_values": label, "expected_value": json_values})
                        | json_values,
                        max_size=3,
                    ),
                    "pdp": st.lists(pdp_entry | json_values, max_size=3) | json_values,
                },
            )
        }
    )


def shaped_like_statistics():
    section = st.dictionaries(
        st.sampled_from(
            [
                "confusion_matrix",
                "f1",
                "auc",
                "receiver_operating_characteristic_curve",
                "precision_recall_curve",
                "accuracy",
            ]
        ),
        json_values | st.fixed_dictionaries({"value": json_values, "standard_deviation": json_values}),
        max_size=6,
    )
    return st.builds(
        lambda key, sec, ds: {"dataset": ds, key: sec},
        st.sampled_from(list(art.PROBLEM_SECTIONS)),
        section,
        json_values,
    )


def _check(parser, doc):
    raw = json.dumps(doc).encode() if not isinstance(doc, bytes) else doc
    try:
        out = parser(raw, "s3://b/k/file.json")
    except ArtifactFormatError as exc:
        assert "s3://b/k/file.json" in exc.message
        return
    json.loads(dumps(out))  # strictly serialisable: allow_nan=False would raise


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(json_values | shaped_like_analysis())
def test_analysis_parser_total(doc):
    _check(art.parse_analysis, doc)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(json_values | shaped_like_statistics())
def test_statistics_parser_total(doc):
    _check(art.parse_statistics, doc)


@given(st.binary(max_size=64))
def test_parsers_on_bytes(data):
    for parser in (art.parse_analysis, art.parse_statistics):
        try:
            parser(data, "s3://b/k/file.json")
        except ArtifactFormatError:
            pass


def test_nan_strings_become_null():
    doc = {
        "regression_metrics": {
            "mse": {"value": "NaN", "standard_deviation": "NaN"},
            "r2": {"value": 0.5, "standard_deviation": float("nan")},
        }
    }
    out = art.parse_statistics(json.dumps(doc).encode(), "u")
    assert out["metrics"] == [
        {"name": "mse", "value": None, "standardDeviation": None},
        {"name": "r2", "value": 0.5, "standardDeviation": None},
    ]


def test_unicode_and_bom():
    doc = '\ufeff{"explanations": {"kernel_shap": {"label0": {"global_shap_values": {"âge": 1, "x": "NaN"}}}}}'
    labels = art.parse_analysis(doc.encode("utf-8"), "u")["labels"]
    assert labels[0]["features"][0] == {"name": "âge", "importance": 1.0}
    assert labels[0]["features"][1] == {"name": "x", "importance": None}
