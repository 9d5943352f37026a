"""The source interface.

A source returns *records*: dicts in the very shapes the AWS APIs return (DescribeAutoMLJobV2 or
DescribeAutoMLJob, ListCandidatesForAutoMLJob's AutoMLCandidate, DescribeTrainingJob, ...), and
the bytes of S3 objects. It knows nothing of views. Methods block (boto3, file IO); the service
calls them from worker threads. Every method takes the job name, so a local source can resolve
its files and an AWS source can ignore it.

Errors are raised as :mod:`jupyter_autopilot.errors` classes, never as boto or OS exceptions.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from ..s3uri import S3Location


@dataclass
class SourceStatus:
    available: bool
    message: str
    details: dict | None = None


class JobSource(ABC):
    id: str = ""
    label: str = ""

    @abstractmethod
    def status(self) -> SourceStatus:
        """Whether this source can be used, cheaply (no network round trip when avoidable)."""

    @abstractmethod
    def list_jobs(
        self,
        *,
        name_contains: str | None = None,
        status: str | None = None,
        next_token: str | None = None,
        max_results: int = 100,
    ) -> tuple[list[dict], str | None]:
        """AutoMLJobSummaries, newest first, and the token of the next page (or None)."""

    @abstractmethod
    def describe_job(self, job: str) -> dict:
        """DescribeAutoMLJobV2 (or V1) response; raises JobNotFound."""

    @abstractmethod
    def list_candidates(self, job: str) -> list[dict]:
        """Every AutoMLCandidate of the job (all pages)."""

    def candidate_pages(self, job: str) -> Iterator[list[dict]]:
        """The candidates page by page, as they arrive (default: one page of all)."""
        yield self.list_candidates(job)

    def find_candidate(self, job: str, name: str) -> dict | None:
        """One AutoMLCandidate by name, or None (default: from the full list)."""
        return next(
            (c for c in self.list_candidates(job) if isinstance(c, dict) and c.get("CandidateName") == name), None
        )

    @abstractmethod
    def describe_step(self, job: str, step_type: str, step_name: str) -> dict:
        """Describe{Training,Processing,Transform}Job response for a candidate step; raises NotFound."""

    @abstractmethod
    def list_objects(self, job: str, prefix: S3Location, limit: int = 1000) -> list[tuple[S3Location, int]]:
        """Objects (location, size) below ``prefix``, recursively, at most ``limit``."""

    @abstractmethod
    def read_object(self, job: str, location: S3Location, max_bytes: int) -> bytes:
        """The object's bytes; raises ArtifactNotFound, or ArtifactTooLarge above ``max_bytes``."""

    @abstractmethod
    def list_experiments(self) -> list[dict]:
        """ExperimentSummaries of the experiments that belong to AutoML jobs."""

    @abstractmethod
    def list_unassigned_trial_components(self) -> list[dict]:
        """TrialComponentSummaries of trial components in no trial whose source is an AutoML job."""

    def version(self, job: str) -> str | None:
        """A token that changes when the job's records change (None when unknown)."""
        return None
