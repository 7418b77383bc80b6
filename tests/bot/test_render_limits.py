"""Every answer, however large, renders within Discord's limits (checked by the one function)."""

from __future__ import annotations

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import limits
from bot.render import embeds, text
from briefings.schemas import (
    ArticleDetail,
    ArticleSummary,
    Event,
    EventFact,
    Extraction,
    IngestResult,
    LatestAnswer,
    SaidAnswer,
    SourceRef,
    Statement,
    StatementFact,
    TroopCount,
    TroopFact,
    TroopsAnswer,
)

LONG = "word " * 3000  # 15,000 characters
N = 500


def refs(n: int = 8) -> list[SourceRef]:
    return [
        SourceRef(source="Outlet " * 40, url="https://example.org/" + "p" * 500 + f"/{i}", published="2025-04-18")
        for i in range(n)
    ]


def troop(i: int, **kw: object) -> TroopFact:
    return TroopFact(
        value=1000 + i,
        qualifier="approx",
        date=f"2025-{i % 12 + 1:02d}",
        precision="month",
        evidence=LONG,
        sources=refs(),
        **kw,  # type: ignore[arg-type]
    )


def big_troops() -> TroopsAnswer:
    return TroopsAnswer(
        country="Syria" * 100,
        as_of="2025-08-21",
        current=troop(0),
        timeline=[troop(i) for i in range(N)]
        + [troop(i, kind="change", direction="decrease") for i in range(N)]
        + [troop(i, status="planned") for i in range(N)]
        + [troop(i, kind="casualty", status="past") for i in range(N)],
    )


def big_said(n: int = 5) -> SaidAnswer:
    return SaidAnswer(
        statements=[
            StatementFact(
                speaker="S" * 500,
                speaker_role="R" * 300,
                text=LONG,
                direct=True,
                date="2025-04-18",
                evidence=LONG,
                sources=refs(),
            )
            for _ in range(n)
        ],
        total=N,
    )


def summary(i: int) -> ArticleSummary:
    return ArticleSummary(
        id=i,
        title="T" * 600,
        source="S" * 200,
        url="https://x.org/" + "u" * 1000,
        published="2025-04-18",
        published_basis="given",
        added_by="A" * 300,
        added_at="2025-04-18T00:00:00",
        troop_counts=N,
        statements=N,
        events=N,
    )


BIG_EXTRACTION = Extraction(
    published="2025-04-18",
    troop_counts=[TroopCount(value=i, evidence=LONG) for i in range(N)],
    statements=[Statement(speaker="S" * 300, text=LONG, direct=True, evidence=LONG) for _ in range(N)],
    events=[Event(summary=LONG, evidence=LONG) for _ in range(N)],
)

CASES = {
    "troops": lambda: embeds.troops_embed(big_troops(), chart=True),
    "latest": lambda: embeds.latest_embed(
        LatestAnswer(
            events=[EventFact(date="2025-04-18", summary=LONG, evidence=LONG, sources=refs()) for _ in range(N)]
        )
    ),
    "said": lambda: embeds.said_embed(big_said(), offset=495, speaker="x" * 300, about="y" * 300),
    "said-many": lambda: embeds.said_embed(big_said(N)),
    "articles": lambda: embeds.articles_embed([summary(i) for i in range(N)]),
    "article": lambda: embeds.article_embed(
        ArticleDetail(**summary(1).model_dump(), text=LONG * 60, facts=BIG_EXTRACTION)
    ),
    "removed": lambda: embeds.removed_embed(summary(1)),
    "ingest": lambda: embeds.ingest_embed(
        IngestResult(
            article_id=1,
            created=True,
            title="T" * 1000,
            source="S" * 300,
            published="2025-04-18",
            published_basis="today",
            troop_counts=BIG_EXTRACTION.troop_counts,
            statements=N,
            events=N,
            warnings=[LONG] * N,
        )
    ),
    "lines": lambda: embeds.lines_embed("L" * 400, [LONG] * N, footer=LONG),
    "help": embeds.help_embed,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_oversized_answers_render_within_the_limits(name: str) -> None:
    embed = CASES[name]()
    assert limits.message_problems(embeds=[embed]) == []
    assert len(embed) <= limits.EMBED_TOTAL


def test_cut_answers_say_what_was_left_out() -> None:
    e = CASES["latest"]()
    assert "more developments not shown" in e.description
    troops = CASES["troops"]()
    fields = {f.name: f.value for f in troops.fields}
    assert "more changes not shown" in fields["Latest changes"]
    assert troops.description.startswith("**about 1,000**")
    # The footer counts what the chart draws (its window), not the whole timeline.
    assert troops.footer.text.startswith(f"Chart: {N} levels and {N} plans from 1 source")


def test_a_single_over_long_item_is_truncated_not_dropped() -> None:
    e = embeds.said_embed(big_said(1))
    assert len(e.fields) == 1 and e.fields[0].value.startswith("“word word")
    assert "…" in e.fields[0].value


def test_text_rendering_handles_the_same_answers() -> None:
    out = text.troops_text(big_troops())
    assert out.startswith("US troops in") and "Conflicting figures:" in out
    assert text.said_text(big_said(), offset=10).endswith(f"Statements 11-15 of {N}")


@settings(max_examples=60, deadline=None)
@given(
    quote=st.text(min_size=1, max_size=3000),
    speaker=st.text(min_size=1, max_size=400),
    n=st.integers(min_value=1, max_value=5),
)
def test_any_statement_text_stays_within_limits(quote: str, speaker: str, n: int) -> None:
    answer = SaidAnswer(
        statements=[StatementFact(speaker=speaker, text=quote, direct=False, evidence=quote, sources=refs(2))] * n,
        total=n,
    )
    assert limits.message_problems(embeds=[embeds.said_embed(answer, speaker=speaker)]) == []


# --- the check itself -----------------------------------------------------------------------------


def test_check_message_rejects_each_limit() -> None:
    cases = {
        "content has 2001": {"content": "x" * 2001},
        "11 embeds": {"embeds": [discord.Embed(title="t")] * 11},
        "title has 257": {"embeds": [discord.Embed(title="t" * 257)]},
        "description has 4097": {"embeds": [discord.Embed(description="d" * 4097)]},
        "26 fields": {"embeds": [_fields(26, 1)]},
        "value has 1025": {"embeds": [_fields(1, 1025)]},
        "footer has 2049": {"embeds": [discord.Embed().set_footer(text="f" * 2049)]},
        "author name has 257": {"embeds": [discord.Embed().set_author(name="a" * 257)]},
        "6001 characters in all": {
            "embeds": [discord.Embed(description="d" * 4000), discord.Embed(description="d" * 2001)]
        },
    }
    for expected, kwargs in cases.items():
        with pytest.raises(limits.MessageTooLarge) as info:
            limits.check_message(**kwargs)
        assert any(expected in p for p in info.value.problems), (expected, info.value.problems)
    limits.check_message(content="x" * 2000, embeds=[discord.Embed(description="d" * 4096)])


def test_check_payload_reads_the_json_discord_receives() -> None:
    embed = discord.Embed(title="t" * 257)
    with pytest.raises(limits.MessageTooLarge):
        limits.check_payload({"embeds": [embed.to_dict()]})


def _fields(n: int, size: int) -> discord.Embed:
    e = discord.Embed()
    for i in range(n):
        e.add_field(name=f"f{i}", value="v" * size)
    return e


def test_truncate_and_pack_lines() -> None:
    assert limits.truncate("short", 10) == "short"
    cut = limits.truncate("alpha beta gamma delta", 12)
    assert len(cut) <= 12 and cut.endswith("…") and cut == "alpha beta…"
    packed, hidden = limits.pack_lines([f"line {i}" for i in range(100)], 60)
    assert len(packed) <= 60 and hidden > 0 and packed.endswith(f"{hidden} more not shown")
    assert limits.pack_lines(["a", "b"], 60) == ("a\nb", 0)
    assert [len(p) for p in limits.pages(list(range(12)), 5)] == [5, 5, 2]
