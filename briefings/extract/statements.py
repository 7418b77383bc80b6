"""Statements: who said what, from the quote-folded frames of the sentences.

Attribution shapes handled (``Q`` is a quotation placeholder):

- trailing: ``CLAUSE, X said (Thursday).``, ``Q, X said.``, ``CLAUSE, said the official, who ...``
- leading: ``X said (in a statement) (that) CLAUSE``, ``X said: Q``, ``X told Reuters (that) CLAUSE``,
  ``X, in a statement, said ...``, ``... NAME who said CLAUSE``
- ``CLAUSE, according to X`` and ``According to X, CLAUSE``
- participles: ``..., saying CLAUSE`` and ``..., adding that CLAUSE`` (the same speaker)
- a quote split by its attribution (``Q1, X said. Q2``) is one statement; a paragraph that is only a
  quotation continues the last speaker.

A clause made only of quotations is direct (its text is the quoted words); a
reported clause, even with a short partial quote inside, is indirect.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from briefings.extract.sentences import CLOSE, OPEN, PLACEHOLDER, Sentence
from briefings.extract.speakers import (
    ORG_WORDS,
    PRONOUNS,
    TITLES,
    Speaker,
    SpeakerBook,
    has_head,
    np_token_loose,
    np_token_ok,
    trim_np,
)

_VERB = re.compile(
    r"\b(said|says|say|told|tells|added|adds|noted|notes|warned|warns|wrote|writes|tweeted|posted|announced|announces"
    r"|stated|explained|argued|insisted|claimed|confirmed|disclosed|reported|acknowledged|admitted|stressed"
    r"|emphasi[sz]ed|declared|asserted|cautioned|reiterated|revealed|agreed|predicted|conceded|vowed|pledged"
    r"|went on|replied|replies|responded|answered)\b"
)
# Verbs that may take a bare clause ("Officials said the president was ..."); the others need
# "that", a colon or a quotation, because they also take plain objects ("announced a withdrawal").
_FREE = frozenset({"said", "says", "say", "told", "tells", "wrote", "writes", "tweeted", "posted"})
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be)(?:\s+(?:first|also|widely|later|originally|\w+ly))?\s*$")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_ADV = (
    r"(?:also|again|later|previously|earlier|separately|then|repeatedly|publicly|privately|reportedly|further"
    r"|once|recently|has|have|had|would|will|did|had also|has also|have also|on Thursday"
    r"|(?!(?:family|ally|rally|assembly|supply|daily|weekly|monthly|early)\b)[a-z]{3,}ly|"
    r"in a (?:written |separate |brief |joint )?(?:statement|interview|briefing|press release|speech|letter)"
    r"|in an? (?:\w+ ){0,2}(?:post|interview|statement|address)|on (?:Twitter|X|Facebook|Telegram|Truth Social"
    r"|social media|Instagram)|at a (?:\w+ ){0,2}(?:conference|briefing|hearing|event|rally)"
    rf"|(?:on |late |early )?{_WD}(?: (?:morning|afternoon|evening|night))?|today|yesterday|tonight|last week"
    rf"|this week|last month|in recent (?:days|weeks|months)|at the time|in {_MON}(?: \d{{4}})?"
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
    r"|broadcaster|agency|outlet|channel|committee))\b|(?:the\s+)?(?:[A-Z][\w.’'&-]*(?:\s+|$|(?=:)))+)"
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
_COMMA_ADJUNCT = re.compile(r"^\s*,\s*(?:after|before|during|following|in|at|on|while|amid|despite)\b[^,;]{0,120},")
_PARTY_TAG_END = re.compile(r",\s+(?:[DRI]|Dem|Rep|Ind)-[A-Z][A-Za-z.]{1,14}\s*,?\s*$")
_NAME_APPOSITION = re.compile(r",\s+((?:[A-Z][\w.'’-]*\s+){1,5}[A-Z][\w'’-]*[a-z][\w'’-]*),\s*$")
_SOURCE_HEADS = frozenset(
    "spokesman spokeswoman spokesperson official commander minister secretary envoy ambassador adviser advisor "
    "aide head chief director leader analyst".split()
)
_AFTER_NP_END = re.compile(r"\s*(?:[,.;:!?—–]|$|who\b|on\b|in\b|at\b|last\b|earlier\b|later\b|of\s+[A-Z])")
_THAT = re.compile(r"^\s*[,:]?\s*that\b\s*")
_PARTICIPLE = re.compile(
    r"(?:,\s+(?:and\s+|also\s+|while\s+)?|\s+by\s+)(saying|adding|noting|warning|arguing|insisting|stressing"
    r"|explaining|writing|(?:announcing|declaring|posting)(?:\s+(?:on|in)\s+(?:Twitter|X|Facebook|Telegram"
    r"|Truth Social|social media|a\s+\w+))?(?=\s+that\b)"
    r"|telling\s+(?:[\w’'.-]+\s+){0,3}?[\w’'.-]+(?=\s+that\b))\b(?:\s+that)?\s*[,:]?\s*"
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
_OPENER = r"(?:In|On|At|After|During|Back|Later|Earlier|Inside|Outside|Meanwhile|Nearby|Before|Since|Across|By)\b"
_SUBJECT_VERB = re.compile(
    rf"^(?:{_OPENER}[^,]{{0,40}},\s+)?"
    r"(?:[A-Z][\w.'’-]*\s+){1,6}(?:,[^,]{1,60},\s+)?"
    r"(?:has\s+|had\s+|also\s+|later\s+|then\s+)?[a-z]+(?:ed|s)?\b"
)
# A transcript turn: an upper-case label and a colon opening the paragraph ("MR. SMITH:", "GEN. JONES:",
# "DEPUTY PRESS SECRETARY JANE DOE:", "Q:"). A label must hold a title or be a question, so that a
# "BREAKING:" or "UPDATE:" line does not turn an article into a transcript.
_TURN_LABEL = re.compile(
    r"^((?:[A-Z][A-Z.'’-]*\s+){0,7}[A-Z][A-Z.'’-]*):\s+(?=\S)"
)
_TITLED_LABEL = re.compile(
    r"(?:^|\s)(?:MR|MRS|MS|DR|GEN|LT|COL|MAJ|CAPT|ADM|SEN|REP|GOV|SECRETARY|PRESIDENT|AMBASSADOR|GENERAL|ADMIRAL"
    r"|COLONEL|SPOKESPERSON|SPOKESMAN|SPOKESWOMAN|MINISTER|DIRECTOR|COMMANDER|CHAIRMAN|SENATOR)\.?(?:\s|$)"
)
_QUESTION_LABEL = re.compile(r"Q|QUESTION|REPORTER|MODERATOR|AUDIENCE MEMBER")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")
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


def _quote_text(sent: Sentence, frame_part: str) -> str:
    ids = tuple(int(n) for n in PLACEHOLDER.findall(frame_part))
    parts = []
    for i in ids:
        q = sent.quote(i).strip()
        if q.endswith(","):
            q = q[:-1].rstrip() + "."
        parts.append(q)
    return " ".join(p for p in parts if p)


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


def _read_np(
    tail: str, off: int, before: str, token_ok: Callable[[str], bool], limit: int
) -> tuple[list[str], str, bool] | None:
    toks = [(m.start(), m.group()) for m in re.finditer(r"\S+", tail)]
    i = len(toks)
    while i > 0 and len(toks) - i < limit and token_ok(toks[i - 1][1]):
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
        while i > 0 and np_token_ok(lead[i - 1][1]):
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
        tail = tail[: who.start()]
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
        if not np_token_ok(bare) or len(toks) >= 10:
            break
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

    def __init__(self, book: SpeakerBook) -> None:
        self.book = book
        self.found: list[Found] = []
        # In a transcript ("MR. SMITH: ...", "Q: ..."), who holds the floor: a speaker, or None while a
        # reporter asks (questions are no statements). ``in_transcript`` turns on at the first speaker label.
        self.turn: Speaker | None = None
        self.in_transcript = False

    def _emit(self, sp: Speaker | None, clause_frame: str, sent: Sentence, attribution: str) -> Found | None:
        if sp is None:
            return None
        if _QUOTE_ONLY.match(clause_frame):
            text, direct = _quote_text(sent, clause_frame), True
        else:
            text, direct = _clean_clause(sent.restore(clause_frame)), False
        if len(text.split()) < 3:
            return None
        self.book.remember(sp)
        f = Found(sp, text, direct, sent, attribution, sent.text)
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
        body = re.sub(r"^[^,]{0,40},\s+", "", frame) if re.match(_OPENER, frame) else frame
        toks: list[str] = []
        for tok in body.split()[:10]:
            if not np_token_ok(tok):
                break
            toks.append(tok)
        toks = trim_np(toks)
        return self.book.parse(" ".join(toks)) if toks and has_head(toks) else None

    def sentence(self, sent: Sentence, prev: Sentence | None) -> None:
        """Find the statements of one sentence."""
        frame = sent.frame[sent.lead :]
        if len(frame) > 3000:
            return
        if self._transcript(sent):
            return
        self._note_subject(frame)
        if _QUOTE_ONLY.match(frame):
            self._continuation(sent, prev)
            return
        m = _ACCORDING.search(frame)
        # "Q, X said, according to state media": X is the speaker; the outlet only carried the words.
        if m and not _VERB_COMMA_END.search(frame, 0, m.start()) and self._according(sent, frame, m):
            return
        for vm in _VERB.finditer(frame):
            if self._at_verb(sent, frame, vm):
                return
        if _PARTICIPLE.search(frame):
            self._participles(sent, frame, self._subject(frame))

    def _transcript(self, sent: Sentence) -> bool:
        """Transcript layout: a labelled turn's sentences are that speaker's words, a question's are nobody's."""
        label = _TURN_LABEL.match(sent.frame) if sent.first_in_para else None
        if label and not (_QUESTION_LABEL.fullmatch(label.group(1)) or _TITLED_LABEL.search(label.group(1))):
            label = None
        if label:
            who = label.group(1)
            self.in_transcript = True
            if _QUESTION_LABEL.fullmatch(who):
                self.turn = None
            else:
                self.turn = self.book.parse(" ".join(w.capitalize() if not w.endswith(".") else w.title()
                                                     for w in who.split()))
        if not self.in_transcript:
            return False
        if self.turn is not None:
            text = sent.text[label.end() :] if label else sent.text
            text = _clean_clause(text)
            last = self.found[-1] if self.found else None
            if last is not None and last.speaker is self.turn and last.sentence.para == sent.para and text:
                # One answer paragraph is one statement, as a quote split over sentences is.
                last.text = f"{last.text}. {text}"
                last.evidence = f"{last.evidence} {sent.text}"
            elif len(text.split()) >= 4 and not text.endswith("?"):
                self.book.remember(self.turn)
                self.found.append(Found(self.turn, text, True, sent, "", sent.text))
        return True

    def _note_subject(self, frame: str) -> None:
        """A person named as the subject of a sentence is whom a later "he" or "she" most likely means."""
        if not _SUBJECT_VERB.search(frame[:160]):
            return
        sp = self._subject(frame)
        if sp is not None and sp.kind == "person" and (sp.role or " " in sp.name):
            self.book.mention(sp)

    def _continuation(self, sent: Sentence, prev: Sentence | None) -> None:
        last = self.found[-1] if self.found else None
        if last is None or prev is None or last.sentence.index < sent.index - 3:
            return
        text = _quote_text(sent, sent.frame)
        if not text:
            return
        if last.sentence is prev and last.direct and prev.para == sent.para:
            last.text = f"{last.text} {text}".strip()
            last.evidence = f"{last.evidence} {sent.text}"
            return
        self.book.remember(last.speaker)
        self.found.append(Found(last.speaker, text, True, sent, "", sent.text))

    def _according(self, sent: Sentence, frame: str, m: re.Match[str]) -> bool:
        toks, end = _speaker_after(frame[m.end() :])
        if not toks or _NOT_SOURCE.match(frame, m.end()):
            return False
        sp = self.book.parse(" ".join(toks))
        attribution = sent.restore(frame[m.start() : m.end() + end])
        if m.start() < 3:
            clause = frame[m.end() + end :]
        else:
            clause = frame[: m.start()]
        f = self._emit(sp, clause, sent, attribution)
        return f is not None

    def _at_verb(self, sent: Sentence, frame: str, vm: re.Match[str]) -> bool:
        verb = vm.group(1)
        before, after = frame[: vm.start()], frame[vm.end() :]
        if _PASSIVE.search(before[-40:]):
            return False
        # Inverted: "CLAUSE, said the official, who ..."
        stripped = before.rstrip()
        if stripped.endswith((",", CLOSE)) and verb in {"said", "says", "added", "wrote"}:
            toks, end = _speaker_after(after)
            if toks and has_head(toks) and _AFTER_NP_END.match(after, end):
                sp = self.book.parse(" ".join(toks))
                clause = stripped[:-1] if stripped.endswith(",") else stripped
                found = self._emit(sp, clause, sent, sent.restore(frame[vm.start() : vm.end() + end]))
                return found is not None
        parsed = _speaker_before(before)
        if parsed is None:
            return False
        np_toks, prefix, boundary, who = parsed
        if not boundary:
            return False
        phrase = " ".join(np_toks)
        segment_end = re.search(r"[.!?;—–]|,\s|:|" + OPEN, after)
        segment = after[: segment_end.start()] if segment_end else after
        prefix_body = prefix.rstrip()
        # After a comma or a closing quote the clause before is the statement, so the verb may carry an
        # adjunct ("said on Monday during a visit") or any short object ("Carter told troops at a base").
        # A lone opener ("Separately, X said on Monday it would ...") is no clause to attribute.
        ends_open = prefix_body.endswith((",", CLOSE)) and (
            prefix_body.endswith(CLOSE) or len(prefix_body.split()) >= 3
        )
        told_obj = verb in {"told", "tells"} and (
            (_TOLD_OBJ.match(segment) is not None and len(segment) < 40) or (ends_open and len(segment) < 80)
        )
        # "Asked about X, she said: Q" introduces what follows; it attributes nothing before it.
        introduces = re.match(r"^\s*:", after[len(segment) :]) is not None
        # "It was last Sunday that the White House announced ...": a cleft's "that" opens no quoted clause.
        cleft = re.search(r"\bthat$", prefix_body) is not None
        trailing = bool(prefix_body) and not who and not introduces and not cleft and (
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
            if _LEAD_ADVERBIAL.match(clause) and re.match(r"^,\s*\S+(?:\s+\S+){3}", rest):
                # "And over the weekend, a Pentagon official told me, Turkish artillery landed ...": the
                # attribution is a parenthesis; the words follow it.
                clause = rest.strip()[1:].strip()
            cont = re.match(rf"^[,:]\s*((?:{OPEN}\d+{CLOSE}[\s,.;:]*)+)$", rest.strip())
            if cont and _QUOTE_ONLY.match(clause):
                clause = f"{clause} {cont.group(1)}"
            attribution = sent.restore(frame[len(prefix) : vm.end() + len(segment)])
            found = self._emit(sp, clause, sent, attribution)
            if found:
                self._participles(sent, after, found.speaker)
            return found is not None
        # Leading: "X said (adverbials) (that) CLAUSE"
        rest = after
        for _ in range(4):
            am = _START_ADV.match(rest)
            if not am or not am.group().strip(", "):
                break
            rest = rest[am.end() :]
        if verb in {"told", "tells"}:
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
        tm = _THAT.match(rest)
        has_that = tm is not None
        if tm:
            rest = rest[tm.end() :]
        rest_stripped = rest.lstrip(" ,:")
        quoted = rest_stripped.startswith(OPEN)
        if verb not in _FREE and not has_that and not quoted and not rest.lstrip().startswith(":"):
            return False
        if not rest_stripped:
            return False
        pm = _PARTICIPLE.search(rest_stripped)
        if pm and not _QUOTE_ONLY.match(rest_stripped[: pm.start()]):
            pm = None  # "X said A, adding that B": one reported statement
        clause = rest_stripped[: pm.start()] if pm else rest_stripped
        sp = self.book.parse(phrase)
        inner = self._nested(clause)
        attribution = sent.restore(frame[len(prefix) : len(frame) - len(rest)])
        if inner is not None:
            sp, clause = inner
        found = self._emit(sp, clause, sent, attribution)
        if found and pm:
            self._participles(sent, rest_stripped[pm.start() :], found.speaker)
        return found is not None

    def _nested(self, clause: str) -> tuple[Speaker | None, str] | None:
        """``officials told X that Trump said CLAUSE``: the words are Trump's."""
        vm = _VERB.search(clause[:80])
        if not vm or vm.group(1) not in _FREE:
            return None
        parsed = _speaker_before(clause[: vm.start()])
        if parsed is None or parsed[1].strip():
            return None
        sp = self.book.parse(" ".join(parsed[0]))
        if sp is None or sp.kind != "person":
            return None
        rest = clause[vm.end() :]
        tm = _THAT.match(rest)
        if tm:
            rest = rest[tm.end() :]
        return sp, rest
