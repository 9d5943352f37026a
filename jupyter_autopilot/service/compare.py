"""Candidates side by side (``GET {source}/jobs/{job}/compare?candidates=a,b``): their metrics
with the best of each marked, their hyperparameters (those that differ first), and their SHAP on
one shared feature order, each as its share of the candidate's total (so units do not matter).
The rows come from ``decide`` (the notebook's ``job.compare`` and ``job.shap_matrix`` read the
same functions)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..errors import AutopilotError, CandidateNotFound, InvalidParameter
from ..names import COMPARE_LIMIT, check_candidate_name
from ..records import direction_of_metric
from . import figures, measures, models

if TYPE_CHECKING:
    from .core import AutopilotService

MIN_COMPARED, MAX_COMPARED = COMPARE_LIMIT
SHAP_FEATURES = 15  # features of the shared SHAP chart


def parse_names(text: object) -> list[str]:
    """``a,b,c`` → the candidate names, each checked, each once, 2 to 10 of them."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidParameter("candidates: name 2 or more candidates, separated by commas.")
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not MIN_COMPARED <= len(names) <= MAX_COMPARED:
        raise InvalidParameter(f"candidates: {MIN_COMPARED} to {MAX_COMPARED} candidates, not {len(names)}.")
    if len(set(names)) != len(names):
        raise InvalidParameter("candidates: each candidate once.")
    for name in names:
        check_candidate_name(name)
    return names


def _best(values: list[float | None], direction: str | None) -> int | None:
    known = [(v, i) for i, v in enumerate(values) if v is not None and math.isfinite(v)]
    if len(known) < 2 or direction is None:
        return None
    pick = min if direction == "Minimize" else max
    return pick(known, key=lambda pair: pair[0])[1]  # a tie: the first candidate


def comparison(service: AutopilotService, source_id: str, job: str, names: list[str]) -> models.Comparison:
    from .. import decide  # decide reads the service's models: imported once they are

    board = service.candidates(source_id, job)
    rows = {c.name: c for c in board.candidates}
    missing = [n for n in names if n not in rows]
    if missing:
        raise CandidateNotFound(f"Candidate {missing[0]!r} not found in AutoML job {job!r}.")
    chosen = [rows[n] for n in names]
    hyperparameters, notes = [], []
    for name in names:
        try:
            hyperparameters.append(service.hyperparameters(source_id, job, name))
        except AutopilotError as exc:
            hyperparameters.append({})
            notes.append(f"{name}: no hyperparameters ({exc.message})")
    frame = decide.compare_frame(chosen, hyperparameters)
    metrics: list[dict] = []
    params: list[dict] = []
    for index, row in frame.iterrows():
        kind, name = str(index[0]), str(index[1])  # type: ignore[index]
        cells = row.tolist()
        if kind == "hyperparameter":
            texts = [None if _missing(v) else str(v) for v in cells]
            params.append({"name": name, "values": texts, "differs": len({repr(v) for v in texts}) > 1})
        else:
            numbers = [None if _missing(v) else float(v) for v in cells]
            direction = direction_of_metric(name)
            metrics.append(
                {
                    "set": kind,
                    "name": name,
                    "direction": direction,
                    "values": numbers,
                    "best": _best(numbers, direction),
                }
            )
    explained, unexplained = [], []
    for name in names:
        try:
            view = service.explainability(source_id, job, name) if rows[name].has_explainability else None
        except AutopilotError:
            view = None
        if view is not None and view.available and view.labels:
            explained.append((name, view.labels))
        else:
            unexplained.append(name)
    shares = decide.shap_shares(explained, SHAP_FEATURES)
    shap_note = None
    if unexplained:
        shap_note = "No explainability output for " + ", ".join(unexplained) + "."
    return views_build(
        {
            "job": job,
            "candidates": names,
            "objective": board.objective.to_dict(),
            "metrics": metrics,
            "hyperparameters": params,
            "shap": figures.shap_comparison(shares).model_dump(mode="json") if not shares.empty else None,
            "shapNote": shap_note,
            "notes": notes,
            "performance": [_performance(service, source_id, job, name) for name in names],
        }
    )


def _performance(service: AutopilotService, source_id: str, job: str, name: str) -> dict:
    """The candidate's Performance chart to put beside the others': its confusion matrix, or its
    actual-vs-predicted plot (regression), or the reason it has neither."""
    try:
        view = service.performance(source_id, job, name)
        _, entry = service._job(source_id, job)  # the job's record (cached: performance read it)
    except AutopilotError as exc:
        return {"candidate": name, "reason": exc.message}
    report, charts = view.report, view.figures
    figure = charts.confusion_matrix or charts.actual_vs_predicted
    if figure is not None:
        computed_on = (
            measures.report_caption(entry.record, report, short=True)
            if charts.confusion_matrix
            else "Out-of-fold predictions."
        )
        return {"candidate": name, "figure": figure.model_dump(mode="json"), "computedOn": computed_on}
    if not report.available:
        reason = report.reason or "It has no model-quality report."
    elif report.problem_type == "Regression":
        reason = "Its records hold no predictions to plot (the local runner keeps out-of-fold predictions)."
    else:
        reason = "Its model-quality report has no confusion matrix."
    return {"candidate": name, "reason": reason}


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def views_build(view: dict) -> models.Comparison:
    from .views import build

    return build(models.Comparison, view)
