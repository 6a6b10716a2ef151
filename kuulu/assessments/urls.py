from django.urls import path

from kuulu.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("published/<int:assessment_id>/", views.assessment_public, name="public"),
    path("dialogues/<int:dialogue_id>/", views.dialogue_public, name="dialogue_public"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.assessment_new, name="assessment_new"),
    path("manage/<int:assessment_id>/", views.assessment, name="assessment"),
    path("manage/<int:assessment_id>/edit/", views.assessment_edit, name="assessment_edit"),
    path("manage/<int:assessment_id>/steps/<int:step_id>/", views.step, name="step"),
    path("manage/<int:assessment_id>/publish/", views.assessment_publish, name="publish"),
    path("manage/<int:assessment_id>/reopen/", views.assessment_reopen, name="reopen"),
    path("manage/<int:assessment_id>/collaborators/", views.collaborators, name="collaborators"),
    path("manage/<int:assessment_id>/views/", views.views_request, name="views_request"),
    path("manage/requests/<int:request_id>/", views.views_request_link, name="request_link"),
    path("manage/templates/", views.templates, name="templates"),
    path("manage/templates/<int:template_id>/", views.template_edit, name="template"),
    path(
        "manage/templates/<int:template_id>/steps/new/",
        views.template_step,
        name="template_step_new",
    ),
    path(
        "manage/templates/<int:template_id>/steps/<int:step_id>/",
        views.template_step,
        name="template_step",
    ),
    path("manage/dialogues/new/", views.dialogue_new, name="dialogue_new"),
    path("manage/dialogues/<int:dialogue_id>/", views.dialogue_run, name="dialogue_run"),
    path("manage/dialogues/<int:dialogue_id>/plan/", views.dialogue_plan, name="dialogue_plan"),
    path(
        "manage/dialogues/<int:dialogue_id>/publish/",
        views.dialogue_publish,
        name="dialogue_publish",
    ),
]
