from django.urls import path

from kuulu.panels import views

app_name = "panels"

urlpatterns = [
    path("", views.index, name="index"),
    path("manage/", views.manage, name="manage"),
    path("new/", views.create, name="create"),
    path("<int:panel_id>/", views.detail, name="detail"),
    path("<int:panel_id>/volunteer/", views.volunteer, name="volunteer"),
    path("volunteer/confirm/<str:token>/", views.volunteer_confirm, name="volunteer_confirm"),
    path("<int:panel_id>/manage/", views.panel_manage, name="panel_manage"),
    path("<int:panel_id>/edit/", views.edit, name="edit"),
    path("<int:panel_id>/advance/", views.advance, name="advance"),
    path(
        "<int:panel_id>/confirmation-links/",
        views.confirmation_links,
        name="confirmation_links",
    ),
    path("<int:panel_id>/strata/", views.strata, name="strata"),
    path("strata/<int:stratum_id>/delete/", views.stratum_delete, name="stratum_delete"),
    path("<int:panel_id>/quotas/", views.quotas, name="quotas"),
    path("<int:panel_id>/sample/", views.sample, name="sample"),
    path("<int:panel_id>/letters.csv", views.letters, name="letters"),
    path("<int:panel_id>/draw/", views.draw, name="draw"),
    path("<int:panel_id>/draw/status/", views.draw_status, name="draw_status"),
    path("<int:panel_id>/verify/", views.verify, name="verify"),
    path("<int:panel_id>/volunteers/", views.volunteers, name="volunteers"),
    path("<int:panel_id>/statement/", views.statement, name="statement"),
    path("<int:panel_id>/workspace/", views.workspace, name="workspace"),
    path("<int:panel_id>/workspace/<str:kind>/new/", views.workspace_add, name="workspace_add"),
    path(
        "workspace/<str:kind>/<int:item_id>/delete/",
        views.workspace_delete,
        name="workspace_delete",
    ),
]
