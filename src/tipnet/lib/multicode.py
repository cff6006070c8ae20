"""A multi-valued code-list field that filters the same way on SQLite and PostgreSQL.

Stored as '|A|B|' text so that ``field__has='A'`` is a portable LIKE '%|A|%'. Reads back as a
list of codes in the order stored.

Leaf module: imports no tipnet app.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Lookup


class MultiCodeField(models.TextField):
    def __init__(self, *args: Any, codelist: str | None = None, **kwargs: Any):
        self.codelist = codelist
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):  # type: ignore[no-untyped-def]
        name, path, args, kwargs = super().deconstruct()
        if self.codelist:
            kwargs["codelist"] = self.codelist
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression, connection) -> list[str]:  # noqa: ANN001
        return [c for c in (value or "").split("|") if c]

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list):
            return value
        if not value:
            return []
        if isinstance(value, str):
            return [c for c in value.replace(";", "|").split("|") if c]
        return list(value)

    def get_prep_value(self, value: Any) -> str:
        codes = self.to_python(value)
        for code in codes:
            if "|" in code:
                raise ValueError(f"code {code!r} may not contain '|'")
        return f"|{'|'.join(codes)}|" if codes else ""

    def value_to_string(self, obj: models.Model) -> str:
        return ";".join(self.value_from_object(obj))


@MultiCodeField.register_lookup
class HasCode(Lookup):
    lookup_name = "has"

    prepare_rhs = False

    def as_sql(self, compiler, connection):  # type: ignore[no-untyped-def]
        lhs, lhs_params = self.process_lhs(compiler, connection)
        code = str(self.rhs).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE %s ESCAPE '\\'", [*lhs_params, f"%|{code}|%"]
