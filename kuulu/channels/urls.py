from django.urls import path

from kuulu.channels import views

app_name = "channels"

urlpatterns: list = [path("", views.index, name="index")]
