"""Admin views of the core: everything read-only (the audit trail above all)."""

from django.contrib import admin

from .models import Attachment, AuditEvent, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "created_at",
        "actor",
        "event_type",
        "target_repr",
        "from_state",
        "to_state",
    )
    list_filter = ("event_type",)
    search_fields = ("target_repr", "actor__username")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = (
        "original_name",
        "purpose",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    )
    exclude = ("file",)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "title", "created_at", "read_at", "emailed_at")
