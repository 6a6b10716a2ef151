"""Identity pages, mounted at /<lang>/identity/ (the callbacks are in callback_urls)."""

from django.urls import path

from kuulu.identity import views

app_name = "identity"

urlpatterns = [
    path("staff/", views.staff_login, name="staff_login"),
    path("staff/no-staff-rights/", views.no_staff_rights, name="no_staff_rights"),
    path("suomi-fi/", views.resident_identify, name="resident_identify"),
    path("identified/", views.identified, name="identified"),
]
