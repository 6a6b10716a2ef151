from django.urls import path

from kuulu.experts import views

app_name = "experts"

urlpatterns: list = [path("", views.index, name="index")]
