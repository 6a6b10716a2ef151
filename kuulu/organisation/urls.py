from django.urls import path

from kuulu.organisation import views
from kuulu.organisation.sync import views as sync_views

app_name = "organisation"

urlpatterns = [
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("hr-sync/", sync_views.hr_sync, name="hr_sync"),
    path("hr-sync/<int:run_id>/", sync_views.hr_sync_preview, name="hr_sync_preview"),
    path("hr-sync/<int:run_id>/discard/", sync_views.hr_sync_cancel, name="hr_sync_cancel"),
]
