"""Range checks of the numbers commands take (counts, offsets, ids).

The services call them, so the command line, the console and the bot share
one check of each argument. Each failure is a one-line reason a user can act
on, and no number reaches the database that it cannot bind (SQLite and
asyncpg overflow past 64 bits; the id columns are 32-bit on PostgreSQL).
"""

from __future__ import annotations

from briefings.errors import BadInput, NotFound

#: The largest id a table holds (INTEGER primary keys: 32 bits on PostgreSQL).
MAX_ID = 2**31 - 1
#: The largest offset of a page: beyond any store, far within what a database binds.
MAX_OFFSET = 1_000_000_000


def check_count(value: int, high: int, what: str = "count") -> int:
    """``value`` if it is between 1 and ``high``; else :class:`BadInput` naming ``what``."""
    if not 1 <= value <= high:
        raise BadInput(f"{what} must be between 1 and {high:,}")
    return value


def check_offset(value: int) -> int:
    """``value`` if it is between 0 and :data:`MAX_OFFSET`; else :class:`BadInput`."""
    if not 0 <= value <= MAX_OFFSET:
        raise BadInput(f"offset must be between 0 and {MAX_OFFSET:,}")
    return value


def check_id(value: int, what: str) -> int:
    """``value`` if some row could have it as id; else :class:`NotFound` ("no article with id ...")."""
    if not 1 <= value <= MAX_ID:
        raise NotFound(f"no {what} with id {value}")
    return value
