"""Issue 17 (server side): what the views say where a walkthrough found them wrong or short."""

import json
import shutil

from jupyter_autopilot.service import AutopilotService
from jupyter_autopilot.sources.local import LocalSource

JOB = "fx-binary-v2"
BEST = "fx-binary-v2-xgb-002"
FAILED = "fx-binary-v2-mlp-004"


def _service(root):
    return AutopilotService({"local": LocalSource(root)})


def test_a_failed_candidate_points_to_its_failure(fixture_jobs_dir):
    service = _service(fixture_jobs_dir)
    explainability = service.explainability("local", JOB, FAILED)
    performance = service.performance("local", JOB, FAILED)
    for reason in (explainability.reason, performance.report.reason):
        assert reason.startswith("This candidate failed: AlgorithmError: out of memory.")
        assert "only for the best candidate" not in reason


def test_a_local_runner_job_says_no_sagemaker_network_applies(fixture_jobs_dir, tmp_path):
    root = tmp_path / "jobs"
    shutil.copytree(fixture_jobs_dir / JOB, root / JOB)
    record = json.loads((root / JOB / "job.json").read_text())
    record["AutoMLJobArn"] = "arn:aws:sagemaker:local:000000000000:automl-job/fx-binary-v2"
    (root / JOB / "job.json").write_text(json.dumps(record))
    assert _service(root).network("local", JOB, BEST).on_aws is False
    assert _service(fixture_jobs_dir).network("local", JOB, BEST).on_aws is True


def test_artifacts_show_how_the_training_job_ran_and_the_containers_environment(fixture_jobs_dir):
    view = _service(fixture_jobs_dir).artifacts("local", JOB, BEST)
    facts = {t.name: t for t in view.training}
    assert facts[BEST].instance_type == "ml.m5.4xlarge" and facts[BEST].instance_count == 1
    assert facts[BEST].training_time_in_seconds == 510 and facts[BEST].billable_time_in_seconds == 510
    assert facts[BEST].image.endswith("sagemaker-xgboost:1.7-1")
    assert facts[BEST].tuning_job_arn.endswith("-tuning")
    models = [a for a in view.outputs if a.kind == "Model artifact"]
    assert models[0].environment == {"AUTOML_TRANSFORM_MODE": "feature-transform"}
    assert models[1].environment == {"SAGEMAKER_INFERENCE_OUTPUT": "predicted_label"}


def test_a_transform_step_lists_its_input(fixture_jobs_dir):
    from jupyter_autopilot.service.views import _step_locations

    record = {"TransformInput": {"DataSource": {"S3DataSource": {"S3Uri": "s3://b/job/output/in.csv"}}}}
    assert ("transform input", "s3://b/job/output/in.csv", "input") in list(_step_locations(record))


def test_a_long_shap_chart_has_its_scale_on_top():
    from jupyter_autopilot.service import figures
    from jupyter_autopilot.service import models as m

    many = [m.FeatureImportance(name=f"f{i}", importance=1 / (i + 1)) for i in range(200)]
    long = figures.to_json(figures.shap_bar(many, top=None))["layout"]["xaxis"]
    short = figures.to_json(figures.shap_bar(many, top=20))["layout"]["xaxis"]
    assert long["side"] == "top" and long["mirror"] == "allticks"
    assert "side" not in short
