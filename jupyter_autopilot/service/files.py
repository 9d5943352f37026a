"""Files a job's records name: its notebooks and its candidates' report files (PDF, JSON), read
within the job's own output location. Functions of the service (``AutopilotService`` delegates)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import artifacts as art
from .. import records as rec
from ..errors import ArtifactFormatError, ArtifactNotFound, NotFound
from ..names import TERMINAL_STATUSES
from ..s3uri import try_parse
from . import views

if TYPE_CHECKING:
    from .core import AutopilotService

#: report kind -> (CandidateArtifactLocations key, file name suffixes, content type, what it is)
REPORT_KINDS = {
    "explainabilityPdf": ("Explainability", ("report.pdf",), "application/pdf", "explainability report (PDF)"),
    "performancePdf": ("ModelInsights", ("report.pdf",), "application/pdf", "model quality report (PDF)"),
    "performanceJson": ("ModelInsights", ("statistics.json",), "application/json", "model quality report (JSON)"),
}


def notebook(service: AutopilotService, source_id: str, job: str, kind: str) -> dict:
    if kind not in views.NOTEBOOK_FIELDS:
        raise NotFound(f"Unknown notebook {str(kind)[:40]!r}; use dataExploration or candidateDefinition.")
    src, entry = service._job(source_id, job)
    field_name, label = views.NOTEBOOK_FIELDS[kind]
    uri = rec.dig(entry.record, "AutoMLJobArtifacts", field_name)
    if not uri:
        raise ArtifactNotFound(
            f"Job {job!r} has no {label}: its record names none"
            + (
                " (the job may not have finished analysing the data)."
                if entry.record.get("AutoMLJobStatus") not in TERMINAL_STATUSES
                else "."
            )
        )
    loc = try_parse(uri)
    if loc is None:
        raise ArtifactFormatError(f"The {label} location of job {job!r} is not an s3:// URI: {str(uri)[:200]!r}.")
    data = service._read(src, job, entry, loc, service.max_notebook_bytes)
    nb = art.load_json(data, loc.uri)
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ArtifactFormatError(f"{loc.uri} is not a Jupyter notebook.", file=loc.uri)
    return {"name": loc.key.rsplit("/", 1)[-1] or f"{job}-{kind}.ipynb", "uri": loc.uri, "content": nb}


def report(service: AutopilotService, source_id: str, job: str, candidate: str, kind: str) -> tuple[bytes, str, str]:
    if kind not in REPORT_KINDS:
        raise NotFound(f"Unknown report {str(kind)[:40]!r}; use {', '.join(REPORT_KINDS)}.")
    location_key, suffixes, content_type, label = REPORT_KINDS[kind]
    src, entry, cand = service._job_and_candidate(source_id, job, candidate)
    prefix = rec.artifact_locations(cand).get(location_key)
    if try_parse(prefix) is None:
        raise ArtifactNotFound(
            f"Candidate {candidate!r} has no {label}: its record names no "
            f"{location_key} location (Autopilot writes reports for the best candidate only)."
        )
    loc = service._find_object(src, job, entry, prefix, suffixes)
    if loc is None:
        raise ArtifactNotFound(f"Candidate {candidate!r} has no {label} under {prefix}.")
    filename = f"{candidate}-{kind}.{'pdf' if content_type == 'application/pdf' else 'json'}"
    return service._read(src, job, entry, loc, service.max_report_bytes), content_type, filename
