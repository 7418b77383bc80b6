"""Round 3: general patterns of news English (casualty wording, count wording, level vs change, events,
seasons, capitals as subjects).

Every article here is written in our own words for one pattern; none is copied from a corpus article.
Each test asserts what a reader of `/troops` or `/latest` would see.
"""

from __future__ import annotations

import datetime as dt

from briefings.dates import resolve
from briefings.extract import extract
from briefings.schemas import Extraction, TroopCount

PUB = dt.date(2024, 5, 15)  # a Wednesday


def _kind(x: Extraction, kind: str) -> list[tuple[int, str]]:
    return sorted((c.value, c.qualifier) for c in x.troop_counts if c.kind == kind)


def _one(x: Extraction, value: int) -> TroopCount:
    found = [c for c in x.troop_counts if c.value == value]
    assert len(found) == 1, [(c.value, c.kind, c.status) for c in x.troop_counts]
    return found[0]


# ---------------------------------------------------------------- casualties
def test_a_single_troop_killed_is_one_casualty_never_a_level() -> None:
    x = extract("A sailor was killed when a mortar round hit the port in Djibouti in April.", PUB)
    c = _one(x, 1)
    assert (c.kind, c.country, c.date) == ("casualty", "Djibouti", "2024-04")


def test_one_more_service_member_wounded_counts_one() -> None:
    x = extract("Shelling hit a second outpost in Iraq, wounding one more American service member.", PUB)
    assert _kind(x, "casualty") == [(1, "exact")]


def test_a_lone_a_or_one_is_no_count_outside_a_casualty() -> None:
    x = extract("One soldier told reporters that a Marine unit had moved to a base in Iraq.", PUB)
    assert x.troop_counts == []


def test_a_speaker_before_a_casualty_report_is_not_a_casualty() -> None:
    x = extract("A soldier said four troops were wounded in the blast in Syria.", PUB)
    assert _kind(x, "casualty") == [(4, "exact")]


def test_killed_and_wounded_others_are_two_counts_placed_where_the_attack_was() -> None:
    x = extract(
        "The rocket strike on an outpost in southern Lebanon killed two Italian soldiers and wounded more than "
        "15 others on Monday.",
        PUB,
    )
    assert _kind(x, "casualty") == [(2, "exact"), (15, "over")]
    assert {c.country for c in x.troop_counts} == {"Lebanon"}
    assert {c.force for c in x.troop_counts if c.value == 2} == {"Italy"}


def test_word_counts_of_other_personnel_wounded() -> None:
    x = extract("Seven other coalition personnel were wounded in the ambush in Syria.", PUB)
    assert _kind(x, "casualty") == [(7, "exact")]


def test_an_elided_second_casualty_count() -> None:
    x = extract("Over 300 French soldiers were killed in Mali, and about 700 have been wounded.", PUB)
    assert _kind(x, "casualty") == [(300, "over"), (700, "approx")]


def test_died_of_wounds_and_brain_injuries_are_casualties() -> None:
    x = extract("A Jordanian soldier died of wounds on Monday in Jordan.", PUB)
    assert [(c.value, c.kind, c.force) for c in x.troop_counts] == [(1, "casualty", "Jordan")]
    x = extract("Twelve US troops suffered traumatic brain injuries in the attack in Iraq.", PUB)
    assert _kind(x, "casualty") == [(12, "exact")]
    assert _kind(x, "level") == []


def test_a_us_and_a_british_soldier_killed_together_are_two_casualties() -> None:
    x = extract("On Monday, a US soldier and a British soldier were killed by a mine in Iraq.", PUB)
    assert sorted(c.force for c in x.troop_counts if c.kind == "casualty") == ["UK", "US"]


# ---------------------------------------------------------------- count wording
def test_arrivals_numbering_n_are_an_increase() -> None:
    x = extract(
        "The new arrivals, numbering 36, bring the total Italian presence at the airfield in Niger to 350.", PUB
    )
    c = _one(x, 36)
    assert (c.kind, c.direction, c.status) == ("change", "increase", "past")
    assert (_one(x, 350).kind, _one(x, 350).force) == ("level", "Italy")


def test_a_further_n_to_be_flown_in_is_a_planned_increase_with_the_noun_elided() -> None:
    x = extract("About 300 Dutch troops are based in Lithuania. A further 120 will be flown in next month.", PUB)
    c = _one(x, 120)
    assert (c.kind, c.direction, c.status, c.country) == ("change", "increase", "planned", "Lithuania")


def test_fighters_withdrawn_by_a_named_group_are_its_change() -> None:
    x = extract("The Wagner Group withdrew at least 1,500 fighters from Libya last month.", PUB)
    c = _one(x, 1500)
    assert (c.kind, c.direction, c.qualifier, c.force) == ("change", "decrease", "at_least", "The Wagner Group")


def test_fighters_are_no_count_without_a_movement() -> None:
    assert extract("Some 10,000 fighters are held in camps in Syria.", PUB).troop_counts == []


def test_a_range_is_two_counts_at_least_the_lower_at_most_the_upper() -> None:
    # SCHEMA.md: a range ("200 to 300") gives two counts, at_least the lower figure and at_most the upper one.
    x = extract("Germany keeps between 1,200 and 1,500 soldiers in Lithuania.", PUB)
    assert [(c.value, c.qualifier, c.kind) for c in x.troop_counts] == [(1200, "at_least", "level"),
                                                                        (1500, "at_most", "level")]
    x = extract("The 300 to 400 Dutch troops in Lithuania will stay.", PUB)
    assert [(c.value, c.qualifier) for c in x.troop_counts] == [(300, "at_least"), (400, "at_most")]
    # "trimmed by 500 to 2,500" is a change and the level it leaves, no range
    x = extract("The force in Lithuania was trimmed by 500 to 2,500.", PUB)
    assert [(c.value, c.qualifier, c.kind) for c in x.troop_counts] == [(500, "exact", "change"),
                                                                        (2500, "exact", "level")]


def test_some_n_is_approximate_and_vague_quantities_are_no_count() -> None:
    assert _kind(extract("Some 4,000 troops are in Kuwait.", PUB), "level") == [(4000, "approx")]
    x = extract("A few hundred troops are in Kuwait, and hundreds more are stationed in Qatar.", PUB)
    assert x.troop_counts == []


def test_more_than_doubled_to_about_n_is_an_approximate_past_level() -> None:
    x = extract("The US force in Poland more than doubled to about 10,000 troops in 2022.", PUB)
    c = _one(x, 10000)
    assert (c.kind, c.qualifier, c.status, c.date) == ("level", "approx", "past", "2022")


# ---------------------------------------------------------------- level vs change
def test_the_total_of_additional_troops_brought_to_n_is_a_planned_increase() -> None:
    x = extract("The new orders will bring the total of additional troops sent to Poland to roughly 4,500.", PUB)
    c = _one(x, 4500)
    assert (c.kind, c.direction, c.status, c.qualifier) == ("change", "increase", "planned", "approx")


def test_a_contingent_within_a_deployment_is_an_increase() -> None:
    x = extract("In March the ministry announced the deployment of two jets, a radar and a contingent of some 150 "
                "airmen to Romania.", PUB)
    c = _one(x, 150)
    assert (c.kind, c.direction, c.status, c.date) == ("change", "increase", "past", "2024-03")


def test_the_last_of_the_n_troops_is_the_level_now_and_a_planned_withdrawal() -> None:
    x = extract("The last of the 800 US troops in Niger will leave by September.", PUB)
    kinds = sorted((c.kind, c.status) for c in x.troop_counts)
    assert kinds == [("change", "planned"), ("level", "current")]


def test_rarely_exceeded_is_a_past_ceiling() -> None:
    x = extract("Its garrison in Mali, which rarely exceeded 1,200 soldiers, left in 2022.", PUB)
    c = _one(x, 1200)
    assert (c.kind, c.qualifier, c.status) == ("level", "at_most", "past")


def test_the_second_figure_of_a_placed_list_shares_the_hedge() -> None:
    x = extract("The alliance has roughly 1,000 troops in Estonia and 700 in Latvia.", PUB)
    assert [(c.value, c.qualifier, c.country) for c in x.troop_counts] == [
        (1000, "approx", "Estonia"), (700, "approx", "Latvia")]


def test_an_unhedged_list_stays_exact() -> None:
    x = extract("The alliance has 1,000 troops in Estonia and 700 in Latvia.", PUB)
    assert {c.qualifier for c in x.troop_counts} == {"exact"}


def test_its_n_in_a_country_after_a_troop_sentence_is_a_level() -> None:
    x = extract("Officials were asked about troop numbers. Right now it's about 600 in Kosovo and 300 in Bosnia.", PUB)
    assert [(c.value, c.qualifier, c.country) for c in x.troop_counts] == [
        (600, "approx", "Kosovo"), (300, "approx", "Bosnia")]


def test_an_attributive_date_does_not_date_the_count() -> None:
    x = extract("On May 2, the ministry sent 400 troops to Chad after the April 28 raids on its border posts.", PUB)
    assert _one(x, 400).date == "2024-05-02"


# ---------------------------------------------------------------- force
def test_a_capital_as_subject_names_the_force() -> None:
    assert _one(extract("Ankara keeps about 3,000 troops in northern Syria.", PUB), 3000).force == "Turkey"
    assert _one(extract("Moscow withdrew 1,000 troops from Syria in March.", PUB), 1000).force == "Russia"


def test_a_demonym_beats_the_capital_subject() -> None:
    x = extract("Baghdad has asked the 2,500 American troops in Iraq to leave.", PUB)
    assert _one(x, 2500).force == "US"


# ---------------------------------------------------------------- events
def _event(x: Extraction, word: str) -> list[str | None]:
    return [e.date for e in x.events if word in e.evidence]


def test_days_later_and_the_weeks_that_followed_take_the_date_last_named() -> None:
    text = (
        "Serbia closed the border crossing on Tuesday, officials said.\n\n"
        "The crossing was first shut in February 2023 after clashes near the town.\n\n"
        "Days later, NATO peacekeepers moved two companies to the area.\n\n"
        "In the weeks that followed, the mission doubled its patrols along the boundary."
    )
    x = extract(text, PUB)
    assert _event(x, "peacekeepers") == ["2023-02"]
    assert _event(x, "patrols") == ["2023-02"]


def test_since_a_date_when_something_happened_is_an_event_at_that_date() -> None:
    text = (
        "About 1,100 troops are in Kosovo, officials said on Monday.\n\n"
        "The figure has barely moved since March, when the alliance sent a reserve battalion after riots."
    )
    assert _event(extract(text, PUB), "reserve battalion") == ["2024-03"]


def test_a_date_in_a_relative_clause_is_background() -> None:
    text = (
        "Talks resumed in Geneva on Tuesday.\n\n"
        "The junta, which seized power in a coup last July, announced in March that it was ending the accord."
    )
    assert _event(extract(text, PUB), "junta") == ["2024-03"]


def test_a_dated_attribute_names_an_event_of_its_own() -> None:
    text = (
        "Talks resumed in Geneva on Tuesday.\n\n"
        "On April 30, the ministry sent two batteries to the port, following the April 22 missile attacks on "
        "its refineries."
    )
    x = extract(text, PUB)
    assert sorted(_event(x, "refineries")) == ["2024-04-22", "2024-04-30"]
    attack = next(e for e in x.events if e.date == "2024-04-22")
    assert attack.summary.startswith("The April 22 missile attacks")


def test_the_second_sentence_of_the_lede_is_an_event_when_it_reports_a_development() -> None:
    text = (
        "Madrid says its troops will come home from Mali.\n\n"
        "Spain has agreed to withdraw its 300 trainers from Mali, officials from both countries said.\n\n"
        "The trainers have been in Koulikoro since 2013."
    )
    x = extract(text, PUB)
    assert any("agreed to withdraw" in e.evidence for e in x.events)


def test_the_same_night_dates_an_event() -> None:
    text = (
        "The convoy left the city late on Saturday, two officials said.\n\n"
        "The militia withdrew its last units from the airport the same night, a monitoring group said."
    )
    assert _event(extract(text, PUB), "airport") == ["2024-05-11"]


def test_events_are_capped_and_keep_the_lede() -> None:
    body = "\n\n".join(f"On May {d}, the army moved a unit to the {d}th district." for d in range(1, 15))
    x = extract("Troops patrolled the capital on Tuesday, the ministry said.\n\n" + body, PUB)
    assert 1 < len(x.events) <= 8
    assert x.events[0].evidence.startswith("Troops patrolled")


# ---------------------------------------------------------------- seasons
def test_seasons_date_to_their_year() -> None:
    pub = dt.date(2025, 5, 10)
    x = extract("About 400 troops were in Iraq last autumn, an official said.", pub)
    assert _one(x, 400).date == "2024"
    x = extract("The army moved 600 troops out of Syria this spring.", pub)
    assert _one(x, 600).date == "2025"
    x = extract("The army pulled 700 troops out of Iraq over the summer.", dt.date(2025, 9, 20))
    assert _one(x, 700).date == "2025"


def test_a_caption_label_glued_to_its_text_is_dropped() -> None:
    x = extract("image captionSoldiers have trained in Kabul since 2014\n\nThe army withdrew 500 troops on Tuesday.",
                PUB)
    assert all("Kabul" not in e.evidence for e in x.events)


def test_season_phrases_resolve_against_publication() -> None:
    may, july, jan = dt.date(2025, 5, 10), dt.date(2025, 7, 15), dt.date(2025, 1, 20)
    assert resolve("since the autumn", may) == "2024"
    assert resolve("last fall", may) == "2024"
    assert resolve("this spring", may) == "2025"
    assert resolve("last summer", july) == "2024"  # said in summer: the one before
    assert resolve("last summer", may) == "2024"
    assert resolve("over the summer", july) == "2025"
    assert resolve("last winter", jan) == "2024"  # said in winter 2024-25: Dec. 2023 to Feb. 2024
    assert resolve("last winter", may) == "2025"  # the winter just past, mostly in 2025
    assert resolve("this summer", may) == "2025"
    assert resolve("the summer of 2019", may) == "2019"
    assert resolve("next spring", may) is not None


# ---------------------------------------------------------------- N-strong and where a withdrawal is counted
def test_n_strong_sizes_a_force_as_a_count() -> None:
    x = extract("A 3,000-strong French force is based in Chad.", PUB)
    assert [(c.value, c.kind, c.country, c.force) for c in x.troop_counts] == [(3000, "level", "Chad", "France")]
    x = extract("A column of militiamen about 900-strong crossed back into Lebanon from Syria on Sunday.", PUB)
    c = _one(x, 900)
    assert (c.qualifier, c.kind, c.direction, c.status, c.country) == ("approx", "change", "decrease", "past", "Syria")


def test_n_strong_without_a_force_is_no_count() -> None:
    assert extract("Troops watched the final in a 40,000-strong stadium in Qatar.", PUB).troop_counts == []


def test_a_withdrawal_is_counted_where_the_troops_leave() -> None:
    c = _one(extract("The army pulled 500 troops out of Syria into Iraq on Monday.", PUB), 500)
    assert (c.direction, c.status, c.country) == ("decrease", "past", "Syria")
    c = _one(extract("The US moved 300 troops to Jordan.", PUB), 300)
    assert (c.direction, c.country) == ("increase", "Jordan")


def test_a_yearless_month_after_will_is_the_next_one() -> None:
    apr = dt.date(2025, 4, 18)
    assert resolve("The battalion will leave Kosovo in June", apr) == "2025-06"
    assert resolve("The battalion will leave Kosovo in March", apr) == "2026-03"
    assert resolve("The battalion left Kosovo in March", apr) == "2025-03"
    assert resolve("The unit is due to arrive on Feb. 3", apr) == "2026-02-03"
    c = _one(extract("The 1,200-strong battalion will leave Kosovo in June, the ministry said.", apr), 1200)
    assert (c.status, c.date) == ("planned", "2025-04-18")  # a plan is dated by its announcement


# ---------------------------------------------------------------- when it was said
def test_a_plan_is_dated_by_the_day_it_was_said() -> None:
    x = extract("The army will cut its force in Kosovo by about 400 troops this month, the defence chief said Tuesday.",
                PUB)
    c = _one(x, 400)
    assert (c.kind, c.status, c.date) == ("change", "planned", "2024-05-14")


def test_a_date_opening_the_sentence_dates_the_saying() -> None:
    x = extract('On Monday, Prime Minister Ulf Kristersson said it was "time to end the mission" and confirmed that '
                "the last of the 600 Swedish troops in Mali would leave by June.", PUB)
    # "said A and confirmed that B": two statements, both made on Monday.
    assert [s.date for s in x.statements] == ["2024-05-13", "2024-05-13"]
    assert {c.date for c in x.troop_counts} == {"2024-05-13"}
