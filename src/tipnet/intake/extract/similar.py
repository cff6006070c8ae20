"""Near-duplicate narratives: Jaccard similarity of hashed word 3-shingles.

Text is folded (case, accents, Arabic letter variants) and cut into words; each run of three
consecutive words is hashed to 64 bits with BLAKE2b (stable across processes, unlike
``hash()``, so shingle sets can be stored). A text of fewer than three words is one shingle.
See docs/intake-extraction.md for the recommended threshold.
"""

from __future__ import annotations

import hashlib

from ._text import fold_str, tokens

# From tests/intake/extract/test_similarity_and_digests.py: the same tip resubmitted with
# edits or typos scores 0.75-0.85; the same template about another person and agent 0.58;
# unrelated tips about 0. At or above REPEAT_THRESHOLD: group as a repeat. Between the two:
# show as related (same advertisement or script), do not group.
REPEAT_THRESHOLD = 0.6
RELATED_THRESHOLD = 0.3


def _h(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")


def shingles(text: str) -> set[int]:
    words = [t[0] for t in tokens(fold_str(text or ""))]
    if not words:
        return set()
    if len(words) < 3:
        return {_h(" ".join(words))}
    return {_h(" ".join(words[i:i + 3])) for i in range(len(words) - 2)}


def jaccard(a: set[int], b: set[int]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def similarity(a: str | set[int], b: str | set[int]) -> float:
    """Jaccard over shingles, 0..1. Takes texts or shingle sets already computed."""
    sa = a if isinstance(a, set) else shingles(a)
    sb = b if isinstance(b, set) else shingles(b)
    return jaccard(sa, sb)
