"""Near-duplicate text, found by equality: keyed MinHash signatures cut into bands.

A narrative's word 3-shingles (after lower-casing and removing accents and punctuation) are
hashed with 32 keyed hash functions (HMAC with the data key's blind-index key and a salt per
function); the 32 minima are cut into 8 bands of 4, and each band is digested again with the
key. Two texts share a band with probability about 1 - (1 - J^4)^8 for Jaccard similarity J:
0.98 at J = 0.8, 0.57 at J = 0.5, 0.06 at J = 0.2. The bands are stored like the other
entity digests, so "similar text" is an index lookup, and being keyed they say nothing of the
words to someone holding the database.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from tipnet.lib.keys import keyring

FUNCTIONS = 32
ROWS = 4
MIN_WORDS = 6  # shorter texts are not compared: too many would look alike

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(folded)


def shingles(text: str) -> set[str]:
    w = words(text)
    return {" ".join(w[i:i + 3]) for i in range(len(w) - 2)}


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def bands(text: str) -> list[str]:
    """The band digests of ``text`` (none for a text under MIN_WORDS words)."""
    if len(words(text or "")) < MIN_WORDS:
        return []
    ring = keyring()
    key = hashlib.sha256(b"tipnet textbands " + ring.digest("text", "minhash").encode()
                         ).digest()
    base = hmac.new(key, digestmod=hashlib.blake2b)
    grams = [g.encode() for g in shingles(text)]
    minima = []
    for i in range(FUNCTIONS):
        salt = i.to_bytes(2, "big")
        best = None
        for gram in grams:
            h = base.copy()
            h.update(salt + gram)
            value = h.digest()[:8]
            if best is None or value < best:
                best = value
        minima.append(best or b"")
    out = []
    for b in range(FUNCTIONS // ROWS):
        band = b"".join(minima[b * ROWS:(b + 1) * ROWS])
        out.append(ring.digest("text", f"{b}:{band.hex()}"))
    return out
