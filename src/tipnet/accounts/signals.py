"""Every login, failed login and logout goes to the audit log."""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from tipnet.audit import services as audit


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    audit.record("login", user=user, object_type="accounts.user", object_id=user.pk)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    if user is not None:
        audit.record("logout", user=user, object_type="accounts.user", object_id=user.pk)


def known_account(typed: object) -> tuple[int | None, str]:
    """(user id, username) when the typed username names an account, else (None, "").

    A typed username is kept in the audit log only when it names an account: a mistyped one
    is often a password typed into the wrong box, and the audit log is kept for ever."""
    from .models import User

    username = str(typed or "")[:150]
    pk = User.objects.filter(username=username).values_list("pk", flat=True).first()
    return (pk, username) if pk else (None, "")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):  # type: ignore[no-untyped-def]
    pk, username = known_account(credentials.get("username"))
    audit.record("login_failed", object_type="accounts.user", object_id=pk or "",
                 detail={"username": username, "stage": credentials.get("stage", "password")})


@receiver(post_save, sender=LogEntry)
def _admin_change(sender, instance, created, **kwargs):  # type: ignore[no-untyped-def]
    """Every change made in the Django admin (organisations, users, roles, teams) goes to the
    audit chain too: Django's own admin log can be edited, the chain cannot."""
    if not created:
        return
    flag = {ADDITION: "add", CHANGE: "change", DELETION: "delete"}.get(instance.action_flag, "")
    ct = instance.content_type
    audit.record("admin_change", user=instance.user,
                 object_type=f"{ct.app_label}.{ct.model}" if ct else "",
                 object_id=instance.object_id or "",
                 detail={"change": flag, "message": instance.get_change_message()[:500]})
