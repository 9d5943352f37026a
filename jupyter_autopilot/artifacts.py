"""Parsers for the artifact files Autopilot writes.

- Clarify ``analysis.json`` (under ``CandidateArtifactLocations.Explainability``)
- model-quality ``statistics.json`` (under ``CandidateArtifactLocations.ModelInsights``)

Parsers take bytes and the file's URI (for messages) and return plain dicts, strictly
JSON-serialisable. Anything unparsable raises :class:`ArtifactFormatError` naming the file.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import ArtifactFormatError
from .jsonutil import number
from .timeutil import to_iso

PROBLEM_SECTIONS = {
    "binary_classification_metrics": "BinaryClassification",
    "multiclass_classification_metrics": "MulticlassClassification",
    "regression_metrics": "Regression",
}


def load_json(data: bytes, uri: str):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ArtifactFormatError(f"{uri} is not valid JSON.", file=uri) from None


def parse_analysis(data: bytes, uri: str) -> dict:
    """A Clarify analysis.json: ``{labels, pdp, pdpNote}``.

    - ``labels`` (``explanations.kernel_shap``): ``[{label, expectedValue, features:[{name, importance}]}]``,
      features sorted by importance, descending (ties by name); every label kept in file order.
    - ``pdp`` (``explanations.pdp``, partial dependence): see :func:`parse_pdp`; ``pdpNote`` says which
      entries could not be read.

    A file with either section is read; a file with neither is not an analysis.json.
    """
    doc = load_json(data, uri)
    explanations = doc.get("explanations") if isinstance(doc, dict) else None
    shap = explanations.get("kernel_shap") if isinstance(explanations, dict) else None
    pdp_section = explanations.get("pdp") if isinstance(explanations, dict) else None
    if not isinstance(shap, dict) and pdp_section is None:
        raise ArtifactFormatError(
            f"{uri} has no explanations.kernel_shap section (not a SageMaker Clarify analysis.json).",
            file=uri,
        )
    labels = _shap_labels(shap, uri) if shap is not None else []
    pdp, note = parse_pdp(pdp_section) if pdp_section is not None else ([], None)
    # the local runner says which unit its values are in (Clarify's files do not)
    runner = doc.get("local_runner")
    if isinstance(runner, dict) and runner.get("shap_unit") in SHAP_UNITS:
        method = runner.get("method")
        for entry in labels:
            entry["unit"] = runner["shap_unit"]
            entry["method"] = method[:200] if isinstance(method, str) else None
    return {"labels": labels, "pdp": pdp, "pdpNote": note}


def _shap_labels(shap, uri: str) -> list[dict]:
    if not isinstance(shap, dict):
        raise ArtifactFormatError(f"{uri}: explanations.kernel_shap is not an object.", file=uri)
    labels = []
    for label, entry in shap.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("global_shap_values"), dict):
            raise ArtifactFormatError(f"{uri}: label {label!r} has no global_shap_values object.", file=uri)
        features = [
            {"name": str(name), "importance": number(value)} for name, value in entry["global_shap_values"].items()
        ]
        features.sort(key=lambda f: (-(f["importance"] if f["importance"] is not None else float("-inf")), f["name"]))
        labels.append({"label": str(label), "expectedValue": number(entry.get("expected_value")), "features": features})
    if not labels:
        raise ArtifactFormatError(f"{uri}: explanations.kernel_shap lists no label.", file=uri)
    return labels


#: bounds of a partial-dependence section: features, grid values per feature, labels per feature
PDP_FEATURES, PDP_VALUES, PDP_LABELS = 200, 1000, 100


def parse_pdp(section) -> tuple[list[dict], str | None]:
    """Clarify's ``explanations.pdp``: a list of ``{feature_name, data_type, feature_values,
    model_predictions, label_headers, data_distribution}``, where ``model_predictions`` holds, per
    label, the model's mean prediction at each feature value, and ``data_distribution`` the share of
    the data's rows in each value's bin.

    → (``[{feature, dataType, values, labels: [{label, predictions}], distribution}]``, a note on
    what was left out). An entry that cannot be read is left out and named in the note; the others are kept.
    """
    if not isinstance(section, list):
        return [], "The analysis file's partial dependence (explanations.pdp) is not a list; it is not shown."
    kept, skipped, no_distribution = [], [], []
    for index, entry in enumerate(section[:PDP_FEATURES]):
        parsed = _pdp_entry(entry)
        if isinstance(parsed, str):
            name = entry.get("feature_name") if isinstance(entry, dict) else None
            what = f"{str(name)[:100]!r}" if isinstance(name, str | int | float) else f"entry {index + 1}"
            skipped.append(f"{what} ({parsed})")
        else:
            problem = parsed.pop("distributionProblem")
            if problem:
                no_distribution.append(f"{parsed['feature'][:100]!r} ({problem})")
            kept.append(parsed)
    notes = []
    if skipped:
        notes.append(f"Partial dependence not shown for {_first_ten(skipped)}.")
    if no_distribution:
        notes.append(f"Data distribution not shown for {_first_ten(no_distribution)}.")
    if len(section) > PDP_FEATURES:
        notes.append(f"Only the first {PDP_FEATURES} of {len(section)} partial dependence features are shown.")
    return kept, " ".join(notes) or None


def _first_ten(items: list[str]) -> str:
    return "; ".join(items[:10]) + ("; …" if len(items) > 10 else "")


def _pdp_entry(entry) -> dict | str:
    """One feature's partial dependence, or why it cannot be read."""
    if not isinstance(entry, dict):
        return "not an object"
    name = entry.get("feature_name")
    if not isinstance(name, str | int | float) or isinstance(name, bool) or str(name) == "":
        return "no feature_name"
    raw_values = entry.get("feature_values")
    if not isinstance(raw_values, list) or not raw_values:
        return "no feature_values"
    if len(raw_values) > PDP_VALUES:
        return f"more than {PDP_VALUES} feature values"
    if any(isinstance(v, dict | list) for v in raw_values):
        return "feature_values are not plain values"
    kind = entry.get("data_type")
    numeric = [number(v) for v in raw_values]
    if kind not in ("numerical", "categorical") or None in numeric:  # values that are not all numbers
        kind = "numerical" if None not in numeric else "categorical"
    values: list = numeric if kind == "numerical" else [str(v)[:200] for v in raw_values]
    rows = _prediction_rows(entry.get("model_predictions"), len(values))
    if isinstance(rows, str):
        return rows
    headers = entry.get("label_headers")
    if (
        isinstance(headers, list)
        and len(headers) == len(rows)
        and all(isinstance(h, str | int | float) for h in headers)
    ):
        names = [str(h)[:200] for h in headers]
    else:
        names = [f"label{i}" for i in range(len(rows))]
    distribution, problem = _distribution(entry.get("data_distribution"), len(values))
    return {
        "feature": str(name)[:500],
        "dataType": kind,
        "values": values,
        "labels": [{"label": label, "predictions": row} for label, row in zip(names, rows, strict=True)],
        "distribution": distribution,
        "distributionProblem": problem,
    }


def _evaluation_time(value) -> str | None:
    """The report's ``dataset.evaluation_time`` (an ISO 8601 text) as ISO UTC; None for anything
    else (a bare number is not read as seconds since 1970)."""
    if not isinstance(value, str) or number(value) is not None:
        return None
    return to_iso(value[:64])


def _distribution(raw, width: int) -> tuple[list[float | None] | None, str | None]:
    """Clarify's ``data_distribution``: the share of the data's rows in each feature value's bin
    (→ the shares, or None and why they cannot be read; None, None when the file has none)."""
    if raw is None:
        return None, None
    if not isinstance(raw, list) or len(raw) != width:
        return None, f"its data_distribution does not match the {width} feature values"
    shares = [None if isinstance(v, list | dict) else number(v) for v in raw]
    if all(v is None for v in shares) or any(v is not None and not 0 <= v <= 1 for v in shares):
        return None, "its data_distribution is not a list of shares between 0 and 1"
    return shares, None


def _prediction_rows(raw, width: int) -> list[list[float | None]] | str:
    """``model_predictions`` as one row per label, each with one number per feature value. Clarify
    writes a row per label; a flat list is one label; a row per feature value is transposed."""
    if not isinstance(raw, list) or not raw:
        return "no model_predictions"
    if all(not isinstance(v, list | dict) for v in raw):
        raw = [raw]
    if not all(isinstance(row, list) for row in raw):
        return "model_predictions mixes lists and values"
    if len(raw) <= PDP_LABELS and all(len(row) == width for row in raw):
        rows = raw
    elif len(raw) == width and len({len(row) for row in raw}) == 1 and 0 < len(raw[0]) <= PDP_LABELS:
        rows = [list(column) for column in zip(*raw, strict=True)]
    else:
        return f"model_predictions do not match the {width} feature values"
    out = [[number(v) if not isinstance(v, list | dict) else None for v in row] for row in rows]
    if all(v is None for row in out for v in row):
        return "model_predictions hold no number"
    return out


#: the units the local runner writes its SHAP values in
SHAP_UNITS = ("probability", "target")


def _sort_labels(labels):
    def key(label):
        n = number(label)
        return (0, n, "") if n is not None else (1, 0.0, label)

    return sorted(labels, key=key)


def parse_confusion_matrix(cm, uri: str):
    """Nested {actual: {predicted: count}} → {labels, matrix} (rows actual, columns predicted)."""
    if cm is None:
        return None
    if not isinstance(cm, dict):
        raise ArtifactFormatError(f"{uri}: confusion_matrix is not an object.", file=uri)
    labels = set()
    for actual, row in cm.items():
        labels.add(str(actual))
        if isinstance(row, dict):
            labels.update(str(p) for p in row)
    ordered = _sort_labels(labels)
    matrix = []
    for actual in ordered:
        row = cm.get(actual)
        if row is None:
            row = next((v for k, v in cm.items() if str(k) == actual), None)
        if not isinstance(row, dict):  # a "NaN" row: label absent from the evaluation data
            matrix.append([None for _ in ordered])
            continue
        values = {str(k): number(v) for k, v in row.items()}
        matrix.append([values.get(p, 0.0) for p in ordered])
    return {"labels": ordered, "matrix": matrix}


def _number_list(values):
    if not isinstance(values, list):
        return None
    return [number(v) for v in values]


def parse_statistics(data: bytes, uri: str) -> dict:
    """A model-quality statistics.json → the API's ``report`` object (without available/reason)."""
    doc = load_json(data, uri)
    if not isinstance(doc, dict):
        raise ArtifactFormatError(f"{uri} is not a model-quality statistics object.", file=uri)
    section_key = next((k for k in PROBLEM_SECTIONS if isinstance(doc.get(k), dict)), None)
    if section_key is None:
        raise ArtifactFormatError(
            f"{uri} has none of {', '.join(PROBLEM_SECTIONS)} (not a model-quality statistics.json).",
            file=uri,
        )
    section = doc[section_key]
    dataset: dict = doc["dataset"] if isinstance(doc.get("dataset"), dict) else {}
    metrics = []
    for name, value in section.items():
        if isinstance(value, dict) and "value" in value:
            metrics.append(
                {
                    "name": name,
                    "value": number(value.get("value")),
                    "standardDeviation": number(value.get("standard_deviation")),
                }
            )
    curves: dict[str, Any] = {"roc": None, "precisionRecall": None}
    roc = section.get("receiver_operating_characteristic_curve")
    if isinstance(roc, dict):
        fpr, tpr = _number_list(roc.get("false_positive_rates")), _number_list(roc.get("true_positive_rates"))
        if fpr and tpr and len(fpr) == len(tpr):
            auc = section.get("auc")
            curves["roc"] = {
                "falsePositiveRates": fpr,
                "truePositiveRates": tpr,
                "auc": number(auc.get("value")) if isinstance(auc, dict) else None,
            }
    pr = section.get("precision_recall_curve")
    if isinstance(pr, dict):
        precisions, recalls = _number_list(pr.get("precisions")), _number_list(pr.get("recalls"))
        if precisions and recalls and len(precisions) == len(recalls):
            curves["precisionRecall"] = {"precisions": precisions, "recalls": recalls}
    return {
        "problemType": PROBLEM_SECTIONS[section_key],
        "itemCount": number(dataset.get("item_count")),
        "evaluationTime": _evaluation_time(dataset.get("evaluation_time")),
        "metrics": metrics,
        "confusionMatrix": parse_confusion_matrix(section.get("confusion_matrix"), uri),
        "curves": curves,
    }


MAX_OOF_ROWS = 500_000


def parse_oof(data: bytes, uri: str) -> dict:
    """The local runner's ``oof_predictions.csv`` → ``{"actual": [...], "predicted": [...]}``
    (regression) or ``{"actual": [...], "classes": [...], "probabilities": [[...], ...]}``."""
    import csv
    import io

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ArtifactFormatError(f"{uri} is not UTF-8 text.", file=uri) from None
    try:
        return _oof_rows(csv.reader(io.StringIO(text)), uri)
    except csv.Error as exc:
        raise ArtifactFormatError(f"{uri} cannot be read as CSV ({exc}).", file=uri) from None


def _oof_rows(reader, uri: str) -> dict:
    header = next(reader, None)
    if not header or header[:3] != ["row", "fold", "actual"] or len(header) < 4:
        raise ArtifactFormatError(f"{uri} is not a table of out-of-fold predictions.", file=uri)
    columns = header[3:]
    regression = columns == ["predicted"]
    if not regression and not all(c.startswith("probability:") for c in columns):
        raise ArtifactFormatError(f"{uri}: unknown prediction columns.", file=uri)
    actual, values = [], []
    for i, line in enumerate(reader):
        if i >= MAX_OOF_ROWS:
            raise ArtifactFormatError(f"{uri} has more than {MAX_OOF_ROWS:,} rows.", file=uri)
        if len(line) != len(header):
            raise ArtifactFormatError(f"{uri}: row {i + 1} has {len(line)} cells, not {len(header)}.", file=uri)
        numbers = [number(v) for v in line[3:]]
        if any(v is None for v in numbers):
            raise ArtifactFormatError(f"{uri}: row {i + 1} has a prediction that is not a number.", file=uri)
        actual.append(number(line[2]) if regression else line[2])
        values.append(numbers[0] if regression else numbers)
    if regression:
        return {"actual": actual, "predicted": values}
    return {"actual": actual, "classes": [c[len("probability:") :] for c in columns], "probabilities": values}
