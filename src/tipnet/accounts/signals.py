"""Every login, failed login and logout goes to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from tipnet.audit import services as audit


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    audit.record("login", user=user, object_type="accounts.user", object_id=user.pk)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    if user is not None:
        audit.record("logout", user=user, object_type="accounts.user", object_id=user.pk)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):  # type: ignore[no-untyped-def]
    username = str(credentials.get("username", ""))[:150]
    audit.record("login_failed", object_type="accounts.user",
                 detail={"username": username, "stage": credentials.get("stage", "password")})
