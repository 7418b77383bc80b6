"""What a careful reader finds in each sample article of ``bot/samples`` (we wrote both).

The bot tests swap the extractor for :func:`known_extract`, so the real
ingest -> store -> answers -> bot path runs on facts whose every value we know,
whatever the state of the extractor.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

from briefings.schemas import Event, Extraction, Statement, TroopCount


def _t(value: int, qualifier: str, date: str | None, evidence: str, **kw: object) -> TroopCount:
    return TroopCount(value=value, qualifier=qualifier, date=date, evidence=evidence, **kw)  # type: ignore[arg-type]


FACTS: dict[str, dict] = {
    "01_pentagon_discloses_2000.txt": {
        "troop_counts": [
            _t(
                2000,
                "approx",
                "2024-12-19",
                "The Pentagon said on Thursday that about 2,000 US troops are deployed in Syria",
            ),
            _t(900, "approx", "2024", "the roughly 900 it had cited in public for years", status="past"),
        ],
        "statements": [
            Statement(
                speaker="Dana Whitfield",
                speaker_role="Pentagon spokesperson",
                text="The temporary forces come and go with the mission, and we did not count them in the number "
                "we gave out. That was a mistake, and we are correcting it today",
                direct=True,
                date="2024-12-19",
                evidence="Whitfield quote",
            ),
            Statement(
                speaker="Mark Hollis",
                speaker_role="Senator",
                text="The public deserves accurate numbers about where American service members are serving",
                direct=True,
                date="2024-12-19",
                evidence="Hollis statement",
            ),
        ],
        "events": [
            Event(
                date="2024-12-19",
                summary="The Pentagon disclosed that about 2,000 US troops are in Syria.",
                evidence="x",
            )
        ],
    },
    "02_lawmakers_debate_mission.txt": {
        "troop_counts": [_t(2000, "approx", "2025-02-11", "the roughly 2,000 US troops in Syria should stay")],
        "statements": [
            Statement(
                speaker="Alicia Moreno",
                speaker_role="Representative",
                text="We have asked these service members to hold a line for ten years without telling them what "
                "winning looks like",
                direct=True,
                date="2025-02-11",
                evidence="Moreno",
            ),
            Statement(
                speaker="Thomas Reyes",
                speaker_role="General",
                text="If we leave before our partners can secure those facilities, we should expect to be back "
                "within two years",
                direct=True,
                date="2025-02-11",
                evidence="Reyes",
            ),
            Statement(
                speaker="Thomas Reyes",
                speaker_role="General",
                text="a rapid withdrawal would risk the escape of detained fighters from camps and prisons",
                direct=False,
                date="2025-02-11",
                evidence="Reyes",
            ),
        ],
        "events": [
            Event(date="2025-02-11", summary="House hearing split over the future of the Syria mission.", evidence="x")
        ],
    },
    "03_consolidation_announced.txt": {
        "troop_counts": [
            _t(2000, "approx", "2025-04-18", "There are currently about 2,000 US troops in Syria"),
            _t(
                1000,
                "under",
                "2025-08",
                "fewer than 1,000 American troops in Syria by the end of the summer",
                status="planned",
            ),
        ],
        "statements": [
            Statement(
                speaker="Dana Whitfield",
                speaker_role="Pentagon spokesperson",
                text="The reduction will be gradual and tied to conditions on the ground, and it will leave fewer "
                "than 1,000 American troops in Syria by the end of the summer",
                direct=True,
                date="2025-04-18",
                evidence="Whitfield",
            ),
            Statement(
                speaker="Rojhat Xelil",
                speaker_role="SDF commander",
                text="We understand the decision, but the danger from ISIS has not gone away, and the prisons are "
                "still full",
                direct=True,
                date="2025-04-18",
                evidence="Xelil",
            ),
        ],
        "events": [
            Event(
                date="2025-04-18",
                summary="The Pentagon announced it will consolidate US forces in Syria.",
                evidence="x",
            )
        ],
    },
    "04_drawdown_under_way.txt": {
        "troop_counts": [
            _t(1400, "approx", "2025-06-27", "About 1,400 US troops remain in Syria"),
            _t(
                600,
                "approx",
                "2025-06",
                "the withdrawal of roughly 600 service members",
                kind="change",
                direction="decrease",
                status="past",
            ),
        ],
        "statements": [
            Statement(
                speaker="Rojhat Xelil",
                speaker_role="SDF commander",
                text="The Americans are fewer now, but the cooperation on the ground is the same",
                direct=True,
                date="2025-06-27",
                evidence="Xelil",
            ),
            Statement(
                speaker="Dana Whitfield",
                speaker_role="Pentagon spokesperson",
                text="the reduction was on schedule",
                direct=False,
                date="2025-06-26",
                evidence="Whitfield",
            ),
        ],
        "events": [
            Event(date="2025-05", summary="US forces handed two Deir el-Zour sites to the SDF.", evidence="x"),
            Event(date="2025-06-27", summary="About 1,400 US troops remain after 600 withdrew.", evidence="y"),
        ],
    },
    "05_conflicting_counts.txt": {
        "troop_counts": [
            _t(1000, "under", "2025-08-21", "fewer than 1,000 US troops are now in Syria"),
            _t(1200, "approx", "2025-08-21", "about 1,200 troops were still in the country"),
            _t(2, "exact", "2025-08-20", "Two US service members were wounded", kind="casualty", status="past"),
        ],
        "statements": [
            Statement(
                speaker="Dana Whitfield",
                speaker_role="Pentagon spokesperson",
                text="We said we would go below a thousand, and we have done what we said we would do",
                direct=True,
                date="2025-08-21",
                evidence="Whitfield",
            ),
            Statement(
                speaker="Alicia Moreno",
                speaker_role="Representative",
                text="the attack showed that the remaining forces were exposed",
                direct=False,
                date="2025-08-21",
                evidence="Moreno",
            ),
        ],
        "events": [
            Event(date="2025-08-20", summary="A drone struck a base in northeastern Syria, wounding two.", evidence="x")
        ],
    },
}


def _by_text() -> dict[str, str]:
    folder = resources.files("bot.samples")
    return {folder.joinpath(name).read_text(encoding="utf-8").strip()[:200]: name for name in FACTS}


_INDEX: dict[str, str] | None = None


def known_extract(text: str, published: dt.date) -> Extraction:
    """The extraction for a sample article (an empty one for any other text)."""
    global _INDEX
    if _INDEX is None:
        _INDEX = _by_text()
    name = _INDEX.get(text.strip()[:200])
    facts = FACTS.get(name or "", {})
    return Extraction(published=published.isoformat(), **facts)


def total_statements() -> int:
    """How many statements the samples hold."""
    return sum(len(f["statements"]) for f in FACTS.values())
