"""Is an article about the story? The on-topic check every article passes, however it came.

The story is foreign (first of all US) military presence in Syria, Iraq and the
region around them: troops and their numbers, bases, deployments and withdrawals,
the fight against ISIS, the Pentagon and the governments, forces and armed groups
involved. An article is on the story when

* the extractor found a troop figure in it (figures are only read next to troop
  words), or
* it names the story outright: a *strong* term such as "Pentagon", "ISIS",
  "US troops", "service members", "Central Command", "airstrike"; or
* one of its sentences names a military matter *and* the region ("soldiers ...
  in Iraq"), or it names two different military matters ("drawdown", "coalition").

Everything else, a football report, a recipe, a company's earnings, is off-topic.
Words that are military only in some contexts ("defence" in football, "base",
"strike", "market forces", "deployed capital", "training regime") are left out, and each term must be a whole word, so a
story has to say what it is about. The check is cheap (a few regular expressions
over the text) and pure, so it runs with extraction in the worker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefings.schemas import Extraction

#: Each names the story on its own.
STRONG = (
    "pentagon", "isis", "isil", "islamic state", "daesh", "centcom", "central command", "sdf",
    "syrian democratic forces", "us troops", "american troops", "foreign troops", "us forces", "american forces",
    "coalition forces", "us military", "american military", "us army", "us marines", "service members",
    "servicemembers", "special forces", "defense secretary", "secretary of defense", "defence secretary",
    "department of defense", "defense department", "defence ministry", "defense ministry", "ministry of defence",
    "airstrike", "air strike", "drone strike", "military base", "troop withdrawal", "troop levels", "peshmerga",
    "hezbollah", "al-qaeda", "al qaeda", "houthi", "ypg", "pkk", "operation inherent resolve", "counterterrorism",
    "counter-terrorism", "national security council", "joint chiefs",
)
#: Military matters: one with the region in a sentence, or two anywhere, make an article on the story.
MILITARY = (
    "troop", "troops", "soldier", "soldiers", "military", "army", "armed forces", "marines", "navy", "air force",
    "withdrawal", "withdraw", "withdrew", "drawdown", "garrison", "militia", "militias", "insurgent", "insurgents",
    "jihadist", "jihadists", "rebels", "missile", "missiles", "rocket attack", "drone", "drones", "ceasefire",
    "combat", "commander", "nato", "coalition", "kurdish", "outpost", "convoy", "patrol", "patrols", "sanctions",
    "terrorist", "terrorism",
)
#: Syria, Iraq and the region around them.
REGION = (
    "syria", "syrian", "iraq", "iraqi", "kurdistan", "damascus", "baghdad", "erbil", "deir ez-zor", "deir el-zour",
    "deir ezzor", "raqqa", "hasakah", "hasaka", "kobani", "manbij", "idlib", "aleppo", "tanf", "al-tanf", "rmeilan",
    "euphrates", "jordan", "jordanian", "turkey", "turkish", "türkiye", "ankara", "iran", "iranian", "tehran",
    "israel", "israeli", "lebanon", "lebanese", "middle east", "persian gulf", "the gulf", "qatar", "kuwait",
    "bahrain", "saudi", "yemen", "afghanistan", "afghan", "kabul", "niger", "sahel", "levant",
)


def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(sorted((re.escape(t) for t in terms), key=len, reverse=True))
    # Whole words: no letter, digit or hyphen on either side.
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


_STRONG, _MILITARY, _REGION = _pattern(STRONG), _pattern(MILITARY), _pattern(REGION)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n")
_US = re.compile(r"\bu\.\s?s\.(?:\s?a\.)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an article is on the story, and why in a few words."""

    on_topic: bool
    reason: str


def _normal(text: str) -> str:
    text = _US.sub("us", text)
    return " ".join(text.casefold().replace("’", "'").split())


def judge(text: str, extraction: Extraction | None = None) -> Verdict:
    """The verdict on one article: its text and what the extractor found in it."""
    if extraction is not None and extraction.troop_counts:
        return Verdict(True, "it gives a troop figure")
    words = _normal(text)
    strong = sorted(set(_STRONG.findall(words)))
    if strong:
        return Verdict(True, f"it mentions {', '.join(strong[:3])}")
    for sentence in _SENTENCE.split(words):
        military, region = _MILITARY.findall(sentence), _REGION.findall(sentence)
        if military and region:
            return Verdict(True, f"it mentions {military[0]} in {region[0]}")
    military = sorted(set(_MILITARY.findall(words)))
    if len(military) >= 2:
        return Verdict(True, f"it mentions {', '.join(military[:3])}")
    return Verdict(False, "no troop figure, statement or event about the story (US troops, Syria, Iraq, ISIS...)")
