"""jupyter-autopilot: SageMaker Autopilot jobs, leaderboards and model details in JupyterLab."""

try:
    from ._version import __version__
except ImportError:  # running from a source tree that was never built
    __version__ = "0.0.0+unknown"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyter-autopilot"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyter_autopilot"}]


def _load_jupyter_server_extension(server_app):
    from .extension import load

    load(server_app)


def __getattr__(name):
    # The notebook API, imported lazily so the server extension stays light.
    if name in ("AutoMLJob", "Candidate"):
        from . import notebook

        return getattr(notebook, name)
    raise AttributeError(name)
