"""What other apps may use from the code lists."""

from .registry import CodeList, UnknownCode, all_names, get

__all__ = ["CodeList", "UnknownCode", "all_names", "get", "label", "choices"]


def label(list_name: str, code: str) -> str:
    return get(list_name).label(code)


def choices(list_name: str, *, blank: bool = False) -> list[tuple[str, str]]:
    """(code, label) pairs for a form; ``blank`` puts a "—" (none chosen) first."""
    items = get(list_name).choices()
    return [("", "—"), *items] if blank else items
