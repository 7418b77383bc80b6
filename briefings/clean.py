"""Cleaning: text as people paste it, reduced to the article body.

Pastes from news sites carry a headline, bylines, datelines, photo captions and
credits, "3 hours ago", "Comments", share and sign-up lines, video blurbs and
"Source: ..." trailers. None of these states a fact, so they are removed here,
by general patterns, before extraction; what was removed is kept in
``CleanText.dropped`` so nothing is lost silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"

# Characters that only get in the way: zero-width marks, BOM, soft hyphen, private use
# (the extractor uses private-use characters as quote placeholders), C0 controls.
_JUNK = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

_DATELINE_PATTERNS = [
    # "12:44 PM, Apr 18, 2025", "Published 3 March 2024", "Updated: April 18, 2025 10:02 ET", "date 2025-04-18"
    re.compile(
        rf"(?i)^(?:[-•*]\s*)?(?:(?:published|updated|posted|date|last updated)\s*:?\s*)?(?:on\s+)?"
        rf"(?:\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{{2,4}})?,?\s*)?"
        rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
        rf"(?P<date>{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON},?\s+\d{{4}}"
        rf"|\d{{4}}-\d{{2}}-\d{{2}})"
        rf"(?:,?\s*(?:at\s+)?\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}}\b)?)?\s*[|•-]?\s*"
    ),
]
_MONTH_NUM = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                          "nov", "dec"], start=1)}

_DROP_LINE = re.compile(
    r"(?ix)^(?:"
    r"(?:getty\s+images|reuters|afp|ap(?:\s+photo)?|epa|anadolu(?:\s+agency)?|shutterstock|pa\s+media|"
    r"image\s+source|image\s+caption|photo(?:graph)?|file\s+photo|media\s+caption|video\s+caption)"
    r"(?:\s*[:/].{0,80})?"
    r"|\d{1,3}\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago"
    r"|comments?(?:\s*\(\d+\))?|\d{1,4}|\d{1,4}\s+comments?"
    r"|share(?:\s+(?:this|on|via)\b.{0,40})?|sign\s+up\b.{0,120}|subscribe\b.{0,120}|follow\s+us\b.{0,80}"
    r"|read\s+more\b.{0,120}|related\s*:?.{0,80}|advertisement|skip\s+(?:to\s+)?(?:content|advertisement)"
    r"|listen\s+to\s+(?:this\s+)?article.{0,40}|print|email|facebook|twitter|whatsapp|linkedin|copy\s+link"
    r"|by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s*(?:,|and)\s*[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}){0,3}"
    r"(?:\s*[,|]\s*.{0,60})?"
    r"|source\s*:.{0,200}"
    r")\s*$"
)
_CAPTION = re.compile(
    # "image captionBritish soldiers ...": a caption label glued to its text by the paste.
    r"(?i)^(?:(?:image|media|video)\s*caption|in\s+this\s+(?:picture|photo|photograph|image|file\s+photo|handout)|this\s+(?:combination\s+of\s+)?"
    r"(?:photos?|pictures?|images?)\s+(?:provided|released|taken|shows?)|file\s*[-–—:]|\(?photo\b)"
)
_CREDIT_END = re.compile(
    r"(?:\((?:[^()]{0,80}\b)?(?:AP|AFP|Reuters|Getty Images|EPA|File|Photo)\)|"
    r"(?:Getty Images|/\s?AFP|/\s?Reuters|/\s?AP|AP Photo)(?:\s+via\s+[\w ]{1,40})?)\s*\.?$"
)
_CONTRIBUTED = re.compile(r"(?i)\bcontributed\s+(?:to\s+)?(?:this\s+(?:report|story|article)|reporting)\b\.?\s*$")
_VIDEO_BLURB = re.compile(
    r"(?:'s|’s)\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3}\s+(?:reports|has\s+the\s+latest|has\s+more|explains"
    r"|looks\s+at|joins\s+us)\b"
    r"|^.{0,120}\b(?:has\s+the\s+latest|discusses\s+the\s+(?:decision|issue|move|situation|development)s?)\b"
)
# A wire-style dateline that opens the lede: "WASHINGTON, March 3, 2025 — ", "WASHINGTON (AP) — ",
# "BAGHDAD (Reuters) - ", "KYIV/MOSCOW, Jan 15 (Reuters) - ". It names where the story was filed, not what
# anyone said or did, so it must not lead a statement or an event summary. An all-caps place (at least three
# letters, so "US - ..." prose is safe) and a dash are required; the date and the agency are optional.
_LEDE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]{2,}(?:[ /-][A-Z][A-Z.'’-]+){0,3}"
    # "IRBIL, Iraq (AP) --", "ATMEH, Syria --": the country or region after the place.
    r"(?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s*[,(—–-]))?"
    rf"(?:,\s*(?P<date>{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MON}(?:,?\s+\d{{4}})?))?"
    r"\s*(?:\([A-Za-z][\w .&'’-]{0,30}\)\s*)?[—–-]{1,2}\s+(?=[\"“‘'A-Z0-9])"
)
_YEAR_HEADING = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")
_BULLET_META = re.compile(r"^[-•*]\s*\S.{0,40}$")
_TERMINAL = re.compile(r"[.!?\"”’)\]:]\s*$")


@dataclass(slots=True)
class CleanText:
    """The body of a pasted article, with what was found around it."""

    title: str | None
    paragraphs: list[str]
    text: str
    dateline: dt.date | None = None
    dropped: list[str] = field(default_factory=list)
    #: Year headings of a timeline ("2024" on a line of its own): (index of the first paragraph under it, year).
    year_marks: list[tuple[int, int]] = field(default_factory=list)


def _normalise(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _JUNK.sub("", text)
    return text


def _find_dateline(line: str) -> tuple[dt.date | None, str]:
    """A publication date at the start of a line, and the rest of the line."""
    for pat in _DATELINE_PATTERNS:
        m = pat.match(line)
        if not m:
            continue
        found = _parse_dateline(m.group("date"))
        if found is not None:
            return found, line[m.end() :].strip()
    return None, line


def _parse_dateline(s: str) -> dt.date | None:
    s = s.replace(",", " ").replace(".", " ")
    parts = s.split()
    try:
        if len(parts) == 1:
            return dt.date.fromisoformat(parts[0])
        if parts[0][:1].isdigit():
            day, mon, year = parts
        else:
            mon, day, year = parts
        day = re.sub(r"\D", "", day)
        return dt.date(int(year), _MONTH_NUM[mon[:3].lower()], int(day))
    except (ValueError, KeyError):
        return None


def _is_heading(line: str) -> bool:
    """A line with no sentence ending: a headline, subheading, caption or menu item."""
    return not _TERMINAL.search(line)


def clean_text(raw: str) -> CleanText:
    """Reduce pasted article text to its body paragraphs.

    Keeps a headline line as ``title`` (the first short line with no sentence
    ending), reads a publication date from a byline or dateline into
    ``dateline``, and removes captions, credits, bylines, timestamps, share and
    sign-up lines, "Source:" trailers and video blurbs (listed in ``dropped``).
    Never raises.
    """
    text = _normalise(raw if isinstance(raw, str) else str(raw))
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    title: str | None = None
    dateline: dt.date | None = None
    dropped: list[str] = []
    year_marks: list[tuple[int, int]] = []
    paragraphs: list[str] = []
    seen: set[str] = set()
    after_credit = False
    blank_before = True
    for line in lines:
        if not line:
            blank_before = True
            continue
        joined_ok = not blank_before
        blank_before = False
        found, rest = _find_dateline(line)
        if found is not None:
            if dateline is None:
                dateline = found
            dropped.append(line[: len(line) - len(rest)].strip())
            line = rest
            if not line:
                continue
        if line in seen:
            dropped.append(line)
            continue
        seen.add(line)
        words = len(line.split())
        if _YEAR_HEADING.match(line):
            # A timeline's "2024" heading: the entries under it ("DEC. 19 — ...") are in that year.
            year_marks.append((len(paragraphs), int(line)))
            dropped.append(line)
            continue
        if _DROP_LINE.match(line) or _CONTRIBUTED.search(line) or _CAPTION.match(line) or _VIDEO_BLURB.search(line):
            after_credit = bool(re.match(r"(?i)(?:getty|reuters|afp|ap\b|epa|image|photo)", line))
            dropped.append(line)
            continue
        if _CREDIT_END.search(line) and (words < 80):
            dropped.append(line)
            after_credit = False
            continue
        if _is_heading(line):
            if after_credit:
                # The line under a photo credit is its caption.
                dropped.append(line)
                after_credit = False
                continue
            if title is None and not paragraphs and 3 <= words <= 30:
                title = line
                continue
            if _BULLET_META.match(line) or words < 12:
                dropped.append(line)
                continue
        after_credit = False
        if not paragraphs:
            lede = _LEDE_DATELINE.match(line)
            if lede:
                dropped.append(lede.group().strip())
                line = line[lede.end() :]
                # "WASHINGTON, Nov. 20, 2025 — ...": a wire dateline with its year dates the article.
                if dateline is None and lede.group("date") and re.search(r"\d{4}$", lede.group("date")):
                    dateline = _parse_dateline(lede.group("date"))
        if paragraphs and joined_ok and line[:1].islower() and not _TERMINAL.search(paragraphs[-1]):
            # A hard-wrapped paragraph: the sentence goes on in this line.
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
            continue
        paragraphs.append(line)
    return CleanText(
        title=title,
        paragraphs=paragraphs,
        text="\n\n".join(paragraphs),
        dateline=dateline,
        dropped=dropped,
        year_marks=year_marks,
    )
