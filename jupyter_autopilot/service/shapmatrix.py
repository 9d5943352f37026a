"""SHAP across candidates (``GET {source}/jobs/{job}/shap-matrix``): the top candidates × the top
features, each cell a candidate's mean |SHAP| of the feature as its share of that candidate's total
(``decide.shap_shares``, which the notebook's ``job.shap_matrix`` returns too), how stable each
feature's rank is across candidates, and warnings of possible leakage."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import AutopilotError, InvalidParameter
from . import figures, models

if TYPE_CHECKING:
    from .core import AutopilotService

DEFAULT_CANDIDATES, MAX_CANDIDATES = 10, 25
DEFAULT_FEATURES, MAX_FEATURES = 15, 50
#: a feature carrying this share or more of the attribution in most candidates is flagged
DOMINANT_SHARE = 0.5
#: names that look like row identifiers (an identifier that predicts is a leak)
IDENTIFIER = re.compile(r"(^|[_\-\s.])(id|uuid|guid|key|idx|index|row|rownum|record|serial)$|^(id|no|number)$", re.I)
UNIT_NOTE = (
    "Each cell is a candidate's mean |SHAP| of the feature as its share of that candidate's total, so "
    "candidates whose SHAP values are in different units (probability, log-odds) compare."
)


def _whole(value: object, default: int, high: int, name: str) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(str(value))
    except ValueError:
        raise InvalidParameter(f"{name}: a whole number from 1 to {high}.") from None
    if not 1 <= number <= high:
        raise InvalidParameter(f"{name}: a whole number from 1 to {high}.")
    return number


def shap_matrix(
    service: AutopilotService, source_id: str, job: str, candidates: object = None, top: object = None
) -> models.ShapMatrix:
    from .. import decide  # decide reads the service's models: imported once they are

    count = _whole(candidates, DEFAULT_CANDIDATES, MAX_CANDIDATES, "candidates")
    features = _whole(top, DEFAULT_FEATURES, MAX_FEATURES, "top")
    board = service.candidates(source_id, job)
    ranked = [c for c in board.candidates if c.status == "Completed"][:count]
    explained, unexplained = [], []
    for row in ranked:
        try:  # a candidate without explainability output is not read (AWS explains the best one only)
            view = service.explainability(source_id, job, row.name) if row.has_explainability else None
        except AutopilotError:
            view = None
        if view is not None and view.available and view.labels:
            explained.append((row.name, view.labels))
        else:
            unexplained.append(row.name)
    everything = decide.shap_shares(explained, None)
    shown = everything.iloc[:, :features] if not everything.empty else everything
    stability, warnings = [], []
    if not everything.empty:
        ranks = everything.rank(axis=1, ascending=False, method="min")
        for name in shown.columns:
            shares = everything[name]
            stability.append(
                {
                    "name": name,
                    "meanShare": float(shares.mean()),
                    "bestRank": int(ranks[name].min()),
                    "worstRank": int(ranks[name].max()),
                }
            )
            dominant = int((shares >= DOMINANT_SHARE).sum())
            if dominant * 2 >= len(shares) and dominant:
                warnings.append(
                    f"{name} carries {DOMINANT_SHARE:.0%} or more of the attribution (up to {shares.max():.0%}) "
                    f"in {dominant} of {len(shares)} candidates: check that it is not derived from the target "
                    "(leakage)."
                )
            best_rank = int(ranks[name].min())
            if IDENTIFIER.search(str(name)) and best_rank <= 5:
                warnings.append(
                    f"{name} looks like an identifier and ranks #{best_rank}: an identifier should not predict "
                    "the target; check for leakage, or leave the column out."
                )
    answer = {
        "job": job,
        "candidates": list(shown.index) if not shown.empty else [],
        "features": list(shown.columns) if not shown.empty else [],
        "shares": shown.values.tolist() if not shown.empty else [],
        "stability": stability,
        "warnings": warnings,
        "unexplained": unexplained,
        "unitNote": UNIT_NOTE,
        "figure": figures.shap_heatmap(shown).model_dump(mode="json") if not shown.empty else None,
    }
    from .views import build

    return build(models.ShapMatrix, answer)
