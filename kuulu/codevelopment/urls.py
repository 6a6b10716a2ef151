from django.urls import path

from kuulu.codevelopment import views

app_name = "codevelopment"

urlpatterns = [
    path("", views.index, name="index"),
    path("series/new/", views.series_new, name="series_new"),
    path("series/<int:series_id>/", views.series_detail, name="series"),
    path(
        "sessions/<int:session_id>/registration/",
        views.session_registration,
        name="session_registration",
    ),
    path("sessions/<int:session_id>/import/", views.session_import, name="session_import"),
    path(
        "participants/<int:participant_id>/edit/",
        views.participant_edit,
        name="participant_edit",
    ),
    path("experiments/new/", views.experiment_new, name="experiment_new"),
    path("experiments/<int:experiment_id>/", views.experiment_detail, name="experiment"),
    path("experiments/<int:experiment_id>/edit/", views.experiment_edit, name="experiment_edit"),
    path("experiments/<int:experiment_id>/evaluation/", views.evaluation, name="evaluation"),
    path("experiments/<int:experiment_id>/practice/", views.practice_new, name="practice_new"),
    path("practices/", views.library, name="library"),
    path("practices/<int:practice_id>/", views.practice_detail, name="practice"),
    path("practices/<int:practice_id>/edit/", views.practice_edit, name="practice_edit"),
    path("projects/new/", views.project_new, name="project_new"),
    path("projects/<int:project_id>/", views.project_detail, name="project"),
    path(
        "projects/<int:project_id>/figures.csv",
        views.project_export,
        {"fmt": "csv"},
        name="project_csv",
    ),
    path(
        "projects/<int:project_id>/figures.xlsx",
        views.project_export,
        {"fmt": "xlsx"},
        name="project_xlsx",
    ),
]
