"""Every handler asks the server's authorizer for ("read", "autopilot")."""

import pytest
from jupyter_server.auth.authorizer import Authorizer


class DenyAutopilot(Authorizer):
    seen = []

    def is_authorized(self, handler, user, action, resource):
        DenyAutopilot.seen.append((action, resource))
        return resource != "autopilot"


@pytest.fixture
def jp_server_config(jobs_dir):
    return {
        "ServerApp": {"jpserver_extensions": {"jupyter_autopilot": True}, "authorizer_class": DenyAutopilot},
        "AutopilotConfig": {"jobs_dir": str(jobs_dir)},
    }


async def test_authorizer_is_asked_for_read_on_autopilot(api):
    DenyAutopilot.seen.clear()
    for parts in (("sources",), ("local", "jobs"), ("local", "jobs", "fx-binary-v2", "candidates")):
        code, data = await api(*parts)
        assert code == 403
    assert set(DenyAutopilot.seen) == {("read", "autopilot")}
