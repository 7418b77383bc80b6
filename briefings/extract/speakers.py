"""Speakers: the noun phrase before a reporting verb, split into name and role, resolved.

A speaker phrase is read token by token (capitalised words, and the few lowercase
words news English uses in descriptions of sources: "a senior White House
official", "Pentagon and other officials", "British defence minister Tobias
Ellwood"). Names are separated from titles ("Pentagon spokesperson Sean Parnell"
gives name "Sean Parnell", role "Pentagon spokesperson"); pronouns and
back-references ("he", "it", "the official", "the ministry") are resolved to the
last compatible speaker the article named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LOWER_NP = frozenset(
    """of the a an and other senior top former retired acting deputy chief official officials spokesperson
    spokesman spokeswoman spokespeople minister ministers secretary senator senators ministry news site agency
    military defence defense foreign state security national source sources diplomat diplomats analyst analysts
    expert experts lawmaker lawmakers administration government officer officers representative ambassador envoy
    leader leaders adviser advisers advisor advisors aide aides president prime commander general unnamed
    anonymous two three several some many western european israeli american british local regional iranian
    russian turkish syrian kurdish iraqi intelligence army navy coalition department office press ministry's
    government's military's interior police monitor group observer observers spokesperson's for critics
    workers rescue aid medical residents witnesses activists factions militias forces rebels media outlets
    commanders its his her their"""
    .split()
)  # fmt: skip
# Words that head an unnamed source ("a US official", "officials", "the ministry").
HEADS = frozenset(
    """official officials spokesperson spokesman spokeswoman source sources diplomat diplomats analyst analysts
    expert experts lawmaker lawmakers officer officers aide aides adviser advisers advisor advisors ministry
    administration government agency office department minister secretary senator envoy ambassador commander
    leader leaders monitor observatory military army navy coalition president site critics workers residents
    witnesses activists factions militias forces rebels media commanders observers responders others people
    report reports statement outlets spokespeople representatives representative correspondent reporter
    general colonel admiral captain lieutenant sergeant chief senator governor mayor prosecutor"""
    .split()
)  # fmt: skip
# Words that never sit inside a subject phrase before its verb: auxiliaries, pronouns, subordinators,
# negation. A phrase read back from a verb of saying stops at them ("the deal that officials said ...").
_NP_STOP = frozenset(
    """is are was were be been being has have had do does did will would can could may might must shall should
    he she it they we i you him them us me that which who whom whose when where while because although though
    if unless since until after before as than not no nor but or so also then there here what whether
    said says say told tells added adds noted warned wrote announced stated confirmed reported claimed
    by on into onto over under about against between through during without within upon via
    this these those such very just only even still yet already now ago"""
    .split()
)  # fmt: skip
TITLES = frozenset(
    """President Vice Prime Minister Secretary Senator Sen. Rep. Representative Gen. General Lt. Lieutenant Col.
    Colonel Maj. Major Capt. Captain Sgt. Sergeant Cpl. Corporal Pvt. Spc. Adm. Admiral Brigadier Commander
    Gov. Governor Mayor Speaker
    Chancellor King Queen Prince Sheikh Ambassador Envoy Spokesperson Spokesman Spokeswoman Director Chief Deputy
    Former Acting Foreign Defence Defense State Interior Republican Democratic Democrat Congress Congressman
    Congresswoman Leader Supreme Mr. Mrs. Ms. Dr. Pope Emir Crown Chairman Chairwoman Chair General's Justice
    Judge Attorney Minority Majority Senate House Retired Staff Private Specialist Officer Pentagon
    Sen Rep Gen Lt Col Maj Capt Sgt Adm Gov Mr Mrs Ms Dr Brig. Brig Spc. Spc Cpl. Cpl
    US U.S. UN Israeli Syrian Turkish Russian British
    American Iranian Iraqi Kurdish French German Jordanian Saudi Egyptian Israel's Syria's Turkey's Russia's
    Britain's Iran's Iraq's America's"""
    .split()
)  # fmt: skip
ORG_WORDS = frozenset(
    """Ministry Office Department House Command Pentagon Kremlin Agency Council Army Forces Force Government
    Administration Embassy Committee Coalition Times Journal Post News Reuters Press Network Corps Guard Navy
    Organization Organisation Observatory Institute Center Centre Group Party Union Nations Commission Bureau
    Service Services CENTCOM NATO State Department's Ministry's Office's Social Street BBC CNN CBS NBC ABC AFP AP
    Agency's Monitor Presidency Cabinet Parliament Congress Senate Assembly Court Authority Authorities Military
    Staff Headquarters Site Ynet SANA IRNA TASS Xinhua Al Jazeera Watch Amnesty Red Cross Crescent Bank Fund
    Company Inc Corp Airways Airlines University College Foundation Brigade Brigades Regiment Division Battalion
    Fleet Unit"""
    .split()
)  # fmt: skip
PLACES = frozenset(
    """Syria Iraq Jordan Israel Turkey Russia Iran Britain UK US U.S. America France Germany China Lebanon Egypt
    Qatar Kuwait Bahrain Yemen Afghanistan Pakistan Ukraine Saudi Arabia Washington Moscow Damascus Ankara Tehran
    Baghdad Jerusalem London Paris Beijing Beirut Cairo Amman Brussels Berlin Kyiv Riyadh Doha Europe
    EU Japan India Canada Australia Italy Spain Poland Greece Cyprus Libya Sudan Somalia"""
    .split()
)  # fmt: skip
PRONOUNS = {"he": "person", "she": "person", "it": "org", "they": "plural", "we": "plural", "i": "person"}
# Nouns for one person: "a Turkish military official" can be "he"; "the ministry" cannot.
_PERSON_HEADS = frozenset(
    """official spokesperson spokesman spokeswoman source diplomat analyst expert lawmaker officer aide adviser
    advisor minister secretary senator envoy ambassador commander leader president"""
    .split()
)  # fmt: skip
_BARE_TITLES = frozenset(
    """President Minister Secretary Senator General Commander Spokesman Spokeswoman Spokesperson Ambassador
    Envoy Chairman Director Chief Governor Mayor Leader"""
    .split()
)  # fmt: skip
_DOCUMENT = re.compile(
    r"(?i)^(?:an?|the|its|his|her|their)\s+(?:[\w-]+\s+){0,3}?(?P<kind>statement|report|release|communiqu[eé])"
    r"\s+(?:from|by|of|(?:issued|released|published|put\s+out|sent|posted)\s+by)\s+(?P<author>.+)$"
)
_CONJ_START = frozenset("But And So Yet However Meanwhile Still Now Then Also Separately Earlier Later Instead".split())
# Capitalised quantifiers open a plural or a negation, never a name ("No Americans were hurt").
_QUANTIFIERS = frozenset("No All Some Many Most Several Few Both Each Every Other Another None".split())


@dataclass(slots=True)
class Speaker:
    """A resolved speaker: display name, role (title) and what kind of source it is."""

    name: str
    role: str | None
    kind: str  # "person", "org", "plural", "description"
    surname: str | None = None


def is_one_person(description: str) -> bool:
    """Whether an unnamed source describes one person ("a senior US official", not "officials")."""
    words = description.lower().split()
    return bool(words) and words[0] in {"a", "an", "one", "another"} and words[-1] in _PERSON_HEADS


def _is_cap(tok: str) -> bool:
    tok = tok.lstrip("\"“")
    return bool(tok) and (tok[0].isupper() or tok[:3] == "al-" or tok[:3] == "el-")


def np_token_ok(tok: str) -> bool:
    """Whether a token can be part of a speaker phrase."""
    bare = tok.strip("()\"“”")  # a nickname in quotation marks: 'Michael "Erik" Kurilla'
    if not bare or bare[-1] in ",;:":
        return False
    return _is_cap(bare) or bare.lower() in _LOWER_NP or bare in {"bin", "ibn", "de", "van", "von", "al", "&"}


_LY_ADJECTIVES = frozenset("daily weekly monthly quarterly yearly early elderly friendly family assembly".split())


def np_token_loose(tok: str) -> bool:
    """Whether a token can be part of a subject phrase read back from its verb ("local first responders").

    Looser than :func:`np_token_ok`: any lowercase word but the closed-class ones of ``_NP_STOP``, so a
    source described in plain words ("a high-level source", "some observers") is read whole.
    """
    if tok.lower() in _NP_STOP and (not tok.isupper() or tok == "I"):
        return False  # "He declined to say": a pronoun or an auxiliary is no part of a described source
    if np_token_ok(tok):
        return True
    bare = tok.strip("()")
    if not bare or bare[-1] in ",;:.!?" or not bare[0].isalpha() or not bare[0].islower():
        return False
    low = bare.lower()
    return low not in _NP_STOP and not (low.endswith("ly") and len(low) > 4 and low not in _LY_ADJECTIVES)


def trim_np(tokens: list[str]) -> list[str]:
    """Drop leading conjunctions and dangling function words from a speaker phrase."""
    while tokens and (tokens[0] in _CONJ_START or tokens[0].lower() in {"and", "of", "for"}):
        tokens = tokens[1:]
    while tokens and tokens[-1].lower() in {"and", "of", "the", "a", "an", "for"}:
        tokens = tokens[:-1]
    return tokens


def has_head(tokens: list[str]) -> bool:
    """A speaker phrase needs a capitalised word or a source noun ("officials")."""
    return any(_is_cap(t) and t.lower() not in {"a", "an", "the"} for t in tokens) or any(
        t.lower() in HEADS for t in tokens
    )


class SpeakerBook:
    """Who has spoken in this article so far, for pronouns and back-references."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names  # surname -> full name, from the whole article
        self.history: list[Speaker] = []
        # People and singular sources in the order the text names them, as speakers or as the subject of a
        # sentence: "he" / "she" means the latest of these, not only the latest speaker ("President X rejected
        # the demand. 'Q,' he told reporters").
        self.named: list[Speaker] = []
        self.documents: dict[str, Speaker] = {}  # "statement", "report" -> whose it is

    def remember(self, sp: Speaker) -> None:
        self.history.append(sp)
        self.mention(sp)
        if sp.kind == "person" and sp.surname and " " in sp.name:
            self.names.setdefault(sp.surname, sp.name)

    def mention(self, sp: Speaker) -> None:
        """Note a person (or a singular unnamed source) the text has just named."""
        if sp.kind == "person" or (sp.kind == "description" and is_one_person(sp.name)):
            self.named.append(sp)

    def last_person(self) -> Speaker | None:
        """Whom "he" or "she" refers to: the person or singular source named last."""
        return self.named[-1] if self.named else None

    def last(self, kinds: set[str]) -> Speaker | None:
        for sp in reversed(self.history):
            if sp.kind in kinds:
                return sp
        return None

    def parse(self, phrase: str) -> Speaker | None:
        """Turn a speaker phrase into a resolved :class:`Speaker` (None if it names no one)."""
        tokens = trim_np(phrase.split())
        if not tokens:
            return None
        low = [t.lower() for t in tokens]
        if len(tokens) == 1 and low[0] in PRONOUNS:
            kind = PRONOUNS[low[0]]
            if kind == "person":
                return self.last_person()
            if kind == "org":
                return self.last({"org"}) or self.last({"description"})
            return self.last({"plural", "description"}) or self.last({"org"})
        if low[0] == "the" and len(tokens) <= 3 and all(t.islower() for t in tokens[1:]):
            # "the official", "the ministry", "the president": the last speaker so described, or else the
            # last person the text named with that title ("Senator X spoke ... as the senator said").
            head = low[-1]
            for sp in [*reversed(self.history), *reversed(self.named)]:
                desc = f"{sp.name} {sp.role or ''}".lower()
                if head in desc.split() or head.rstrip("s") in desc:
                    return sp
        if low[0] == "the" and len(tokens) >= 2 and low[-1] in _PERSON_HEADS:
            # "the U.S. official" after "a U.S. official": the same unnamed source.
            rest = " ".join(low[1:])
            for sp in reversed(self.history):
                if sp.kind == "description" and sp.name.lower().split(" ", 1)[-1] == rest:
                    return sp
        if low[0] == "the" and 3 <= len(tokens) <= 5 and low[-1] in _PERSON_HEADS and tokens[-1].islower():
            # "the Pentagon spokesman": the person the text named earlier with that role.
            words = {t.lower().rstrip("’'s") for t in tokens[1:]}
            for sp in [*reversed(self.history), *reversed(self.named)]:
                role = {w.lower().rstrip("’'s") for w in (sp.role or "").split()}
                if sp.kind == "person" and role and words <= role:
                    return sp
        doc = _DOCUMENT.match(" ".join(tokens))
        if doc:
            # "a statement from U.S. Central Command", "the latest report from the inspector general": the
            # author is the speaker, and "the statement" / "the report" later means the same author.
            author = self.parse(doc.group("author"))
            if author is not None:
                self.documents[doc.group("kind").lower()] = author
            return author
        if low[0] == "the" and len(tokens) <= 3 and low[-1] in self.documents:
            return self.documents[low[-1]]
        if len(tokens) == 1 and tokens[0] in _BARE_TITLES:
            return None  # headline grammar ("President says ..."): a title with no name and no article
        if not has_head(tokens):
            return None
        return self._build(tokens)

    def _build(self, tokens: list[str]) -> Speaker:
        # The name is the run of capitalised non-title, non-organisation words at the end.
        i = len(tokens)
        while i > 0:
            t = tokens[i - 1]
            if _is_cap(t) and t not in TITLES and t not in ORG_WORDS and t not in PLACES and not t.endswith(
                ("'s", "’s")
            ) and t.upper() != t and t not in {"The", "A", "An"} and not re.fullmatch(r"[A-Z]{2,}s", t):
                i -= 1
                continue
            if re.fullmatch(r"[A-Z]\.", t) and i < len(tokens) and i > 1 and _is_cap(tokens[i - 2]):
                i -= 1  # a middle initial: "Mark T. Esper"
                continue
            if t in {"bin", "ibn", "de", "van", "von", "al"} and i < len(tokens):
                i -= 1
                continue
            break
        if 0 < i < len(tokens) and tokens[i - 1].lower() in {"for", "of", "on", "and"}:
            i = len(tokens)  # "Observatory for Human Rights": an organisation's name, not a person's
        name_toks = tokens[i:]
        role_toks = tokens[:i]
        if role_toks and role_toks[0].lower() in {"the", "a", "an"} and name_toks:
            role_toks = role_toks[1:]
        if len(name_toks) == 1 and not role_toks and name_toks[0] not in self.names:
            # "Phil says": a first name the article gave in full once ("NPR's Phil Ewing").
            full = [n for n in self.names.values() if n.split()[0] == name_toks[0]]
            if len(set(full)) == 1:
                return Speaker(full[0], None, "person", full[0].split()[-1])
        if name_toks and name_toks[0] in _QUANTIFIERS:
            text = " ".join(tokens)
            return Speaker(text[0].lower() + text[1:] if tokens[0] in _QUANTIFIERS else text, None, "plural")
        if len(name_toks) >= 2 or (len(name_toks) == 1 and (role_toks or name_toks[0] in self.names)):
            surname = name_toks[-1]
            name = " ".join(name_toks)
            if len(name_toks) == 1 and surname in self.names:
                name = self.names[surname]
            role = " ".join(role_toks).rstrip(",") or None
            return Speaker(name, role, "person", surname)
        if len(name_toks) == 1 and not role_toks:
            # A lone capitalised word that is no known name: a person by surname unless it is a place.
            word = name_toks[0]
            return Speaker(word, None, "person", word)
        text = " ".join(tokens)
        low = [t.lower() for t in tokens]
        if low[0] in {"a", "an", "one", "another"}:
            return Speaker(text[0].lower() + text[1:], None, "description")
        if low[-1].endswith("s") and low[-1] in HEADS:
            return Speaker(text[4:] if text[:4].lower() == "the " else text, None, "plural")
        if low[0] == "the":
            text = " ".join(tokens[1:])
        if low[-1] in HEADS and not any(t in ORG_WORDS for t in tokens):
            return Speaker(text, None, "description")
        return Speaker(text, None, "org")


_NAME_RUN = re.compile(
    r"\b((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|al-[A-Z][a-z]+)(?:\s+(?:[A-Z]\.?\s+)?(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
    r"|al-[A-Z][a-z]+|al\s+[A-Z][a-z]+)){1,4})\b"
)


def collect_names(text: str) -> dict[str, str]:
    """Map surnames to the full names the article uses ("Trump" -> "Donald Trump")."""
    names: dict[str, str] = {}
    for m in _NAME_RUN.finditer(text):
        toks = m.group(1).split()
        while toks and (toks[0] in TITLES or toks[0] in ORG_WORDS or toks[0] in PLACES or toks[0] in _CONJ_START):
            toks = toks[1:]
        if len(toks) < 2 or len(toks) > 3 or any(t in ORG_WORDS or t in PLACES or t in TITLES for t in toks):
            continue
        surname = toks[-1]
        names.setdefault(surname, " ".join(toks))
    return names
