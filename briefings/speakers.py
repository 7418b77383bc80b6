"""One canonical key per speaker, so "US President Donald Trump", "President Trump"
and "Trump" are one person, and "the Pentagon" and "Pentagon" one body.

A person is keyed by surname (news English names a person in full once and by
surname afterwards); a body or an unnamed source by its normalised description.
The same function keys stored statements and the names people type, so the
rules only have to be consistent, never clever: case, accents, possessives,
leading articles, titles and country adjectives ("Russian", "Russia's") are
folded away.
"""

from __future__ import annotations

import re
import unicodedata

# Titles, roles and descriptors that come before a name and are not part of it.
_TITLE_WORDS = frozenset(
    """
    president vice secretary senator sen rep representative congressman congresswoman governor gov prime
    minister chancellor king queen prince crown general gen lt col colonel major maj admiral adm sgt sergeant
    captain capt lieutenant marshal commander spokesperson spokesman spokeswoman press ambassador envoy special
    leader chief director republican democratic democrat mr mrs ms dr sir lord lady retired brigadier adviser
    advisor deputy assistant acting top senior former then foreign defense defence state national security
    interior affairs majority minority house speaker whip chairman chairwoman chair member mayor judge justice
    pope sheikh emir ayatollah supreme first lady official officer premier chief-of-staff vice-president
    then-president president-elect self-proclaimed so-called new outgoing incoming late veteran
    """.split()
)
# Words that make the whole name a body, a group or an unnamed source rather than a person.
_BODY_WORDS = frozenset(
    """
    ministry office department pentagon house forces force command council government agency administration
    official officials spokesperson spokesman spokeswoman army navy military coalition embassy news times
    journal post reuters media site network group committee congress senate kremlin nato un staff chiefs
    statement centcom sources source diplomat diplomats analysts observers watch international institute
    foundation party union front brigade brigades guard guards corps organization organisation association
    league bureau service services police court parliament assembly cabinet presidency palace authority
    authorities observatory monitor channel tv radio newspaper daily outlet agencies tribune herald telegraph
    company corporation inc mission delegation lawmakers senators legislators residents witnesses activists
    experts people officers commanders leaders ministers spokespeople representatives aides aide allies
    militia militias rebels fighters administration's report reports intelligence community republicans
    democrats white state states kingdom republic federation alliance division battalion regiment unit
    units task operation operations
    """.split()
)
_COUNTRY_WORDS = frozenset(
    """
    britain uk us russia turkey israel iran syria iraq france germany china jordan lebanon egypt saudi qatar
    ukraine washington baghdad damascus moscow ankara tehran jerusalem london paris beijing
    """.split()
)
# Country adjectives and possessives fold to one form, so "Russian Foreign Ministry" and
# "Russia's Foreign Ministry" are one body. Every value maps to itself (idempotence).
_COUNTRY = {
    "american": "us",
    "america": "us",
    "usa": "us",
    "u.s.": "us",
    "u.s": "us",
    "us": "us",
    "british": "uk",
    "britain": "uk",
    "u.k.": "uk",
    "u.k": "uk",
    "uk": "uk",
    "england": "uk",
    "russian": "russia",
    "russia": "russia",
    "israeli": "israel",
    "israel": "israel",
    "turkish": "turkey",
    "turkey": "turkey",
    "turkiye": "turkey",
    "syrian": "syria",
    "syria": "syria",
    "iraqi": "iraq",
    "iraq": "iraq",
    "iranian": "iran",
    "iran": "iran",
    "french": "france",
    "france": "france",
    "german": "germany",
    "germany": "germany",
    "chinese": "china",
    "china": "china",
    "jordanian": "jordan",
    "jordan": "jordan",
    "lebanese": "lebanon",
    "lebanon": "lebanon",
    "egyptian": "egypt",
    "egypt": "egypt",
    "ukrainian": "ukraine",
    "ukraine": "ukraine",
    "qatari": "qatar",
    "qatar": "qatar",
}
_MULTIWORD = (
    (re.compile(r"\bunited states(?: of america)?\b"), "us"),
    (re.compile(r"\bunited kingdom\b"), "uk"),
    (re.compile(r"\bu\.\s?s\.(?=\s|$)"), "us"),
    (re.compile(r"\bu\.\s?k\.(?=\s|$)"), "uk"),
)
# Whole descriptions that name the same body. Every value is its own key (idempotence).
_BODY_ALIASES = {
    "department of defense": "pentagon",
    "defense department": "pentagon",
    "us department of defense": "pentagon",
    "us defense department": "pentagon",
    "dod": "pentagon",
    "us dod": "pentagon",
    "us pentagon": "pentagon",
    "department of war": "pentagon",
    "war department": "pentagon",
    "us department of war": "pentagon",
    "department of state": "state department",
    "us state department": "state department",
    "us department of state": "state department",
    "us central command": "centcom",
    "central command": "centcom",
    "us centcom": "centcom",
    "us white house": "white house",
    "kremlin": "kremlin",
}
_ARTICLES = frozenset({"the", "a", "an"})
_PARTICLES = ("al-", "el-", "ad-", "as-", "at-", "ash-")
_LOWER_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "de", "del", "della", "da", "di", "du", "van", "von", "der", "le", "la", "abu", "ben"}
)
_GENERATION = frozenset({"jr", "sr"})
_NUMERALS = frozenset({"ii", "iii", "iv"})
_TOKEN = re.compile(r"[^\W_](?:[\w.'-]*[^\W_])?\.?")
_SPLIT = re.compile(r"[,;:()\[\]/|\"“”]")
_AND = frozenset({"and", "&"})


def _fold(text: str) -> str:
    """Case-fold, strip accents (keeping non-Latin letters) and unify apostrophes."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    for pattern, repl in _MULTIWORD:
        text = pattern.sub(repl, text)
    return text


def _norm_token(token: str) -> str:
    if token in _COUNTRY:
        return _COUNTRY[token]
    token = token.replace(".", "")
    while True:
        stripped = token.removesuffix("'s").rstrip("'-")
        if stripped == token:
            break
        token = stripped
    return _COUNTRY.get(token, token)


def _tokens(text: str) -> list[str]:
    out = []
    for raw in _TOKEN.findall(text):
        tok = _norm_token(raw)
        if tok:
            out.append(tok)
    return out


def _is_name(token: str) -> bool:
    return (
        token not in _TITLE_WORDS
        and token not in _BODY_WORDS
        and token not in _COUNTRY_WORDS
        and token not in _ARTICLES
        and token not in _LOWER_PARTICLES
        and not token.isdigit()
    )


def _surname(token: str) -> str:
    for particle in _PARTICLES:
        if token.startswith(particle) and len(token) > len(particle):
            return token[len(particle) :]
    return token


def _key_of_part(tokens: list[str]) -> str:
    while tokens and tokens[0] in _ARTICLES:
        tokens = tokens[1:]
    while tokens and tokens[-1] in _NUMERALS:
        tokens = tokens[:-1]
    if not tokens:
        return ""
    generation = ""
    if len(tokens) > 1 and tokens[-1] in _GENERATION:
        generation, tokens = " " + tokens[-1], tokens[:-1]
    last = tokens[-1]
    if _is_name(last):
        # "Pentagon spokesperson Sean Parnell": whatever comes first is a role; the person is the surname.
        return _surname(last) + generation
    body = " ".join(tokens) + generation
    return _BODY_ALIASES.get(body, body)


def speaker_key(name: str) -> str:
    """The canonical key of a speaker's name.

    A person is keyed by surname ("US President Donald Trump" -> "trump",
    "Ahmed al-Sharaa" -> "sharaa"); a body or an unnamed source by its folded
    description without a leading article ("the Pentagon" -> "pentagon",
    "a senior U.S. official" -> "senior us official", "Russia's Foreign Ministry"
    -> "russia foreign ministry"). An appositive is dropped ("Sean Parnell, a
    Pentagon spokesperson" -> "parnell"); a group keeps every member ("Trump and
    Netanyahu" -> "trump and netanyahu"). Never raises; ``speaker_key(speaker_key(x))
    == speaker_key(x)``.
    """
    folded = _fold(name or "")
    segments = [s for s in _SPLIT.split(folded) if _tokens(s)]
    if not segments:
        return ""
    # The head of "Sean Parnell, Pentagon spokesperson" is its first segment; a later
    # segment only helps when the first has no name ("the spokesman, Sean Parnell").
    chosen = segments[0]
    first = _tokens(chosen)
    if not any(_is_name(t) for t in first):
        for seg in segments[1:]:
            if any(_is_name(t) for t in _tokens(seg)):
                chosen = seg
                break
    tokens = _tokens(chosen)
    parts: list[list[str]] = [[]]
    for tok in tokens:
        if tok in _AND:
            parts.append([])
        else:
            parts[-1].append(tok)
    keys = [k for k in (_key_of_part(p) for p in parts) if k]
    return " and ".join(keys)


def query_tokens(query: str) -> list[str]:
    """Tokens of a ``--speaker`` query, matched against stored keys."""
    return speaker_key(query).split()


def key_matches(query_key: str, stored_key: str) -> bool:
    """True when a stored speaker key answers a query key.

    The query's words must appear as a run in the stored key: "trump" finds
    "trump" and "trump administration", "official" finds "senior us official",
    "pentagon" finds "pentagon officials".
    """
    q, s = query_key.split(), stored_key.split()
    if not q:
        return False
    n = len(q)
    return any(s[i : i + n] == q for i in range(len(s) - n + 1))
