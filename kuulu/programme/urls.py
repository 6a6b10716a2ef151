from django.urls import path

from kuulu.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.public, name="public"),
    path("<int:programme_id>/", views.public_detail, name="public_detail"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.programme_create, name="create"),
    path("manage/follow-up/", views.follow_up_list, name="follow_up_list"),
    path("manage/<int:programme_id>/", views.programme_tree, name="tree"),
    path("manage/<int:programme_id>/edit/", views.programme_edit, name="edit"),
    path("manage/<int:programme_id>/approve/", views.programme_approve, name="approve"),
    path("manage/<int:programme_id>/history/", views.programme_history, name="history"),
    path("manage/<int:programme_id>/export.xlsx", views.programme_export, name="export"),
    path("manage/<int:programme_id>/import/", views.programme_import, name="import"),
    path(
        "manage/<int:programme_id>/perspectives/new/",
        views.perspective_create,
        name="perspective_create",
    ),
    path(
        "manage/perspectives/<int:perspective_id>/", views.perspective_edit, name="perspective_edit"
    ),
    path(
        "manage/perspectives/<int:perspective_id>/delete/",
        views.perspective_delete,
        name="perspective_delete",
    ),
    path(
        "manage/perspectives/<int:perspective_id>/move/",
        views.perspective_move,
        name="perspective_move",
    ),
    path(
        "manage/perspectives/<int:perspective_id>/goals/new/", views.goal_create, name="goal_create"
    ),
    path("manage/goals/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path("manage/goals/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("manage/goals/<int:goal_id>/move/", views.goal_move, name="goal_move"),
    path(
        "manage/goals/<int:goal_id>/indicators/new/",
        views.indicator_create,
        name="indicator_create",
    ),
    path("manage/indicators/<int:indicator_id>/", views.indicator_edit, name="indicator_edit"),
    path(
        "manage/indicators/<int:indicator_id>/delete/",
        views.indicator_delete,
        name="indicator_delete",
    ),
    path("manage/goals/<int:goal_id>/measures/new/", views.measure_create, name="measure_create"),
    path("manage/measures/<int:measure_id>/", views.measure_edit, name="measure_edit"),
    path("manage/measures/<int:measure_id>/delete/", views.measure_delete, name="measure_delete"),
    path("manage/measures/<int:measure_id>/move/", views.measure_move, name="measure_move"),
    path("manage/measures/<int:measure_id>/follow-up/", views.measure_follow_up, name="follow_up"),
]
