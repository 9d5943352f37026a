"""The local runner keeps each candidate's out-of-fold predictions: exact thresholds for binary
classifiers (the 0.50 point is the report's confusion matrix), actual-vs-predicted and residual
plots for regression; the file is job-folder content, parsed strictly."""

import numpy as np
import pandas as pd
import pytest

from jupyter_autopilot import AutoMLJob
from jupyter_autopilot.artifacts import parse_oof
from jupyter_autopilot.errors import ArtifactFormatError
from jupyter_autopilot.runner import run_job
from jupyter_autopilot.settings import ServiceSettings
from jupyter_autopilot.wiring import create_service


@pytest.fixture(scope="module")
def jobs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("oof")
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": rng.normal(size=300), "b": rng.normal(size=300)})
    frame["y"] = frame["a"] * 3 + rng.normal(size=300)
    frame["c"] = np.where(frame["a"] + rng.normal(0, 0.5, 300) > 0, "yes", "no")
    frame[["a", "b", "y"]].to_csv(tmp / "r.csv", index=False)
    frame[["a", "b", "c"]].to_csv(tmp / "c.csv", index=False)
    run_job(str(tmp / "r.csv"), "y", "oof-reg", jobs_dir=tmp / "jobs", max_candidates=2)
    run_job(str(tmp / "c.csv"), "c", "oof-bin", jobs_dir=tmp / "jobs", max_candidates=2)
    return tmp / "jobs"


def test_binary_thresholds_are_exact(jobs):
    service = create_service(ServiceSettings(jobs_dir=str(jobs)))
    best = service.candidates("local", "oof-bin").best_candidate
    view = service.performance("local", "oof-bin", best)
    points = view.operating_points
    assert [p.threshold for p in points] == [round(i / 100, 2) for i in range(101)]
    # F1 (the default objective): the job chose the model's decision threshold; its point is the
    # report's confusion matrix
    decision = view.decision_threshold
    assert decision is not None and 0 < decision < 1
    model_point = points[round(decision * 100)]
    matrix = view.report.confusion_matrix.matrix  # rows actual (no, yes), columns predicted
    assert [[model_point.tn, model_point.fp], [model_point.fn, model_point.tp]] == [
        [int(v) for v in row] for row in matrix
    ]
    assert points[0].fn == 0 and points[0].tn == 0  # everything positive at threshold 0
    assert "Exact" in view.operating_points_note and "at least the threshold" in view.operating_points_note
    table = AutoMLJob("oof-bin", source="local", jobs_dir=jobs).candidate(best).threshold_table()
    assert table["threshold"].tolist()[50] == 0.5 and table.attrs["positive_label"] == "yes"


def test_regression_has_actual_vs_predicted_and_residuals(jobs):
    service = create_service(ServiceSettings(jobs_dir=str(jobs)))
    best = service.candidates("local", "oof-reg").best_candidate
    figures = service.performance("local", "oof-reg", best).figures
    scatter = figures.actual_vs_predicted.data[0]
    assert len(scatter["x"]) == 300 and figures.residuals.data[0]["type"] == "scatter"
    residuals = figures.residuals.data[0]
    assert residuals["y"][0] == pytest.approx(scatter["y"][0] - scatter["x"][0])


def test_compare_puts_the_performance_charts_side_by_side(jobs):
    """Regression: each candidate's actual-vs-predicted plot; classification: each one's confusion
    matrix, the same figure the Performance tab draws."""
    service = create_service(ServiceSettings(jobs_dir=str(jobs)))
    for job, kind in (("oof-reg", "scatter"), ("oof-bin", "heatmap")):
        names = [c.name for c in service.candidates("local", job).candidates if c.status == "Completed"][:2]
        view = service.compare("local", job, ",".join(names))
        assert [p.candidate for p in view.performance] == names
        for panel, name in zip(view.performance, names, strict=True):
            assert panel.reason is None and panel.figure.data[0]["type"] == kind
            figures = service.performance("local", job, name).figures
            same = figures.actual_vs_predicted if kind == "scatter" else figures.confusion_matrix
            assert panel.figure == same
        caption = view.performance[0].computed_on
        assert caption == (
            "Out-of-fold predictions." if kind == "scatter" else "Pooled out-of-fold predictions (300 rows)."
        )


@pytest.mark.parametrize(
    "text",
    [
        "a,b,c\n1,2,3\n",
        "row,fold,actual,predicted\n0,0,1.5\n",
        "row,fold,actual,predicted\n0,0,1.5,abc\n",
        "row,fold,actual,score\n0,0,1.5,2\n",
    ],
)
def test_a_malformed_file_is_refused_with_its_name(text):
    with pytest.raises(ArtifactFormatError) as info:
        parse_oof(text.encode(), "s3://b/oof_predictions.csv")
    assert "oof_predictions.csv" in info.value.message


def test_a_cell_too_long_for_csv_is_a_format_error_not_a_500():
    text = "row,fold,actual,predicted\n0,0," + "9" * 200_000 + ",1\n"
    with pytest.raises(ArtifactFormatError):
        parse_oof(text.encode(), "s3://b/oof_predictions.csv")


def test_the_notebook_api_imports_in_a_fresh_interpreter():
    """decide reads the service's models, the service's compare reads decide: no import cycle."""
    import subprocess
    import sys

    for statement in (
        "import jupyter_autopilot.notebook",
        "from jupyter_autopilot import AutoMLJob, decide",
        "import jupyter_autopilot.service",
    ):
        done = subprocess.run([sys.executable, "-c", statement], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
