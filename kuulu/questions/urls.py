from django.urls import path

from kuulu.questions import views

app_name = "questions"

urlpatterns = [
    path("", views.index, name="index"),
    path("rules/", views.rules, name="rules"),
    path("ask/", views.ask, name="ask"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("support/<str:token>/", views.support_confirm, name="support_confirm"),
    path("<int:question_id>/", views.detail, name="detail"),
    path("<int:question_id>/support/", views.support, name="support"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:question_id>/", views.manage_question, name="manage_question"),
]
