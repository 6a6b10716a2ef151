from django.urls import path

from kuulu.datacollection import views

app_name = "datacollection"

urlpatterns = [
    path("", views.public_calendar, name="public"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.collection_create, name="create"),
    path("manage/<int:collection_id>/", views.collection_edit, name="edit"),
]
