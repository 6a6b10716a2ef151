"""Django admin: for system administrators only (is_staff is given to superusers alone)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from kuulu.organisation.models import County, Municipality, Ngo, Person, Unit


@admin.register(County)
class CountyAdmin(TranslationAdmin):
    list_display = ("name", "slug", "is_bilingual")


@admin.register(Municipality)
class MunicipalityAdmin(TranslationAdmin):
    list_display = ("name", "code", "county")


@admin.register(Unit)
class UnitAdmin(TranslationAdmin):
    """Tree changes go through the workspace (organisation.services keeps paths right)."""

    list_display = ("name", "code", "kind", "depth", "is_active")
    search_fields = ("name_fi", "code")
    readonly_fields = ("parent", "path", "depth")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Ngo)
class NgoAdmin(TranslationAdmin):
    list_display = ("name", "website")


@admin.register(Person)
class PersonAdmin(TranslationAdmin):
    list_display = (
        "last_name",
        "first_name",
        "kind",
        "unit",
        "is_manager",
        "is_coordinator",
        "is_active",
    )
    list_filter = ("kind", "is_manager", "is_coordinator", "is_active")
    search_fields = ("last_name", "first_name", "email")
    raw_id_fields = ("user", "unit")
