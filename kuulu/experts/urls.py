from django.urls import path

from kuulu.experts import views

app_name = "experts"

urlpatterns = [
    path("", views.index, name="index"),
    path("bank/", views.bank, name="bank"),
    path("profiles/new/", views.profile_create, name="profile_create"),
    path("profiles/<int:profile_id>/", views.profile_detail, name="profile"),
    path("profiles/<int:profile_id>/edit/", views.profile_edit, name="profile_edit"),
    path("profiles/<int:profile_id>/training/", views.training_add, name="training_add"),
    path("me/", views.me, name="me"),
    path("me/edit/", views.me_edit, name="me_edit"),
    path("me/withdraw/", views.me_withdraw, name="me_withdraw"),
    path("offers/<int:offer_id>/answer/", views.offer_respond, name="offer_respond"),
    path("offers/answer/<str:token>/", views.offer_answer, name="offer_answer"),
    path("requests/", views.queue, name="queue"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/mine/", views.my_requests, name="my_requests"),
    path("requests/<int:request_id>/", views.request_detail, name="request"),
    path("requests/<int:request_id>/offer/", views.offer_create, name="offer_create"),
    path("requests/<int:request_id>/cancel/", views.request_cancel, name="request_cancel"),
    path("engagements/<int:engagement_id>/", views.engagement, name="engagement"),
    path("payroll/", views.payroll, name="payroll"),
    path("payroll/export.csv", views.payroll_csv, name="payroll_csv"),
]
