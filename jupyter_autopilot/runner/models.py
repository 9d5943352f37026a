"""The runner's model files, and predictions with them.

Next to each candidate's ``model.joblib`` (the fitted scikit-learn pipeline) the runner writes
``model.json``: what the model needs (feature columns and their kinds, class labels, problem
type, target) and the versions of the libraries it was trained with, plus an HMAC-SHA256 of
the model file under this user's signing key (``<jupyter data dir>/autopilot/model-signing.key``,
created on first use, readable by its owner only).

Loading a joblib file runs code, and job folders are shared: a model is loaded only when its
signature matches this user's key (it was trained here) and the installed libraries are the
ones it was trained with. Anything else is refused with a clear message, never unpickled.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import io
import json
import os
import platform
import secrets
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import AutopilotError, InvalidParameter

MODEL_METADATA = "model.json"
FORMAT = 1
KEY_ENV = "JUPYTER_AUTOPILOT_SIGNING_KEY"
#: libraries whose versions must match exactly for a model to load (pickles are version-bound);
#: a model records those it uses: every model the first two, a family's model its own library
PINNED = ("scikit-learn", "numpy", "lightgbm", "xgboost", "catboost")
ALWAYS_PINNED = ("scikit-learn", "numpy")
#: where a library's version is read: the distributions that install it (XGBoost's CPU-only build
#: is the "xgboost-cpu" distribution of the same "xgboost" module)
DISTRIBUTIONS = {"xgboost": ("xgboost", "xgboost-cpu")}
MAX_MODEL_BYTES = 512 * 1024 * 1024


class ModelRefused(AutopilotError):
    """A model file the server will not load (not signed here, or trained with other libraries)."""

    status = 409
    code = "ModelRefused"


def _key_file() -> Path:
    configured = os.environ.get(KEY_ENV)
    if configured:
        return Path(configured).expanduser()
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "autopilot" / "model-signing.key"


KEY_BYTES = 32


def _read_key(path: Path) -> bytes | None:
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        return None
    except (OSError, ValueError, UnicodeDecodeError):
        key = b""
    if len(key) != KEY_BYTES:
        raise ModelRefused(
            f"The model signing key {path} is not a key this runner wrote (32 bytes in hex); remove it to make a "
            "new one (models signed with the old key will need training again)."
        )
    return key


def signing_key() -> bytes:
    """This user's key: made once (32 random bytes, mode 0600, written whole before it is
    visible: a temporary file linked into place), then read; anything else is refused."""
    path = _key_file()
    key = _read_key(path)
    if key is not None:
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_bytes(KEY_BYTES).hex().encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # fails if another process made the key first: theirs is used
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    key = _read_key(path)
    if key is None:
        raise ModelRefused(f"The model signing key {path} could not be made.")
    return key


def sign(data: bytes) -> str:
    return hmac.new(signing_key(), data, hashlib.sha256).hexdigest()


@functools.cache
def _versions_at_training() -> dict:
    """``library_versions()`` read once per training process: reading the distributions'
    metadata took a few milliseconds for every model saved. (A model is checked against the
    versions installed at that moment: a long-running server may see an upgrade.)"""
    return library_versions()


def library_versions() -> dict:
    versions = {"python": platform.python_version()}
    for name in ("scikit-learn", "numpy", "pandas", "joblib", "lightgbm", "xgboost", "catboost"):
        for distribution in DISTRIBUTIONS.get(name, (name,)):
            try:
                versions[name] = metadata.version(distribution)
                break
            except metadata.PackageNotFoundError:
                continue
    return versions


def model_metadata(ds, model_bytes: bytes, libraries: Iterable[str] = PINNED) -> dict:
    """What ``model.json`` says of a model trained on ``ds`` (a runner Dataset). ``libraries``:
    the pinned libraries the model is made with (its family's, or its members' for an ensemble):
    only those must match when it is loaded, so a linear model trained while CatBoost was
    installed still loads once CatBoost is gone."""
    pinned = set(ALWAYS_PINNED) | set(libraries)
    versions = {k: v for k, v in _versions_at_training().items() if k not in PINNED or k in pinned}
    return {
        "format": FORMAT,
        "problemType": ds.problem_type,
        "target": ds.target,
        "features": list(ds.features.columns),
        "numericColumns": list(ds.numeric_columns),
        "categoricalColumns": list(ds.categorical_columns),
        "classes": ds.labels if ds.is_classification else None,
        "versions": versions,
        "signature": sign(model_bytes),
    }


def check_versions(recorded: dict) -> None:
    installed = library_versions()
    different = [
        f"{name} {recorded[name]} (installed: {installed.get(name, 'none')})"
        for name in PINNED
        if name in recorded and installed.get(name) != recorded[name]
    ]
    if different:
        raise ModelRefused(
            "This model was trained with other library versions: "
            + "; ".join(different)
            + ". Install those versions to use it, or train the job again here."
        )


def load_model(model_bytes: bytes, meta: Any, what: str):
    """The fitted pipeline, after the signature and version checks."""
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or not isinstance(meta.get("features"), list):
        raise ModelRefused(f"{what} has no valid model.json: it was not written by this runner.")
    signature = meta.get("signature")
    if not isinstance(signature, str) or not hmac.compare_digest(signature, sign(model_bytes)):
        raise ModelRefused(
            f"{what} was not trained by this user on this machine (its signature does not match), so it "
            "is not loaded: loading a model file runs its code. Train the job again here to use it."
        )
    check_versions(meta.get("versions") or {})
    import joblib

    return joblib.load(io.BytesIO(model_bytes))


def predict(pipeline, meta: dict, frame) -> tuple[Any, dict]:
    """(predictions, summary) for a DataFrame: ``predicted_label`` (a binary classifier's at its
    decision threshold), and ``probability_<class>`` for each class of a classifier, in the rows' order. Missing feature columns are a 400 naming
    them; extra columns are ignored; a target column present is scored (accuracy, or R2/MSE)."""
    import numpy as np
    import pandas as pd

    from .data import label_string, prepare_features
    from .threshold import predicted_index, threshold_of

    features = [str(c) for c in meta["features"]]
    frame = frame.rename(columns=str)
    missing = [c for c in features if c not in frame.columns]
    if missing:
        shown = ", ".join(repr(c) for c in missing[:10]) + (
            f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        )
        raise InvalidParameter(f"The input lacks the column{'s' if len(missing) > 1 else ''} the model needs: {shown}.")
    X = prepare_features(frame[features], meta.get("numericColumns") or [], meta.get("categoricalColumns") or [])
    summary: dict = {"rows": int(len(X))}
    classes = meta.get("classes")
    if not classes:
        values = np.asarray(pipeline.predict(X), dtype=float)
        out = pd.DataFrame({"predicted_label": values}, index=frame.index)
    else:
        proba = np.asarray(pipeline.predict_proba(X), dtype=float)
        full = np.zeros((len(X), len(classes)))
        position = {label: k for k, label in enumerate(classes)}
        for j, c in enumerate(pipeline.classes_):  # the pipeline's own class values, as labels
            full[:, position[label_string(c)]] = proba[:, j]
        chosen = predicted_index(full, threshold_of(pipeline))  # at the model's decision threshold, if it has one
        labels = np.asarray(classes, dtype=object)[chosen] if len(X) else np.asarray([], dtype=object)
        out = pd.DataFrame({"predicted_label": labels}, index=frame.index)
        for k, label in enumerate(classes):
            out[f"probability_{label}"] = full[:, k]
    target = meta.get("target")
    if target in frame.columns and len(X):
        actual = frame[target]
        known = actual.notna().to_numpy()
        if known.any():
            if classes:
                truth = np.asarray([label_string(v) for v in actual[known]], dtype=object)
                summary["accuracy"] = float(np.mean(truth == out["predicted_label"].to_numpy()[known]))
            else:
                y = pd.to_numeric(actual[known], errors="coerce").to_numpy(dtype=float)
                pred = out["predicted_label"].to_numpy()[known]
                ok = np.isfinite(y)
                if ok.any():
                    err = y[ok] - pred[ok]
                    summary["mse"] = float(np.mean(err**2))
                    var = float(np.var(y[ok]))
                    summary["r2"] = float(1 - np.mean(err**2) / var) if var > 0 else None
            summary["scoredRows"] = int(known.sum())
    return out, summary


def metadata_json(meta: dict) -> str:
    return json.dumps(meta, indent=1, sort_keys=True)
