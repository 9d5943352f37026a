"""Atomic file writes.

Readers (the local job source, the UI) may read a job folder while the runner writes it, so
every file is written to a temporary file in the same folder and then moved into place with
``os.replace``: a reader sees the old file or the new one, never half of one. Temporary
files start with a dot and end in ``.tmp``, so no reader ever mistakes one for a record.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import numpy as np

TMP_SUFFIX = ".tmp"


def to_jsonable(value: Any) -> Any:
    """Convert numpy scalars and arrays (recursively) to plain Python values.

    Non-finite floats are refused: a record must never carry NaN (the few places where the
    AWS shapes use the string "NaN" write it explicitly).
    """
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [to_jsonable(v) for v in value.tolist()]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if not math.isfinite(f):
            raise ValueError(f"refusing to write a non-finite number ({f}) to JSON")
        return f
    return value


def _atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    def write(fh) -> None:
        fh.write(data)

    _atomic_write(path, write)


def json_bytes(obj: Any) -> bytes:
    """A record or artifact as the runner writes it (strict JSON, indented, UTF-8)."""
    text = json.dumps(to_jsonable(obj), indent=2, allow_nan=False, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def atomic_write_json(path: Path, obj: Any) -> None:
    """Serialise first (so a bad value never touches the disk), then write atomically."""
    atomic_write_bytes(path, json_bytes(obj))


def atomic_copy(src: Path, dst: Path) -> None:
    with open(src, "rb") as fin:
        _atomic_write(dst, lambda fh: shutil.copyfileobj(fin, fh, 1024 * 1024))


def atomic_dump_joblib(path: Path, obj: Any) -> None:
    import joblib

    _atomic_write(path, lambda fh: joblib.dump(obj, fh, compress=3))
