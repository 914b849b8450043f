"""Admin for superusers: reference data and accounts. Workflow states stay read-only here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation, Town, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fk_name = "user"
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "email", "mobile")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ("username", "full_name", "email", "is_active", "last_login")
    search_fields = ("username", "full_name", "email")
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "credit_code", "town", "status")
    list_filter = ("kind", "status", "town")
    search_fields = ("name", "credit_code")
    # The state changes only through the services (deactivate/reactivate pages), never here.
    readonly_fields = ("status", "status_reason", "business_licence", "created_at")


@admin.register(Town)
class TownAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "order")
    list_editable = ("order",)
    search_fields = ("name", "code")
