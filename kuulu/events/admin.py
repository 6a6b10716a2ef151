from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from kuulu.events.models import ONLINE_URL_MAX_LENGTH, Event, Programme, Session


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):
    list_display = ("name",)


class SessionAdminForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("online link"),
        required=False,
        assume_scheme="https",
        max_length=ONLINE_URL_MAX_LENGTH,
    )

    class Meta:
        model = Session
        fields = [
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "municipality",
            "online_url",
            "capacity",
        ]

    def clean_capacity(self) -> int:
        """The same rule as events.services.change_capacity, as a form error instead of a 500.
        Raising capacity here does not promote the waitlist; organisers use the service."""
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity < self.instance.attending_count:
            raise forms.ValidationError(
                _(
                    "%(attending)d people already have a place; the capacity cannot be lower than that."
                )
                % {"attending": self.instance.attending_count}
            )
        return capacity


class SessionInline(admin.TabularInline):
    model = Session
    form = SessionAdminForm
    extra = 0
    readonly_fields = ("attending_count", "waitlisted_count")


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ("title", "programme", "format", "status")
    list_filter = ("status", "format", "programme")
    inlines = [SessionInline]
