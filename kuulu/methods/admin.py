from django.contrib import admin

from kuulu.methods.models import ExpertMethod, MethodCard, MethodExpert, MethodUse, SupportRequest


@admin.register(MethodCard)
class MethodCardAdmin(admin.ModelAdmin):
    list_display = ("name", "county", "status", "effort", "cost", "tool")
    list_filter = ("status", "effort", "cost", "tool")
    search_fields = ("name_fi", "name_sv", "name_en")


class ExpertMethodInline(admin.TabularInline):
    model = ExpertMethod
    extra = 0


@admin.register(MethodExpert)
class MethodExpertAdmin(admin.ModelAdmin):
    list_display = ("__str__", "county", "languages", "is_active")
    inlines = [ExpertMethodInline]
    raw_id_fields = ("person",)


admin.site.register(SupportRequest)
admin.site.register(MethodUse)
