"""Errors of the service layer.

Every error carries an HTTP status and a message a person can act on. The REST handlers turn
them into ``{"message": ...}`` JSON with that status; the notebook API raises them as they are.
Messages never contain credentials, tracebacks or ``str()`` of an unexpected exception.
"""

from __future__ import annotations


class AutopilotError(Exception):
    """Base class: ``status`` is the HTTP status, ``code`` a stable machine-readable name."""

    status = 500
    code = "Error"

    def __init__(self, message: str, *, request_id: str | None = None, **extra):
        super().__init__(message)
        self.message = message
        self.request_id = request_id
        self.extra = extra

    def to_json(self) -> dict:
        body = {"message": self.message, "code": self.code}
        if self.request_id:
            body["requestId"] = self.request_id
        body.update(self.extra)
        return body


class InvalidName(AutopilotError):
    status = 400
    code = "InvalidName"


class InvalidParameter(AutopilotError):
    status = 400
    code = "InvalidParameter"


class UnknownSource(AutopilotError):
    status = 404
    code = "UnknownSource"


class NotFound(AutopilotError):
    status = 404
    code = "NotFound"


class JobNotFound(NotFound):
    code = "JobNotFound"


class CandidateNotFound(NotFound):
    code = "CandidateNotFound"


class ArtifactNotFound(NotFound):
    """A file the UI asks for (notebook, report) is not named by the job's records or is absent."""

    code = "ArtifactNotFound"


class ExplainabilityNotAvailable(NotFound):
    """Raised by the notebook API when a candidate has no explainability output."""

    code = "ExplainabilityNotAvailable"


class ModelInsightsNotAvailable(NotFound):
    """Raised by the notebook API when a candidate has no model-quality report."""

    code = "ModelInsightsNotAvailable"


class AccessDenied(AutopilotError):
    status = 403
    code = "AccessDenied"


class ExpiredCredentials(AutopilotError):
    status = 401
    code = "ExpiredCredentials"


class Throttled(AutopilotError):
    status = 429
    code = "Throttled"


class Conflict(AutopilotError):
    """The request conflicts with what exists: a job name in use (AWS ResourceInUse), a job that ended."""

    status = 409
    code = "Conflict"


class JobExists(Conflict):
    code = "JobExists"


class JobEnded(Conflict):
    code = "JobEnded"


class LimitExceeded(AutopilotError):
    """AWS ResourceLimitExceeded: the account's quota (of running AutoML jobs, endpoints, ...)."""

    status = 429
    code = "ResourceLimitExceeded"


class SourceUnavailable(AutopilotError):
    """No credentials, no region, a missing jobs folder: the source cannot be used at all."""

    status = 503
    code = "SourceUnavailable"


class UpstreamError(AutopilotError):
    status = 502
    code = "UpstreamError"


class ArtifactFormatError(UpstreamError):
    """An artifact (analysis.json, statistics.json, a record) exists but cannot be parsed."""

    code = "MalformedArtifact"


class ArtifactTooLarge(AutopilotError):
    status = 413
    code = "ArtifactTooLarge"


class UpstreamTimeout(AutopilotError):
    status = 504
    code = "Timeout"


class RefusedFile(AutopilotError):
    """A file of a local job folder that the server will not read: a symbolic link (at any level),
    or not a regular file (a pipe, a device, a folder)."""

    status = 403
    code = "RefusedFile"


class OutsideJobOutput(AutopilotError):
    """A record names an S3 location outside the job's own output location: it is not read."""

    status = 403
    code = "OutsideJobOutput"


#: errors that say something lasting about a file or record (kept with the job); others are retried
PERMANENT_ERRORS = (
    NotFound,
    ArtifactFormatError,
    ArtifactTooLarge,
    RefusedFile,
    OutsideJobOutput,
    InvalidName,
    InvalidParameter,
)
