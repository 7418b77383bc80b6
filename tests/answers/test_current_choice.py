"""The current figure is a reasoned choice (briefings.current): pure rules over candidates we build."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from briefings.current import Candidate, agree, choose_current, doubts

TODAY = dt.date(2026, 3, 20)
_ids = iter(range(1, 10_000))


def cand(
    value: int,
    date: str,
    *outlets: str,
    qualifier: str = "approx",
    status: str = "current",
    confidence: float = 1.0,
    approved: bool = False,
    published: str | None = None,
) -> Candidate:
    parts = [int(p) for p in date.split("-")] + [1, 1]
    pub = dt.date.fromisoformat(published) if published else dt.date(*parts[:3])
    return Candidate(
        id=next(_ids),
        value=value,
        qualifier=qualifier,
        date=date,
        date_start=dt.date(*parts[:3]),
        status=status,
        confidence=confidence,
        outlets=len(outlets),
        newest_published=pub,
        oldest_published=pub,
        approved=approved,
        sources=outlets or ("Wire",),
    )


def test_agreeing_outlets_are_counted_once_each_and_named_in_the_reason() -> None:
    a = cand(1000, "2026-02-19", "MENAFN", published="2026-02-19")
    b = cand(1000, "2026-02", "Reuters", "AP", published="2026-02-21")
    c = cand(950, "2026-02-10", "AP", published="2026-02-10")  # AP again: still three outlets
    choice = choose_current([a, b, c], TODAY)
    assert choice is not None and choice.id == a.id  # the newest of the agreeing figures
    assert choice.reason == "3 outlets agree, newest 2026-02-21"


def test_a_figure_a_tenth_of_its_neighbours_from_one_outlet_is_never_current() -> None:
    # A local story about a returning unit of about 100, after months of about 1,000.
    levels = [cand(1000, "2026-01", "TWZ"), cand(1000, "2026-02", "MENAFN"), cand(100, "2026-03", "Radio")]
    choice = choose_current(levels, TODAY)
    assert choice is not None and choice.id == levels[1].id
    assert "a newer about 100 (2026-03) awaits review" in choice.reason
    assert "a tenth" in doubts(levels)[levels[2].id]


def test_the_same_figure_from_two_outlets_is_a_real_change() -> None:
    levels = [cand(1000, "2026-01", "TWZ"), cand(100, "2026-03", "Radio", "AP")]
    choice = choose_current(levels, TODAY)
    assert choice is not None and choice.id == levels[1].id
    assert levels[1].id not in doubts(levels)
    # Two outlets' separate reports back each other too.
    apart = [cand(1000, "2026-01", "TWZ"), cand(100, "2026-03-02", "Radio"), cand(100, "2026-03-05", "AP")]
    assert set(doubts(apart)) <= {apart[0].id}
    assert choose_current(apart, TODAY).id == apart[2].id  # type: ignore[union-attr]


def test_ten_times_the_neighbours_is_implausible_too() -> None:
    levels = [cand(900, "2023-01", "AP"), cand(900, "2023-03", "The Hill"), cand(9000, "2023-04", "Blog")]
    assert set(doubts(levels)) == {levels[2].id}
    assert choose_current(levels, TODAY).id == levels[1].id  # type: ignore[union-attr]


def test_a_level_under_20_is_a_casualty_or_a_team_unless_approved() -> None:
    levels = [cand(900, "2023-01", "AP"), cand(4, "2023-02", "ABC", qualifier="exact")]
    assert choose_current(levels, TODAY).id == levels[0].id  # type: ignore[union-attr]
    approved = [levels[0], cand(15, "2023-02", "ABC", qualifier="exact", approved=True)]
    choice = choose_current(approved, TODAY)
    assert choice is not None and choice.id == approved[1].id
    assert choice.reason.startswith("approved in review; ")


def test_a_level_said_to_hold_now_but_dated_years_before_its_article_is_misdated() -> None:
    # "900 troops in Syria as part of the coalition formed in 2014", in a 2024 article.
    stale = cand(900, "2014", "Asharq", published="2024-09-28")
    assert "dated 2014" in doubts([stale])[stale.id]
    assert choose_current([stale], TODAY) is None
    past = cand(900, "2014", "Asharq", status="past", published="2024-09-28")  # a recap of history is fine
    assert doubts([past]) == {}


def test_newer_evidence_comes_first_however_many_outlets_backed_an_older_figure() -> None:
    older = cand(2000, "2025-04", "Reuters", "AP", "AFP", "BBC")
    newer = cand(1400, "2025-06-27", "Levant Desk")
    assert choose_current([older, newer], TODAY).id == newer.id  # type: ignore[union-attr]


def test_within_a_month_more_agreeing_outlets_outweigh_one_newer_report() -> None:
    one = cand(1200, "2025-08-21", "Aide Weekly")
    many = [cand(1000, "2025-08-14", "AP", qualifier="under"), cand(900, "2025-08-10", "Reuters", "AFP")]
    choice = choose_current([one, *many], TODAY)
    assert choice is not None and choice.id == many[0].id  # "fewer than 1,000" and "about 900" agree
    assert choice.reason == "3 outlets agree, newest 2025-08-14; 1 other figure disagrees"


def test_confidence_and_date_precision_weigh_a_figure() -> None:
    weak = cand(1200, "2025-08-21", "Aide Weekly", confidence=0.3)
    strong = cand(900, "2025-08-20", "Wire")
    assert choose_current([weak, strong], TODAY).id == strong.id  # type: ignore[union-attr]
    year_only = cand(1200, "2025", "Almanac")
    day = cand(900, "2025-01-20", "Wire")
    assert choose_current([year_only, day], dt.date(2025, 2, 1)).id == day.id  # type: ignore[union-attr]


def test_an_approved_figure_is_preferred_to_unreviewed_ones_of_the_time() -> None:
    many = cand(1200, "2025-08-21", "AP", "Reuters")
    approved = cand(900, "2025-08-20", "Wire", approved=True)
    assert choose_current([many, approved], TODAY).id == approved.id  # type: ignore[union-attr]


def test_plans_undated_and_later_figures_are_never_current() -> None:
    plan = cand(500, "2026-01", "AP", status="planned")
    later = cand(800, "2026-04", "AP")
    undated = Candidate(id=next(_ids), value=700, qualifier="approx", date=None, date_start=None, status="current")
    held = cand(1000, "2025-12", "AP")
    assert choose_current([plan, later, undated, held], TODAY).id == held.id  # type: ignore[union-attr]
    assert choose_current([plan, later, undated], TODAY) is None


def test_bounds_read_as_ranges() -> None:
    assert agree(1000, "under", 900, "approx")
    assert not agree(1000, "under", 1200, "approx")
    assert agree(900, "exact", 900, "approx")
    assert agree(2000, "exact", 2000, "over")
    assert not agree(1500, "at_most", 2000, "exact")
    assert agree(400, "over", 2000, "approx")


QUALIFIERS = st.sampled_from(["exact", "approx", "under", "over", "at_most", "at_least"])


@given(st.integers(1, 100_000), QUALIFIERS, st.integers(1, 100_000), QUALIFIERS)
def test_agreement_is_symmetric_and_every_figure_agrees_with_itself(a: int, qa: str, b: int, qb: str) -> None:
    assert agree(a, qa, b, qb) == agree(b, qb, a, qa)
    assert agree(a, qa, a, qa)


def test_an_outlet_saying_the_level_is_now_x_no_longer_backs_its_older_figure() -> None:
    # Wire: "1,400 now, down from 2,000"; AP repeats the 2,000 of the same month.
    now = cand(1400, "2025-06", "Wire")
    before = cand(2000, "2025-06", "Wire", "AP", status="past")
    choice = choose_current([now, before], TODAY)
    assert choice is not None and choice.id == now.id
    assert choice.reason == "1 outlet, 2025-06-01; 1 other figure disagrees"


def test_a_bound_is_never_out_of_line_on_its_open_side() -> None:
    # "over 100 Marines flew in" (a lower bound) and a later "about 2,000", one outlet each.
    marines = cand(100, "2018-09-07", "RINF", qualifier="over")
    force = cand(2000, "2018-12", "The Reporter")
    assert doubts([marines, force]) == {}
    assert choose_current([marines, force], TODAY).id == force.id  # type: ignore[union-attr]
    # A point figure ten times apart is doubtful (both, with nothing else to go by).
    point = cand(100, "2018-09-07", "RINF")
    assert set(doubts([point, force])) == {point.id, force.id}


def test_an_upper_bound_from_another_outlet_does_not_back_a_figure_far_below_the_rest() -> None:
    # "a small group of 200 would stay" read as a level, beside "as many as 1,500" and many "2,000"s.
    levels = [cand(2000, f"2018-{m:02d}", f"Outlet {m}") for m in (4, 8, 12)]
    wants = cand(1500, "2019-02", "The Hill", qualifier="at_most")
    small = cand(200, "2019-02-21", "The Washington Times", qualifier="exact")
    assert small.id in doubts([*levels, wants, small])


def test_an_outlet_that_gave_a_merged_figure_only_as_past_does_not_back_it_holding_now() -> None:
    # One stored "about 900" merges a paper's "about 900 are there" with the Pentagon's "we had been briefing
    # about 900, but there are about 2,000": the Pentagon's report is no second voice for 900 holding now.
    from briefings.current import level_candidate
    from briefings.schemas import SourceRef

    nine = level_candidate(
        id=901, value=900, qualifier="approx", status="current", date="2024-12-08",
        date_start=dt.date(2024, 12, 8), confidence=0.9, review_state=None,
        sources=[SourceRef(source="Stripes", published="2024-12-08", status="current"),
                 SourceRef(source="Pentagon wire", published="2024-12-20", status="past")],
    )  # fmt: skip
    two = level_candidate(
        id=902, value=2000, qualifier="approx", status="current", date="2024-12-19",
        date_start=dt.date(2024, 12, 19), confidence=0.9, review_state=None,
        sources=[SourceRef(source="Pentagon wire", published="2024-12-20", status="current")],
    )  # fmt: skip
    assert nine.past_sources == ("pentagon wire",)
    choice = choose_current([nine, two], dt.date(2025, 1, 1))
    assert choice is not None and choice.id == two.id


def test_stray_small_figures_do_not_make_a_sound_level_look_ten_times_too_big() -> None:
    # A fact-check quotes "we had 28 troops" and "people said 40"; a wire gave about 1,000 then, a later
    # report about 500: the small ones are doubtful, the sound ones are not ten times too big.
    trump = cand(28, "2019-10", "Fact check", qualifier="exact")
    people = cand(40, "2019-10", "Fact check 2", qualifier="exact")
    thousand = cand(1000, "2019-10-05", "Wire")
    later = cand(500, "2020-08-26", "The Hill")
    found = doubts([trump, people, thousand, later])
    assert set(found) == {trump.id, people.id}
    assert choose_current([trump, people, thousand, later], dt.date(2020, 12, 31)).id == later.id  # type: ignore[union-attr]
