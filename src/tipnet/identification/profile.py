"""Who is being assessed, as far as the rules care: a child or an adult, labour or sexual
exploitation. With the age unknown and a chance that the person is a child, the child rules
apply (presumption of minority: EU Directive 2011/36/EU Art. 13(2); CoE Convention Art. 10(3)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EXPLOITATION = ("labour", "sexual")
ADULT_AGE = 18


class ProfileError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Profile:
    age: int | None
    may_be_minor: bool  # only read when the age is unknown
    exploitation: str  # labour | sexual

    @property
    def child(self) -> bool:
        if self.age is not None:
            return self.age < ADULT_AGE
        return self.may_be_minor

    @property
    def presumed_minor(self) -> bool:
        """The child rules apply because the person may be a child, not because they are."""
        return self.age is None and self.may_be_minor

    @property
    def key(self) -> str:
        return f"{'child' if self.child else 'adult'}_{self.exploitation}"

    def as_dict(self) -> dict[str, Any]:
        return {"age": self.age, "may_be_minor": self.may_be_minor,
                "exploitation": self.exploitation, "key": self.key, "child": self.child,
                "presumed_minor": self.presumed_minor}


def parse(age: Any, exploitation: Any, may_be_minor: Any = False) -> Profile:
    """A profile from request values: ``age`` a whole number of years, or ``"unknown"`` /
    None; ``may_be_minor`` says whether an unknown age may be under 18."""
    errors: dict[str, str] = {}
    years: int | None = None
    if isinstance(age, str) and age.strip().lower() in ("unknown", "unknown_may_be_minor", ""):
        if age.strip().lower() == "unknown_may_be_minor":
            may_be_minor = True
    elif age is None:
        pass
    elif isinstance(age, bool) or not isinstance(age, int | str):
        errors["age"] = "must be a whole number of years, or \"unknown\""
    else:
        try:
            years = int(age)
        except ValueError:
            errors["age"] = "must be a whole number of years, or \"unknown\""
        else:
            if not 0 <= years <= 120:
                errors["age"] = "must be between 0 and 120"
    if exploitation not in EXPLOITATION:
        errors["exploitation"] = "must be \"labour\" or \"sexual\""
    if not isinstance(may_be_minor, bool):
        errors["may_be_minor"] = "must be true or false"
    if errors:
        raise ProfileError(errors)
    return Profile(years, bool(may_be_minor), exploitation)
