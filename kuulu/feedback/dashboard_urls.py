"""The feedback dashboard (included from feedback/urls.py at /<lang>/feedback/dashboard/)."""

from django.urls import path

from kuulu.feedback import dashboard_views, triage_views

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("export.<str:fmt>", dashboard_views.dashboard_export, name="dashboard_export"),
    path("triage/", triage_views.triage_model, name="triage_model"),
]
