"""The notebook API: Autopilot jobs and candidates as pandas DataFrames, plotly figures and rich outputs.

- ``job``, ``candidate``: AutoMLJob and Candidate
- ``frames``: DataFrames from the typed view models
- ``html``: the static HTML fallback of the rich display
- ``services``: one service per settings tuple, shared by the kernel's jobs

Everything here goes through :class:`~jupyter_autopilot.service.AutopilotService`, the service the
REST API uses, and through :mod:`jupyter_autopilot.service.figures`, so a notebook and the JupyterLab UI
always show the same numbers and the same charts.

>>> from jupyter_autopilot import AutoMLJob
>>> job = AutoMLJob("demo-binary", source="local")
>>> job.leaderboard()                         # DataFrame, best candidate first
>>> cand = job.best_candidate                 # Candidate, or None
>>> cand.shap_values()                        # DataFrame: feature, importance (descending)
>>> cand.shap_figure()                        # plotly Figure

Errors are the service's own exceptions (:mod:`jupyter_autopilot.errors`), with the messages the
REST API answers: ``InvalidName``, ``UnknownSource``, ``JobNotFound``, ``CandidateNotFound``,
``ExplainabilityNotAvailable`` / ``ModelInsightsNotAvailable`` (with the reason the UI shows), ...

Rich display
------------
``AutoMLJob`` and ``Candidate`` objects display as three representations:

* ``application/vnd.jupyter-autopilot+json``: the REST API's view models (see docs/ARCHITECTURE.md),
  drawn by this extension's own renderer in JupyterLab, with no server call;
* ``text/html``: a static fallback for every other front end (classic Notebook, VS Code,
  nbconvert, GitHub). It is plain HTML tables with inline styles and no JavaScript, so it reads
  offline and in sanitising viewers, and stays a few kilobytes: embedding plotly.js would add
  about 4.6 MB to every output, and loading it from a CDN fails without network. The SHAP chart
  is drawn as a bar table with the very features, order, top-N cut and title of
  :func:`jupyter_autopilot.service.figures.shap_bar`; ``cand.shap_figure()`` gives the interactive plotly
  figure, displayed by plotly's own renderers. Every data string is HTML-escaped;
* ``text/plain``: one line.
"""

from __future__ import annotations

from .candidate import Candidate
from .html import MIME_TYPE
from .job import AutoMLJob
from .services import clear_service_cache, get_service

__all__ = ["AutoMLJob", "Candidate", "MIME_TYPE", "get_service", "clear_service_cache"]
