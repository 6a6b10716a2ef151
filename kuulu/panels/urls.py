from django.urls import path

from kuulu.panels import views

app_name = "panels"

urlpatterns: list = [path("", views.index, name="index")]
