"""Dates in news English, resolved against an article's publication date.

A *fact date* is a string ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` that keeps the
precision the text gives: "in 2019" is ``2019``, "in December" is a month,
"Thursday" is a day. :func:`find_dates` scans a sentence for every date
expression in one pass of one precompiled regex; :class:`DateContext` carries what
earlier sentences established ("earlier that year" means the year last named,
"at the time" the date last established). Hand-written patterns, not dateparser:
they run in microseconds per sentence, and dateparser has no notion of the
article's own context.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

FactDate = str
"""``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_SMALL = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a few": 3, "few": 3, "several": 3, "a couple of": 2, "a couple": 2,
}  # fmt: skip

# Month names are matched case-sensitively: "may" the modal and "march" the verb
# must not become dates. Capitals are months too: timelines and datelines write "DEC. 25".
_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    r"|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)"
)
_MON_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Sept)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_NUMWORD = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|a couple of)"

# Every alternative starts at a word boundary; testing it once up front lets the scan skip
# positions inside words without trying each alternative.
_DATE_RE = re.compile(
    r"\b(?:"
    + "|".join(
        [
            rf"(?P<iso>\b(?P<iso_y>{_YEAR})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})\b)",
            rf"(?P<mdy>\b(?P<mdy_m>{_MON})\.?\s(?P<mdy_d>\d{{1,2}}){_ORD},?\s(?P<mdy_y>{_YEAR})\b)",
            rf"(?P<dmy>\b(?P<dmy_d>\d{{1,2}}){_ORD}\s(?:of\s)?(?P<dmy_m>{_MON})\.?,?\s(?P<dmy_y>{_YEAR})\b)",
            rf"(?P<my>\b(?P<my_m>{_MON})\.?,?\s(?:of\s)?(?P<my_y>{_YEAR})\b)",
            rf"(?P<md>\b(?P<md_m>{_MON})\.?\s(?P<md_d>\d{{1,2}}){_ORD}\b(?![,.]?\d))",
            rf"(?P<dm>\b(?P<dm_d>\d{{1,2}}){_ORD}\s(?:of\s)?(?P<dm_m>{_MON})\b)",
            r"(?P<py>\b(?P<py_part>(?i:early|mid|late|the end of|end of|the beginning of|the start of|the middle of"
            r"|the spring of|the summer of|the autumn of|the fall of|the winter of))[\s-]"
            rf"(?P<py_y>{_YEAR})\b(?![,.]?\d))",
            r"(?P<yr>\b(?P<yr_prep>(?i:in|since|during|by|until|through|before|after|from|of|throughout|in early"
            r"|a|an|the"
            rf"|in late|in mid))\s(?P<yr_y>{_YEAR})\b(?![,.]?\d)(?!\s(?:troops|soldiers|people|personnel|of)\b))",
            r"(?P<mo>\b(?P<mo_prep>(?i:in|since|during|by|until|through|last|this|early|late|mid|on|from|before"
            r"|after|next|in early|in late|in mid|as recently as|as late as|as early as))"
            rf"[\s-](?P<mo_m>{_MON_FULL})\b(?!\.?\s?\d))",
            r"(?P<wd>\b(?:(?P<wd_mod>(?i:last|next|this|this past|on|as soon as|by|until|coming|this coming"
            rf"|early|late|since))\s)?(?P<wd_d>{_WD})\b)",
            rf"(?P<ago>\b(?P<ago_n>(?i:{_NUMWORD}))\s(?P<ago_u>(?i:day|week|month|year))s?\s(?i:ago|earlier)\b)",
            r"(?P<rel>\b(?i:yesterday|today|tonight|this morning|this afternoon|this evening|last night"
            r"|earlier today|last week|last month|last year|this week|this month|this year"
            r"|(?:earlier|later) this (?:week|month|year)|(?:earlier|later) that (?:week|month|year)"
            r"|that (?:week|month|year)|the same (?:day|night|morning|evening|afternoon|week|month|year)"
            r"|at the time|at that time"
            r"|in recent (?:days|weeks|months)|in the past (?:few )?(?:days|weeks)|recently"
            r"|next (?:week|month|year)|in the coming (?:days|weeks|months|years)"
            r"|over the (?:next|coming) (?:few )?(?:days|weeks|months|years)|the previous (?:month|year)"
            r"|the following (?:month|year)|a year earlier|a year later|last weekend|over the weekend|at the weekend"
            r"|this past weekend|the (?:start|beginning|turn) of (?:the|this) year"
            r"|the (?:start|beginning|end) of (?:last|next) year|the end of (?:the|this) year)\b)",
            r"(?P<within>\b(?i:within)\s(?:(?i:the next)\s)?(?:\w{1,12}\s)?(?i:days|weeks|months|years|hours)\b)",
        ]
    )
    + ")"
)


# Rarer expressions in a second pattern, tried only when a cue word is in the sentence: each alternative
# added to the main pattern is tried at every word boundary of every sentence.
_EXTRA_RE = re.compile(
    r"\b(?:"
    + "|".join(
        [
            # "days later", "in the weeks that followed": after the date last established.
            r"(?P<after>\b(?i:(?:(?:a\s+few|several|two|three|\d{1,2})\s+)?(?:hours|days|weeks|months)\s+later"
            r"|in\s+the\s+(?:hours|days|weeks|months)\s+(?:that\s+followed|afterwards?|after\s+that)"
            r"|shortly\s+(?:afterwards?|after\s+that)|soon\s+afterwards?)\b)",
            # "this spring", "last autumn", "since the autumn", "over the summer": the season's year.
            r"(?P<season>\b(?P<season_mod>(?i:this\s+past|this|last|next|early\s+this|late\s+this|since\s+the|over\s+the"
            r"|during\s+the|in\s+the|by\s+the|until\s+the|earlier\s+this|later\s+this))\s+"
            r"(?P<season_s>(?i:spring|summer|autumn|fall|winter))\b(?!\s+of\b))",
        ]
    )
    + ")"
)
_EXTRA_CUES = ("later", "followed", "afterward", "after that", "spring", "summer", "autumn", "fall", "winter")


@dataclass(slots=True)
class DateMatch:
    """One date expression in a text: where it is and what it resolves to."""

    start: int
    end: int
    text: str
    value: FactDate | None
    future: bool = False  # a plan or target ("next month", "by September", "as soon as Saturday")
    vague: bool = False  # only the publication period ("in recent weeks", "this week")
    # Inside a "since ..." phrase ("the lowest level since the early months of the war in 2001"): the start
    # of a state, which dates neither a count nor a development.
    since: bool = False


@dataclass(slots=True)
class DateContext:
    """What the article has established so far, for "earlier that year" and "at the time"."""

    published: dt.date
    last_year: int | None = None
    last_date: FactDate | None = None
    #: The year a timeline's heading set for the entries under it ("2024", then "DEC. 19 — ...").
    heading_year: int | None = None

    def note(self, match: DateMatch) -> None:
        if match.value is None or match.future or match.vague:
            return
        self.last_date = match.value
        self.last_year = int(match.value[:4])


def fmt_month(year: int, month: int) -> FactDate:
    return f"{year:04d}-{month:02d}"


def _month_num(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _day(year: int, month: int, day: int) -> FactDate | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _recent_month(month: int, pub: dt.date, strictly_before: bool = False) -> FactDate:
    """The most recent such month not after publication's month ("in December")."""
    year = pub.year
    if month > pub.month or (strictly_before and month == pub.month):
        year -= 1
    return fmt_month(year, month)


def _next_month(month: int, pub: dt.date) -> FactDate:
    year = pub.year if month >= pub.month else pub.year + 1
    return fmt_month(year, month)


def _weekday(name: str, mod: str, pub: dt.date) -> tuple[FactDate, bool]:
    target = _WEEKDAYS.index(name.lower())
    mod = mod.lower()
    if mod in {"next", "as soon as", "by", "until", "coming", "this coming"}:
        delta = (target - pub.weekday()) % 7 or 7
        return (pub + dt.timedelta(days=delta)).isoformat(), True
    delta = (pub.weekday() - target) % 7
    if mod in {"last", "this past"} and delta == 0:
        delta = 7
    return (pub - dt.timedelta(days=delta)).isoformat(), False


def _minus_months(pub: dt.date, n: int) -> FactDate:
    total = pub.year * 12 + pub.month - 1 - n
    return fmt_month(total // 12, total % 12 + 1)


def _resolve(m: re.Match[str], ctx: DateContext) -> DateMatch:
    pub = ctx.published
    kind = m.lastgroup or ""
    g = m.group
    value: FactDate | None = None
    future = vague = False
    if kind == "iso":
        value = _day(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
    elif kind == "mdy":
        value = _day(int(g("mdy_y")), _month_num(g("mdy_m")), int(g("mdy_d")))
    elif kind == "dmy":
        value = _day(int(g("dmy_y")), _month_num(g("dmy_m")), int(g("dmy_d")))
    elif kind == "my":
        value = fmt_month(int(g("my_y")), _month_num(g("my_m")))
    elif kind in {"md", "dm"}:
        month, day = _month_num(g(f"{kind}_m")), int(g(f"{kind}_d"))
        if ctx.heading_year is not None and ctx.heading_year <= pub.year:
            value = _day(ctx.heading_year, month, day)
        else:
            value = _day(pub.year, month, day)
            if value is not None and value > pub.isoformat():
                value = _day(pub.year - 1, month, day)
    elif kind == "py":
        value = g("py_y")
        part = g("py_part").lower()
        future = "end" in part and int(value) >= pub.year
        if "start" in part or "beginning" in part:
            value = f"{value}-01"  # "at the start of 2020": its January
        elif "end" in part:
            value = f"{value}-12"
    elif kind == "yr":
        value = g("yr_y")
        prep = g("yr_prep").lower()
        future = int(value) > pub.year or (prep in {"by", "until"} and int(value) >= pub.year)
    elif kind == "mo":
        prep = g("mo_prep").lower()
        month = _month_num(g("mo_m"))
        if prep in {"next", "by", "until"}:
            value, future = _next_month(month, pub), True
        else:
            value = _recent_month(month, pub, strictly_before=prep == "last")
    elif kind == "wd":
        value, future = _weekday(g("wd_d"), g("wd_mod") or "", pub)
    elif kind == "ago":
        n = _SMALL.get(g("ago_n").lower())
        n = n if n is not None else int(g("ago_n")) if g("ago_n").isdigit() else 1
        unit = g("ago_u").lower()
        if unit == "day":
            value = (pub - dt.timedelta(days=n)).isoformat()
        elif unit == "week":
            value = (pub - dt.timedelta(days=7 * n)).isoformat()
        elif unit == "month":
            value = _minus_months(pub, n)
        else:
            value = str(pub.year - n)
    elif kind == "rel":
        value, future, vague = _relative(m.group().lower(), ctx)
    elif kind == "within":
        future = True
    elif kind == "after":
        value, vague = _after_last(m.group().lower(), ctx)
    elif kind == "season":
        value, future = _season(g("season_mod").lower(), g("season_s").lower(), pub)
    if value is not None and period_start(value) > pub:
        future = True
    return DateMatch(m.start(), m.end(), m.group(), value, future, vague)


_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season(mod: str, season: str, pub: dt.date) -> tuple[FactDate, bool]:
    """The year of a season: the schema has no season precision, so "last autumn" is that autumn's year.

    "this/the autumn" is the most recent one begun by publication (with "this"/"next", one still to come);
    "last autumn" said during an autumn is the one before it. A winter is filed under the year of its
    January and February, which hold most of it.
    """
    mod = " ".join(mod.split())
    first = _SEASON_START[season]
    months = pub.year * 12 + pub.month - 1
    # The most recent season of this name begun by publication, as a month index, and whether we are in it.
    begun = months - (pub.month - first) % 12
    in_it = months - begun < 3

    def year_of(start: int) -> str:
        return str(start // 12 + (1 if season == "winter" else 0))

    if mod in {"next", "by the", "until the", "later this"}:
        return year_of(begun + 12), True
    if mod in {"this", "early this", "late this"} and not in_it:
        return year_of(begun + 12), True  # "this summer" said in May: still to come
    if mod == "last" and in_it:
        return year_of(begun - 12), False
    return year_of(begun), False


def _after_last(text: str, ctx: DateContext) -> tuple[FactDate | None, bool]:
    """"Days later", "in the weeks that followed": the date last established, at month (or year) precision."""
    if ctx.last_date is None:
        return None, True
    if "month" in text:
        return ctx.last_date[:4], False
    return ctx.last_date[:7], False


def _relative(text: str, ctx: DateContext) -> tuple[FactDate | None, bool, bool]:
    pub = ctx.published
    month = fmt_month(pub.year, pub.month)
    if text in {"yesterday", "last night"}:
        return (pub - dt.timedelta(days=1)).isoformat(), False, False
    if text in {"today", "tonight", "this morning", "this afternoon", "this evening", "earlier today"}:
        return pub.isoformat(), False, False
    if text.endswith("weekend"):
        # The most recent Saturday before publication: the weekend's first day.
        back = (pub.weekday() - 5) % 7 or 7
        return (pub - dt.timedelta(days=back)).isoformat(), False, False
    if text == "last week":
        return (pub - dt.timedelta(days=7)).isoformat(), False, False
    if text == "last month" or text == "the previous month":
        return _minus_months(pub, 1), False, False
    if text == "last year" or text == "the previous year":
        return str(pub.year - 1), False, False
    if text in {"this year", "earlier this year"}:
        return str(pub.year), False, False
    if text.startswith("the end of"):
        # "by the end of the year", "the end of last year": December of that year.
        year = pub.year + (1 if text.endswith("next year") else -1 if text.endswith("last year") else 0)
        return fmt_month(year, 12), year >= pub.year, False
    if text.startswith(("the start of", "the beginning of")) and text.endswith(("last year", "next year")):
        # "at the start of last year": January of the year before publication.
        year = pub.year - 1 if text.endswith("last year") else pub.year + 1
        return fmt_month(year, 1), year > pub.year, False
    if text.endswith(("of the year", "of this year")):
        # "down from some 2,000 at the start of the year": January of the publication year.
        return fmt_month(pub.year, 1), False, False
    if text in {"this month", "earlier this month"}:
        return month, False, False
    if text in {"this week", "earlier this week", "recently"} or text.startswith(("in recent", "in the past")):
        return month, False, True
    if text.startswith("later this"):
        unit = text.rsplit(" ", 1)[1]
        return (str(pub.year) if unit == "year" else month), True, False
    if text.endswith("that year") or text == "the same year":
        year = ctx.last_year if ctx.last_year is not None else pub.year
        return str(year), False, False
    if text in {"that month", "earlier that month", "later that month", "the same month"}:
        return (ctx.last_date[:7] if ctx.last_date else month), False, False
    if text in {"at the time", "at that time", "the same week"} or text.endswith("that week") or (
        text.startswith("the same") and text.endswith(("day", "night", "morning", "evening", "afternoon"))
    ):
        return (ctx.last_date or month), False, ctx.last_date is None
    if text == "a year earlier":
        return (str(int(ctx.last_date[:4]) - 1) if ctx.last_date else str(pub.year - 1)), False, False
    if text == "a year later" or text == "the following year":
        return (str(int(ctx.last_date[:4]) + 1) if ctx.last_date else None), False, False
    if text == "the following month":
        return None, False, True
    if text.startswith("next"):
        unit = text.rsplit(" ", 1)[1]
        if unit == "year":
            return str(pub.year + 1), True, False
        if unit == "month":
            return _minus_months(pub, -1), True, False
        return month, True, False
    # "in the coming months", "over the next few weeks": a plan, dated by its announcement.
    return None, True, False


_SINCE_BEFORE = re.compile(r"(?i)\bsince\s+(?:[^,;.\d]{0,40}\s)?$")
_DEADLINE_BEFORE = re.compile(r"(?i)\b(?:by|until|till|before|no later than)\s+$")


# A future-tense verb in the same clause before a yearless month or day.
_WILL_BEFORE = re.compile(
    r"(?i)\b(?:will|'ll|is\s+to|are\s+to|(?:plans?|planning|set|expected|due|scheduled|going)\s+to)\b[^.;,:]{0,60}$"
)


def _as_next(found: DateMatch, pub: dt.date) -> DateMatch:
    year, rest = int(found.value[:4]) + 1, found.value[4:]  # type: ignore[index]
    if f"{year}{rest}"[:7] < pub.isoformat()[:7]:
        year += 1
    return DateMatch(found.start, found.end, found.text, f"{year}{rest}", True, False, found.since)


def _as_deadline(found: DateMatch, m: re.Match[str], pub: dt.date) -> DateMatch:
    """"by Jan. 15": a day with no year after a deadline word is the next such day, a plan."""
    month, day = _month_num(m.group(f"{m.lastgroup}_m")), int(m.group(f"{m.lastgroup}_d"))
    value = _day(pub.year, month, day)
    if value is not None and value < pub.isoformat():
        value = _day(pub.year + 1, month, day)
    return DateMatch(found.start, found.end, found.text, value, True, False)


def find_dates(text: str, ctx: DateContext, *, update: bool = True) -> list[DateMatch]:
    """Every date expression in ``text``, resolved in order, updating ``ctx`` as it goes."""
    out: list[DateMatch] = []
    year_named: int | None = None  # "since 2021, when X ordered strikes in February": February 2021
    matches = list(_DATE_RE.finditer(text))
    low = text.lower()
    if any(cue in low for cue in _EXTRA_CUES):
        taken = [(m.start(), m.end()) for m in matches]
        extra = [e for e in _EXTRA_RE.finditer(text) if not any(a < e.end() and e.start() < b for a, b in taken)]
        if extra:
            matches = sorted(matches + extra, key=lambda m: m.start())
    for m in matches:
        found = _resolve(m, ctx)
        kind = m.lastgroup
        if kind in {"yr", "my", "mdy", "dmy", "py", "iso"} and found.value:
            year_named = int(found.value[:4])
        elif kind == "mo" and year_named is not None and not found.future and found.value:
            if m.group("mo_prep").lower() in {"in", "during", "early", "late", "mid", "in early", "in late", "in mid"}:
                month = _month_num(m.group("mo_m"))
                found = DateMatch(found.start, found.end, found.text, fmt_month(year_named, month))
        if m.lastgroup in {"md", "dm"} and _DEADLINE_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            found = _as_deadline(found, m, ctx.published)
        elif (
            kind in {"md", "dm", "mo"}
            and found.value is not None
            and not found.future
            and found.value[:7] < ctx.published.isoformat()[:7]
            and _WILL_BEFORE.search(text, max(0, m.start() - 70), m.start())
        ):
            # "will leave Kosovo in June" said in April: next June, a plan, not last year's.
            found = _as_next(found, ctx.published)
        if m.group().lower().startswith("since") or _SINCE_BEFORE.search(text, max(0, m.start() - 48), m.start()):
            found.since = True
        out.append(found)
        if update:
            ctx.note(found)
    return out


def resolve(expr: str, published: dt.date, last_year: int | None = None) -> FactDate | None:
    """Resolve one date expression ("last Friday", "in December", "earlier that year") to a fact date.

    ``last_year`` is the year last named in the article, for "earlier that year".
    Returns None when ``expr`` holds no date expression or names only a vague future.
    """
    ctx = DateContext(published=published, last_year=last_year)
    for found in find_dates(expr, ctx, update=False):
        if found.value is not None:
            return found.value
    return None


def period_start(value: FactDate) -> dt.date:
    """The first day of a fact date's period."""
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


_USER_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_USER_DMY = re.compile(rf"^(\d{{1,2}}){_ORD}\s+(?:of\s+)?([A-Za-z]+)\.?,?\s+(\d{{4}})$")
_USER_MDY = re.compile(rf"^([A-Za-z]+)\.?\s+(\d{{1,2}}){_ORD},?\s+(\d{{4}})$")


def _user_month(name: str) -> int | None:
    key = name.lower()
    if len(key) < 3:
        return None
    for full in calendar.month_name[1:]:
        if full.lower().startswith(key) or (key == "sept" and full == "September"):
            return _MONTHS[full[:3].lower()]
    return None


def parse_user_date(s: str, today: dt.date | None = None) -> dt.date:
    """Parse a date a user typed: ``2025-04-18``, ``18 April 2025``, ``Apr 18 2025``, ``today``, ``yesterday``.

    Raises ValueError with a message that says what is accepted.
    """
    text = " ".join(str(s).split()).strip()
    base = today or dt.date.today()
    low = text.lower()
    if low == "today":
        return base
    if low == "yesterday":
        return base - dt.timedelta(days=1)
    if low == "tomorrow":
        return base + dt.timedelta(days=1)
    year = month = day = None
    if m := _USER_ISO.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _USER_DMY.match(text):
        year, month, day = int(m[3]), _user_month(m[2]), int(m[1])
    elif m := _USER_MDY.match(text):
        year, month, day = int(m[3]), _user_month(m[1]), int(m[2])
    if year is None or month is None or day is None:
        raise ValueError(
            f"cannot read {text[:40]!r} as a date: use YYYY-MM-DD, '18 April 2025', 'Apr 18 2025', "
            "'today' or 'yesterday'"
        )
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text[:40]!r} is not a real date: {exc}") from None
