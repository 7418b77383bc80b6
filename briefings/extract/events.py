"""Events: the dated developments of an article, one sentence each.

The lede's development comes first, dated by its attribution ("a US official
said Thursday") or the publication month. Then every sentence that carries a
resolvable past date of its own ("In December 2024, ...", "last Friday",
"earlier that year"); sentences whose only dates are plans, vague spans
("in recent weeks"), back-references ("at the time") or "since ..." are states,
not developments, and are left out. Quotation-only sentences are statements,
not events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefings.dates import DateMatch, FactDate
from briefings.extract.sentences import Sentence

MAX_EVENTS = 8  # a briefing's worth: more would be every dated sentence, not the developments
_NOT_EVENT_DATE = re.compile(
    r"(?i)^(?:since|at the time|at that time|the same (?:week|month|year)|that (?:week|month|year))"
)
# "since January, when the administration cut the force": the when-clause is a development at that date.
_SINCE_WHEN = re.compile(r",?\s+when\b")
# ", which seized power in a coup last July,": a date inside a relative clause dates background, not the news.
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whose)\b[^,;]{0,120}(?:,|$)")
# "the Sept. 14 attacks on Saudi oil facilities": a date used as an attribute names an event of its own.
_ATTRIBUTIVE_EVENT = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:attacks?|strikes?|raids?|bombings?|coup|ambush|assault|offensive|election|vote"
    r"|invasion|withdrawal|drawdown|agreement|deal|summit|meeting|talks|announcement|order|ceasefire)\b[^,;.]{0,80}"
)
# Past-tense or perfect verbs: a sentence that reports something happening, not a state or a plan.
_DEVELOPMENT = re.compile(
    r"(?i)\b(?:\w{3,}ed|has\s+\w+|have\s+\w+|struck|hit|fled|sent|left|withdrew|took|began|fought|won|lost|met|led"
    r"|made|rose|fell|shot|drew|came|went|said|told|announced|ordered|killed|agreed|will)\b"
)
_WORDS = re.compile(r"[a-z0-9]+")


@dataclass(slots=True)
class EventCandidate:
    """A dated development before serialisation."""

    date: FactDate | None
    summary: str
    evidence: str
    sentence: int


def _attributive(text: str, d: DateMatch) -> bool:
    return text[max(0, d.start - 4) : d.start].lower() == "the " and bool(_ATTRIBUTIVE_EVENT.match(text, d.end))


def event_date(dates: list[DateMatch], attribution: str = "", text: str = "") -> FactDate | None:
    """The first date in a sentence that dates a development (past, precise enough, not a back-reference).

    A date inside the attribution ("His office said on Tuesday that the handover was completed in late
    2025") dates the saying; the development takes the date of the reported clause when it has one.
    """
    usable = [d for d in dates if d.value is not None and not d.future and not d.vague
              and (not _NOT_EVENT_DATE.match(d.text) or (text and d.since and _SINCE_WHEN.match(text, d.end)))]
    if text:
        # A date inside ", which ... ," is background; the main clause's date is the development's.
        if ", wh" in text:
            spans = [(m.start(), m.end()) for m in _RELATIVE_CLAUSE.finditer(text)]
            usable = [d for d in usable if not any(a <= d.start < b for a, b in spans)] or usable
        # "following the Sept. 14 attacks": the attributive date is the attacks' (an event of its own).
        usable = [d for d in usable if not _attributive(text, d)] or usable
    # A date inside a "since ..." phrase ("the lowest level since the war began in 2001") marks the start of a
    # state; it dates the development only when the sentence has no other date ("Since X fled last month, ...").
    usable = [d for d in usable if not d.since or (text and _SINCE_WHEN.match(text, d.end))] or usable
    own = [d for d in usable if not (attribution and d.text in attribution)]
    chosen = own or usable
    return chosen[0].value if chosen else None


def _similar(a: str, b: str) -> bool:
    ta, tb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) > 0.8


def find_events(
    sentences: list[Sentence],
    lede_date: FactDate | None,
    summaries: dict[int, str],
    attributions: dict[int, str] | None = None,
) -> list[EventCandidate]:
    """Dated developments, the lede first. ``summaries`` maps sentence index to its main clause."""
    out: list[EventCandidate] = []
    for sent in sentences:
        if len(out) >= 3 * MAX_EVENTS:
            break
        if sent.frame.startswith("\ue000") or len(sent.text) > 1500 or len(sent.text.split()) < 5:
            continue
        date = event_date(sent.dates, (attributions or {}).get(sent.index, ""), sent.text)
        # The lede's development: the first sentence, and the second when it reports one too (a standfirst
        # or a one-line first paragraph is often followed by the news in other words).
        is_lede = sent.index <= 1 and (not out or bool(_DEVELOPMENT.search(sent.frame)))
        if date is None and not is_lede:
            continue
        summary = summaries.get(sent.index) or sent.body
        if any(_similar(summary, e.summary) for e in out):
            continue
        out.append(EventCandidate(date or lede_date, summary, sent.text, sent.index))
        for d in sent.dates:
            # "after the Jan. 28 drone attack on the base": the attack, dated, as an event of its own.
            if d.value is not None and not d.future and d.value != out[-1].date and _attributive(sent.text, d):
                phrase = sent.text[d.start - 4 : _ATTRIBUTIVE_EVENT.match(sent.text, d.end).end()].strip()
                out.append(EventCandidate(d.value, phrase[0].upper() + phrase[1:] + ".", sent.text, sent.index))
    return _keep(out)


def _keep(found: list[EventCandidate]) -> list[EventCandidate]:
    """At most MAX_EVENTS, in reading order: the lede, then the most precisely dated developments."""
    if len(found) <= MAX_EVENTS:
        return found
    lede, rest = found[:1], found[1:]
    ranked = sorted(
        range(len(rest)),
        key=lambda i: (not _DEVELOPMENT.search(rest[i].evidence), -len(rest[i].date or ""), i),
    )
    keep = sorted(ranked[: MAX_EVENTS - 1])
    return lede + [rest[i] for i in keep]
