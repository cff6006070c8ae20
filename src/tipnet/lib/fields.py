"""Model fields that keep personal data encrypted at rest.

Declare personal data with these fields and encryption comes with the declaration. The
database only ever holds ciphertext bound, as associated data, to the model, the column and
the row's primary key: a ciphertext copied into another column, table or row (say, from
another organisation's case into one's own) fails to open. ``index_as`` marks a value as
exactly searchable through a blind index (see ``tipnet.cases.search``).

How: a value read from the database stays sealed (``Sealed``) in the instance until the
attribute is first read, when the field's descriptor opens it with the row's key; saving seals
plaintext with ``pre_save``, which is the one moment Django hands a field its instance. A path
that would write plaintext without an instance (``QuerySet.update``, ``bulk_update``) is
refused rather than written unbound.

Leaf module: imports no tipnet app.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from .keys import keyring


class Sealed(str):
    """A ciphertext as stored, not yet opened."""

    __slots__ = ()


class _Opening(DeferredAttribute):
    """Loads deferred values like Django's own descriptor, and opens sealed ones on first
    read. A data descriptor (it has __set__), so every read goes through it."""

    def __get__(self, instance, cls=None):  # type: ignore[no-untyped-def]
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.open(value, instance)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value):  # type: ignore[no-untyped-def]
        instance.__dict__[self.field.attname] = value


def row_context(label: str, name: str, pk: Any) -> str:
    """Associated data of one value: model, column and row."""
    return f"{label}.{name}:{pk}"


class EncryptedTextField(models.TextField):
    """A text value sealed with the live keyring; lookups other than isnull are refused."""

    descriptor_class = _Opening

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

    def context(self, instance: models.Model) -> str:
        pk = instance._meta.pk.to_python(instance.pk)
        if pk is None:
            raise ValueError(f"{self.model._meta.label} needs its primary key before a value "
                             "can be sealed")
        return row_context(self.model._meta.label_lower, self.name, pk)

    def to_plain(self, value: Any) -> str:
        return "" if value is None else str(value)

    def from_plain(self, text: str) -> Any:
        return text

    def open(self, token: Sealed, instance: models.Model) -> Any:
        return self.from_plain(keyring().decrypt(str(token), self.context(instance)))

    def seal(self, value: Any, instance: models.Model) -> Any:
        """The value to store for ``value`` in ``instance``: a Sealed ciphertext, or the empty
        value as it is."""
        if isinstance(value, Sealed) or value is None:
            return value
        text = self.to_plain(value)
        if text == "":
            return ""
        return Sealed(keyring().encrypt(text, self.context(instance)))

    def from_db_value(self, value: str | None, expression, connection) -> Any:  # noqa: ANN001
        if value is None:
            return None
        if value == "":
            return self.from_plain("")
        return Sealed(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        return self.seal(model_instance.__dict__.get(self.attname), model_instance)

    def get_prep_value(self, value: Any) -> str | None:
        if value is None or isinstance(value, Sealed):
            return value
        if self.to_plain(value) == "":
            return ""
        raise FieldError(f"{self.model._meta.label_lower}.{self.name} is encrypted per row: "
                         "change it on the instance and save() it")

    def get_lookup(self, lookup_name: str):  # type: ignore[no-untyped-def]
        if lookup_name not in {"isnull"}:
            raise FieldError(
                f"{self.model._meta.label_lower}.{self.name} is encrypted: search it through "
                f"its blind index, not '{lookup_name}'"
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


class EncryptedJSONField(EncryptedTextField):
    """JSON data (objects, lists, numbers, text) sealed as text; reads back as Python data.

    Change the data by assigning a new value (or changing the one read) and saving the
    instance; an empty value is stored as empty and reads back as None."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def to_plain(self, value: Any) -> str:
        if value is None or value == "":
            return ""
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def from_plain(self, text: str) -> Any:
        return json.loads(text) if text else None

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and not isinstance(value, Sealed):
            return json.loads(value) if value else None
        return value

    def formfield(self, **kwargs: Any):  # type: ignore[no-untyped-def]
        return None  # edited through the app's own forms, never as raw JSON


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
