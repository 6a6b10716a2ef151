from django.urls import path

from kuulu.follows import views

app_name = "follows"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:follow_id>/remove/", views.remove, name="remove"),
    path("<int:follow_id>/confirm-number/", views.confirm_phone, name="confirm_phone"),
    path("<int:follow_id>/new-code/", views.resend_code, name="resend_code"),
    path("stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
