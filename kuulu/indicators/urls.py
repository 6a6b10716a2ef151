from django.urls import path

from kuulu.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.<str:fmt>", views.export, name="export"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.manual_create, name="manual_create"),
    path("manage/import/", views.manual_import, name="manual_import"),
    path("manage/<int:indicator_id>/", views.manual_detail, name="manual"),
    path("manage/<int:indicator_id>/edit/", views.manual_edit, name="manual_edit"),
    path("manage/values/<int:value_id>/delete/", views.value_delete, name="value_delete"),
    path("<slug:code>/", views.detail, name="detail"),
]
