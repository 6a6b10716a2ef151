from django.urls import path

from kuulu.events import views

app_name = "events"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("calendar.ics", views.feed_ics, name="feed"),
    path("month/", views.calendar_month, name="month"),
    path("organise/", views.organiser_events, name="organise"),
    path("new/", views.event_create, name="event_create"),
    path("<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("<int:event_id>/team/", views.team_register, name="team_register"),
    path("<int:event_id>/sessions/new/", views.session_create, name="session_create"),
    path("<int:event_id>/questions/new/", views.question_create, name="question_create"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/delete/", views.session_delete, name="session_delete"),
    path("questions/<int:question_id>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
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
