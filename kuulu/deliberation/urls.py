from django.urls import path

from kuulu.deliberation import views

app_name = "deliberation"

urlpatterns = [
    path("", views.conversation_list, name="list"),
    path("<int:conversation_id>/", views.conversation_detail, name="detail"),
    path("<int:conversation_id>/vote/", views.vote, name="vote"),
    path("<int:conversation_id>/statements/", views.statement_submit, name="statement_submit"),
    path("<int:conversation_id>/report/", views.report, name="report"),
    path("manage/", views.manage, name="manage"),
    path("new/", views.conversation_create, name="create"),
    path("import/", views.import_export, name="import"),
    path("<int:conversation_id>/edit/", views.conversation_edit, name="edit"),
    path("<int:conversation_id>/moderate/", views.moderate, name="moderate"),
    path("<int:conversation_id>/export.zip", views.export, name="export"),
    path(
        "statements/<int:statement_id>/moderate/",
        views.statement_moderate,
        name="statement_moderate",
    ),
]
