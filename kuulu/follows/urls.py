from django.urls import path

from kuulu.follows import views

app_name = "follows"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:follow_id>/remove/", views.remove, name="remove"),
    path("stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
