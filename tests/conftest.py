import json

import pytest
from fixture_jobs import write_fixture_jobs

pytest_plugins = ("pytest_jupyter.jupyter_server",)


@pytest.fixture(autouse=True)
def _no_real_aws(monkeypatch, tmp_path_factory):
    """No test ever reaches a real AWS account or the developer's AWS config."""
    empty = tmp_path_factory.mktemp("awsconfig")
    (empty / "config").write_text("")
    (empty / "credentials").write_text("")
    for var in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def fixture_jobs_dir(tmp_path_factory):
    return write_fixture_jobs(tmp_path_factory.mktemp("fixture-jobs"))


@pytest.fixture
def jobs_dir(fixture_jobs_dir):
    return fixture_jobs_dir


@pytest.fixture
def jp_server_config(jobs_dir):
    return {
        "ServerApp": {
            "jpserver_extensions": {"jupyter_autopilot": True},
            "allow_unauthenticated_access": False,
        },
        "AutopilotConfig": {"jobs_dir": str(jobs_dir)},
    }


@pytest.fixture
def api(jp_fetch):
    """GET an API route and return (status, parsed JSON)."""

    async def get(*parts, params=None, headers=None):
        response = await jp_fetch(
            "autopilot", "api", *parts, params=params or {}, headers=headers or {}, raise_error=False
        )
        body = response.body.decode()
        try:
            data = json.loads(body)
        except ValueError:
            data = body
        return response.code, data

    return get


@pytest.fixture(autouse=True)
def _moto_keeps_required_members(monkeypatch):
    """moto 5 drops CreateProcessingJob's ProcessingResources (its responses layer never reads it),
    which DescribeProcessingJob must return: a required member, always present in real answers,
    and the aws source refuses answers without their required members. Our moto processing jobs
    are all created with this one cluster (aws_fixtures), so moto's answers get it back."""
    from moto.sagemaker import models

    described = models.FakeProcessingJob.response_object

    def response(self):
        out = described.fget(self)
        out.setdefault(
            "ProcessingResources",
            {"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.2xlarge", "VolumeSizeInGB": 50}},
        )
        return out

    monkeypatch.setattr(models.FakeProcessingJob, "response_object", property(response))


@pytest.fixture(scope="module")
def signing_key(tmp_path_factory):
    """One user's model-signing key for a test module (processes it starts inherit it); the
    server under test has its own Jupyter data folder, so the key is set by its variable."""
    import os

    key = tmp_path_factory.mktemp("key") / "model-signing.key"
    before = os.environ.get("JUPYTER_AUTOPILOT_SIGNING_KEY")
    os.environ["JUPYTER_AUTOPILOT_SIGNING_KEY"] = str(key)
    yield key
    if before is None:
        os.environ.pop("JUPYTER_AUTOPILOT_SIGNING_KEY", None)
    else:
        os.environ["JUPYTER_AUTOPILOT_SIGNING_KEY"] = before
