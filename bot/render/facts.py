"""Wording shared by the embed and text renderers, so both say the same thing."""

from __future__ import annotations

from briefings.schemas import SourceRef, Statement, TroopCount

_QUALIFIER_WORDS = {
    "exact": "",
    "approx": "about ",
    "under": "fewer than ",
    "over": "more than ",
    "at_most": "at most ",
    "at_least": "at least ",
}

_PRECISION_WORDS = {"day": "exact day", "month": "month only", "year": "year only"}


def figure(fact: TroopCount) -> str:
    """The number with its qualifier: ``about 2,000``."""
    return f"{_QUALIFIER_WORDS.get(fact.qualifier, '')}{fact.value:,}"


def troop_phrase(fact: TroopCount, *, earlier: bool = True) -> str:
    """A troop fact as a phrase: ``about 2,000 US troops in Syria`` or ``down by 500 ...``.

    A past level ends in ``(an earlier figure)`` unless ``earlier`` is false (where the status is shown anyway).
    """
    if fact.kind == "change":
        verb = {"decrease": "down by", "increase": "up by"}.get(fact.direction or "", "change of")
        return f"{verb} {figure(fact)} {fact.force} troops in {fact.country}"
    if fact.kind == "casualty":
        return f"{figure(fact)} {fact.force} casualties in {fact.country}"
    if earlier and fact.status == "past":
        # A figure the article says held before it is dated by the article when the text gives no date of its
        # own; without the words a reader takes "2024-12-19: about 900" for the level on that day.
        return f"{figure(fact)} {fact.force} troops in {fact.country} (an earlier figure)"
    return f"{figure(fact)} {fact.force} troops in {fact.country}"


def date_words(date: str | None, precision: str | None = None) -> str:
    """A fact's date as shown: ``2025-04-17``, ``2025-04 (month only)`` or ``undated``."""
    if not date:
        return "undated"
    if precision and precision != "day":
        return f"{date} ({_PRECISION_WORDS.get(precision, precision)})"
    return date


def source_name(ref: SourceRef) -> str:
    """The source label: outlet, and publication date when known."""
    return f"{ref.source}, {ref.published}" if ref.published else ref.source


def speaker_words(statement: Statement) -> str:
    """``Name (role)`` or just the name."""
    return f"{statement.speaker} ({statement.speaker_role})" if statement.speaker_role else statement.speaker


def quote_words(statement: Statement) -> str:
    """Direct words in quotation marks; reported speech as it stands."""
    return f"“{statement.text}”" if statement.direct else statement.text


def held_back_words(n: int) -> str:
    """``2 doubtful figures held back for review``."""
    return f"{n} doubtful figure{'s' if n != 1 else ''} held back for review"
