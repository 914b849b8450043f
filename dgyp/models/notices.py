"""公告: notices published on the public site (announcements, calls, publicity results).

The core keeps them so that any app can publish one and the public site can list them all
without importing the apps (the public site imports nothing upstream of its own reads).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicNotice(models.Model):
    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Announcement (通告)")
        CALL = "call", _("Call (通知)")
        CONSULTATION = "consultation", _("Consultation (征求意见)")
        PUBLICITY = "publicity", _("Publicity (公示)")
        RESULT = "result", _("Result (结果公布)")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"), db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the notice is about (an alliance call, a catalogue edition, ...), for links back.
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.CharField(max_length=64, blank=True)
    # A public page with the details (the member list, the catalogue), if any.
    link = models.CharField(_("link"), max_length=300, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")

    def __str__(self) -> str:
        return self.title
