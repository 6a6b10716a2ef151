from django.urls import path

from kuulu.surveys import results_views, views

app_name = "surveys"

urlpatterns = [
    # Respondents
    path("<int:survey_id>/", views.respond, name="respond"),
    path("<int:survey_id>/resume/<str:token>/", views.resume, name="resume"),
    path("<int:survey_id>/later/", views.save_for_later, name="later"),
    path("i/<str:token>/", views.respond_invitation, name="invitation"),
    path("i/<str:token>/later/", views.invitation_later, name="invitation_later"),
    # Survey owners
    path("manage/", views.manage_list, name="manage"),
    path("manage/new/", views.survey_create, name="create"),
    path("manage/<int:survey_id>/", views.builder, name="builder"),
    path("manage/<int:survey_id>/settings/", views.survey_edit, name="edit"),
    path("manage/<int:survey_id>/status/", views.survey_status, name="status"),
    path("manage/<int:survey_id>/preview/", views.preview, name="preview"),
    path("manage/<int:survey_id>/pages/new/", views.page_create, name="page_create"),
    path("manage/<int:survey_id>/pages/<int:page_id>/", views.page_edit, name="page_edit"),
    path("manage/<int:survey_id>/pages/<int:page_id>/move/", views.page_move, name="page_move"),
    path(
        "manage/<int:survey_id>/pages/<int:page_id>/delete/", views.page_delete, name="page_delete"
    ),
    path(
        "manage/<int:survey_id>/pages/<int:page_id>/questions/new/",
        views.question_create,
        name="question_create",
    ),
    path(
        "manage/<int:survey_id>/questions/<int:question_id>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "manage/<int:survey_id>/questions/<int:question_id>/move/",
        views.question_move,
        name="question_move",
    ),
    path(
        "manage/<int:survey_id>/questions/<int:question_id>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("manage/<int:survey_id>/conditions/new/", views.condition_create, name="condition_create"),
    path(
        "manage/<int:survey_id>/conditions/<int:condition_id>/delete/",
        views.condition_delete,
        name="condition_delete",
    ),
    path("manage/<int:survey_id>/instrument/", views.instrument_add, name="instrument_add"),
    path("manage/<int:survey_id>/invitations/", views.invitations, name="invitations"),
    # Instrument library
    path("instruments/", views.instrument_list, name="instruments"),
    path("instruments/import/", views.instrument_import, name="instrument_import"),
    path(
        "instruments/<int:instrument_id>/export.<str:fmt>",
        views.instrument_export,
        name="instrument_export",
    ),
    path("instruments/<int:instrument_id>/", views.instrument_detail, name="instrument_detail"),
]
urlpatterns += results_views.urlpatterns  # results, report and exports
