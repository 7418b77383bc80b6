"""Events: the dated developments of an article, one sentence each.

Candidates, each with a confidence from how the text dates it:

- the lede's development (the first sentence of the body that is no caption, credit or headline), dated by
  its attribution ("a US official said Thursday") or the publication day;
- every sentence that carries a resolvable past date of its own ("In December 2024, ...", "last Friday",
  "earlier that year"); sentences whose only dates are plans, vague spans ("in recent weeks"),
  back-references ("at the time") or "since ..." are states, not developments;
- the entries of a timeline ("OCT. 18 – U.S. forces in Iraq are targeted ..."), each dated by its label;
- "the Jan. 28 drone attack": a date used as an attribute names an event of its own;
- a quotation that reports an action with a number or a date ("we relocated fewer than 50 soldiers");
- an undated sentence that reports an action (killed, withdrew, arrived, announced, ...): the news of the
  article, dated only to the publication month and marked doubtful.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefings.dates import DateContext, DateMatch, FactDate, find_dates, fmt_month
from briefings.extract.sentences import OPEN, PLACEHOLDER, Sentence

MAX_EVENTS = 8  # a briefing's worth: more would be every dated sentence, not the developments
MAX_UNDATED = 3  # undated actions are the weakest candidates: a few, the likeliest first
_NOT_EVENT_DATE = re.compile(
    r"(?i)^(?:since|at the time|at that time|the same (?:week|month|year)|that (?:week|month|year))"
)
# "since January, when the administration cut the force": the when-clause is a development at that date.
_SINCE_WHEN = re.compile(r",?\s+when\b")
# ", which seized power in a coup last July,": a date inside a relative clause dates background, not the news.
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whose)\b[^,;]{0,120}(?:,|$)")
# "the Sept. 14 attacks on Saudi oil facilities": a date used as an attribute names an event of its own.
_ATTRIBUTIVE_EVENT = re.compile(
    r"\s+(?:[A-Za-z-]+\s+){0,2}?(?:attacks?|strikes?|raids?|bombings?|coup|ambush|assault|offensive|election|vote"
    r"|invasion|withdrawal|drawdown|agreement|deal|summit|meeting|talks|announcement|order|ceasefire)\b[^,;.]{0,80}"
)
# Past-tense or perfect verbs: a sentence that reports something happening, not a state or a plan.
_DEVELOPMENT = re.compile(
    r"(?i)\b(?:\w{3,}ed|has\s+\w+|have\s+\w+|struck|hit|fled|sent|left|withdrew|took|began|fought|won|lost|met|led"
    r"|made|rose|fell|shot|drew|came|went|said|told|announced|ordered|killed|agreed|will)\b"
)
# Verbs of action (past or perfect): what a reader lists as having happened. Plain states ("is", "remains"),
# plans and opinions are not among them.
_ACTS = (
    r"(?:killed|wounded|injured|struck|hit|attacked|targeted|launched|fired|shot down|downed|intercepted|deployed"
    r"|sent|dispatched|arrived|withdrew|withdrawn|pulled out|left|departed|relocated|evacuated|handed over"
    r"|transferred|seized|captured|retook|recaptured|raided|bombed|shelled|conducted|carried out|began|started"
    r"|ended|completed|closed|signed|agreed|approved|authori[sz]ed|ordered|announced|declared|claimed|rejected"
    r"|visited|nominated|fled|crashed|exploded|detonated|dropped|delivered|reinforced|brokered|blew himself up"
    r"|blew up|took control|assumed (?:full |complete )?control|moved|flew|landed|rammed)"
)
_ACTION = re.compile(rf"\b(?:(?:has|have|had)\s+(?:been\s+|now\s+|already\s+)?)?{_ACTS}\b")
# The speaker's own act in a quotation: "we relocated ...", "I authorized ...".
_FIRST_PERSON_ACT = re.compile(rf"\b(?:I|we)\s+(?:have\s+|had\s+)?{_ACTS}\b")
# A background or generic sentence, not a development of the story ("has long resisted", "for years").
_BACKGROUND = re.compile(
    r"(?i)\b(?:since|for years|for decades|has long|have long|long\s+\w+ed|usually|often|typically|would|could"
    r"|might|may|should|if|not authori[sz]ed|declined to|did not|didn't|not immediately|no immediate|will|won't"
    r"|going to|expected to|plans? to|set to|next (?:week|month|year)|closed session|closed-door)\b"
)

# Timeline entries open with an upper-case date label: "OCT. 18 – ", "JAN. 9 - ", "DEC 25 — ".
_TIMELINE_LABEL = re.compile(
    r"^(?P<d>(?:JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC)[A-Z]*\.?\s+\d{1,2}(?:,\s*\d{4})?)\s*[–—-]\s+"
)
# A photo caption or credit: "(U.S. Army photo by ...)", "(Photo: DVIDS)", "(Julio Hernandez/U.S. Army)".
_CREDIT = re.compile(
    r"\((?:[^()]*\b(?:[Pp]hoto|PHOTO|Getty|Image|AFP|AP|Reuters|EPA)\b[^()]*|[^()/]{2,40}/[^()]{2,40})\)\s*$"
)
_WORDS = re.compile(r"[a-z0-9]+")
_TURN_LABEL = re.compile(r"^(?:[A-Z][A-Z.'’-]*\s+){0,7}[A-Z][A-Z.'’-]*:\s+")
_BACK_REFERENCE = re.compile(
    r"\b(?:the|this)\s+(?:move|decision|operation|raid|attack|strike|mission|deployment|withdrawal|pullout"
    r"|announcement|order|airdrop|drop|handover|transfer)\b"
)
_NUMBER = re.compile(r"\b\d[\d,]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds)\b")


@dataclass(slots=True)
class EventCandidate:
    """A dated development before serialisation."""

    date: FactDate | None
    summary: str
    evidence: str
    sentence: int
    confidence: float = 0.85
    timeline: bool = False


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


_DEICTIC = re.compile(r"(?i)^(?:today|tonight|yesterday|this (?:morning|afternoon|evening)|last night|earlier today)$")


def _outside_quoted_deixis(sent: Sentence) -> list[DateMatch]:
    """The sentence's dates, less "today" or "tonight" inside a quotation: those count from the day the words
    were said, which the publication date need not be."""
    if not sent.raw_quotes:
        return sent.dates
    spans = []
    for raw in sent.raw_quotes:
        at = sent.text.find(raw)
        if at >= 0:
            spans.append((at, at + len(raw)))
    return [d for d in sent.dates if not (_DEICTIC.match(d.text) and any(a <= d.start < b for a, b in spans))]


def _similar(a: str, b: str) -> bool:
    ta, tb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) > 0.8


def _is_caption(sent: Sentence, para_text: str) -> bool:
    """A photo caption or credit line, or a line with no sentence ending (a headline, a kicker)."""
    return bool(_CREDIT.search(para_text)) or sent.text.rstrip()[-1:] not in ".!?\"”’"


def _lede(sentences: list[Sentence], paragraphs: dict[int, str]) -> Sentence | None:
    for sent in sentences[:20]:
        if sent.para > 8:
            break
        body = _TURN_LABEL.sub("", sent.body) if sent.first_in_para else sent.body  # "MR. KIRBY: Afternoon."
        if sent.frame.startswith(OPEN) or len(body.split()) < 8 or _is_caption(sent, paragraphs[sent.para]):
            continue
        return sent
    return sentences[0] if sentences else None


def _timeline_date(sent: Sentence, published: dt.date) -> tuple[FactDate, int] | None:
    m = _TIMELINE_LABEL.match(sent.body) if sent.first_in_para else None
    if not m:
        return None
    label = m.group("d").title()
    found = [d for d in find_dates(label, DateContext(published=published)) if d.value and not d.future]
    return (found[0].value, m.end()) if found else None


def find_events(
    sentences: list[Sentence],
    published: dt.date,
    said_dates: dict[int, FactDate],
    summaries: dict[int, str],
    attributions: dict[int, str] | None = None,
) -> list[EventCandidate]:
    """Dated developments, the lede first. ``summaries`` maps sentence index to its main clause and
    ``said_dates`` to the date its statement was made."""
    paragraphs: dict[int, str] = {}
    for s in sentences:
        paragraphs[s.para] = f"{paragraphs.get(s.para, '')} {s.text}".strip()
    lede = _lede(sentences, paragraphs)
    # The lede is the news of the day: with no date of its own it is dated to publication day,
    # so that "latest" ranks it above older items of the same month.
    lede_date = said_dates.get(lede.index) if lede else None
    if lede is not None and lede_date is None and event_date(lede.dates, "", lede.text) is None:
        # "The military is pulling 1,000 troops out. The secretary announced the move yesterday.": a sentence
        # right after the lede that dates "the move" dates the lede's development.
        for nxt in sentences[lede.index + 1 : lede.index + 4]:
            d = event_date(nxt.dates, "", nxt.text)
            if d is not None and _BACK_REFERENCE.search(nxt.text):
                lede_date = d
                break
    lede_date = lede_date or published.isoformat()
    month = fmt_month(published.year, published.month)
    out: list[EventCandidate] = []
    undated: list[EventCandidate] = []
    entry_para = -1
    dated_paras: set[int] = set()  # paragraphs where a sentence carries a date other than the publication's
    for sent in sentences:
        if len(out) >= 4 * MAX_EVENTS:
            break
        if len(sent.text) > 1500 or len(sent.text.split()) < 5 or _CREDIT.search(paragraphs[sent.para]):
            continue  # a photo caption repeats the story with the photo's date
        timeline = _timeline_date(sent, published)
        if timeline is not None:
            body = sent.body[timeline[1] :]
            out.append(EventCandidate(timeline[0], body[:1].upper() + body[1:], sent.text, sent.index, 0.9, True))
            entry_para = sent.para
            continue
        if sent.para == entry_para:
            out[-1].evidence = f"{out[-1].evidence} {sent.text}"  # the rest of a timeline entry is part of it
            continue
        if sent.frame.startswith(OPEN) or _mostly_quoted(sent):
            quoted = _quoted_event(sent, said_dates.get(sent.index), month)
            if quoted is not None and not any(_similar(quoted.summary, e.summary) for e in out):
                out.append(quoted)
            continue
        date = event_date(_outside_quoted_deixis(sent), (attributions or {}).get(sent.index, ""), sent.text)
        # The lede's development: the first sentence, and the next when it reports one too (a standfirst
        # or a one-line first paragraph is often followed by the news in other words).
        is_lede = lede is not None and lede.index <= sent.index <= lede.index + 1 and (
            not out or bool(_DEVELOPMENT.search(sent.frame))
        )
        summary = summaries.get(sent.index) or sent.body
        if date is not None and not str(date).startswith(month):
            dated_paras.add(sent.para)
        if date is None and not is_lede:
            if (
                sent.para not in dated_paras  # "In January, ISIS mounted ... . Hundreds of fighters ...": that date
                and _ACTION.search(sent.frame)
                and not _BACKGROUND.search(sent.frame)
                and len(sent.text.split()) >= 8
                and not _is_caption(sent, paragraphs[sent.para])
            ):
                # An undated action: the article's news, but its day is unknown. One that someone is reported
                # to have said is weaker still.
                reported = bool((attributions or {}).get(sent.index, "").strip())
                undated.append(EventCandidate(said_dates.get(sent.index, month), summary, sent.text, sent.index,
                                              0.4 if reported else 0.45))
            continue
        if any(_similar(summary, e.summary) for e in out):
            continue
        confidence = 0.85 if date is not None else 0.75
        out.append(EventCandidate(date or lede_date, summary, sent.text, sent.index, confidence))
        for d in sent.dates:
            # "after the Jan. 28 drone attack on the base": the attack, dated, as an event of its own.
            if d.value is not None and not d.future and d.value != out[-1].date and _attributive(sent.text, d):
                m = _ATTRIBUTIVE_EVENT.match(sent.text, d.end)
                phrase = sent.text[d.start - 4 : m.end() if m else d.end].strip()
                out.append(EventCandidate(d.value, phrase[0].upper() + phrase[1:] + ".", sent.text, sent.index, 0.7))
    undated.sort(key=lambda e: (-e.confidence, not _NUMBER.search(e.evidence), e.sentence))
    for e in undated[:MAX_UNDATED]:
        if not any(_similar(e.summary, o.summary) for o in out):
            out.append(e)
    return _keep(out)


def _mostly_quoted(sent: Sentence) -> bool:
    """'X said, "Q"': a sentence whose own words are only an attribution around a longer quotation."""
    if not sent.quotes:
        return False
    own = PLACEHOLDER.sub(" ", sent.frame)
    return not _ACTION.search(own) and len(own.split()) * 2 < sum(len(q.split()) for q in sent.quotes)


def _quoted_event(sent: Sentence, said: FactDate | None, month: FactDate) -> EventCandidate | None:
    """A quotation that reports an action with a number or a date: "we relocated fewer than 50 soldiers"."""
    words = " ".join(sent.quotes)
    if _BACKGROUND.search(words) or not (
        (_ACTION.search(words) and _NUMBER.search(words)) or _FIRST_PERSON_ACT.search(words)
    ):
        return None
    # "tonight" in a quotation is the night it was said, which the text may not give: the saying's date,
    # else the publication month.
    return EventCandidate(said or month, sent.body, sent.text, sent.index, 0.6)


def _keep(found: list[EventCandidate]) -> list[EventCandidate]:
    """At most MAX_EVENTS, in reading order: the lede, then the most precisely dated developments. Timeline
    entries are all kept: the outlet has listed them as the developments."""
    timeline = [e for e in found if e.timeline]
    rest_all = [e for e in found if not e.timeline]
    if len(rest_all) <= MAX_EVENTS:
        return sorted(rest_all + timeline, key=lambda e: e.sentence)
    lede, rest = rest_all[:1], rest_all[1:]
    ranked = sorted(
        range(len(rest)),
        key=lambda i: (-rest[i].confidence, not _DEVELOPMENT.search(rest[i].evidence), -len(rest[i].date or ""), i),
    )
    keep = [rest[i] for i in sorted(ranked[: MAX_EVENTS - 1])]
    return sorted(lede + keep + timeline, key=lambda e: e.sentence)
