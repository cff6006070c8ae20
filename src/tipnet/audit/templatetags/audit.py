from django import template

from tipnet.audit.labels import ACTION_LABELS, OBJECT_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@register.filter
def object_label(object_type: str) -> str:
    return str(OBJECT_LABELS.get(object_type, object_type))
