from django.urls import path

from kuulu.events import views

app_name = "events"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("calendar.ics", views.feed_ics, name="feed"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/calendar.ics", views.event_ics, name="ics"),
    path("<int:event_id>/registrations/", views.registrations, name="registrations"),
    path("<int:event_id>/registrations.csv", views.registrations_csv, name="registrations_csv"),
    path("<int:event_id>/registrations.xlsx", views.registrations_xlsx, name="registrations_xlsx"),
    path("<int:event_id>/cancel/", views.event_cancel, name="event_cancel"),
    path(
        "<int:event_id>/announce-change/", views.event_announce_change, name="event_announce_change"
    ),
    path("sessions/<int:session_id>/register/", views.register, name="register"),
    path("registrations/<int:registration_id>/attendance/", views.attendance, name="attendance"),
    path("cancel/<str:token>/", views.cancel, name="cancel"),
]
