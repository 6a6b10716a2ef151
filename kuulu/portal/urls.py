from django.urls import path

from kuulu.portal import views

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
]
