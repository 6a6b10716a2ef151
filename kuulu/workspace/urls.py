from django.urls import path

from kuulu.workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path("leadership/", views.leadership, name="leadership"),
    path("audit/", views.audit_log, name="audit_log"),
    path("accessibility-feedback/", views.accessibility_feedback, name="accessibility_feedback"),
    path(
        "accessibility-feedback/<int:feedback_id>/answered/",
        views.accessibility_feedback_answered,
        name="accessibility_feedback_answered",
    ),
]
