"""Discord's message limits, and the one function that checks a message against them.

Every send in ``bot/`` goes through :func:`check_message` first, and the tests
run the same function over every payload the bot sends, so a message that
Discord would reject with a 400 is caught here instead, with a list of what is
wrong. Renderers stay under the limits with :func:`truncate` and
:func:`pack_lines`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import discord

log = logging.getLogger(__name__)

CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR_NAME = 256
EMBED_TOTAL = 6000
EMBEDS_PER_MESSAGE = 10

ELLIPSIS = "…"


class MessageTooLarge(ValueError):
    """A message breaks one or more of Discord's limits; ``problems`` lists each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _as_dict(embed: discord.Embed | Mapping[str, Any]) -> Mapping[str, Any]:
    return embed.to_dict() if isinstance(embed, discord.Embed) else embed


def _len(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def message_problems(
    *,
    content: str | None = None,
    embeds: Sequence[discord.Embed | Mapping[str, Any]] = (),
) -> list[str]:
    """Everything in a message that breaks Discord's limits (empty when it is fine).

    ``embeds`` may be :class:`discord.Embed` objects or their JSON dicts, so the
    same check applies before a send and to the JSON a test server received.
    """
    problems: list[str] = []
    if content is not None and len(content) > CONTENT:
        problems.append(f"content has {len(content)} characters (limit {CONTENT})")
    if len(embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(embeds)} embeds (limit {EMBEDS_PER_MESSAGE})")
    total = 0
    for index, raw in enumerate(embeds):
        data = _as_dict(raw)
        where = f"embed {index}"
        title, description = _len(data.get("title")), _len(data.get("description"))
        footer = _len((data.get("footer") or {}).get("text"))
        author = _len((data.get("author") or {}).get("name"))
        fields = data.get("fields") or []
        if title > EMBED_TITLE:
            problems.append(f"{where}: title has {title} characters (limit {EMBED_TITLE})")
        if description > EMBED_DESCRIPTION:
            problems.append(f"{where}: description has {description} characters (limit {EMBED_DESCRIPTION})")
        if footer > FOOTER:
            problems.append(f"{where}: footer has {footer} characters (limit {FOOTER})")
        if author > AUTHOR_NAME:
            problems.append(f"{where}: author name has {author} characters (limit {AUTHOR_NAME})")
        if len(fields) > EMBED_FIELDS:
            problems.append(f"{where}: {len(fields)} fields (limit {EMBED_FIELDS})")
        total += title + description + footer + author
        for number, field in enumerate(fields):
            name, value = _len(field.get("name")), _len(field.get("value"))
            if not name or not value:
                problems.append(f"{where}: field {number} has an empty name or value")
            if name > FIELD_NAME:
                problems.append(f"{where}: field {number} name has {name} characters (limit {FIELD_NAME})")
            if value > FIELD_VALUE:
                problems.append(f"{where}: field {number} value has {value} characters (limit {FIELD_VALUE})")
            total += name + value
    if total > EMBED_TOTAL:
        problems.append(f"embeds have {total} characters in all (limit {EMBED_TOTAL})")
    return problems


def check_message(
    *,
    content: str | None = None,
    embeds: Sequence[discord.Embed | Mapping[str, Any]] = (),
) -> None:
    """Raise :class:`MessageTooLarge` if a message breaks any of Discord's limits.

    Called before every send and by the tests on every payload the bot sends.
    """
    problems = message_problems(content=content, embeds=embeds)
    if problems:
        log.error("message over Discord's limits: %s", problems)
        raise MessageTooLarge(problems)


def check_payload(payload: Mapping[str, Any]) -> None:
    """Check a message JSON payload (``content`` and ``embeds``) as Discord receives it."""
    check_message(content=payload.get("content"), embeds=payload.get("embeds") or [])


def embed_size(embed: discord.Embed) -> int:
    """The characters an embed counts against the 6,000 per message."""
    return len(embed)


def truncate(text: str, limit: int, note: str = ELLIPSIS) -> str:
    """``text`` cut to at most ``limit`` characters, ending with ``note`` when cut.

    Cuts at a word boundary when one is near, so a sentence does not end mid-word.
    """
    if len(text) <= limit:
        return text
    if len(note) >= limit:
        return note[:limit]
    room = limit - len(note)
    cut = text[:room]
    space = cut.rfind(" ")
    if space > room * 0.7:
        cut = cut[:space]
    return cut.rstrip() + note


def more_note(hidden: int, noun: str = "more") -> str:
    """The line that says how many items did not fit."""
    return f"…and {hidden} {noun} not shown"


def pack_lines(lines: Iterable[str], limit: int, *, separator: str = "\n", noun: str = "more") -> tuple[str, int]:
    """Join as many whole lines as fit in ``limit``; say how many were left out.

    Returns the text and the number of lines left out. A single line longer than
    the limit is truncated rather than dropped, so the first item always shows.
    """
    items = list(lines)
    out: list[str] = []
    used = 0
    for index, line in enumerate(items):
        remaining = len(items) - index - 1
        reserve = len(separator) + len(more_note(len(items), noun)) if remaining else 0
        cost = len(line) + (len(separator) if out else 0)
        if used + cost + reserve > limit:
            if not out:
                out.append(truncate(line, limit - reserve))
                used = len(out[0])
                continue
            hidden = len(items) - index
            out.append(more_note(hidden, noun))
            return separator.join(out), hidden
        out.append(line)
        used += cost
    return separator.join(out), 0


def pages(items: Sequence[Any], per_page: int) -> list[Sequence[Any]]:
    """Split ``items`` into pages of ``per_page`` (at least one, possibly empty, page)."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [items[:0]]
