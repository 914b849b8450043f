"""Admin of the alliance for superusers: read-only. Every change goes through the services
(pages), which check the rules, notify and audit; the admin would bypass them."""

from django.contrib import admin

from dgyp.admin import ReadOnlyAdmin

from .models import (
    AllianceCall,
    AllianceMember,
    ApplicationMaterial,
    InstitutionApplication,
    InstitutionRating,
    ListComment,
    ScreeningAssignment,
    Violation,
)


@admin.register(AllianceCall)
class AllianceCallAdmin(ReadOnlyAdmin):
    list_display = ("title", "year", "state", "deadline", "comment_deadline", "established_at")
    list_filter = ("state", "year")


class MaterialInline(admin.TabularInline):
    model = ApplicationMaterial
    extra = 0
    can_delete = False
    readonly_fields = ("code", "attachment")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InstitutionApplication)
class InstitutionApplicationAdmin(ReadOnlyAdmin):
    list_display = ("institution", "call", "institution_type", "state", "submitted_at")
    list_filter = ("state", "institution_type", "call")
    search_fields = ("institution__name", "cma_number", "cnas_number")
    inlines = [MaterialInline]


@admin.register(ScreeningAssignment)
class ScreeningAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("application", "association", "recommendation", "decided_at")
    list_filter = ("recommendation",)


@admin.register(ListComment)
class ListCommentAdmin(ReadOnlyAdmin):
    list_display = ("call", "application", "is_objection", "resolution", "created_at")
    list_filter = ("resolution", "is_objection")
    # Contacts of the public are personal data: not shown in the admin list.
    exclude = ("public_contact",)


@admin.register(AllianceMember)
class AllianceMemberAdmin(ReadOnlyAdmin):
    list_display = ("institution", "state", "joined_at", "disqualified_at")
    list_filter = ("state",)


@admin.register(Violation)
class ViolationAdmin(ReadOnlyAdmin):
    list_display = ("member", "found_on", "recorded_by")


@admin.register(InstitutionRating)
class InstitutionRatingAdmin(ReadOnlyAdmin):
    list_display = ("member", "enterprise", "score", "updated_at")
