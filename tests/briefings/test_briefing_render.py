"""The briefing renderer: readable sentences, split into the embeds of one message, never cut mid-item."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import limits
from bot.render.briefing import Words, briefing_embeds, briefing_sections, briefing_text, figure_sentence
from briefings.compose import Briefing, Revision, TroopLevel
from briefings.schemas import EventFact, SourceRef, StatementFact, TroopFact

UNTIL = dt.datetime(2025, 4, 19, 6, tzinfo=dt.UTC)
SINCE = UNTIL - dt.timedelta(days=1)
MORE = re.compile(r"^…and (\d+) more (corrections|figures|developments|statements): /(troops|latest|said)$")


def ref(n: int) -> SourceRef:
    return SourceRef(source=f"Outlet {n}", url=f"https://outlet{n}.example/story/{n}", published="2025-04-18")


def troop(value: int, date: str = "2025-04-18", **kw: object) -> TroopFact:
    return TroopFact(value=value, date=date, evidence="e", sources=[ref(value % 7)], **kw)  # type: ignore[arg-type]


def big(n_dev: int, n_st: int, n_fig: int, n_rev: int, words: int, totals: int = 0) -> Briefing:
    text = " ".join(["withdrawal"] * words)
    return Briefing(
        workspace="w", country="Syria", since=SINCE, until=UNTIL,
        troops=TroopLevel(current=troop(1400), previous=troop(2000, "2025-04-10")),
        figures=[troop(100 + i, kind="change", direction="decrease") for i in range(n_fig)],
        revisions=[Revision(fact=troop(300 + i, "2025-03"), previous=troop(400 + i, "2025-03")) for i in range(n_rev)],
        developments=[EventFact(summary=f"Event {i}: {text}.", date="2025-04-18", evidence="e", sources=[ref(i)])
                      for i in range(n_dev)],
        statements=[StatementFact(speaker=f"Speaker {i}", text=f"{text} {i}", direct=i % 2 == 0, date="2025-04",
                                  evidence="e", sources=[ref(i), ref(i + 1), ref(i + 2)]) for i in range(n_st)],
        figures_total=n_fig + totals, developments_total=n_dev + totals, statements_total=n_st + totals,
    )


def check_whole_items(b: Briefing) -> list[dict]:
    """Every line of every embed is one whole item or a "…and N more" line whose N adds up."""
    embeds = briefing_embeds(b, marker="ref D1")
    assert limits.message_problems(embeds=embeds) == []
    assert len(embeds) <= limits.EMBEDS_PER_MESSAGE
    sections = briefing_sections(b)
    assert len(embeds) == len(sections)
    assert all(s.length(n) == len(s.body(n)) for s in sections for n in range(len(s.items) + 1))
    for embed, section in zip(embeds, sections, strict=True):
        lines = (embed.description or "").splitlines()
        more = MORE.match(lines[-1]) if lines else None
        items = lines[:-1] if more else lines
        assert items == section.items[: len(items)], f"{section.title}: an item was cut or reordered"
        hidden = int(more.group(1)) if more else 0
        assert len(items) + hidden == section.total, section.title
    assert (embeds[-1].footer.text or "").startswith("ref D1")
    return [e.to_dict() for e in embeds]


def test_a_long_briefing_is_split_into_sections_with_whole_items_and_the_rest_counted() -> None:
    b = big(25, 25, 25, 10, words=60, totals=40)
    embeds = check_whole_items(b)
    assert [e["title"] for e in embeds] == [
        "Daily briefing: US troops in Syria", "Corrections", "What changed", "Developments", "Statements",
    ]
    # Every section gets a share of the 6,000 characters: a long one does not crowd out the next.
    assert all(not MORE.match(e["description"].splitlines()[0]) for e in embeds)
    assert "…and 40 more statements: /said" not in str(embeds)  # some statements were shown as well
    assert sum(len(e.get("title", "")) + len(e["description"]) + len(e.get("footer", {}).get("text", ""))
               for e in embeds) <= limits.EMBED_TOTAL


def test_items_read_as_news_not_internal_words() -> None:
    w = Words(markdown=False)
    withdrawn = troop(600, "2025-08-20", qualifier="approx", kind="change", direction="decrease", status="current")
    assert figure_sentence(withdrawn, w).startswith("About 600 US troops withdrawn from Syria (announced 2025-08-20)")
    planned = troop(1000, "2025-09", qualifier="under", status="planned")
    assert figure_sentence(planned, w).startswith("A planned level of fewer than 1,000 US troops in Syria "
                                                  "(announced September 2025)")
    casualty = troop(2, "2025-08-20", kind="casualty", status="past")
    assert figure_sentence(casualty, w).startswith("2 US service members killed or wounded in Syria (2025-08-20)")
    text = briefing_text(big(2, 2, 2, 1, words=3))
    for internal in ("change (", "(current", "(past", "casualty (", "New figure:"):
        assert internal not in text
    assert "1,400 US troops are in Syria as of 2025-04-18, down from 2,000 (2025-04-10)" in text
    assert "The figure for March 2025 is now 300 US troops in Syria, not 400" in text


def test_the_text_lists_every_loaded_item_and_counts_the_rest() -> None:
    text = briefing_text(big(25, 3, 0, 0, words=5, totals=7))
    assert text.count("Event ") == 25
    assert "…and 7 more developments: /latest" in text and "…and 7 more statements: /said" in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_dev=st.integers(0, 25), n_st=st.integers(0, 25), n_fig=st.integers(0, 25), n_rev=st.integers(0, 5),
    words=st.integers(1, 120), totals=st.integers(0, 100),
)
def test_any_briefing_fits_one_message_with_whole_items(
    n_dev: int, n_st: int, n_fig: int, n_rev: int, words: int, totals: int
) -> None:
    check_whole_items(big(n_dev, n_st, n_fig, n_rev, words, totals))
