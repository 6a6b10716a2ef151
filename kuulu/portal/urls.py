from django.urls import path

from kuulu.portal import views
from kuulu.questions import volunteer

app_name = "portal"

urlpatterns = [
    path("", views.front, name="front"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("accessibility/feedback/", views.accessibility_feedback, name="accessibility_feedback"),
    path(
        "accessibility/feedback/thanks/",
        views.accessibility_feedback_thanks,
        name="accessibility_feedback_thanks",
    ),
    path("volunteer/", volunteer.roles_index, name="volunteer"),
    path("volunteer/<slug:slug>/", volunteer.role_page, name="volunteer_role"),
    path("selko/<slug:flow>/", volunteer.plain_page, name="plain"),
]
