"""The Kuulu API, version 1, at /api/v1/. Each app contributes a router from its api.py."""

from ninja import NinjaAPI

from kuulu.api_docs import AccessibleDocs
from kuulu.assignments.api import router as assignments_router
from kuulu.budgeting.api import router as budgeting_router
from kuulu.channels.api import router as channels_router
from kuulu.coordination.api import router as coordination_router
from kuulu.core.api import install_error_handlers
from kuulu.deliberation.api import router as deliberation_router
from kuulu.events.api import router as events_router
from kuulu.experts.api import router as experts_router
from kuulu.indicators.api import router as indicators_router
from kuulu.learning.api import router as learning_router
from kuulu.organisation.api import router as organisation_router
from kuulu.outcomes.api import router as outcomes_router
from kuulu.panels.api import router as panels_router
from kuulu.programme.api import router as programme_router
from kuulu.reports.api import router as reports_router
from kuulu.surveys.api import router as surveys_router
from kuulu.surveys.results_api import router as survey_results_router

api = NinjaAPI(
    title="Kuulu API",
    version="1.0.0",
    description=(
        "Integration API of Kuulu. Public reads need no token; other calls need "
        "`Authorization: Bearer <token>` with a token a coordinator created in the workspace."
    ),
    # A server-rendered, accessible reference page with the site's template (Swagger UI
    # failed axe and needed inline styles); the default CSP applies to it.
    docs=AccessibleDocs(),
)
install_error_handlers(api)
api.add_router("", organisation_router)
api.add_router("", coordination_router)
api.add_router("/deliberation", deliberation_router)
api.add_router("/events", events_router)
api.add_router("/learning", learning_router)
api.add_router("/assignments", assignments_router)
api.add_router("/channels", channels_router)
api.add_router("/experts", experts_router)
api.add_router("/panels", panels_router)
api.add_router("/surveys", surveys_router)
api.add_router("/surveys", survey_results_router)
api.add_router("/indicators", indicators_router)
api.add_router("/programme", programme_router)
api.add_router("/outcomes", outcomes_router)
api.add_router("/reports", reports_router)
api.add_router("/budgeting", budgeting_router)
