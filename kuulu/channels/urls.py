from django.urls import path

from kuulu.channels import views

app_name = "channels"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.channel_create, name="channel_create"),
    path("manage/fees/", views.fees, name="fees"),
    path("manage/<int:channel_id>/", views.manage_channel, name="manage_channel"),
    path("manage/<int:channel_id>/edit/", views.channel_edit, name="channel_edit"),
    path("manage/<int:channel_id>/members/new/", views.membership_create, name="membership_create"),
    path("manage/<int:channel_id>/requests/new/", views.request_create, name="request_create"),
    path("memberships/<int:membership_id>/end/", views.membership_end, name="membership_end"),
    path("applications/<int:application_id>/", views.application_review, name="application_review"),
    path("consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("requests/<int:request_id>/statement/", views.statement_record, name="statement_record"),
    path("requests/<int:request_id>/response/", views.response_record, name="response_record"),
    path("requests/<int:request_id>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("space/<int:channel_id>/", views.workspace, name="workspace"),
    path("space/<int:channel_id>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/hearings/", views.hearings, name="hearings"),
    path("<slug:slug>/report/<int:year>/", views.yearly_report, name="report"),
    path(
        "<slug:slug>/report/<int:year>.csv",
        views.yearly_report,
        {"fmt": "csv"},
        name="report_csv",
    ),
]
