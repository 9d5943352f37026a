"""On data whose signal is known, the best candidate's SHAP ranking finds it."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sklearn.datasets import make_classification, make_regression

from jupyter_autopilot.runner import run_job

SIGNAL = ["signal_a", "signal_b", "signal_c"]
NOISE = [f"noise_{i:02d}" for i in range(1, 16)]


def best_candidate_ranking(jobs_dir, name) -> list:
    job_dir = jobs_dir / name
    job = json.loads((job_dir / "job.json").read_text())
    prefix = job["BestCandidate"]["CandidateProperties"]["CandidateArtifactLocations"]["Explainability"]
    (analysis,) = (job_dir / "s3" / prefix[len("s3://") :]).glob("*/analysis.json")
    labels = json.loads(analysis.read_text())["explanations"]["kernel_shap"]
    (values,) = labels.values()
    return sorted(values["global_shap_values"], key=values["global_shap_values"].get, reverse=True)


@pytest.mark.parametrize("kind", ["classification", "regression"])
def test_best_candidate_ranks_the_informative_columns_first(tmp_path, kind):
    if kind == "classification":
        # shuffle=False: the informative columns come first, then the noise columns
        X, y = make_classification(
            n_samples=400,
            n_features=18,
            n_informative=3,
            n_redundant=0,
            n_repeated=0,
            n_clusters_per_class=1,
            class_sep=1.5,
            shuffle=False,
            random_state=4,
        )
    else:
        X, y = make_regression(n_samples=300, n_features=18, n_informative=3, noise=5.0, shuffle=False, random_state=4)
    frame = pd.DataFrame(X, columns=SIGNAL + NOISE)
    frame["target"] = y
    csv = tmp_path / "signal.csv"
    frame.to_csv(csv, index=False)
    job = run_job(csv, "target", "signal", jobs_dir=tmp_path / "jobs", max_candidates=3)
    assert job["AutoMLJobStatus"] == "Completed"
    ranking = best_candidate_ranking(tmp_path / "jobs", "signal")
    assert sorted(ranking[:3]) == SIGNAL, ranking
