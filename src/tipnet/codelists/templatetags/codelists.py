from django import template

from tipnet.codelists import services as codelists

register = template.Library()


@register.filter
def codelabel(code: str, list_name: str) -> str:
    """{{ case.industry|codelabel:"industry" }}: the code's label in the active language."""
    return codelists.label(list_name, code) if code else ""


@register.filter
def codelabels(codes: list[str], list_name: str) -> str:
    return ", ".join(codelists.label(list_name, c) for c in codes or [])
