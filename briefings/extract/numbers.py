"""Numbers as news English writes them, with their qualifiers.

"600", "1,000", "three", "twenty-five", "two hundred", "a dozen", "two dozen".
Vague quantities ("thousands", "hundreds", "dozens", "a few hundred", "several
hundred") are deliberately *not* counts: turning them into a figure would invent
precision the article does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNIT_RE = "|".join(sorted(_UNITS, key=len, reverse=True))
_TENS_RE = "|".join(_TENS)

QUALIFIERS = {
    "about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx", "some": "approx",
    "nearly": "approx", "almost": "approx", "close to": "approx", "closer to": "approx", "near": "approx",
    "an estimated": "approx", "estimated": "approx",
    "approx.": "approx", "fewer than": "under", "less than": "under", "under": "under", "below": "under",
    "just under": "under", "more than": "over", "over": "over", "above": "over", "upwards of": "over",
    "just over": "over", "well over": "over", "up to": "at_most", "as many as": "at_most", "at most": "at_most",
    "no more than": "at_most", "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "a minimum of": "at_least", "a maximum of": "at_most", "perhaps": "approx", "maybe": "approx",
    "as few as": "at_least", "as little as": "at_least",
}  # fmt: skip
_QUAL_RE = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))

NUMBER_RE = re.compile(
    rf"(?<![\w$£€.,-])(?:(?P<qual>(?i:{_QUAL_RE}))\s+)?"
    # A comma after a number is punctuation ("to 4,087, up from 3,870") unless a digit follows it.
    r"(?P<num>\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d+(?:\.\d+)?(?:\s+(?:thousand|hundred))?(?![\d.,]\d)"
    rf"|(?i:(?:{_TENS_RE})(?:[-\s](?:{_UNIT_RE}))?|{_UNIT_RE}|an|a|one|half\s+a)"
    r"(?:\s+(?i:hundred|thousand|dozen))?(?:\s+(?i:thousand))?)"
    # "3,000-plus", "3,000+": more than the figure.
    r"(?P<plus>-plus\b|\+)?"
    # "a 2,500-strong force", "fighters about 800-strong": the size of a body of troops.
    r"(?P<strong>-strong\b)?(?![\w-])"
    # "a further 100 or so": about the figure.
    r"(?P<orso>\s+or\s+so\b)?"
)


_CLOCK = re.compile(r":\d\d\b")


@dataclass(slots=True)
class Number:
    """A number in a text: its value, qualifier and span."""

    value: int
    qualifier: str
    start: int  # start of the qualifier (or the number)
    num_start: int
    end: int
    raw: str
    strong: bool = False  # "N-strong": the number is the size of the force it describes


def word_value(raw: str) -> int | None:
    """The value of a written number, or None for a bare "a"/"one" that is no quantity."""
    text = raw.lower().replace("-", " ").replace(",", "")
    parts = text.split()
    if not parts:
        return None
    try:
        if parts[0][0].isdigit():
            base = float(parts[0])
            for p in parts[1:]:
                base *= 1000 if p == "thousand" else 100
            return int(base)
    except ValueError:
        return None
    total = 0
    current = 0
    saw_number = False
    for p in parts:
        if p in _UNITS:
            current += _UNITS[p]
            saw_number = True
        elif p in _TENS:
            current += _TENS[p]
            saw_number = True
        elif p in {"a", "half"}:
            current = current or 1
        elif p == "dozen":
            current = (current or 1) * 12
            saw_number = True
            if "half" in parts:
                current //= 2
        elif p == "hundred":
            current = (current or 1) * 100
            saw_number = True
        elif p == "thousand":
            total += (current or 1) * 1000
            current = 0
            saw_number = True
    if not saw_number:
        return None
    return total + current


def find_numbers(text: str, *, singles: bool = False) -> list[Number]:
    """Every number in ``text`` with its qualifier.

    A bare "a"/"an"/"one" without a multiplier is no quantity in general ("a base", "one of them"); with
    ``singles`` it is kept as 1, for callers that accept it only in a narrow frame ("a Marine was killed").
    """
    out: list[Number] = []
    for m in NUMBER_RE.finditer(text):
        raw = m.group("num")
        if _CLOCK.match(text, m.end("num")) or (m.start("num") and text[m.start("num") - 1] == ":"):
            continue  # "at 1:34 a.m.", "6:05 p.m.": a clock time, no quantity
        value = 1 if singles and raw.lower() in {"a", "an"} else word_value(raw)
        if value is None:
            continue
        if raw.lower() in {"one", "a", "an"}:
            if not singles:
                continue
            value = 1
        qual = (m.group("qual") or "").lower()
        qualifier = "over" if m.group("plus") else QUALIFIERS.get(qual, "exact")
        if m.group("orso") and qualifier == "exact":
            qualifier = "approx"
        out.append(Number(value, qualifier, m.start(), m.start("num"), m.end(), raw, bool(m.group("strong"))))
    return out
