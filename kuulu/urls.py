from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from kuulu import api_docs
from kuulu.accounts.views import admin_login_redirect
from kuulu.api import api
from kuulu.core import health, metrics
from kuulu.core import views as core_views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("api/v1/", api.urls),
    path("open311/v2/", include("kuulu.feedback.open311_urls")),
    # Identity providers call back to fixed addresses without a language prefix.
    path("identity/", include("kuulu.identity.callback_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("kuulu.portal.urls")),
    path("accounts/", include("kuulu.accounts.urls")),
    path("identity/", include("kuulu.identity.urls")),
    path("coordination/", include("kuulu.coordination.urls")),
    path("conversations/", include("kuulu.deliberation.urls")),
    path("events/", include("kuulu.events.urls")),
    path("learning/", include("kuulu.learning.urls")),
    path("workspace/assignments/", include("kuulu.assignments.urls")),
    path("channels/", include("kuulu.channels.urls")),
    path("panels/", include("kuulu.panels.urls")),
    path("experts/", include("kuulu.experts.urls")),
    path("feedback/", include("kuulu.feedback.urls")),
    path("surveys/", include("kuulu.surveys.urls")),
    path("data-collection/", include("kuulu.datacollection.urls")),
    path("programme/", include("kuulu.programme.urls")),
    path("indicators/", include("kuulu.indicators.urls")),
    path("outcomes/", include("kuulu.outcomes.urls")),
    path("reports/", include("kuulu.reports.urls")),
    path("api/", api_docs.reference_page, name="api_reference"),
    path("workspace/", include("kuulu.workspace.urls")),
    path("workspace/organisation/", include("kuulu.organisation.urls")),
    path("workspace/integrations/", include("kuulu.integrations.urls")),
    path("workspace/assisted/", include("kuulu.assisted.urls")),
    path("my-participation/", include("kuulu.assisted.resident_urls")),
    path("budgeting/", include("kuulu.budgeting.urls")),
    path("methods/", include("kuulu.methods.urls")),
    path("assessments/", include("kuulu.assessments.urls")),
    path("questions/", include("kuulu.questions.urls")),
    path("follow/", include("kuulu.follows.urls")),
    path("codevelopment/", include("kuulu.codevelopment.urls")),
    path("workspace/work-ability/", include("kuulu.workability.urls")),
    # The admin's own sign-in page would bypass throttling and the audit log.
    path("admin/login/", admin_login_redirect),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler400 = "kuulu.core.views.bad_request"
handler403 = "kuulu.core.views.permission_denied"
handler404 = "kuulu.core.views.page_not_found"
handler500 = "kuulu.core.views.server_error"
