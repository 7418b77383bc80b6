"""One canonical key per speaker, so "US President Donald Trump", "President Trump"
and "Trump" are one person, and "the Pentagon" and "Pentagon" one body."""

from __future__ import annotations

import re

# Titles and descriptors that come before a name and are not part of it.
_TITLE_WORDS = {
    "us", "u.s.", "american", "former", "then", "then-president", "president", "vice", "secretary",
    "of", "state", "defense", "defence", "senator", "sen.", "rep.", "representative", "congressman",
    "congresswoman", "governor", "gov.", "prime", "minister", "foreign", "chancellor", "king", "queen",
    "general", "gen.", "lt.", "col.", "colonel", "major", "maj.", "admiral", "adm.", "sgt.", "sergeant",
    "spokesperson", "spokesman", "spokeswoman", "press", "ambassador", "envoy", "special", "leader",
    "chief", "director", "commander", "republican", "democratic", "democrat", "mr.", "mrs.", "ms.", "dr.",
    "israeli", "british", "russian", "turkish", "syrian", "iraqi", "iranian", "french", "german", "kurdish",
    "israel's", "britain's", "turkey's", "syria's", "russia's", "pentagon", "white", "house", "retired",
    "brigadier", "national", "security", "adviser", "advisor", "deputy", "assistant", "acting", "top",
    "senior", "joint", "chiefs", "staff", "department", "central", "command", "army", "navy", "the",
}
# Words that mark an organisation or an unnamed source rather than a person.
_BODY_WORDS = {
    "ministry", "office", "department", "pentagon", "house", "forces", "command", "council", "government",
    "agency", "administration", "official", "officials", "spokesperson", "spokesman", "spokeswoman",
    "army", "navy", "military", "coalition", "embassy", "news", "times", "journal", "post", "reuters",
    "media", "site", "network", "group", "committee", "congress", "senate", "kremlin", "nato", "un",
    "britain", "washington", "baghdad", "damascus", "russia", "turkey", "israel", "iran", "syria", "iraq",
    "statement", "centcom", "sources", "source", "diplomat", "diplomats", "analysts", "observers",
}
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.I)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.'’-]*")


def _tokens(name: str) -> list[str]:
    return [t.replace("’", "'") for t in _TOKEN.findall(name)]


def _name_like(token: str) -> bool:
    lower = token.lower().rstrip(".").removesuffix("'s")
    if lower in _TITLE_WORDS or lower in _BODY_WORDS:
        return False
    # "al-Sharaa", "bin Salman": particles start lower-case but the name does not.
    return token[:1].isupper() or ("-" in token and any(c.isupper() for c in token))


def speaker_key(name: str) -> str:
    """The canonical key of a speaker's name.

    A person is keyed by surname ("US President Donald Trump" -> "trump"); a
    body or an unnamed source by its lower-cased description without a leading
    article ("the Pentagon" -> "pentagon", "a senior US official" -> "senior us official").
    """
    cleaned = _LEADING_ARTICLE.sub("", name.strip())
    toks = _tokens(cleaned)
    if not toks:
        return cleaned.lower()
    if _name_like(toks[-1]):
        return toks[-1].lower().removesuffix("'s")
    return " ".join(t.lower() for t in toks)


def query_tokens(query: str) -> list[str]:
    """Tokens of a ``--speaker`` query, matched against stored keys and names."""
    key = speaker_key(query)
    return [t for t in re.findall(r"[a-z0-9]+", key) if t]
