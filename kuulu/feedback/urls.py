"""Customer feedback, formal complaints and initiatives, mounted at /<lang>/feedback/."""

from django.urls import include, path

from kuulu.feedback import views

app_name = "feedback"

urlpatterns = [
    # Public
    path("give/", views.give, name="give"),
    path("give/<slug:unit_code>/", views.give, name="give_unit"),
    path("give/<slug:unit_code>/qr/", views.unit_qr, name="unit_qr"),
    path("received/", views.received, name="received"),
    path("complaint/", views.complaint_give, name="complaint_give"),
    path("initiative/", views.initiative_give, name="initiative_give"),
    path("you-said-we-did/", views.you_said_we_did, name="you_said_we_did"),
    path("mine/", views.own_cases, name="own_cases"),
    # Handlers
    path("", views.queue, name="queue"),
    path("new/", views.staff_entry, name="staff_entry"),
    path("handlers/", views.handlers, name="handlers"),
    path("dashboard/", include("kuulu.feedback.dashboard_urls")),
    path("topics/", include("kuulu.feedback.topics.urls")),
    path("handlers/<int:pk>/remove/", views.handler_remove, name="handler_remove"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/triage/", views.case_triage, name="case_triage"),
    path("cases/<int:pk>/status/", views.case_status, name="case_status"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:pk>/note/", views.case_note, name="case_note"),
    path("cases/<int:pk>/reply/", views.case_reply, name="case_reply"),
    path("cases/<int:pk>/forward/", views.case_forward, name="case_forward"),
    path("cases/<int:pk>/secrecy/", views.case_secrecy, name="case_secrecy"),
    path("cases/<int:pk>/publish/", views.case_publish, name="case_publish"),
    path("cases/<int:pk>/unpublish/", views.case_unpublish, name="case_unpublish"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    # Formal complaints
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/status/", views.complaint_status, name="complaint_status"),
    path("complaints/<int:pk>/answer/", views.complaint_answer, name="complaint_answer"),
    path("complaints/<int:pk>/handlers/", views.complaint_handler_add, name="complaint_handler"),
    path("complaints/<int:pk>/note/", views.complaint_note, name="complaint_note"),
    path("complaints/<int:pk>/document/", views.complaint_document, name="complaint_document"),
    # Initiatives
    path("initiatives/", views.initiatives, name="initiatives"),
    path("initiatives/report/", views.initiative_report, name="initiative_report"),
    path("initiatives/report.csv", views.initiative_report_csv, name="initiative_report_csv"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative"),
    path("initiatives/<int:pk>/notice/", views.initiative_notice, name="initiative_notice"),
    path("initiatives/<int:pk>/outcome/", views.initiative_outcome, name="initiative_outcome"),
]
