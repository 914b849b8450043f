"""Admin of the catalogue: industries are reference data; everything else is read-only here
(written only through the services, which check the stage and keep the audit trail)."""

from django.contrib import admin

from dgyp.admin import ReadOnlyAdmin

from .models import (
    CatalogEdition,
    Category,
    CategorySuggestion,
    ConsultationComment,
    ConsultedDepartment,
    Industry,
    ProductStandard,
    ResearchNote,
)


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order")
    list_editable = ("order",)
    search_fields = ("code", "name")


class ProductStandardInline(admin.TabularInline):
    model = ProductStandard
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CatalogEdition)
class CatalogEditionAdmin(ReadOnlyAdmin):
    list_display = ("year", "title", "state", "suggestion_deadline", "consultation_deadline")
    list_filter = ("state",)


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "edition", "industry", "group_standard_number")
    list_filter = ("edition", "industry")
    search_fields = ("code", "name")
    inlines = [ProductStandardInline]


@admin.register(CategorySuggestion)
class CategorySuggestionAdmin(ReadOnlyAdmin):
    list_display = ("name", "edition", "organisation", "state", "created_at")
    list_filter = ("edition", "state")
    search_fields = ("name", "organisation__name")


@admin.register(ResearchNote)
class ResearchNoteAdmin(ReadOnlyAdmin):
    list_display = ("category", "institution", "recommendation", "updated_at")


@admin.register(ConsultationComment)
class ConsultationCommentAdmin(ReadOnlyAdmin):
    list_display = ("edition", "organisation", "category", "created_at", "resolved_at")


@admin.register(ConsultedDepartment)
class ConsultedDepartmentAdmin(ReadOnlyAdmin):
    list_display = ("edition", "organisation", "answered_at", "no_comments")
