from django.urls import path

from kuulu.feedback import views

app_name = "feedback"

urlpatterns: list = [path("", views.index, name="index")]
