from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "tipnet.federation"
    label = "federation"
    verbose_name = _("Federation with other tipnet deployments")

    def ready(self) -> None:
        checks.register(check_handlers)


def check_handlers(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    """Every handler in TIPNET_FEDERATION_HANDLERS imports (a typo shows at start-up, not as
    a peer's messages refused one by one)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    from .envelope import ACK, KIND_RE

    problems = []
    for kind, path in settings.TIPNET_FEDERATION_HANDLERS.items():
        if kind == ACK or not KIND_RE.match(kind):
            problems.append(checks.Error(f"TIPNET_FEDERATION_HANDLERS: {kind!r} is not a "
                                         "valid kind", id="federation.E001"))
            continue
        try:
            handler = import_string(path)
        except ImportError as error:
            problems.append(checks.Error(f"TIPNET_FEDERATION_HANDLERS[{kind!r}]: {error}",
                                         id="federation.E002"))
            continue
        if not callable(handler):
            problems.append(checks.Error(f"TIPNET_FEDERATION_HANDLERS[{kind!r}] is not "
                                         "callable", id="federation.E002"))
    return problems
