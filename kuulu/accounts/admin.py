from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kuulu.accounts import twofactor
from kuulu.accounts.models import User

# Authenticator secrets and recovery codes are not shown in the admin; a lost device is handled
# by the audited reset below (or /accounts/two-factor/reset/<id>/).
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("email", "language", "is_active", "is_superuser", "last_login")
    list_filter = ("is_active", "is_superuser", "language")
    search_fields = ("email",)
    exclude = ("password",)
    readonly_fields = ("last_login", "date_joined")
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (lost phone)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        done = 0
        for user in queryset:
            if twofactor.can_reset_second_factor(request.user, user):
                twofactor.remove_second_factor(user=user, actor=request.user, request=request)
                done += 1
        self.message_user(
            request,
            _("Second factor reset for %(count)d account(s).") % {"count": done},
            messages.SUCCESS,
        )
