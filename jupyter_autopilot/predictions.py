"""Predictions on a file under the Jupyter root (the REST side of ``candidate.predict``).

The input path is the user's, relative to the server's root folder: it is resolved (links
included) and must stay below the root, be a regular ``.csv`` file, and be of bounded size. The
output ``<file>-<candidate>-predictions.csv`` is written beside it, never over an existing file
unless asked, atomically.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import AutopilotError, InvalidParameter, NotFound
from .names import check_candidate_name, check_job_name

MAX_INPUT_BYTES = 1024 * 1024 * 1024


class OutputExists(AutopilotError):
    status = 409
    code = "OutputExists"


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def resolve_input(root_dir: str, relative: object) -> Path:
    """The input CSV, contained under the root; 400 for anything else (nothing is read)."""
    if not isinstance(relative, str) or not relative.strip() or len(relative) > 1024:
        raise InvalidParameter("input: give the path of a CSV file under the Jupyter root folder.")
    try:
        return _resolve(root_dir, relative)
    except OSError as exc:  # a name too long, a permission: said, never a 500
        raise InvalidParameter(f"input: {relative[:200]!r} cannot be read ({exc.strerror or exc}).") from None


def _resolve(root_dir: str, relative: str) -> Path:
    if "\x00" in relative or relative.startswith(("/", "\\")) or os.path.isabs(relative):
        raise InvalidParameter(f"input: {relative[:200]!r} must be a path relative to the Jupyter root folder.")
    root = Path(os.path.realpath(root_dir))
    path = Path(os.path.realpath(root / relative))
    if path != root and root not in path.parents:
        raise InvalidParameter(f"input: {relative[:200]!r} is outside the Jupyter root folder.")
    if not path.exists():
        raise InvalidParameter(f"input: {relative[:200]!r} does not exist.")
    if not path.is_file():
        raise InvalidParameter(f"input: {relative[:200]!r} is not a file.")
    if path.suffix.lower() != ".csv":
        raise InvalidParameter(f"input: {relative[:200]!r} is not a .csv file.")
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise InvalidParameter(f"input: {relative[:200]!r} is larger than {MAX_INPUT_BYTES:,} bytes.")
    return path


def read_frame(path: Path, shown: str):
    import pandas as pd

    try:
        frame = pd.read_csv(path, encoding="utf-8-sig", low_memory=False)
    except pd.errors.EmptyDataError:
        raise InvalidParameter(f"input: {shown} is empty.") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InvalidParameter(f"input: {shown} could not be read as CSV: {first}") from None
    return frame


def predict_file(service, root_dir: str, source: str, job: str, candidate: str, relative, overwrite=False):
    check_job_name(job)
    check_candidate_name(candidate)  # before it is part of a file name
    path = resolve_input(root_dir, relative)
    root = Path(os.path.realpath(root_dir))
    output = path.with_name(f"{path.stem}-{candidate}-predictions.csv")
    try:
        return _predict_to(service, root, path, output, source, job, candidate, overwrite)
    except OSError as exc:  # a read-only folder, a name too long, a folder in the way
        raise InvalidParameter(f"The predictions cannot be written beside the input ({exc.strerror or exc}).") from None


def _predict_to(service, root: Path, path: Path, output: Path, source, job, candidate, overwrite):
    if output.exists() and not overwrite:
        raise OutputExists(
            f"{_relative(output, root)} exists already; ask again with overwrite to replace it.",
            output=_relative(output, root),
        )
    frame = read_frame(path, _relative(path, root))
    predictions, summary = service.predict(source, job, candidate, frame)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            predictions.to_csv(fh, index=False)
        if overwrite:
            os.replace(tmp, output)
        else:
            try:  # never over a file that appeared meanwhile
                os.link(tmp, output)
            except FileExistsError:
                raise OutputExists(
                    f"{_relative(output, root)} exists already; ask again with overwrite to replace it.",
                    output=_relative(output, root),
                ) from None
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
    from .service.models import Predictions

    return Predictions(
        output=_relative(output, root),
        rows=int(summary["rows"]),
        scored_rows=summary.get("scoredRows"),
        accuracy=summary.get("accuracy"),
        mse=summary.get("mse"),
        r2=summary.get("r2"),
    )


__all__ = ["predict_file", "resolve_input", "OutputExists", "NotFound"]
