from django.urls import path

from kuulu.workability import views

app_name = "workability"

urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit"),
    path("units/<int:unit_id>/goals/", views.unit_goals, name="goals"),
    path("import/", views.import_figures, name="import"),
    path("hr-partners/", views.hr_partners, name="hr_partners"),
    path("hr-partners/<int:partner_id>/remove/", views.hr_partner_remove, name="hr_partner_remove"),
]
