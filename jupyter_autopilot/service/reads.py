"""Reading a candidate's artifact files (Clarify's analysis.json, the model-quality statistics.json)
into the parts of the model-details views, with the reason when a part cannot be read. Functions of
the service (``AutopilotService`` calls them); a finished job's reads are kept with the job."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import artifacts as art
from .. import records as rec
from ..errors import PERMANENT_ERRORS, AutopilotError
from ..names import TERMINAL_STATUSES
from ..s3uri import try_parse

if TYPE_CHECKING:
    from .core import AutopilotService


@dataclass(frozen=True)
class ArtifactSpec:
    location_key: str  # in CandidateArtifactLocations
    filename: str
    parser: Callable[[bytes, str], object]
    what: str
    step: str  # the job's secondary status that writes it
    error_status: str  # the job's secondary status when it failed
    instead: str


EXPLAINABILITY = ArtifactSpec(
    "Explainability",
    "analysis.json",
    art.parse_analysis,
    "explainability output (aggregated SHAP values)",
    "GeneratingExplainabilityReport",
    "ExplainabilityError",
    "The local runner (`jupyter autopilot run`) computes it for every candidate.",
)
OUT_OF_FOLD = ArtifactSpec(
    "ModelInsights",
    "oof_predictions.csv",
    art.parse_oof,
    "out-of-fold predictions",
    "GeneratingModelInsightsReport",
    "ModelInsightsError",
    "The threshold explorer moves along the report's ROC points instead.",
)
MODEL_QUALITY = ArtifactSpec(
    "ModelInsights",
    "statistics.json",
    art.parse_statistics,
    "model-quality report (metric statistics, confusion matrix, curves)",
    "GeneratingModelInsightsReport",
    "ModelInsightsError",
    "Its candidate metrics are shown instead.",
)


def parsed_artifact(service: AutopilotService, src, job, entry, cand, spec: ArtifactSpec):
    """(parsed file, reason when unavailable, file URI) of one candidate artifact, cached when terminal."""
    name = cand.get("CandidateName")
    best = rec.best_candidate_name(entry.record)
    secondary = entry.record.get("AutoMLJobSecondaryStatus")
    prefix = rec.artifact_locations(cand).get(spec.location_key)
    if try_parse(prefix) is None:
        if cand.get("CandidateStatus") == "Failed":
            failure = cand.get("FailureReason")
            reason = (
                "This candidate failed"
                + (f": {failure}" if isinstance(failure, str) and failure else "")
                + f". A failed candidate has no model, so it has no {spec.what}."
            )
        elif name == best:
            reason = (
                f"The job's record names no {spec.what} for this candidate, the best one. "
                f"Autopilot writes it in the {spec.step} step" + (f" (job status: {secondary})." if secondary else ".")
            )
        else:
            reason = (
                f"Autopilot generates the {spec.what} only for the best candidate"
                + (f" ({best})" if best else "")
                + f"; this candidate has none. {spec.instead}"
            )
        return None, reason, None
    try:
        return entry.once(
            ("parsed", spec.location_key, spec.filename, name),
            lambda: read_artifact(service, src, job, entry, prefix, spec),
        )
    except AutopilotError as exc:  # throttled, denied, timed out: this part says so, the next request retries
        return None, exc.message, None


def transient_artifact(service: AutopilotService, src, job, entry, cand, spec: ArtifactSpec):
    """A candidate artifact parsed for one use and not kept (a large table: the view made from it
    is what is cached); None when absent or malformed (the view says what it shows instead)."""
    prefix = rec.artifact_locations(cand).get(spec.location_key)
    if try_parse(prefix) is None:
        return None
    try:
        parsed, _, _ = read_artifact(service, src, job, entry, prefix, spec)
    except AutopilotError:
        return None
    return parsed


def read_artifact(service: AutopilotService, src, job, entry, prefix, spec: ArtifactSpec):
    secondary = entry.record.get("AutoMLJobSecondaryStatus")
    try:
        loc = service._find_object(src, job, entry, prefix, (spec.filename,))
    except PERMANENT_ERRORS as exc:
        return None, exc.message, None
    result: tuple[object, str | None, str | None]
    if loc is None:
        reason = f"No {spec.filename} was found under this candidate's {spec.location_key} location ({prefix})."
        if secondary == spec.error_status:
            reason += f" The job reports {spec.error_status}: the {spec.what} failed for this job."
        elif entry.record.get("AutoMLJobStatus") not in TERMINAL_STATUSES:
            reason += f" The job is still running; the {spec.what} may not be written yet."
        # (a finished local job's explanation being computed: workbench.explanation_state says so)
        result = (None, reason, None)
    else:
        try:
            result = (
                spec.parser(service._read(src, job, entry, loc, service.max_artifact_bytes), loc.uri),
                None,
                loc.uri,
            )
        except PERMANENT_ERRORS as exc:
            result = (None, exc.message, loc.uri)  # this part fails alone; the rest of the view shows
    return result
