"""Extraction: troop counts, statements and events from one article's text.

Pure, synchronous and deterministic; every stage is regex-driven with linear
patterns, so a 1,000-word article takes a few milliseconds and 5 MB of junk
cannot hang it. Stages: :mod:`briefings.clean` (body only), :mod:`.sentences`
(sentences with quotations folded), :mod:`briefings.dates` (dates resolved in
reading order), :mod:`.statements`, :mod:`.troops`, :mod:`.events`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter

from briefings.clean import clean_text
from briefings.dates import DateContext, DateMatch, FactDate, find_dates
from briefings.extract.events import find_events
from briefings.extract.sentences import Sentence, split_sentences
from briefings.extract.speakers import SpeakerBook, collect_names
from briefings.extract.statements import Found, StatementFinder
from briefings.extract.troops import (
    _COUNTRY,
    _TROOP_CONTEXT,
    COUNTRIES,
    PLACE_COUNTRY,
    SAID_AFTER,
    Count,
    attack_place,
    find_counts,
)
from briefings.schemas import Event, Extraction, Statement, TroopCount

log = logging.getLogger(__name__)

__all__ = ["extract"]

_TOKENS = re.compile(r"[a-z0-9]+")
_PLACE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(PLACE_COUNTRY, key=len, reverse=True)) + r")\b")
# "troops from northern Syria", "presence in Iraq": where the article puts troops weighs more than a mention.
_TROOP_PLACE = re.compile(
    r"\b(?:troops?|forces|presence|personnel|soldiers|footprint|garrison|base|bases)\s+(?:\w+\s+){0,2}?"
    r"(?:in|from|out of|inside|to)\s+(?:the\s+)?(?:(?:north|south|east|west)\w*\s+|north-\w+\s+)?"
    rf"(?P<c>{COUNTRIES})\b"
)
# "a small base in north-east Jordan": the place the previous sentence is set in.
_LOCATIVE = re.compile(
    rf"\bin\s+(?:the\s+)?(?:(?:north|south|east|west)\w*\s+|north-\w+\s+|south-\w+\s+)?(?P<c>{COUNTRIES})\b"
)


_SITE_REFERENCE = re.compile(
    r"\b(?:the|that|this)\s+(?:[\w-]+\s+)?(?:base|garrison|outpost|site|facility|camp|airfield|compound|attack|strike"
    r"|installation)\b|\bthere\b"
)


# A timeline entry older than this is history at publication.
_STALE_ENTRY = dt.timedelta(days=14)
_ENTRY_MARK = re.compile(r"\s*[—–:-]")


def _entry_dates(sentences: list[Sentence]) -> dict[int, FactDate]:
    """The date each timeline entry gives its paragraph ("DEC. 19 — The Pentagon says ..."), by paragraph."""
    out: dict[int, FactDate] = {}
    for s in sentences:
        if not s.first_in_para or not s.dates:
            continue
        d = s.dates[0]
        if d.start == 0 and d.value and not d.future and _ENTRY_MARK.match(s.text, d.end):
            out[s.para] = d.value
    return out


def _main_country(title: str | None, sentences: list[Sentence]) -> str | None:
    counts: Counter[str] = Counter()

    def mentions(text: str, weight: int) -> None:
        for m in _COUNTRY.finditer(text):
            # "Turkey's incursion", "Iran's proxies": a country that acts is not where the troops are.
            if text[m.end() : m.end() + 2] not in {"'s", "’s"}:
                counts[m.group(1)] += weight
        for m in _PLACE.finditer(text):
            counts[PLACE_COUNTRY[m.group()]] += weight  # "Manbij", "Ain al-Asad": a place names its country
        for m in _TROOP_PLACE.finditer(text):
            counts[m.group("c")] += 3

    mentions(title or "", 3)
    for s in sentences:
        mentions(s.text, 3 if s.index < 2 else 1)
    counts.pop("Europe", None)
    return counts.most_common(1)[0][0] if counts else None


def _statement_date(f: Found, default: FactDate) -> FactDate:
    for d in f.sentence.dates:
        if d.value is None or d.future or d.text not in f.attribution:
            continue
        return default if d.vague else d.value
    opening = _opening_date(f.sentence)
    # "On Wednesday, Biden said ...": a date that opens the sentence dates the saying that follows it.
    if opening is not None and f.attribution.strip() and f.attribution.strip() in f.sentence.text[opening.end :]:
        return opening.value or default
    return default


_OPENING = re.compile(r"^(?:On|Late|Early|Earlier|Later)?\s*,?\s*$")
# "..., the commander said Wednesday", "announced on Tuesday": a date right after a verb of saying.
# "announced the move yesterday": a short object between the verb and its date.
_SAID_BEFORE = re.compile(
    r"(?i)\b(?:said|says|announced|told\s+[\w.]+(?:\s+[\w.]+)?|confirmed|stated"
    r"|(?:announced|confirmed|disclosed|unveiled)\s+(?:the|its|his|her|their)\s+(?:move|decision|plan|withdrawal"
    r"|deployment|change|cut|drawdown))\s+(?:on\s+)?$"
)


def _opening_date(s: Sentence) -> DateMatch | None:
    """A resolved past date that opens the sentence and is followed by a comma ("On Wednesday, ...")."""
    for d in s.dates[:1]:
        if d.value and not d.future and not d.vague and _OPENING.match(s.text[: d.start]) and \
                s.text[d.end : d.end + 1] == ",":
            return d
    return None


def _said_date(s: Sentence) -> FactDate | None:
    """The date a sentence's saying is given ("the commander said Wednesday"), for facts with no date of their own."""
    for d in s.dates:
        if d.value and not d.future and not d.vague and _SAID_BEFORE.search(s.text, max(0, d.start - 40), d.start):
            return d.value
    return None


# Words that set a sentence at an attack: a date in it is when the troops were hurt.
_ATTACK = re.compile(
    r"(?i)\b(?:attack\w*|strikes?|struck|raid\w*|collision|collided|explosion|blast|ambush\w*|bomb\w*|drone|rocket"
    r"|missile|shell\w*|wounded|injur\w*|killed|hurt)\b"
)


_NEW_ATTACK = re.compile(r"(?i)\b(?:a|an|another)\s+(?:[\w-]+\s+){0,2}?(?:attack|ambush|strike|raid|bombing|blast"
                         r"|explosion)\b")


def _attack_date(s: Sentence) -> FactDate | None:
    """The date of the attack a sentence tells of: its first date that is not when something was said."""
    if not _ATTACK.search(s.text):
        return None
    for d in s.dates:
        if d.value and not d.future and not d.vague and not d.since and \
                not _SAID_BEFORE.search(s.text, max(0, d.start - 40), d.start) and \
                not SAID_AFTER.match(s.text, d.end):
            return d.value
    return None


def _date_casualties(counts: list[Count], sentences: list[Sentence]) -> None:
    """Date (and place) casualties their own sentence does not by the attack the article last dated (placed).

    "Four soldiers were wounded in a raid on Thursday night. ... Three of them are in stable condition":
    the three were hurt on Thursday, not on the day the article appeared.
    """
    attack: FactDate | None = None
    site: tuple[int, str] | None = None
    by_sentence: dict[int, list[Count]] = {}
    for c in counts:
        by_sentence.setdefault(c.sentence, []).append(c)
    for s in sentences:
        attack = _attack_date(s) or attack
        here = attack_place(s.text)
        # "... the rocket attack near Makhmur? -- Three service members were hurt in that attack": the place of
        # an attack told just before, unless this sentence tells of another one ("in an ambush").
        usable = site is not None and s.index - site[0] <= 2 and not _NEW_ATTACK.search(s.text)
        for c in by_sentence.get(s.index, ()):
            if c.kind == "casualty" and not c.dated and attack is not None:
                c.date = attack
            if c.kind == "casualty" and not c.placed and usable and site is not None:
                c.country = site[1]
        if here is not None:
            site = (s.index, here)


def _dedupe_counts(counts: list[Count]) -> list[Count]:
    changes = {(c.value, c.direction, c.country) for c in counts if c.kind == "change" and not c.existing}
    seen: set[tuple] = set()
    out: list[Count] = []
    for c in counts:
        if c.kind == "change":
            if c.existing and (c.value, c.direction, c.country) in changes and any(
                o.kind == "change" and o.value == c.value for o in out
            ):
                continue
            key: tuple = ("change", c.value, c.direction, c.country, c.force)
        elif c.kind == "casualty":
            key = ("casualty", c.value, c.country, c.date, c.force)  # a US and a British soldier killed
        else:
            key = ("level", c.value, c.country, c.force, c.status)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def _norm(text: str) -> str:
    return " ".join(_TOKENS.findall(text.lower()))


def extract(text: str, published: dt.date) -> Extraction:
    """Extract the facts of one article.

    ``text`` is the article as pasted (raw): it is cleaned here with
    :func:`briefings.clean.clean_text`, so captions, bylines and boilerplate never
    make facts; already-cleaned text passes through unchanged. ``published`` is the
    date every relative date ("Thursday", "last week", "in December") is resolved
    against; facts with no date of their own get the publication month.
    Never raises on any input.
    """
    try:
        return _extract(text, published)
    except Exception as exc:  # the extractor must never take the caller down with it
        log.exception("extraction failed")
        return Extraction(published=published.isoformat(), warnings=[f"extraction failed: {exc!r}"])


def _extract(text: str, published: dt.date) -> Extraction:
    clean = clean_text(text)
    sentences = split_sentences(clean.paragraphs)
    # A fact the text dates no more precisely holds at publication: the day (SCHEMA.md).
    default = published.isoformat()
    ctx = DateContext(published=published)
    marks = dict(clean.year_marks)
    for s in sentences:
        if s.first_in_para and s.para in marks:
            ctx.heading_year = marks[s.para]
        s.dates = find_dates(s.text, ctx) if len(s.text) <= 3000 else []
    entry_dates = _entry_dates(sentences)

    book = SpeakerBook(collect_names(clean.text[:200_000]))
    finder = StatementFinder(book, sentences)
    prev: Sentence | None = None
    for s in sentences:
        finder.sentence(s, prev)
        prev = s

    statements: list[Statement] = []
    said_dates: dict[int, FactDate] = {}
    summaries: dict[int, str] = {}
    attributions: dict[int, str] = {}
    seen_text: set[str] = set()
    for f in finder.found:
        key = _norm(f.text)
        if not key or key in seen_text:
            continue
        seen_text.add(key)
        date = _statement_date(f, default)
        attributions[f.sentence.index] = f"{attributions.get(f.sentence.index, '')} {f.attribution}"
        if f.sentence.index not in said_dates and date != default:
            said_dates[f.sentence.index] = date
        if not f.direct and f.sentence.text.startswith(f.text[:40]):
            summaries.setdefault(f.sentence.index, f.text.rstrip(",;:") + ".")
        statements.append(
            Statement(
                speaker=f.speaker.name,
                speaker_role=f.speaker.role,
                text=f.text,
                direct=f.direct,
                date=date,
                evidence=f.evidence,
                confidence=round(f.confidence, 2),
            )
        )

    for s in sentences:
        if s.index not in said_dates and (said := _said_date(s)) is not None:
            said_dates[s.index] = said

    country = _main_country(clean.title, sentences)
    # An article about troops throughout (a hearing, a briefing, an interview) may give a figure with no troop
    # word in its sentence ("it's about 900 on the ground").
    story = sum(1 for s in sentences if _TROOP_CONTEXT.search(s.text)) >= 3
    counts: list[Count] = []
    prev: Sentence | None = None
    for s in sentences:
        prev_about = prev is not None and bool(_TROOP_CONTEXT.search(prev.text))
        places = {m.group("c") for m in _LOCATIVE.finditer(prev.text)} if prev is not None else set()
        # One place in the sentence before ("a base in north-east Jordan") is where "the base" of this one is;
        # a sentence that names no such site is set where the article is, not where its neighbour was.
        prev_place = next(iter(places)) if len(places) == 1 and _SITE_REFERENCE.search(s.text) else None
        found = find_counts(
            s.text, s.index, s.dates, said_dates.get(s.index), entry_dates.get(s.para, default),
            prev_place or country, prev_about, prev.text if prev is not None else "", story,
        )
        entry = entry_dates.get(s.para)
        if entry is not None and entry < (published - _STALE_ENTRY).isoformat():
            # A timeline entry well before publication tells what held or was planned then: history now.
            for c in found:
                if c.kind != "casualty":
                    c.status = "past"
        counts.extend(found)
        prev = s
    _date_casualties(counts, sentences)
    troop_counts = [
        TroopCount(
            value=c.value,
            qualifier=c.qualifier,  # type: ignore[arg-type]
            kind=c.kind,  # type: ignore[arg-type]
            direction=c.direction,  # type: ignore[arg-type]
            status=c.status,  # type: ignore[arg-type]
            date=c.date,
            country=c.country,
            force=c.force,
            evidence=c.evidence,
            confidence=c.confidence,
        )
        for c in _dedupe_counts(counts)
    ]

    events = [
        Event(date=e.date, summary=e.summary, evidence=e.evidence, confidence=e.confidence)
        for e in find_events(sentences, published, said_dates, summaries, attributions)
    ]
    warnings = [] if sentences else ["no article text found after cleaning"]
    return Extraction(
        published=published.isoformat(),
        troop_counts=troop_counts,
        statements=statements,
        events=events,
        title=clean.title,
        warnings=warnings,
    )
