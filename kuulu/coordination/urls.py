from django.urls import path

from kuulu.coordination import views

app_name = "coordination"

urlpatterns = [
    path("", views.public, name="public"),
    path("tasks/<int:task_id>/edit/", views.task_edit, name="task_edit"),
    path("areas/<int:area_id>/tasks/new/", views.task_create, name="task_create"),
]
