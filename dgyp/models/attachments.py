"""私有附件: uploaded files kept outside any public URL, with their SHA-256."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _private_path(instance: "Attachment", filename: str) -> str:
    # The stored name never contains the user's file name: no path tricks, no leaking titles.
    return f"attachments/{instance.uploaded_at:%Y/%m}/{instance.uuid.hex}"


class Attachment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=_private_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The organisation the file belongs to; its members may read it.
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the file is for, e.g. "application.material"; decides who else may read it.
    purpose = models.CharField(_("purpose"), max_length=64, db_index=True)
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
