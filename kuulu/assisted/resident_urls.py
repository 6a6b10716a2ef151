"""A signed-in person's own participation history, mounted at /<lang>/my-participation/."""

from django.urls import path

from kuulu.assisted import views

app_name = "participation"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("my-data.json", views.my_data, name="data"),
    path("erase/", views.erase, name="erase"),
]
