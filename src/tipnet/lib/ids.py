"""Time-ordered UUIDs (RFC 9562 version 7) for rows created in bulk.

Random (version 4) keys scatter every insert across the whole primary-key and foreign-key
indexes; at a million rows that means a page read and a page write per index per row. Version 7
keys begin with the creation time in milliseconds, so the rows of one import land on the right
edge of those indexes. The creation time they reveal is already stored with the row.

Leaf module: imports no tipnet app.
"""

from __future__ import annotations

import os
import time
import uuid


def uuid7() -> uuid.UUID:
    raw = bytearray((time.time_ns() // 1_000_000).to_bytes(8, "big")[2:] + os.urandom(10))
    raw[6] = raw[6] & 0x0F | 0x70  # version 7 over the top of rand_a
    raw[8] = raw[8] & 0x3F | 0x80  # RFC 9562 variant over the top of rand_b
    return uuid.UUID(bytes=bytes(raw))


# The hex digit that carries the RFC 9562 variant (binary 10xx) for each random hex digit.
_VARIANT = {f"{i:x}": f"{8 | i & 3:x}" for i in range(16)}


def uuid7_texts(n: int) -> list[str]:
    """``n`` version 7 UUIDs in their canonical text (what ``str(uuid7())`` gives), made
    together: one clock reading and one read of the operating system's randomness for all
    (the rows of one case). Nothing is kept between calls, so forked processes never share
    random bytes. Built as text: 48 bits of milliseconds, the version digit 7, then 74 random
    bits (12 + 2 + 60, the variant's two fixed bits over the top of the fourth group)."""
    ms = f"{time.time_ns() // 1_000_000:012x}"
    head = f"{ms[:8]}-{ms[8:]}-7"
    rand = os.urandom(10 * n).hex()
    variant = _VARIANT
    return [f"{head}{rand[i:i + 3]}-{variant[rand[i + 3]]}{rand[i + 4:i + 7]}-"
            f"{rand[i + 7:i + 19]}" for i in range(0, 20 * n, 20)]
