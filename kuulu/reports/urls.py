from django.urls import path

from kuulu.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.report_create, name="create"),
    path("manage/<int:report_id>/", views.manage_report, name="manage_report"),
    path(
        "manage/<int:report_id>/sections/<slug:section>/",
        views.section_edit,
        name="section_edit",
    ),
    path("manage/<int:report_id>/publish/", views.publish, name="publish"),
    path("manage/<int:report_id>/unpublish/", views.unpublish, name="unpublish"),
    path("manage/<int:report_id>/preview.pdf", views.preview_pdf, name="preview_pdf"),
    path("<int:year>/", views.report_detail, name="detail"),
    path("<int:year>/report.pdf", views.report_pdf, name="pdf"),
    path("<int:year>/figures.zip", views.report_bundle, name="bundle"),
]
