"""Emerging topics (included from feedback/urls.py at /<lang>/feedback/topics/)."""

from django.urls import path

from kuulu.feedback.topics import views

urlpatterns = [
    path("", views.topics, name="topics"),
    path("compute/", views.topics_recompute, name="topics_recompute"),
    path("<slug:key>/", views.topic_detail, name="topic"),
    path("<slug:key>/link/", views.topic_link, name="topic_link"),
]
