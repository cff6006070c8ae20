"""What each audit action is called on pages."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "view": _("viewed"), "list": _("listed"), "search": _("searched"), "create": _("created"),
    "update": _("changed"), "delete": _("deleted"), "restore": _("restored"),
    "erase": _("erased"), "export": _("exported"), "import": _("imported"),
    "download": _("downloaded"), "login": _("signed in"), "login_failed": _("failed sign-in"),
    "logout": _("signed out"), "locked_out": _("locked out"), "denied": _("refused access"),
    "mfa_enrolled": _("set up authenticator"), "mfa_failed": _("wrong authenticator code"),
    "token_issued": _("API token issued"), "token_revoked": _("API token revoked"),
    "token_rejected": _("API token refused"), "key_rotation": _("keys rotated"),
    "decision": _("decided trafficking status"), "admin_change": _("changed in administration"),
    "federation_identity": _("federation identity created"),
    "federation_sent": _("queued for a peer"), "federation_delivered": _("delivered to a peer"),
    "federation_failed": _("refused by a peer"), "federation_received": _("received from a peer"),
    "federation_rejected": _("refused a package from a peer"),
}
OBJECT_LABELS = {
    "cases.casecomment": _("comment"), "cases.consentrecord": _("consent"),
    "cases.attachment": _("attachment"),
}
