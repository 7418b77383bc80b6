"""Paragraphs into sentences, with quotations folded into placeholders.

Each quotation in a paragraph becomes a placeholder (``\\ue000N\\ue001``) in the
sentence's *frame*, so that sentence splitting never cuts a multi-sentence quote
and attribution patterns see ``Q, X said.`` whatever the quote holds. The
sentence's ``text`` is the original wording. All scanning is regex-driven with
linear patterns: no per-character Python loops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefings.dates import DateMatch
from briefings.extract.speakers import PLACES

OPEN = "\ue000"
CLOSE = "\ue001"
PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")

_QUOTE_CHARS = re.compile(r"[\"“”«»‘]")
# "‘...”": a single opening mark whose quotation a double closing mark ends (apostrophes, "it’s", inside).
_SINGLE_FOR_DOUBLE = re.compile(r"(?<!\w)‘(?=(?:[^‘’“”\"\n]|’(?=\w))+”)")
_BOUNDARY = re.compile(rf"(?:[.!?][)\]’']*|{CLOSE})\s+(?=[{OPEN}A-Z0-9(\[‘'])")
# Wire datelines: "WASHINGTON — ", "ATMEH, Syria -- ", "IRBIL, Iraq (AP) -- ", "WASHINGTON--", "(AP) -- ",
# "ERBIL (Kurdistan 24) – ", "(MENAFN) ". A place in capitals (three letters or more) or an agency in
# brackets, then a dash; an agency in capitals in brackets needs no dash.
_DATELINE = re.compile(
    r"^(?:(?:[A-Z][A-Z.'’-]{2,}(?:[ /-][A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
    r"(?:,\s*(?:[A-Z][a-z]{2,3}\.?|[A-Z][a-z]+)\s+\d{1,2}(?:,\s*\d{4})?)?\s*"
    r"(?:\([A-Z][\w .&'’-]{0,30}\)\s*)?|\([A-Z][\w .&'’-]{0,30}\)\s*)[—–-]{1,2}\s*"
    r"|\([A-Z][A-Z0-9]{1,12}\)\s+)(?=[\"“‘'A-Z0-9\ue000])"
)
_NICKNAME = re.compile(r"[\"“][A-Z][a-z]+(?:\s[A-Z][a-z]+)?[\"”]")
_NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+\s$")
_NAME_AFTER = re.compile(r"\s[A-Z][a-z]")
_OPENS_SENTENCE = re.compile(
    r"(?:The|A|An|But|And|He|She|It|They|We|I|This|These|Those|There|His|Her|Its|Their|Meanwhile|However|Yet"
    r"|[A-Z][a-z]+ing)\s"
)
_PLACE_DATELINE = re.compile(r"^([A-Z]{4,})(?:,\s*[A-Z][a-z]+)?,\s+(?=[A-Z][a-z])")
_DATELINE_PLACES = PLACES | frozenset(
    "Erbil Irbil Mosul Kirkuk Basra Aleppo Raqqa Idlib Hasakah Qamishli Deir Kabul Istanbul Dubai Manama Muscat"
    .split()
)
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
# Abbreviations after which a full stop does not end a sentence.
_ABBREV = frozenset(
    "u.s u.k u.n e.u mr mrs ms dr st sgt gen lt col maj capt cpl pvt adm rep sen gov prof rev jr sr inc corp co "
    "ltd no vs jan feb mar apr jun jul aug sep sept oct nov dec ft mt fig approx est dept gov't cmdr brig"
    .split()
)  # fmt: skip


@dataclass(slots=True)
class Sentence:
    """One sentence of the body: original text, quote-folded frame and its dates."""

    index: int
    para: int
    text: str
    frame: str
    quotes: list[str]
    raw_quotes: list[str]
    first_in_para: bool
    dates: list[DateMatch] = field(default_factory=list)
    # Length of a wire dateline opening the sentence ("WASHINGTON (AP) -- "), in ``text`` and ``frame``
    # alike: it says where the story was filed, so statements and event summaries start after it.
    lead: int = 0

    @property
    def body(self) -> str:
        """The text after any wire dateline."""
        return self.text[self.lead :]

    def restore(self, fragment: str) -> str:
        """Put the original quotations back into a fragment of the frame."""
        if OPEN not in fragment:
            return fragment
        return PLACEHOLDER.sub(lambda m: self._raw(int(m.group(1))), fragment)

    def _raw(self, i: int) -> str:
        return self.raw_quotes[i] if 0 <= i < len(self.raw_quotes) else ""

    def quote(self, i: int) -> str:
        return self.quotes[i] if 0 <= i < len(self.quotes) else ""


def fold_quotes(paragraph: str) -> tuple[str, list[str], list[str]]:
    """Replace each quotation with a placeholder; return the frame, contents and originals.

    Straight quotes pair up in order; curly quotes open and close. A quotation
    left open runs to the end of the paragraph (the news convention for a quote
    that continues in the next paragraph). Quotes nested inside a quotation stay
    part of it.
    """
    spans: list[tuple[int, int]] = []
    open_at = -1
    open_kind = ""
    # A single opening mark closed by a double one ("‘So often we debate frivolities ... home.”"): a typo for
    # a double opening mark, so the quotation is read whole.
    opens_double = {m.start() for m in _SINGLE_FOR_DOUBLE.finditer(paragraph)} if "‘" in paragraph else set()
    for m in _QUOTE_CHARS.finditer(paragraph):
        ch = m.group()
        pos = m.start()
        if open_at < 0:
            if ch in "\"“«" or pos in opens_double:
                open_at, open_kind = pos, "“" if ch == "‘" else ch
            continue
        # Pastes mix straight and curly marks ("was not Turkish.”): a straight opening mark is closed by
        # either kind, as a curly one is.
        closes = (open_kind in "\"“" and ch in "”\"") or (open_kind == "«" and ch == "»")
        if closes:
            spans.append((open_at, pos + 1))
            open_at = -1
    if open_at >= 0:
        spans.append((open_at, len(paragraph)))
    # A nickname between a first name and a surname ('Gen. Michael "Erik" Kurilla') is part of the name.
    spans = [(a, b) for a, b in spans if not _is_nickname(paragraph, a, b)]
    if not spans:
        return paragraph, [], []
    parts: list[str] = []
    quotes: list[str] = []
    raws: list[str] = []
    last = 0
    for i, (a, b) in enumerate(spans):
        parts.append(paragraph[last:a])
        raw = paragraph[a:b]
        raws.append(raw)
        inner = raw[1:-1] if b - a >= 2 and raw[-1] in "\"”»" else raw[1:]
        quotes.append(inner.strip())
        parts.append(f"{OPEN}{i}{CLOSE}")
        last = b
    parts.append(paragraph[last:])
    return "".join(parts), quotes, raws


def _is_nickname(paragraph: str, a: int, b: int) -> bool:
    return bool(
        _NICKNAME.fullmatch(paragraph, a, b)
        and _NAME_BEFORE.search(paragraph, max(0, a - 20), a)
        and _NAME_AFTER.match(paragraph, b)
    )


def _ends_sentence(frame: str, m: re.Match[str], quotes: list[str]) -> bool:
    token = m.group().rstrip()
    if token.endswith(CLOSE):
        num = PLACEHOLDER.search(frame, max(0, m.start() - 12), m.end())
        if not num:
            return False
        content = quotes[int(num.group(1))] if int(num.group(1)) < len(quotes) else ""
        return content[-1:] in {".", "!", "?"}
    if token.startswith("."):
        lw = _LAST_WORD.search(frame, max(0, m.start() - 20), m.start() + 1)
        if lw:
            word = lw.group(1)
            if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # "U.S." style initialisms
                # "... led by the U.S. Sending troops is ...": an initialism ends a sentence when the next
                # word can only open one.
                return bool(_OPENS_SENTENCE.match(frame, m.end()))
            if word.lower().rstrip(".") in _ABBREV or (len(word) == 1 and word.isupper()):
                return False
    return True


def split_paragraph(paragraph: str) -> list[tuple[str, str, list[str], list[str]]]:
    """Split one paragraph into sentences: ``(text, frame, quotes, raw_quotes)`` each."""
    frame, quotes, raws = fold_quotes(paragraph)
    pieces: list[str] = []
    last = 0
    for m in _BOUNDARY.finditer(frame):
        if _ends_sentence(frame, m, quotes):
            piece = frame[last : m.end()].strip()
            if piece:
                pieces.append(piece)
            last = m.end()
    tail = frame[last:].strip()
    if tail:
        pieces.append(tail)
    out = []
    for piece in pieces:
        used = sorted({int(n) for n in PLACEHOLDER.findall(piece)})
        # Renumber placeholders per sentence so each sentence is self-contained.
        mapping = {old: new for new, old in enumerate(used)}
        local = PLACEHOLDER.sub(lambda m, mp=mapping: f"{OPEN}{mp[int(m.group(1))]}{CLOSE}", piece)
        lq = [quotes[i] for i in used]
        lr = [raws[i] for i in used]
        text = PLACEHOLDER.sub(lambda m, lr=lr: lr[int(m.group(1))], local)
        out.append((text, local, lq, lr))
    return out


def split_sentences(paragraphs: list[str]) -> list[Sentence]:
    """All sentences of the body, numbered in order."""
    out: list[Sentence] = []
    for p_i, para in enumerate(paragraphs):
        for s_i, (text, frame, quotes, raws) in enumerate(split_paragraph(para)):
            sent = Sentence(len(out), p_i, text, frame, quotes, raws, s_i == 0)
            if s_i == 0 and (m := _DATELINE.match(frame)) and OPEN not in m.group():
                sent.lead = m.end()
            elif s_i == 0 and (m := _PLACE_DATELINE.match(frame)) and m.group(1).title() in _DATELINE_PLACES:
                sent.lead = m.end()  # "BAGHDAD, During a visit ...": a dateline whose dash was lost
            out.append(sent)
    return out
