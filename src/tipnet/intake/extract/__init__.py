"""Entity extraction and danger triage for hotline narratives. Pure functions, no models.

    entities(text, region="NP")  -> [Entity(kind, value, raw, start, end), ...]
    triage(text, {"child"})      -> Triage(level, reasons)
    digest_values(entities)      -> [(kind, value)] of the personal ones, for blind indexes
    shingles(text), similarity(a, b)  -> near-duplicate tips

Imports only tipnet.lib / tipnet.codelists (lazily) and phonenumbers. See
docs/intake-extraction.md.
"""

from __future__ import annotations

from .entities import KINDS, PERSONAL_KINDS, Entity, digest_values, entities
from .similar import RELATED_THRESHOLD, REPEAT_THRESHOLD, shingles, similarity
from .triage import LEVELS, Triage, danger_flags, flag_codelist, triage

__all__ = ["KINDS", "LEVELS", "PERSONAL_KINDS", "RELATED_THRESHOLD",
           "REPEAT_THRESHOLD", "Entity", "Triage",
           "danger_flags", "digest_values", "entities", "flag_codelist", "shingles",
           "similarity", "triage"]
