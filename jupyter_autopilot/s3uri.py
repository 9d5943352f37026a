"""Strict ``s3://bucket/key`` parsing and prefix checks.

The server reads only objects that a job's own records name. Every location is parsed here, and
every object found by listing is checked to sit under the prefix it was listed from, comparing
path components (never a bare ``str.startswith``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from .errors import ArtifactFormatError

_BUCKET = re.compile(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]")


@dataclass(frozen=True)
class S3Location:
    bucket: str
    key: str  # may be "" (the bucket itself) or end with "/" (a prefix)

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.key}"

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in self.key.split("/") if p)

    def contains(self, other: S3Location) -> bool:
        """True when ``other`` is this location itself or lies below it (component-wise)."""
        if other.bucket != self.bucket:
            return False
        mine, theirs = self.parts, other.parts
        return len(theirs) >= len(mine) and theirs[: len(mine)] == mine


def parse_s3_uri(uri) -> S3Location:
    """Parse an S3 URI from a record; raise ArtifactFormatError on anything unusual."""
    if not isinstance(uri, str) or not uri.startswith("s3://"):
        raise ArtifactFormatError(f"{str(uri)[:200]!r} is not an s3:// URI")
    if any(ch in uri for ch in ("?", "#", "\\", "\x00")) or len(uri) > 2048:
        raise ArtifactFormatError(f"{uri[:200]!r} is not a plain s3:// URI")
    rest = uri[len("s3://") :]
    bucket, _, key = rest.partition("/")
    if not _BUCKET.fullmatch(bucket) or ".." in bucket:
        raise ArtifactFormatError(f"{uri[:200]!r} names an invalid bucket")
    decoded = unquote(key)
    for part in decoded.split("/"):
        if part in (".", ".."):
            raise ArtifactFormatError(f"{uri[:200]!r} contains a relative path component")
    return S3Location(bucket, key)


def try_parse(uri) -> S3Location | None:
    try:
        return parse_s3_uri(uri)
    except ArtifactFormatError:
        return None
