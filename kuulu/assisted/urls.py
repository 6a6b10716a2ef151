"""Staff pages of assisted participation, mounted at /<lang>/workspace/assisted/."""

from django.urls import path

from kuulu.assisted import views

app_name = "assisted"

urlpatterns = [
    path("", views.start, name="start"),
    path("finish/", views.finish, name="finish"),
    path("feedback/", views.feedback, name="feedback"),
    path("registration/", views.registration, name="registration"),
    path("survey/", views.survey_choose, name="survey_choose"),
    path("survey/<int:survey_id>/", views.survey_answer, name="survey_answer"),
    path("ballot/", views.ballot_choose, name="ballot_choose"),
    path("ballot/<int:conversation_id>/", views.ballot, name="ballot"),
]
