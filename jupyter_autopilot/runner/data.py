"""Load and check the input CSV, split features from target, infer the problem type."""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import RunnerError
from .preprocessing import many_valued

BINARY = "BinaryClassification"
MULTICLASS = "MulticlassClassification"
REGRESSION = "Regression"
PROBLEM_TYPES = (BINARY, MULTICLASS, REGRESSION)

MIN_ROWS = 10
# An integer-valued numeric target with at most this many distinct values is a class label.
MAX_INTEGER_CLASSES = 20


@dataclass
class Dataset:
    """A checked input table: features, target and what the runner inferred about them."""

    path: Path
    target: str
    features: pd.DataFrame  # feature columns only, rows whose target is present
    y: pd.Series  # the target, same rows
    numeric_columns: list
    categorical_columns: list
    problem_type: str
    many_valued_columns: list = field(default_factory=list)  # categorical, more than 25 values
    classes: list | None = None  # sorted class values (classification)
    rows_read: int = 0
    rows_dropped: int = 0  # rows without a target value
    columns: list = field(default_factory=list)  # every input column, in file order

    @property
    def n_rows(self) -> int:
        return len(self.y)

    @property
    def is_classification(self) -> bool:
        return self.problem_type != REGRESSION

    @property
    def labels(self) -> list:
        """Class values as strings, in the order of ``classes``."""
        return [label_string(c) for c in self.classes or []]


def label_string(value) -> str:
    """A class value as the string Autopilot reports: 1.0 -> "1", True -> "True"."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (np.integer,)):
        return str(int(value))
    return str(value)


def prepare_features(frame, numeric_columns, categorical_columns):
    """Give every feature column the type the preprocessing pipeline expects.

    Numeric columns become float64; categorical columns become Python objects (strings),
    with missing values kept as NaN so that the imputer sees them. Other columns are
    dropped; the column order of ``frame`` is kept.
    """
    import numpy as np
    import pandas as pd

    numeric, categorical = set(numeric_columns), set(categorical_columns)
    columns = {}
    for column in frame.columns:
        values = frame[column]
        if column in numeric:
            columns[column] = pd.to_numeric(values, errors="coerce").astype("float64")
        elif column in categorical:
            columns[column] = pd.Series(
                [np.nan if pd.isna(v) else str(v) for v in values], index=frame.index, dtype=object
            )
    return pd.DataFrame(columns, index=frame.index)


def _check_text_file(path: Path) -> None:
    with open(path, "rb") as fh:
        head = fh.read(64 * 1024)
    if not head.strip():
        raise RunnerError(f"The data file {path} is empty.")
    if b"\x00" in head:
        raise RunnerError(f"The data file {path} is not a CSV file (it contains binary data).")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        raise RunnerError(f"The data file {path} is not a CSV file (it is not UTF-8 text).") from None
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        try:
            with open(path, "rb") as fh:
                json.loads(fh.read(32 * 1024 * 1024))
        except (ValueError, MemoryError):
            pass
        else:
            raise RunnerError(f"The data file {path} is not a CSV file (it is JSON).")


def read_csv(path) -> pd.DataFrame:
    """Read a CSV with a header row, or raise a RunnerError that says what is wrong."""
    path = Path(path).expanduser()
    if not path.exists():
        raise RunnerError(f"The data file {path} does not exist.")
    if not path.is_file():
        raise RunnerError(f"The data path {path} is not a file.")
    _check_text_file(path)
    try:
        frame = pd.read_csv(path, encoding="utf-8-sig", low_memory=False)
    except pd.errors.EmptyDataError:
        raise RunnerError(f"The data file {path} is empty.") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RunnerError(f"The data file {path} could not be parsed as CSV: {first_line}") from None
    if frame.shape[1] < 2:
        raise RunnerError(
            f"The data file {path} has {frame.shape[1]} column; a comma-separated file with a header "
            "row, the target column and at least one feature column is needed."
        )
    if len(frame) == 0:
        raise RunnerError(f"The data file {path} has a header row but no data rows.")
    unnamed = [c for c in frame.columns if str(c).startswith("Unnamed: ")]
    if len(unnamed) == frame.shape[1]:
        raise RunnerError(f"The data file {path} has no header row.")
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _is_integer_valued(values: pd.Series) -> bool:
    arr = values.to_numpy(dtype="float64")
    return bool(np.all(np.isfinite(arr)) and np.all(np.mod(arr, 1) == 0))


def infer_problem_type(y: pd.Series) -> str:
    """Autopilot's rule of thumb: two values -> binary; text or few integer values ->
    multiclass; any other numeric target -> regression."""
    n_unique = y.nunique()
    if n_unique == 2:
        return BINARY
    if not pd.api.types.is_numeric_dtype(y) or pd.api.types.is_bool_dtype(y):
        return MULTICLASS
    if _is_integer_valued(y) and n_unique <= MAX_INTEGER_CLASSES:
        return MULTICLASS
    return REGRESSION


def _normalise_problem_type(problem_type: str | None) -> str | None:
    if problem_type is None:
        return None
    for known in PROBLEM_TYPES:
        if problem_type.lower() == known.lower():
            return known
    raise RunnerError(f"Unknown problem type {problem_type!r}; use one of {', '.join(PROBLEM_TYPES)}.")


def load_dataset(path, target: str, problem_type: str | None = None) -> Dataset:
    """Read and check the CSV, drop rows without a target, and type the columns."""
    path = Path(path).expanduser()
    problem_type = _normalise_problem_type(problem_type)
    frame = read_csv(path)
    columns = list(frame.columns)
    if target not in frame.columns:
        shown = ", ".join(columns[:50]) + (f", ... ({len(columns)} in all)" if len(columns) > 50 else "")
        raise RunnerError(f"The target column {target!r} is not in {path.name}. Available columns: {shown}")

    rows_read = len(frame)
    y = frame[target]
    present = y.notna().to_numpy()
    frame = frame.loc[present].reset_index(drop=True)
    y = frame[target]
    if len(frame) == 0:
        raise RunnerError(f"The target column {target!r} has no values.")
    if y.nunique() < 2:
        raise RunnerError(
            f"The target column {target!r} has only one class ({label_string(y.iloc[0])!r}); "
            "at least two distinct values are needed."
        )
    if len(frame) < MIN_ROWS:
        raise RunnerError(f"The data has {len(frame)} rows with a target value; at least {MIN_ROWS} are needed.")

    inferred = infer_problem_type(y)
    if problem_type is None:
        problem_type = inferred
    n_classes = y.nunique()
    if problem_type == BINARY and n_classes != 2:
        raise RunnerError(f"BinaryClassification needs exactly 2 classes in {target!r}; it has {n_classes}.")
    if problem_type == REGRESSION:
        if pd.api.types.is_bool_dtype(y) or not pd.api.types.is_numeric_dtype(y):
            example = next(v for v in y if not _is_number(v))
            raise RunnerError(f"Regression needs a numeric target; {target!r} has values such as {example!r}.")
        y = y.astype("float64")

    features = frame.drop(columns=[target])
    numeric, categorical = [], []
    for column in features.columns:
        series = features[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            numeric.append(column)
        else:
            categorical.append(column)
    features = prepare_features(features, numeric, categorical)

    classes = None
    if problem_type != REGRESSION:
        classes = sorted(y.unique().tolist(), key=_sort_key)
        if not pd.api.types.is_numeric_dtype(y):
            y = y.astype(object)  # plain Python strings for scikit-learn
    return Dataset(
        path=path,
        target=target,
        features=features,
        y=y.reset_index(drop=True),
        numeric_columns=numeric,
        categorical_columns=categorical,
        problem_type=problem_type,
        many_valued_columns=many_valued(features, categorical),
        classes=classes,
        rows_read=rows_read,
        rows_dropped=rows_read - len(frame),
        columns=columns,
    )


def _is_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _sort_key(value):
    return (0, float(value), "") if _is_number(value) and not isinstance(value, str) else (1, 0.0, str(value))


def profile(ds: Dataset) -> dict:
    """Dataset statistics for the data exploration notebook."""
    columns = []
    for column in ds.features.columns:
        series = ds.features[column]
        missing = int(series.isna().sum())
        entry: dict[str, Any] = {
            "name": column,
            "type": "numeric" if column in ds.numeric_columns else "categorical",
            "missing": missing,
            "missing_pct": 100.0 * missing / max(len(series), 1),
            "unique": int(series.nunique(dropna=True)),
        }
        if column in ds.numeric_columns and series.notna().any():
            entry.update(
                mean=float(series.mean()),
                std=float(series.std()) if series.notna().sum() > 1 else 0.0,
                min=float(series.min()),
                median=float(series.median()),
                max=float(series.max()),
            )
        elif column in ds.categorical_columns:
            top = series.value_counts(dropna=True).head(5)
            entry["top_values"] = [(str(k), int(v)) for k, v in top.items()]
        columns.append(entry)

    if ds.is_classification:
        counts = ds.y.map(label_string).value_counts()
        target = {
            "kind": "classes",
            "counts": [(label, int(counts.get(label, 0))) for label in ds.labels],
        }
    else:
        desc = ds.y.describe()
        target = {"kind": "numeric", "summary": [(str(k), float(v)) for k, v in desc.items()]}
    return {
        "rows_read": ds.rows_read,
        "rows": ds.n_rows,
        "rows_dropped": ds.rows_dropped,
        "n_columns": len(ds.columns),
        "n_numeric": len(ds.numeric_columns),
        "n_categorical": len(ds.categorical_columns),
        "columns": columns,
        "target": target,
        "duplicate_rows": int(pd.concat([ds.features, ds.y.rename("__target__")], axis=1).duplicated().sum()),
    }
