from django.urls import path

from kuulu.surveys import views

app_name = "surveys"

urlpatterns: list = [path("", views.index, name="index")]
