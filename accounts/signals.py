"""Audit of sign-in and sign-out (Django's auth signals: a record, not a business rule)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from dgyp.audit import audit_record
from dgyp.enums import AuditEventType
from dgyp.request_context import client_ip_of


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(
        event_type=AuditEventType.USER_LOGIN,
        actor=user,
        target=user,
        ip_address=client_ip_of(request) if request else None,
    )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            event_type=AuditEventType.USER_LOGOUT,
            actor=user,
            target=user,
            ip_address=client_ip_of(request) if request else None,
        )


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the user name typed: never the password.
    audit_record(
        event_type=AuditEventType.USER_LOGIN_FAILED,
        payload={"username": str(credentials.get("username", ""))[:150]},
        ip_address=client_ip_of(request) if request else None,
    )
