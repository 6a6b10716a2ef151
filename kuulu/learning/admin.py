from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from kuulu.learning.models import Course, MediaItem, Module, QuizChoice, QuizQuestion


@admin.register(MediaItem)
class MediaItemAdmin(TranslationAdmin):
    list_display = ("title", "series", "episode_number", "kind", "internal_only")
    list_filter = ("kind", "internal_only", "series")
    search_fields = ("title", "series")


class ModuleInline(TranslationTabularInline):
    model = Module
    extra = 0
    fields = ("position", "kind", "title", "url", "media", "pass_mark")
    show_change_link = True


@admin.register(Course)
class CourseAdmin(TranslationAdmin):
    """Learners' progress, answers and completions are personal data and are not shown here."""

    list_display = ("title", "status", "internal_only")
    list_filter = ("status", "internal_only")
    search_fields = ("title",)
    inlines = [ModuleInline]


class QuestionInline(TranslationTabularInline):
    model = QuizQuestion
    extra = 0
    fields = ("position", "text", "multiple")
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(TranslationAdmin):
    list_display = ("title", "course", "position", "kind")
    list_filter = ("kind",)
    inlines = [QuestionInline]


class ChoiceInline(TranslationTabularInline):
    model = QuizChoice
    extra = 0


@admin.register(QuizQuestion)
class QuizQuestionAdmin(TranslationAdmin):
    list_display = ("text", "module", "position", "multiple")
    inlines = [ChoiceInline]
