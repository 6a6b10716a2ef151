from django.contrib import admin

from kuulu.identity.models import ExternalAccount, IdentificationPolicy, RoleRule, StrongIdentity


@admin.register(RoleRule)
class RoleRuleAdmin(admin.ModelAdmin):
    list_display = (
        "county",
        "claim",
        "value",
        "unit",
        "is_manager",
        "is_coordinator",
        "priority",
        "is_active",
    )
    list_filter = ("county", "is_active", "is_manager", "is_coordinator", "claim")
    search_fields = ("value", "note")
    autocomplete_fields = ("unit",)


@admin.register(IdentificationPolicy)
class IdentificationPolicyAdmin(admin.ModelAdmin):
    list_display = ("key", "level", "residents_only")


@admin.register(ExternalAccount)
class ExternalAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "issuer", "last_sign_in_at")
    readonly_fields = (
        "user",
        "issuer",
        "subject",
        "created_at",
        "last_sign_in_at",
        "matched_rules",
    )

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(StrongIdentity)
class StrongIdentityAdmin(admin.ModelAdmin):
    """Shows the level and when, never the person key (useless to read, and a pseudonym)."""

    list_display = ("user", "level", "identified_at")
    fields = ("user", "level", "acr", "amr", "identified_at")
    readonly_fields = fields

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
