"""Model fields that keep personal data encrypted at rest.

Declare personal data with these fields and encryption comes with the declaration: the
database only ever holds ciphertext bound (as associated data) to the model and column, so a
value copied into another column or table fails to open. ``index_as`` marks a value as
exactly searchable through a blind index (see ``tipnet.cases.search``).

Leaf module: imports no tipnet app.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import FieldError
from django.db import models

from .keys import keyring


class EncryptedTextField(models.TextField):
    """A text value sealed with the live keyring; lookups other than isnull are refused."""

    def __init__(self, *args: Any, index_as: str | None = None, **kwargs: Any):
        self.index_as = index_as
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):  # type: ignore[no-untyped-def]
        name, path, args, kwargs = super().deconstruct()
        if self.index_as:
            kwargs["index_as"] = self.index_as
        return name, path, args, kwargs

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def to_plain(self, value: Any) -> str:
        return "" if value is None else str(value)

    def from_plain(self, text: str) -> Any:
        return text

    def from_db_value(self, value: str | None, expression, connection) -> Any:  # noqa: ANN001
        if value is None or value == "":
            return self.from_plain("") if value == "" else None
        return self.from_plain(keyring().decrypt(value, self.context))

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        text = self.to_plain(value)
        if text == "":
            return ""
        return keyring().encrypt(text, self.context)

    def get_lookup(self, lookup_name: str):  # type: ignore[no-untyped-def]
        if lookup_name not in {"isnull"}:
            raise FieldError(
                f"{self.context} is encrypted: search it through its blind index, not "
                f"'{lookup_name}'"
            )
        return super().get_lookup(lookup_name)


class EncryptedDateField(EncryptedTextField):
    """A date sealed as ISO text; reads back as ``datetime.date`` (or None)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("null", True)
        kwargs["default"] = None
        super().__init__(*args, **kwargs)

    def to_plain(self, value: Any) -> str:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            return dt.date.fromisoformat(value).isoformat() if value else ""
        return ""

    def from_plain(self, text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    def to_python(self, value: Any) -> dt.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value))

    def formfield(self, **kwargs: Any):  # type: ignore[no-untyped-def]
        from django import forms

        return forms.DateField(required=not self.blank, **{
            k: v for k, v in kwargs.items() if k in {"label", "help_text"}
        })


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
