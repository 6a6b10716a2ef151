from django.urls import path

from kuulu.assignments import views

app_name = "assignments"

urlpatterns = [
    path("", views.assignment_list, name="list"),
    path("new/", views.assignment_create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("overdue/", views.overdue, name="overdue"),
    path("attendance/", views.attendance, name="attendance"),
    path("<int:assignment_id>/", views.assignment_detail, name="detail"),
    path(
        "<int:assignment_id>/completion.csv",
        views.assignment_export,
        {"fmt": "csv"},
        name="export_csv",
    ),
    path(
        "<int:assignment_id>/completion.xlsx",
        views.assignment_export,
        {"fmt": "xlsx"},
        name="export_xlsx",
    ),
    path("<int:assignment_id>/withdraw/", views.assignment_withdraw, name="withdraw"),
    path("<int:assignment_id>/team/", views.team_completion, name="team"),
]
