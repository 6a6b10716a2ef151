"""Outcomes, mounted at /<lang>/outcomes/."""

from django.urls import path

from kuulu.outcomes import feeds, views

app_name = "outcomes"

urlpatterns = [
    # Public
    path("", views.outcome_list, name="list"),
    path("<int:pk>/", views.outcome_detail, name="detail"),
    path("units/<slug:code>/", views.unit_timeline, name="unit"),
    path("feed/", feeds.OutcomeFeed(), name="feed"),
    path("opt-out/<str:token>/", views.opt_out, name="opt_out"),
    # Staff
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.create, name="create"),
    path("manage/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", views.edit, name="edit"),
    path("manage/<int:pk>/inputs/", views.link_input, name="link"),
    path("manage/<int:pk>/inputs/<int:link_id>/remove/", views.unlink_input, name="unlink"),
    path("manage/<int:pk>/progress/", views.progress, name="progress"),
    path("manage/<int:pk>/publish/", views.publish, name="publish"),
    path("manage/<int:pk>/unpublish/", views.unpublish, name="unpublish"),
]
