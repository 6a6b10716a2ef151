from django.contrib import admin

from kuulu.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("email", "language", "is_active", "is_superuser", "last_login")
    list_filter = ("is_active", "is_superuser", "language")
    search_fields = ("email",)
    exclude = ("password",)
    readonly_fields = ("last_login", "date_joined")
