from django.urls import path

from kuulu.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.courses, name="courses"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:course_id>/", views.course_detail, name="course"),
    path("courses/<int:course_id>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:course_id>/publish/", views.course_publish, name="course_publish"),
    path("courses/<int:course_id>/archive/", views.course_archive, name="course_archive"),
    path("courses/<int:course_id>/modules/new/", views.module_create, name="module_create"),
    path("modules/<int:module_id>/", views.module_detail, name="module"),
    path("modules/<int:module_id>/done/", views.module_done, name="module_done"),
    path("modules/<int:module_id>/attachment/", views.module_attachment, name="attachment"),
    path("modules/<int:module_id>/quiz/", views.quiz, name="quiz"),
    path(
        "modules/<int:module_id>/quiz/attempts/<int:attempt_id>/",
        views.quiz_attempt,
        name="attempt",
    ),
    path("modules/<int:module_id>/edit/", views.module_edit, name="module_edit"),
    path("modules/<int:module_id>/delete/", views.module_delete, name="module_delete"),
    path("modules/<int:module_id>/move/", views.module_move, name="module_move"),
    path("modules/<int:module_id>/questions/new/", views.question_create, name="question_create"),
    path("questions/<int:question_id>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
    path("media/", views.media_library, name="media"),
    path("media/<int:media_id>/", views.media_detail, name="media_detail"),
]
