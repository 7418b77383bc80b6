"""Statements: who said what, from the quote-folded frames of the sentences.

One pass per sentence finds every attribution frame in it. The sentence is first cut into units at a
coordinated second attribution ("..., while others argue that ...", "..., and X added that ...",
"While she announced that A, she stressed that B"); each unit is then read for one frame (``Q`` is a
quotation placeholder):

- fronted: ``As the president said, CLAUSE``; ``State media quoted X as saying CLAUSE``
- ``CLAUSE, according to X`` and ``According to X, CLAUSE`` (``X said CLAUSE, according to Tass`` is X's)
- trailing, tried first when it closes the sentence: ``CLAUSE, X said (Thursday).``, ``Q, X said.``,
  ``CLAUSE, said the official, who ...``; a parenthesis joins the words on either side
  (``Moscow, he added, has ...``, ``That fighting, said the official, is ...``)
- leading: ``X said (in a statement) (that) CLAUSE``, ``X said: Q``, ``X told Reuters (that) CLAUSE``,
  ``X confirmed to the broadcaster that CLAUSE``, ``X announced he will ...`` (a bare clause with a subject
  and an auxiliary), ``..., but said CLAUSE`` (the subject's second verb), ``X said A and confirmed that B``
- participles: ``..., saying CLAUSE``, ``..., adding that CLAUSE``, ``declaring: Q``, ``with X estimating
  that CLAUSE``
- quoted words as an object: ``X called the move 'Q'``, ``... and cited 'Q'`` (direct)
- a quote split by its attribution (``Q1, X said. Q2``), left open at a paragraph's end, or followed by
  ``"Q2," he continued`` is one statement; a paragraph that is only a quotation continues the last speaker.

The speaker phrase before a verb is read twice: strictly (names, titles and the lowercase words of
source descriptions), then loosely (any word but pronouns, auxiliaries and subordinators), the loose
reading taken only when it opens a clause. Speakers are resolved by :class:`SpeakerBook`.

A clause made only of quotations is direct (its text is the quoted words); a reported clause, even with
a short partial quote inside, is indirect. Each statement carries a confidence from its frame: a named
speaker with a verb of saying is strong; a pronoun or "the official" resolved to an earlier sentence, a
role with no name, a speaker carried over to a quoted paragraph and a quotation cut off by the end of the
paste are weaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from briefings.extract.sentences import CLOSE, OPEN, PLACEHOLDER, Sentence
from briefings.extract.speakers import (
    HEADS,
    ORG_WORDS,
    PRONOUNS,
    TITLES,
    Speaker,
    SpeakerBook,
    has_head,
    is_one_person,
    np_token_loose,
    np_token_ok,
    trim_np,
)

_VERB = re.compile(
    r"\b(said|says|say|told|tells|added|adds|noted|notes|warned|warns|wrote|writes|tweeted|posted|announced|announces"
    r"|stated|explained|argued|insisted|claimed|confirmed|disclosed|reported|acknowledged|admitted|stressed"
    r"|emphasi[sz]ed|declared|asserted|cautioned|reiterated|revealed|agreed|predicted|conceded|vowed|pledged"
    r"|went on|replied|replies|responded|answered|continued|reports|indicated|indicates|indicate|argues|argue"
    r"|maintained|contended|countered|estimated|tell|pointed out|points out"
    # "officials were saying the troops were needed": the progressive of saying
    r"|(?<=were\s)saying|(?<=was\s)saying|(?<=are\s)saying|(?<=is\s)saying|(?<=been\s)saying)\b"
)
# Verbs that may take a bare clause ("Officials said the president was ..."); the others need
# "that", a colon or a quotation, because they also take plain objects ("announced a withdrawal").
_FREE = frozenset({"said", "says", "say", "told", "tells", "tell", "wrote", "writes", "tweeted", "saying"})
# After a verb that also takes a plain object ("announced the deployment"), a reported clause with no
# "that" shows itself by a subject and an auxiliary: "announced he will recall", "warned it would
# target", "stressed the extra troops are", "confirmed there are more".
_BARE_CLAUSE = re.compile(
    r"^\s*(?:(?:he|she|it|they|we|I|there)\s+|(?:the|its|his|her|their|this|these|a|an|all|no|some)\s+"
    r"(?:[\w’'.-]+\s+){0,4}?)(?:will|would|had|has|have|was|were|is|are|could|can|may|might|should|must|did"
    r"|does|do)\b"
    # "insisted the drone struck inside Jordan": a subject and an irregular past tense.
    r"|^\s*(?:the|its|his|her|their|this|these|all|no|some)\s+(?:[\w’'-]+\s+){1,3}?(?:struck|hit|fled|left|took"
    r"|began|fell|rose|came|went|sent|made|fought|shot|flew|drove|won|lost)\b"
)
# "..., as NPR's Phil Ewing reports.": the writer credits an outlet; the sentence's own attribution counts.
_CREDIT_END = re.compile(
    r",?\s+as\s+(?:[\w.’'-]+\s+){1,6}?(?:first\s+)?(?:reports|reported|has reported|notes|noted)\s*(?=[.!?]?\s*$)"
)
# "As the president said, CLAUSE": a fronted attribution.
_AS_SAID = re.compile(
    r"^(?:(?:Instead|But|And|Yet|So),?\s+)?[Aa]s\s+(?P<np>(?:[\w.’'-]+\s+){1,7}?)(?:\w+ly\s+)?"
    r"(?:has\s+|had\s+)?(?:said|says|noted|notes|put it|warned|argued|acknowledged|explained|stressed)\s*,\s*"
)
# "State media quoted the defence minister as saying ...": the one quoted is the speaker, the outlet carries it.
_QUOTED_AS_SAYING = re.compile(
    r"\b(?:quoted|cited)\s+(?P<np>(?:[\w.’'-]+\s+){1,8}?)as\s+(?:saying|telling\s+\S+(?:\s+\S+)?)(?:\s+that)?\s*[,:]?\s*"
)
# A second attribution coordinated in the same sentence: "..., while others argue that ...", "..., and X
# added that ...", "While he announced that A, he stressed that B". It starts a statement of its own.
_COORD_ATTRIBUTION = re.compile(
    r"(?:,|;)\s+(?:(?:while|whereas|but|and)\s+)?(?=(?:he|she|they|we|others|(?:the|some|other|many|most)\s+"
    r"(?:[\w.’'-]+\s+){0,3}?[\w’'-]+|(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w’'-]+"
    r"|(?:[A-Z][\w.’'-]*\s+){1,3}(?:officials|sources|diplomats|analysts|experts|lawmakers|commanders|official"
    r"|spokesman|spokeswoman|spokesperson))\s+(?:also\s+|later\s+|have\s+|has\s+)?"
    r"(?:said|says|say|added|adds|argued|argue|argues|noted|notes|warned|stressed|emphasi[sz]ed|insisted"
    r"|maintained|contended|claimed|countered|acknowledged|cautioned|predicted)"
    # "..., but US officials insisted the drone struck ...": a clause with or without "that"
    r"\s+(?:that\b|(?:the|he|she|it|they|there)\s))"
)
# "X said A and confirmed that B": the same speaker's second statement.
_AND_VERB_THAT = re.compile(
    r"\s+and\s+(?:also\s+)?(?:said|confirmed|added|warned|noted|stressed|insisted|acknowledged|announced)"
    r"\s+that\s+"
)
# "..., but said ...", "... and said ...": a second verb of the sentence's subject.
_ELIDED_SUBJECT = re.compile(r"(?:,\s*(?:but|and)|\s+(?:but|and))\s+(?:also\s+|later\s+)?$")
# A subordinate clause that opens the sentence ends where the main clause starts.
_SUBORDINATE_OPEN = re.compile(r"^\s*(?:While|Although|Though|After|When|Because|If|Since|Before|Whereas)\b")
_MAIN_CLAUSE = re.compile(r",\s+(?=(?:he|she|they|it|we|I|the|The|[A-Z][a-z]+\s+[a-z]))")
# "X called the move 'a real sign of progress'", "which officials called a 'significant blow'", "cited
# 'sensitivity'": the quoted words are the speaker's.
_CALLED = re.compile(
    rf"\b(?P<verb>called|described|termed|dubbed|cited|branded)\s+(?:(?:it|this|that|them|him|her|the\s+[\w-]+"
    rf"(?:\s+[\w-]+)?)\s+)?(?:as\s+)?(?:(?:an?|the)\s+)?(?P<q>{OPEN}\d+{CLOSE})"
)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be)(?:\s+(?:first|also|widely|later|originally|\w+ly))?\s*$")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_ADV = (
    r"(?:also|again|later|previously|earlier|separately|then|repeatedly|publicly|privately|reportedly|further"
    r"|once|recently|first|has|have|had|would|will|did|had also|has also|have also|on Thursday"
    r"|(?!(?:family|ally|rally|assembly|supply|daily|weekly|monthly|early)\b)[a-z]{3,}ly|"
    r"in (?:a|the|its|his|her|their) (?:written |separate |brief |joint |later |same )?(?:statement|interview"
    r"|briefing|press release|speech|letter|testimony)|in testimony(?: to Congress| before \w+)?"
    r"|by (?:tele)?phone|by email|in an email|in a text message|via video link|by video link"
    r"|in a (?:\w+ )?(?:press )?briefing|during a (?:\w+ ){0,2}(?:meeting|briefing|visit|call|hearing|interview)"
    r"|in an? (?:\w+ ){0,2}(?:post|interview|statement|address)|on (?:Twitter|X|Facebook|Telegram|Truth Social"
    r"|social media|Instagram)|at a (?:\w+ ){0,2}(?:conference|briefing|hearing|event|rally)"
    rf"|(?:on |late |early )?{_WD}(?: (?:morning|afternoon|evening|night))?|today|yesterday|tonight|last week"
    rf"|this week|last month|last year|this month|this year|earlier this (?:week|month|year)|last (?:spring|summer"
    rf"|autumn|fall|winter)|in recent (?:days|weeks|months)|at the time|in {_MON}(?: \d{{4}})?"
    rf"|on {_MON} \d{{1,2}}(?:, \d{{4}})?|in \d{{4}}|to reporters|to journalists|in response|in its response"
    r"|in his response|in her response|in their response|on condition of anonymity)"
)
_END_ADV = re.compile(rf"(?:^|\s+|,\s*){_ADV},?\s*$")
_START_ADV = re.compile(rf"^\s*,?\s*{_ADV}\b")
_WHO_END = re.compile(r"\s+who(?:\s+(?:also|later|has|had|have))?\s*$")
_ADV_ONLY = re.compile(rf"^(?:\s*,?\s*{_ADV})*\s*$")
_ADV_ADJUNCT = re.compile(
    rf"^(?:\s*,?\s*{_ADV})*\s+(?:after|at|during|before|in|on|while|from|outside|inside|near|ahead of|following)\s"
    r"[^,;:]{0,100}$"
)
_TOLD_OBJ = re.compile(
    r"^\s*(?:(?:reporters|journalists|lawmakers|the press|me|us|him|her|them|the (?:\w+ ){0,3}(?:site|newspaper"
    r"|broadcaster|agency|outlet|channel|committee)|(?:his|her|their|its)\s+(?:\w+\s+)?(?:advisers|aides|staff"
    r"|commanders|counterpart|allies|colleagues|cabinet)|commanders|troops|soldiers|senators|officials|allies"
    r"|advisers|aides|diplomats|leaders|parliament|supporters|congress)\b"
    r"|(?:the\s+)?(?:[A-Z][\w.’'&-]*(?:\s+|$|(?=:)))+)"
)
_APPOSITIVE = re.compile(
    r",\s+(?:speaking|who|which|citing|declining|asked|writing|according|a|an|the|his|her|its|in|[a-z][\w-]*"
    r"|[A-Z][\w-]*['’]s\s+[a-z][\w-]*)\b"
    r"[^,]{0,100},\s*$"
)
_GESTURE_END = re.compile(
    r"\s+(?:paused|smiled|laughed|nodded|shrugged|sighed|hesitated|grinned|frowned)\s*(?:,\s*|\s+and\s+)"
    r"(?:then\s+)?$"
)
_LEAD_ADVERBIAL = re.compile(
    r"^(?:(?:And|But|Then|So|Meanwhile)\s+)?(?i:over|on|in|at|during|by|since|early|late|last|earlier|later|this)\b"
    r"[^,;:]{0,40}$"
)
_COMMA_ADJUNCT = re.compile(
    r"^\s*,\s*(?:after|before|during|following|in|at|on|while|amid|despite|citing|quoting)\b[^,;]{0,120},"
)
# "..., citing two officials": whom the outlet relied on, no part of the words.
_CITING_END = re.compile(r",\s+(?:citing|quoting)\s+[^,;]{1,80}[.!?]?\s*$")
_PARTY_TAG_END = re.compile(r",\s+(?:[DRI]|Dem|Rep|Ind)-[A-Z][A-Za-z.]{1,14}\s*,?\s*$")
_NAME_APPOSITION = re.compile(
    r",\s+((?:(?:al-|el-)?[A-Z][\w.'’-]*\s+){1,5}(?:al-|el-)?[A-Z][\w'’-]*[a-z][\w'’-]*),\s*$"
)
_SOURCE_HEADS = frozenset(
    "spokesman spokeswoman spokesperson official commander minister secretary envoy ambassador adviser advisor "
    "aide head chief director leader analyst".split()
)
_AFTER_NP_END = re.compile(r"\s*(?:[,.;:!?—–]|$|who\b|on\b|in\b|at\b|last\b|earlier\b|later\b|of\s+[A-Z])")
_THAT = re.compile(r"^\s*[,:]?\s*that\b\s*")
_PARTICIPLE = re.compile(
    rf"(?:,\s+(?:and\s+|also\s+|while\s+)?|\s+by\s+|(?<={CLOSE})\s+and\s+)(saying|adding|noting|warning|arguing|insisting|stressing"
    r"|explaining|writing|(?:saying|declaring|adding|warning)(?:\s+[a-z]+){0,3}(?=\s*:)"
    r"|(?:announcing|declaring|posting|claiming|stating|asserting|acknowledging|cautioning|predicting|estimating"
    r"|contending|suggesting|confirming|emphasi[sz]ing|reiterating|maintaining)"
    r"(?:\s+(?:on|in)\s+(?:Twitter|X|Facebook|Telegram|Truth Social|social media|a\s+\w+))?(?=\s+that\b)"
    r"|telling\s+(?:[\w’'.-]+\s+){0,3}?[\w’'.-]+(?=\s+that\b))\b(?:\s+that)?\s*[,:]?\s*"
)
# "..., with press secretary X estimating that ...": a participle with a subject of its own.
_WITH_PARTICIPLE = re.compile(
    # after a comma, or a quotation that took the comma in ('... "going on for a while," with X estimating')
    rf"(?:,|{CLOSE})\s+with\s+(?P<np>(?:[\w.’'-]+\s+){{1,9}}?)(?:saying|adding|noting|warning|arguing|insisting|estimating"
    r"|claiming|stressing)\s+(?:that\s+)?"
)
# A comma-enclosed attribution inside a sentence goes on with the statement ("Moscow, he added, has ...";
# "X isn't the answer, he said, especially given ..."), unless what follows is an aside about the speaker.
_GOES_ON = re.compile(
    r"^,\s*(?!(?:who|whose|which|according|a|an|the|in|at|on|to|citing|speaking|adding|noting|saying|referring"
    r"|declining|asked|writing|warning|arguing|explaining|insisting|stressing|[a-z]+ing)\b)(?=[a-z\ue000])"
)
# A reported clause that starts with its verb has its subject outside it.
_NO_SUBJECT = re.compile(r"(?:is|are|was|were|has|have|had|will|would|could|can|may|might|should|must)\s")
_GOES_ON_WORD = re.compile(r"^,\s*(?:especially|particularly|even|because|given|unless|since|so that|as long as)\b")
# "Once the transition is complete, the official said, the American presence will fall ...": a clause goes on.
_GOES_ON_CLAUSE = re.compile(
    r"^,\s*(?=(?:the|a|an)\s+(?:[\w.’'-]+\s+){0,4}?(?:will|would|is|are|was|were|has|have|had|could|can|may|might)\b)"
)
# "in an interview with ABC's 'This Week' on Nov. 11": an adjunct before a participle or the sentence end.
_GAP_BEFORE_THAT = re.compile(
    r"^\s*,?\s*(?:(?:to|in|at|on|during|after|before|via|from|with|over|through|earlier|later|last|this|late"
    rf"|early)\b[^,;:.!?{OPEN}]{{0,70}}?|[a-z]+ly\s+)\bthat\b\s*"
)
_VERB_COMMA_END = re.compile(r"\b(?:said|says|told\s+\S+|added|wrote)\s*,\s*$")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")
_NOT_SOURCE = re.compile(
    # "according to US estimates", "according to Pentagon figures": numbers someone published, not words said.
    r"(?i)(?:the\s+)?(?:[\w.’'-]+\s+){0,2}?(?:reports?|data|figures|estimates?|documents?|statistics|tallies"
    r"|counts?|records|polls?|surveys?|assessments?)\b"
    r"|(?:the\s+)?(?:a statement|statements|the report|media reports"
    r"|analysts? at|a report|a study|sources close)\b"
)
_QUOTE_ONLY = re.compile(rf"^[\s,.;:—–-]*(?:{OPEN}\d+{CLOSE}[\s,.;:—–-]*)+$")
# A subject phrase followed by its verb: capitalised words (or a title's stop), then a lowercase word that is no
# part of a name ("President X rejected ...", "Gen. Y, the commander, told ...").
# A short scene-setting phrase before the subject ("Back at the outpost, Sergeant X was ...").
_OPENER = (
    r"(?:In|On|At|After|During|Back|Later|Earlier|Inside|Outside|Meanwhile|Nearby|Before|Since|Across|By|Last|This"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Yesterday|Additionally|However|Separately"
    r"|Instead|Still|Also|Now|Then)\b"
)
# A longer participial or prepositional opener ("Given the war drums beating louder, President X had ...").
_LONG_OPENER = r"(?:Given|Despite|Amid|With|Under|Following|Asked|Speaking|Pressed|Facing|Earlier|Later)\b"
_SUBJECT_VERB = re.compile(
    rf"^(?:{_OPENER}[^,]{{0,40}},\s+|{_LONG_OPENER}[^,]{{0,90}},\s+)?"
    r"(?:[A-Z][\w.'’-]*\s+){1,6}(?:,[^,]{1,100},\s+)?"
    r"(?:has\s+|had\s+|also\s+|later\s+|then\s+)?[a-z]+(?:ed|s)?\b"
)
# A transcript turn: an upper-case label and a colon opening the paragraph ("MR. SMITH:", "GEN. JONES:",
# "DEPUTY PRESS SECRETARY JANE DOE:", "Q:"). A label must hold a title or be a question, so that a
# "BREAKING:" or "UPDATE:" line does not turn an article into a transcript.
_TURN_LABEL = re.compile(
    # "TOM BOWMAN, BYLINE:", "RACHEL MARTIN, HOST:": a role after the name.
    r"^((?:[A-Z][A-Z.'’-]*\s+){0,7}[A-Z][A-Z.'’-]*)(?:,\s+(?P<role>[A-Z][A-Z .'’-]{1,40}))?:\s+(?=\S)"
)
# The labels of a broadcast's own people: the host and its correspondents narrate, they are not the news.
_NARRATOR_ROLE = re.compile(r"\b(?:BYLINE|HOST|ANCHOR|CORRESPONDENT|REPORTER)\b")
_TITLED_LABEL = re.compile(
    r"(?:^|\s)(?:MR|MRS|MS|DR|GEN|LT|COL|MAJ|CAPT|ADM|SEN|REP|GOV|SECRETARY|PRESIDENT|AMBASSADOR|GENERAL|ADMIRAL"
    r"|COLONEL|SPOKESPERSON|SPOKESMAN|SPOKESWOMAN|MINISTER|DIRECTOR|COMMANDER|CHAIRMAN|SENATOR)\.?(?:\s|$)"
)
# A briefer's small talk: greetings, thanks and turn-taking say nothing a reader would quote.
_SMALL_TALK = re.compile(
    r"(?i)\b(?:hello|hi|good (?:morning|afternoon|evening)|thank you|thanks|your questions|take (?:a few |some )?"
    r"questions|all right)\b"
)
#: Words in a transcript paragraph read as one statement.
_SOUND_BITE = 60
_QUESTION_LABEL = re.compile(r"Q|QUESTION|REPORTER|MODERATOR|AUDIENCE MEMBER")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")
_SENTENCE_END = frozenset(".!?\"”’)]:—–")
_BOUNDARY_TOKEN_END = (",", ";", ":", "—", "–", "-", CLOSE, "(")


@dataclass(slots=True)
class Found:
    """A statement found in one sentence, before dates and dedupe."""

    speaker: Speaker
    text: str
    direct: bool
    sentence: Sentence
    attribution: str
    evidence: str
    confidence: float = 0.9
    through: int = -1  # the last sentence the statement covers (a quotation may run on)

    def __post_init__(self) -> None:
        if self.through < 0:
            self.through = self.sentence.index


def _quote_text(sent: Sentence, frame_part: str) -> str:
    ids = tuple(int(n) for n in PLACEHOLDER.findall(frame_part))
    parts = []
    for i in ids:
        q = sent.quote(i).strip()
        if q.endswith(","):
            q = q[:-1].rstrip() + "."
        parts.append(q)
    return " ".join(p for p in parts if p)


def _cut_off(sent: Sentence, frame_part: str) -> bool:
    """Whether the last quotation of ``frame_part`` was left open at the end of the text."""
    ids = PLACEHOLDER.findall(frame_part)
    if not ids:
        return False
    i = int(ids[-1])
    raw = sent.raw_quotes[i] if i < len(sent.raw_quotes) else ""
    closed = raw[-1:] in {'"', "”", "»"} or raw.rstrip()[-1:] in {".", "!", "?"}
    return i == len(sent.raw_quotes) - 1 and not closed


def _clean_clause(text: str) -> str:
    text = text.strip().strip(",;:—–- ").strip()
    if text.endswith((".", "!", "?")) and not text.endswith(("U.S.", "a.m.", "p.m.")):
        text = text[:-1].rstrip()
    return text


# A modifier between a subject and its verb ("an official who briefed reporters on condition of anonymity
# said", "US officials cited by the Wall Street Journal say", "officials speaking privately said").
_SUBJECT_MODIFIER = re.compile(
    r"\s+(?:who\s+(?!(?:also|later|has|had|have)\s*$)|(?:cited|quoted|interviewed)\s+by\s+|(?:speaking|talking)\s+)"
    r"[^,;:]{1,90}$"
)
# "General X, Chairman of the Joint Chiefs of Staff, said": a capitalised title phrase in apposition.
_TITLE_APPOSITIVE = re.compile(r",\s+(?:[A-Z][\w.’'-]*\s+){1,4}(?:of|for|at|to)\s+[^,]{1,80},\s*$")
# Words that open a clause: a subject phrase may start right after them ("a week after X said ...").
_CLAUSE_OPENERS = frozenset(
    "that but while although though as after before when because since if until whereas so where".split()
)


_PAST_FORM = re.compile(r"[a-z]{3,}ed")
_DOCUMENT_FROM = re.compile(
    r"(?i)^(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:statement|report|release)\s+(?:(?:released|issued|published|put\s+out"
    r"|sent|posted)\s+)?(?:from|by|of)\s+\S"
)
_DOCUMENTS = frozenset({"statement", "report", "release", "communique", "announcement"})
_IN_DOCUMENT = re.compile(r"\bin (?:a|an|its|his|her|their) (?:[\w-]+ ){0,2}?(statement|report|release)\b")
_ROLE_HEADS = frozenset(
    "official spokesman spokeswoman spokesperson source diplomat officer aide adviser advisor commander envoy "
    "minister secretary ambassador analyst".split()
)
_PLACE_PREPS = frozenset({"in", "at", "from", "with", "to", "within", "inside"})
# Heads that a place or a body may follow: "a source in the ministry", "a statement from Centcom".
_HEADS_AFTER = frozenset(
    "source sources official officials spokesman spokeswoman spokesperson diplomat diplomats statement report "
    "release officer officers commander commanders analyst analysts expert experts envoy ambassador aide aides "
    "lawmaker lawmakers adviser advisers".split()
)
_DETERMINERS = frozenset("a an the his her its their our some two three several many other another".split())


def _read_np(
    tail: str, off: int, before: str, token_ok: Callable[[str], bool], limit: int
) -> tuple[list[str], str, bool] | None:
    toks = [(m.start(), m.group()) for m in re.finditer(r"\S+", tail)]
    loose = token_ok is np_token_loose

    def modifier(k: int) -> bool:  # "a widely shared post": an adverb and a participle after a determiner
        return (k > 1 and toks[k - 2][1].lower() in _DETERMINERS) or (
            k > 2 and toks[k - 2][1].endswith("ly") and toks[k - 3][1].lower() in _DETERMINERS
        )

    i = len(toks)
    while i > 0 and len(toks) - i < limit:
        tok = toks[i - 1][1]
        if not token_ok(tok):
            if not (loose and tok.endswith("ly") and i < len(toks) and _PAST_FORM.fullmatch(toks[i][1]) and i > 1
                    and toks[i - 2][1].lower() in _DETERMINERS):
                break
        elif loose and _PAST_FORM.fullmatch(tok) and not np_token_ok(tok) and not modifier(i):
            break  # "His tweet followed a series of news reports": a past tense after a noun ends the phrase
        i -= 1
    np_pairs = toks[i:]
    words = trim_np([t for _, t in np_pairs])
    if not words or not has_head(words):
        return None
    first = next(k for k, (_, t) in enumerate(np_pairs) if t == words[0])
    start = np_pairs[first][0]
    prev = toks[i - 1][1] if i > 0 else ""
    at_start = (i == 0 and off == 0) or not tail[:start].strip()
    boundary = at_start or prev.endswith(_BOUNDARY_TOKEN_END) or prev.lower() in _CLAUSE_OPENERS
    # "... was preceded by airstrikes and officials said ...": a clause coordinated by "and" or "but".
    boundary = boundary or (first > 0 and np_pairs[first - 1][1].lower() in {"and", "but"})
    return words, before[: off + start], boundary


def _speaker_before(before: str) -> tuple[list[str], str, bool, bool] | None:
    """The speaker phrase ending ``before``: its tokens, the text before it, and whether a boundary precedes it."""
    off = max(0, len(before) - 240)
    tail = before[off:]
    named = _NAME_APPOSITION.search(tail)
    if named:
        # "A spokesman for the army, Maj. Gen. X Y, said": the name in the apposition is the speaker,
        # provided what precedes it is a source description that opens the clause.
        lead = [(m.start(), m.group()) for m in re.finditer(r"\S+", tail[: named.start()])]
        i = len(lead)
        while i > 0 and np_token_loose(lead[i - 1][1]):
            i -= 1
        desc = [t for _, t in lead[i:]]
        opens = i == 0 or lead[i - 1][1].endswith(_BOUNDARY_TOKEN_END)
        if desc and opens and any(t.lower() in _SOURCE_HEADS for t in desc):
            return named.group(1).split(), before[: off + lead[i][0]], True, False
    appos = _APPOSITIVE.search(tail) or _TITLE_APPOSITIVE.search(tail)
    if appos:
        # "A US official, speaking on condition of anonymity, said": skip the aside.
        tail = tail[: appos.start()]
    gesture = _GESTURE_END.search(tail)
    if gesture:
        tail = tail[: gesture.start()]  # "He paused, then added:": the one who paused
    party = _PARTY_TAG_END.search(tail)
    if party:
        tail = tail[: party.start()]  # "Sen. Dale Hutchins, R-Kan.,": the party-state tag is no name
    who = _WHO_END.search(tail)
    if who:
        tail = tail[: who.start()].rstrip().rstrip(",")  # "confirmed by a spokesperson, who said"
    for _ in range(4):
        m = _END_ADV.search(tail)
        if not m or m.start() == m.end():
            break
        tail = tail[: m.start()]
    toks = [(m.start(), m.group()) for m in re.finditer(r"\S+", tail)]
    if toks and toks[-1][1].lower() in PRONOUNS:
        prev = toks[-2][1] if len(toks) > 1 else ""
        boundary = len(toks) == 1 or prev.endswith(_BOUNDARY_TOKEN_END) or prev.lower() in _CLAUSE_OPENERS | {
            "and"
        } or (len(toks) == 2 and prev[:1].isupper())  # "Additionally she said", "Instead he said"
        return [toks[-1][1]], before[: off + toks[-1][0]], boundary, False
    strict = _read_np(tail, off, before, np_token_ok, 10)
    if strict is not None and (strict[2] or who):
        return strict[0], strict[1], True, who is not None
    # A subject described in plain words ("Local first responders said", "a high-level source told"), or
    # with a modifier before its verb: read again, more loosely, and take it only if it opens a clause.
    mod = None if who else _SUBJECT_MODIFIER.search(tail)
    loose = _read_np(tail[: mod.start()] if mod else tail, off, before, np_token_loose, 12)
    if loose is not None and loose[2]:
        return loose[0], loose[1], True, False
    if strict is None:
        return None
    return strict[0], strict[1], bool(who), who is not None


def _speaker_after(after: str) -> tuple[list[str], int]:
    """The speaker phrase starting ``after`` ("said the official, who ..."), and where it ends."""
    toks: list[str] = []
    pos = 0
    for m in re.finditer(r"\S+", after[:200]):
        tok = m.group()
        bare = tok.rstrip(",;:.")
        if tok.endswith(".") and (tok in TITLES or _INITIALS.fullmatch(tok)):
            bare = tok  # "said Sen. Lindsey Graham", "said a U.S. official": the stop is no sentence end
        if len(toks) >= 12:
            break
        if not np_token_ok(bare):
            # Plain words describe a source ("a high-level source", "the latest quarterly report"), and a
            # place or body may follow its head noun ("a source in the Iraqi government"), but a name takes
            # no such phrase ("said Milley in an interview").
            low = bare.lower()
            if low == "by" and len(toks) >= 2 and toks[-2].lower() in _DOCUMENTS and _PAST_FORM.fullmatch(toks[-1]):
                pass  # "a statement released by the ministry"
            elif low in _PLACE_PREPS:
                if not toks or toks[-1].lower() not in _HEADS_AFTER:
                    break
            elif not np_token_loose(bare) or (_PAST_FORM.fullmatch(bare) and toks and toks[-1].lower() not in
                                                  _DETERMINERS | _DOCUMENTS):
                break  # ("a statement released by the ministry": the document's participle goes on)
        if bare == "of" and toks and toks[-1][:1].isupper() and toks[-1] not in ORG_WORDS and toks[-1] not in TITLES:
            break  # "Sen. Lindsey Graham of South Carolina": the place is no part of the name
        toks.append(bare)
        # End at the bare word, so the punctuation after it ("said Omed Karim, a spokesman") still
        # marks the end of the phrase for the caller.
        pos = m.start() + len(bare)
        if bare != tok:
            break
    return trim_np(toks), pos


class StatementFinder:
    """Finds statements sentence by sentence, keeping the speaker history for back-references."""

    def __init__(self, book: SpeakerBook, sentences: list[Sentence] | None = None) -> None:
        self.book = book
        self.found: list[Found] = []
        # The article's last paragraph: a paste often stops in mid-sentence there, and only there. A run of
        # lines with no sentence ending that closes the paste is a list of links or headlines, not the article.
        self.last_para: int | None = None
        self.junk_from: int | None = None
        #: Words per paragraph: a transcript turn this short is one sound bite, a longer answer one statement
        #: a sentence.
        self.para_words: dict[int, int] = {}
        for s in sentences or ():
            self.para_words[s.para] = self.para_words.get(s.para, 0) + len(s.text.split())
        if sentences:
            ends: dict[int, str] = {s.para: s.text for s in sentences}
            self.last_para = max(ends)
            run = [p for p in sorted(ends, reverse=True)]
            k = 0
            while k < len(run) and ends[run[k]][-1:] not in _SENTENCE_END:
                k += 1
            if k >= 2:
                self.junk_from = run[k - 1]
        # In a transcript ("MR. SMITH: ...", "Q: ..."), who holds the floor: a speaker, or None while a
        # reporter asks (questions are no statements). ``in_transcript`` turns on at the first speaker label.
        self.turn: Speaker | None = None
        self.in_transcript = False
        self.narrating = False  # a host or correspondent holds the floor (their words read as an article's)

    def _emit(
        self,
        sp: Speaker | None,
        clause_frame: str,
        sent: Sentence,
        attribution: str,
        confidence: float = 0.9,
        min_words: int = 3,
    ) -> Found | None:
        if sp is None:
            return None
        if _QUOTE_ONLY.match(clause_frame):
            text, direct = _quote_text(sent, clause_frame), True
        else:
            text, direct = _clean_clause(sent.restore(clause_frame)), False
        if len(text.split()) < min_words:
            return None
        if not direct and _NO_SUBJECT.match(text):
            return None  # "a process US officials say is still under way": the clause's subject is outside it
        if direct and self.last_para is not None and sent.para >= self.last_para and _cut_off(sent, clause_frame):
            # The paste stops inside the quotation: a few words are no statement, more are a doubtful one.
            if len(text.split()) < 8:
                return None
            confidence = min(confidence, 0.6)
        self.book.remember(sp)
        doc = _IN_DOCUMENT.search(attribution)
        if doc:
            self.book.documents.setdefault(doc.group(1).lower(), sp)  # "said in a statement": "the statement" later
        f = Found(sp, text, direct, sent, attribution, sent.text, confidence)
        self.found.append(f)
        return f

    def _participles(self, sent: Sentence, frame: str, sp: Speaker | None) -> None:
        if sp is None:
            return
        matches = list(_PARTICIPLE.finditer(frame))
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(frame)
            self._emit(sp, frame[m.end() : end], sent, sent.restore(m.group()))

    def _subject(self, frame: str) -> Speaker | None:
        if re.match(_OPENER, frame):
            body = re.sub(r"^[^,]{0,40},\s+", "", frame)
        elif re.match(_LONG_OPENER, frame):
            body = re.sub(r"^[^,]{0,90},\s+", "", frame)
        else:
            body = frame
        toks: list[str] = []
        for tok in body.split()[:10]:
            if not np_token_ok(tok) or tok == "I":
                break  # "One senior officer I spoke to ...": the reporter is no part of the subject
            toks.append(tok)
        toks = trim_np(toks)
        if not (toks and has_head(toks)):
            # A subject in plain words ("The militia spokesman welcomed ..."): up to its source noun.
            toks = []
            for tok in body.split()[:6]:
                if not np_token_loose(tok):
                    break
                toks.append(tok)
                if tok.lower() in HEADS:
                    break
            toks = trim_np(toks) if toks and toks[-1].lower() in HEADS else []
        return self.book.parse(" ".join(toks)) if toks and has_head(toks) else None

    def sentence(self, sent: Sentence, prev: Sentence | None) -> None:
        """Find the statements of one sentence."""
        frame = sent.frame[sent.lead :]
        if len(frame) > 3000:
            return
        if self._transcript(sent):
            return
        label = _TURN_LABEL.match(frame) if sent.first_in_para else None
        if label and label.group(1).isupper():
            # A broadcast transcript's correspondent ("BENITEZ: One senior officer ... put it bluntly."): the
            # label names who narrates; the sentence after it is read like any other.
            frame = frame[label.end() :]
        self._note_subject(frame)
        if self.junk_from is not None and sent.para >= self.junk_from:
            return  # a list of links or headlines after the article ("FBI told campaign it was ...")
        cut = self.last_para is not None and sent.para >= self.last_para
        if not cut and sent.text[-1:] not in _SENTENCE_END and len(sent.text.split()) < 40:
            return  # a headline between paragraphs, not a sentence
        if _QUOTE_ONLY.match(frame):
            self._continuation(sent, prev)
            return
        credit = _CREDIT_END.search(frame)
        if credit:
            frame = frame[: credit.start()] + frame[credit.end() :]
        start = 0
        # Each coordinated attribution ("..., while others argue that ...") is a unit of its own.
        for m in _COORD_ATTRIBUTION.finditer(frame):
            if m.start() > start:
                self._unit(sent, frame[start : m.start()])
                start = m.end()
        self._unit(sent, frame[start:])

    def _unit(self, sent: Sentence, frame: str) -> None:
        before = len(self.found)
        if self._as_said(sent, frame) or self._quoted_as_saying(sent, frame):
            return
        m = _ACCORDING.search(frame)
        # "Q, X said, according to state media" and "X said CLAUSE, according to Tass": X is the speaker; the
        # outlet only carried the words.
        if m and m.start() > 3 and not _VERB_COMMA_END.search(frame, 0, m.start()):
            head = _VERB.search(frame, 0, min(m.start(), 120))
            parsed = _speaker_before(frame[: head.start()]) if head and head.group(1) in _FREE else None
            if parsed is not None and parsed[2] and not parsed[1].strip():
                frame, m = frame[: m.start()].rstrip(" ,"), None
        if m and not _VERB_COMMA_END.search(frame, 0, m.start()) and self._according(sent, frame, m):
            return
        verbs = list(_VERB.finditer(frame))
        # "At the talks the coalition said it was ready, said General X": the attribution that closes the
        # sentence owns everything before it.
        if len(verbs) > 1 and self._at_verb(sent, frame, verbs[-1], trailing_only=True):
            return
        for vm in verbs:
            if self._at_verb(sent, frame, vm):
                return
        if _PARTICIPLE.search(frame):
            self._participles(sent, frame, self._subject(frame))
        wp = _WITH_PARTICIPLE.search(frame)
        if wp:
            sp = self.book.parse(" ".join(trim_np(wp.group("np").split())))
            if sp is not None:
                self._emit(sp, frame[wp.end() :], sent, sent.restore(wp.group()), 0.85)
        if len(self.found) == before:
            self._called(sent, frame)

    def _quoted_as_saying(self, sent: Sentence, frame: str) -> bool:
        """``State media quoted the minister as saying CLAUSE``: the words are the minister's."""
        m = _QUOTED_AS_SAYING.search(frame)
        if not m:
            return False
        toks = trim_np(m.group("np").split())
        sp = self.book.parse(" ".join(toks)) if toks and has_head(toks) else None
        return self._emit(sp, frame[m.end() :], sent, sent.restore(m.group()), 0.85) is not None

    def _as_said(self, sent: Sentence, frame: str) -> bool:
        """``As the president said, CLAUSE``: the clause is the speaker's."""
        m = _AS_SAID.match(frame)
        if not m:
            return False
        toks = trim_np(m.group("np").split())
        sp = self.book.parse(" ".join(toks)) if toks and has_head(toks) else None
        return self._emit(sp, frame[m.end() :], sent, sent.restore(m.group()), 0.8) is not None

    def _called(self, sent: Sentence, frame: str) -> None:
        """``X called the move 'Q'``: the quoted words are X's."""
        for m in _CALLED.finditer(frame):
            parsed = _speaker_before(frame[: m.start()])
            # "..., which officials called a 'significant blow'": the relative pronoun opens the clause.
            if parsed is None or not (parsed[2] or parsed[1].rstrip().endswith(("which", "what"))):
                continue
            sp = self.book.parse(" ".join(parsed[0]))
            if sp is not None:
                self._emit(sp, m.group("q"), sent, sent.restore(frame[len(parsed[1]) : m.start("q")]), 0.85,
                           min_words=2)

    def _transcript(self, sent: Sentence) -> bool:
        """Transcript layout: a labelled turn's sentences are that speaker's words, a question's are nobody's."""
        label = _TURN_LABEL.match(sent.frame) if sent.first_in_para else None
        if (label and self.in_transcript and label.group(1).isupper() and not (
            _QUESTION_LABEL.fullmatch(label.group(1)) or _TITLED_LABEL.search(label.group(1))
        )) or (label and label.group("role") and _NARRATOR_ROLE.search(label.group("role"))):
            # A host ("KING:") or correspondent ("TOM BOWMAN, BYLINE:") holds the floor: their words are
            # read like an article's, so that what they report others said is found.
            self.in_transcript = True
            self.turn, self.narrating = None, True
            return False
        if label and not (_QUESTION_LABEL.fullmatch(label.group(1)) or _TITLED_LABEL.search(label.group(1))):
            label = None
        if label:
            who = label.group(1)
            self.in_transcript, self.narrating = True, False
            if _QUESTION_LABEL.fullmatch(who):
                self.turn = None
            else:
                self.turn = self.book.parse(" ".join(w.capitalize() if not w.endswith(".") else w.title()
                                                     for w in who.split()))
                if self.turn is not None and self.turn.surname and " " in self.turn.name:
                    self.book.names.setdefault(self.turn.surname, self.turn.name)  # "MR. KIRBY" later
        if not self.in_transcript:
            return False
        if self.turn is None and self.narrating:
            return False
        if self.turn is not None:
            text = sent.text[label.end() :] if label else sent.text
            text = _clean_clause(text)
            last = self.found[-1] if self.found else None
            words = len(re.findall(r"[A-Za-z0-9’']+", text))
            if words < 12 and _SMALL_TALK.search(text):
                return True  # "Just a couple — hello, Nancy.", "And with that, I'll take your questions."
            short = words < 6
            # A short turn ("PRESIDENT X: We have won. We've beaten them. ...") is one sound bite.
            bite = self.para_words.get(sent.para, 999) <= _SOUND_BITE
            if (
                last is not None
                and last.speaker is self.turn
                and last.sentence.para == sent.para
                and last.through == sent.index - 1
                and text
                and (short or bite)
            ):
                # Each sentence of a longer answer is a statement; a short one ("Those numbers haven't
                # changed.") goes on from the one before.
                self._extend(last, text.rstrip(".") + ".", sent, " " if last.text.endswith((".", "!", "?")) else ". ")
            elif (not short or (bite and self.para_words.get(sent.para, 0) >= 8)) and not text.endswith("?"):
                self.book.remember(self.turn)
                self.found.append(Found(self.turn, text, True, sent, "", sent.text, 0.85))
        return True

    def _note_subject(self, frame: str) -> None:
        """A person named as the subject of a sentence is whom a later "he" or "she" most likely means."""
        if not _SUBJECT_VERB.search(frame[:160]):
            return
        sp = self._subject(frame)
        named = sp is not None and sp.kind == "person" and bool(sp.role or " " in sp.name)
        if sp is not None and (named or (sp.kind == "description" and is_one_person(sp.name))):
            self.book.mention(sp)  # "One senior officer I spoke to ... put it bluntly. He pointed out that ..."

    def _continuation(self, sent: Sentence, prev: Sentence | None) -> None:
        last = self.found[-1] if self.found else None
        if last is None or prev is None or last.through < sent.index - 3:
            return
        text = _quote_text(sent, sent.frame)
        if not text:
            return
        left_open = bool(prev.raw_quotes) and prev.raw_quotes[-1][-1:] not in {'"', "”", "»"}
        if last.through == prev.index and last.direct and (prev.para == sent.para or left_open):
            # The quotation goes on in the same paragraph, or in the next one after a paragraph that left it
            # open (the news convention): one statement.
            self._extend(last, text, sent)
            return
        self.book.remember(last.speaker)
        self.found.append(Found(last.speaker, text, True, sent, "", sent.text, 0.75, sent.index))

    @staticmethod
    def _extend(last: Found, text: str, sent: Sentence, sep: str = " ") -> None:
        last.text = f"{last.text}{sep}{text}".strip()
        last.evidence = f"{last.evidence} {sent.text}"
        last.through = sent.index

    def _according(self, sent: Sentence, frame: str, m: re.Match[str]) -> bool:
        toks, end = _speaker_after(frame[m.end() :])
        if not toks:
            return False
        # "according to Pentagon figures" names no speaker; "according to the report" does when the text
        # has said whose report it is.
        known_doc = len(toks) == 2 and toks[0].lower() == "the" and toks[1].lower() in self.book.documents
        authored = _DOCUMENT_FROM.match(" ".join(toks)) is not None  # "according to a statement from the SDF"
        if _NOT_SOURCE.match(frame, m.end()) and not known_doc and not authored:
            return False
        sp = self.book.parse(" ".join(toks))
        attribution = sent.restore(frame[m.start() : m.end() + end])
        if m.start() < 3:
            clause = frame[m.end() + end :]
            inner = self._nested(clause.lstrip(" ,"))
            if inner is not None:  # "According to officials, Hegseth told commanders the drawdown ..."
                sp, clause = inner
                known_doc = True  # second-hand: the weaker confidence
        else:
            clause = frame[: m.start()]
        f = self._emit(sp, clause, sent, attribution, 0.8 if known_doc else 0.88)
        return f is not None

    def _at_verb(self, sent: Sentence, frame: str, vm: re.Match[str], trailing_only: bool = False) -> bool:
        verb = vm.group(1)
        before, after = frame[: vm.start()], frame[vm.end() :]
        if verb == "saying":
            # "officials were saying ...": the subject is before the auxiliary.
            before = re.sub(r"\s+(?:were|was|are|is|(?:have|has|had)\s+been)\s+$", " ", before)
        if _PASSIVE.search(before[-40:]):
            return False
        # Inverted: "CLAUSE, said the official, who ..."
        stripped = before.rstrip()
        if stripped.endswith((",", CLOSE)) and verb in {"said", "says", "added", "wrote", "noted", "continued"}:
            toks, end = _speaker_after(after)
            # A speaker after its verb ends in a name or a source noun ("said the latest report"), never in a
            # plain noun ("..., said the number of troops had doubled" is a leading attribution).
            if toks and has_head(toks) and _AFTER_NP_END.match(after, end) and (
                toks[-1][:1].isupper() or toks[-1][:3] in {"al-", "el-"} or toks[-1].lower() in HEADS
            ):
                sp = self.book.parse(" ".join(toks))
                clause = stripped[:-1] if stripped.endswith(",") else stripped
                rest = after[end:]
                goes_on = _GOES_ON.match(rest)
                if goes_on and not _QUOTE_ONLY.match(clause):
                    clause = f"{clause} {rest[goes_on.end() :]}"  # "That fighting, said the official, is ..."
                found = self._emit(sp, clause, sent, sent.restore(frame[vm.start() : vm.end() + end]))
                if found:
                    self._participles(sent, rest, found.speaker)
                return found is not None
        parsed = _speaker_before(before)
        elided = False
        if parsed is None or (not parsed[3] and not parsed[2]):
            em = _ELIDED_SUBJECT.search(before)
            subject = self._subject(frame) if em else None
            if subject is None or trailing_only:
                return False
            # "Another official confirmed the plan, but said there was no certainty": the subject's verb.
            parsed = ([subject.name], before[: em.start()], True, False)
            elided = True
        np_toks, prefix, boundary, who = parsed
        if not boundary:
            return False
        phrase = " ".join(np_toks)
        segment_end = re.search(r"[.!?;—–]|,\s|:|\s--?\s|" + OPEN, after)
        segment = after[: segment_end.start()] if segment_end else after
        prefix_body = prefix.rstrip()
        # After a comma or a closing quote the clause before is the statement, so the verb may carry an
        # adjunct ("said on Monday during a visit") or any short object ("Carter told troops at a base").
        # A lone opener ("Separately, X said on Monday it would ...") is no clause to attribute.
        ends_open = prefix_body.endswith((",", CLOSE)) and (
            prefix_body.endswith(CLOSE) or len(prefix_body.split()) >= 3
        )
        told_obj = verb in {"told", "tells", "tell"} and (
            (_TOLD_OBJ.match(segment) is not None and len(segment) < 40) or (ends_open and len(segment) < 80)
        )
        # "Asked about X, she said: Q" introduces what follows; it attributes nothing before it.
        introduces = re.match(r"^\s*:", after[len(segment) :]) is not None
        # "It was last Sunday that the White House announced ...": a cleft's "that" opens no quoted clause.
        cleft = re.search(r"\bthat$", prefix_body) is not None
        trailing = bool(prefix_body) and not who and not introduces and not cleft and not elided and (
            _ADV_ONLY.match(segment) is not None
            or (ends_open and _ADV_ADJUNCT.match(segment) is not None)
            or told_obj
        )
        if trailing:
            sp = self.book.parse(phrase)
            if phrase.lower() in PRONOUNS:
                subject = self._subject(prefix_body)
                # "Trump, he said, ..." may name the speaker in the clause; only a speaker already met counts,
                # else any capitalised opener ("All have returned, he said") would pass for a name.
                known = {h.name for h in self.book.history}
                if subject is not None and subject.kind == PRONOUNS[phrase.lower()] and subject.name in known:
                    sp = subject
            clause = prefix_body[:-1] if prefix_body.endswith(",") else prefix_body
            rest = after[len(segment) :]
            clause_on = _GOES_ON_CLAUSE.match(rest)
            goes_on = _GOES_ON.match(rest) or clause_on
            if _LEAD_ADVERBIAL.match(clause) and re.match(r"^,\s*\S+(?:\s+\S+){3}", rest):
                # "And over the weekend, a Pentagon official told me, Turkish artillery landed ...": the
                # attribution is a parenthesis; the words follow it.
                clause = rest.strip()[1:].strip()
            elif (
                goes_on
                and _ADV_ONLY.match(segment)
                and not _QUOTE_ONLY.match(clause)
                and not _VERB.search(rest)
                and (len(clause.split()) < 5 or _GOES_ON_WORD.match(rest) or clause_on)
            ):
                # "Moscow, he added, has ...": the words go on after the parenthesis.
                clause = f"{clause} {rest[goes_on.end() :]}"
            cont = re.match(rf"^[,:]\s*((?:{OPEN}\d+{CLOSE}[\s,.;:]*)+)$", rest.strip())
            if cont and _QUOTE_ONLY.match(clause):
                clause = f"{clause} {cont.group(1)}"
            attribution = sent.restore(frame[len(prefix) : vm.end() + len(segment)])
            last = self.found[-1] if self.found else None
            if (
                verb in {"continued", "went on"}
                and last is not None
                and last.direct
                and last.through == sent.index - 1
                and last.speaker == sp
                and _QUOTE_ONLY.match(clause)
                and prefix_body.startswith(OPEN)
            ):
                self._extend(last, _quote_text(sent, clause), sent)  # '"Q2," he continued.'
                return True
            found = self._emit(sp, clause, sent, attribution, self._strength(phrase, sp))
            if found:
                self._participles(sent, after, found.speaker)
                return True
            if len(clause.split()) >= 3 or not after.strip():
                return False
            # "Claim: A widely shared post says Q": a label before the subject is no clause; read on.
        if trailing_only:
            return False
        # Leading: "X said (adverbials) (that) CLAUSE"
        rest = after
        for _ in range(4):
            am = _START_ADV.match(rest)
            if not am or not am.group().strip(", "):
                break
            rest = rest[am.end() :]
        if verb in {"told", "tells", "tell"}:
            that = re.search(r"\bthat\b", rest[:80])
            if that:
                rest = rest[that.end() :]
            else:
                obj = _TOLD_OBJ.match(rest)
                if not obj:
                    return False
                rest = rest[obj.end() :]
        adj = _COMMA_ADJUNCT.match(rest)
        if adj and _THAT.match(rest[adj.end() :]):
            rest = rest[adj.end() :]  # "announced, after a phone call with X, that ..."
        tm = _THAT.match(rest) or _GAP_BEFORE_THAT.match(rest)  # "confirmed to Kurdistan 24 that ..."
        has_that = tm is not None
        if tm:
            rest = rest[tm.end() :]
        rest_stripped = rest.lstrip(" ,:")
        quoted = rest_stripped.startswith(OPEN)
        if verb not in _FREE and not has_that and not quoted and not rest.lstrip().startswith(":"):
            # "announced he will ..." reports words; "after the US announced it would ..." dates a background
            # event, so a bare clause counts only in a main clause.
            if not _BARE_CLAUSE.match(rest) or re.search(r"\b(?:after|before|since|when|until|once)\s*$", prefix):
                return False
        if not rest_stripped:
            return False
        pm = _PARTICIPLE.search(rest_stripped)
        if pm and not _QUOTE_ONLY.match(rest_stripped[: pm.start()]):
            pm = None  # "X said A, adding that B": one reported statement
        clause = rest_stripped[: pm.start()] if pm else rest_stripped
        citing = _CITING_END.search(clause)
        if citing:
            clause = clause[: citing.start()]
        if _SUBORDINATE_OPEN.match(prefix) and (main := _MAIN_CLAUSE.search(clause)):
            clause = clause[: main.start()]  # "While he stressed that A, he did not ...": A alone
        sp = self.book.parse(phrase) if not elided else self._subject(frame)
        inner = self._nested(clause)
        attribution = sent.restore(frame[len(prefix) : len(frame) - len(rest)])
        if inner is not None:
            sp, clause = inner
            elided = True  # reported second-hand: "officials said Trump told Erdogan that ..."
        # "X said A and cited 'Q'": the quoted words stand as a statement of their own.
        cited = re.search(rf"\s+and\s+(?:cited|called\s+(?:it|this|that)|described\s+it\s+as)\s+(?:an?\s+)?"
                          rf"({OPEN}\d+{CLOSE})[\s.,]*$", clause)
        if cited:
            clause = clause[: cited.start()]
        confidence = 0.8 if elided else self._strength(phrase, sp)
        second = _AND_VERB_THAT.search(clause)
        if second:
            clause, second_clause = clause[: second.start()], clause[second.end() :]
        found = self._emit(sp, clause, sent, attribution, confidence)
        if found and second:
            self._emit(found.speaker, second_clause, sent, sent.restore(second.group()), confidence)
        if found and cited:
            self._emit(found.speaker, cited.group(1), sent, attribution, confidence, min_words=2)
        if found and pm:
            self._participles(sent, rest_stripped[pm.start() :], found.speaker)
        return found is not None

    def _strength(self, phrase: str, sp: Speaker | None) -> float:
        """How sure the attribution is, from the speaker phrase: named outright, or resolved from a pronoun
        or a description ("the official") that points back to an earlier sentence."""
        if sp is None:
            return 0.0
        low = phrase.lower().split()
        if len(low) == 1 and low[0] in PRONOUNS:
            return 0.8
        if low and low[0] == "the" and sp.name.lower() not in phrase.lower():
            return 0.8  # "the official": resolved to a speaker of an earlier sentence
        if low and low[0] == "the" and sp.kind == "description" and low[-1] in _ROLE_HEADS and all(
            t.islower() for t in phrase.split()[1:]
        ):
            return 0.7  # a role with no name the article gives ("the spokesman")
        return 0.92

    def _nested(self, clause: str) -> tuple[Speaker | None, str] | None:
        """``officials told X that Trump said CLAUSE``: the words are Trump's."""
        vm = _VERB.search(clause[:80])
        if not vm or vm.group(1) not in _FREE:
            return None
        parsed = _speaker_before(clause[: vm.start()])
        if parsed is None or parsed[1].strip():
            return None
        sp = self.book.parse(" ".join(parsed[0]))
        if sp is None:
            return None
        rest = clause[vm.end() :]
        if vm.group(1) in {"told", "tells", "tell"}:
            # "Trump told Erdogan in a phone call that ...": the hearer and the adjunct are no part of the words.
            that = re.search(r"\bthat\b", rest[:80])
            obj = _TOLD_OBJ.match(rest)
            if that:
                rest = rest[that.end() :]
            elif obj:
                rest = rest[obj.end() :]
            else:
                return None
        tm = _THAT.match(rest)
        if tm:
            rest = rest[tm.end() :]
        return sp, rest
