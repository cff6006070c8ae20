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


_CLEAR = ~((0xF << 76) | (0x3 << 62))  # the version nibble and the variant bits
_SET = (0x7 << 76) | (0x2 << 62)  # version 7, RFC 9562 variant


def uuid7_texts(n: int) -> list[str]:
    """``n`` version 7 UUIDs in their canonical text (what ``str(uuid7())`` gives), made
    together: one clock reading and one read of the operating system's randomness for all
    (the rows of one case). Nothing is kept between calls, so forked processes never share
    random bytes."""
    ms = time.time_ns() // 1_000_000 << 80
    rand = os.urandom(10 * n)
    out = []
    for i in range(0, 10 * n, 10):
        h = "%032x" % ((ms | int.from_bytes(rand[i:i + 10], "big")) & _CLEAR | _SET)
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out
