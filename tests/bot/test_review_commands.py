"""/review and /fact through the real bot and the fake Discord: approve, reject, edit; members refused privately."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.app import command_payloads
from briefings import answers
from briefings.models import FactDecision, TroopCountFact
from tests.bot.bot_harness import ADMIN_ID, EPHEMERAL, MEMBER_ID, Exchange, Harness, assert_within_limits


def embed(body: dict) -> dict:
    assert body.get("embeds"), f"no embed in {body}"
    return body["embeds"][0]


def buttons(body: dict) -> list[str]:
    return [c["label"] for row in body.get("components") or [] for c in row["components"]]


async def open_queue(h: Harness) -> Exchange:
    ex = await h.invoke("review queue")
    assert ex.callback_type == 5 and ex.ephemeral()
    assert_within_limits(ex)
    return ex


async def troops_values(h: Harness) -> list[int]:
    async with h.bot.session() as session:
        ans = await answers.troops(session=session, workspace=h.workspace, as_of=dt.date(2025, 9, 1))
    return [f.value for f in ans.timeline if f.kind == "level"]


async def decisions(h: Harness) -> int:
    async with h.bot.session() as session:
        return await session.scalar(select(func.count()).select_from(FactDecision)) or 0


async def test_the_queue_shows_one_doubtful_fact_with_evidence_source_and_buttons(loaded: Harness) -> None:
    body = (await open_queue(loaded)).last()
    e = embed(body)
    # Sample article 5: a defense official's "fewer than 1,000" against an aide's "about 1,200", same day.
    assert e["title"].startswith("Review 1 of 2: troop figure t")
    assert "**2025-08-21: about 1,200 US troops in Syria (level, current)**" in e["description"]
    assert "Why it is here: sources disagree for 2025-08-21: fewer than 1,000 (Capitol Ledger)" in e["description"]
    assert "> about 1,200 troops were still in the country" in e["description"]
    assert "[Capitol Ledger, 2025-08-21](https://ledger.example.com/defense/2025/08/21/syria-troop-figures-differ)" in (
        e["description"]
    )
    assert buttons(body) == ["Approve", "Reject", "Edit", "Skip"]


async def test_reject_takes_the_figure_out_of_troops_and_shows_the_next(loaded: Harness) -> None:
    first = (await open_queue(loaded)).last()
    ref = embed(first)["title"].split()[-1]
    assert 1200 in await troops_values(loaded)
    ex = await loaded.click(first, "Reject")
    assert ex.callback_type == 6  # acknowledged at once, the message edited after
    body = ex.last()
    assert embed(body)["description"].startswith(f"✅ Rejected {ref} (decision #1)")
    # The other figure no longer disagrees with anything shown: the queue is empty.
    assert "Nothing awaits review." in embed(body)["description"] and buttons(body) == []
    assert 1200 not in await troops_values(loaded)
    troops = embed((await loaded.invoke("troops", as_of="2025-09-01")).last())
    assert "Conflicting figures" not in {f["name"] for f in troops.get("fields", [])}


async def test_approve_keeps_the_figure_and_moves_on(loaded: Harness) -> None:
    first = (await open_queue(loaded)).last()
    ref = embed(first)["title"].split()[-1]
    ex = await loaded.click(first, "Approve")
    body = ex.last()
    assert embed(body)["description"].startswith(f"✅ Approved {ref}")
    assert embed(body)["title"].startswith("Review 1 of 1: troop figure t")  # the other side of the conflict
    async with loaded.bot.session() as session:
        state = await session.scalar(select(TroopCountFact.review_state).where(TroopCountFact.id == int(ref[1:])))
    assert state == "approved"
    log = embed((await loaded.invoke("review log")).last())
    assert f"admin ({ADMIN_ID}) approved {ref} (about 1,200 troops in Syria, level, 2025-08-21)" in log["description"]


async def test_edit_opens_a_filled_form_and_corrects_the_figure(loaded: Harness) -> None:
    first = (await open_queue(loaded)).last()
    ref = embed(first)["title"].split()[-1]
    opened = await loaded.click(first, "Edit")
    assert opened.callback_type == 9
    modal = opened.callbacks[0].json["data"]
    filled = {c["label"]: c.get("value") for row in modal["components"] for c in row["components"]}
    assert filled == {
        "Number of troops": "1200",
        "Qualifier: exact, approx, under, over…": "approx",
        "Date: YYYY, YYYY-MM or YYYY-MM-DD (or none)": "2025-08-21",
        "Status: past, current or planned": "current",
        "Kind: level, change or casualty": "level",
    }
    bad = await loaded.submit_modal(modal, {"Number of troops": "many"})
    assert bad.last()["flags"] & EPHEMERAL and "cannot edit troop figure: value" in bad.last()["content"]
    assert await decisions(loaded) == 0
    sub = await loaded.submit_modal(modal, {"Number of troops": "1,150", "Status: past, current or planned": "past"})
    assert sub.callback_type == 6
    note = f"✅ Edited {ref}: value 1,200 → 1,150; status current → past (decision #1)"
    assert embed(sub.last())["description"].startswith(note)
    async with loaded.bot.session() as session:
        row = (await session.execute(select(TroopCountFact.value, TroopCountFact.status, TroopCountFact.review_state)
                                     .where(TroopCountFact.id == int(ref[1:])))).one()  # fmt: skip
    assert tuple(row) == (1150, "past", "approved")


async def test_skip_leaves_the_fact_for_later(loaded: Harness) -> None:
    first = (await open_queue(loaded)).last()
    ex = await loaded.click(first, "Skip")
    second = ex.last()
    assert embed(second)["title"].startswith("Review 2 of 2") and embed(second)["title"] != embed(first)["title"]
    end = (await loaded.click(second, "Skip")).last()
    assert "No more facts after the ones skipped (2 still await review)." in embed(end)["description"]
    assert await decisions(loaded) == 0


async def test_members_can_neither_open_the_queue_nor_press_its_buttons(loaded: Harness) -> None:
    for path, options in (("review queue", {}), ("review log", {}), ("fact remove", {"id": "t1"})):
        ex = await loaded.invoke(path, user=MEMBER_ID, **options)
        assert ex.callback_type == 4 and ex.ephemeral(), path
        assert "Manage Server" in ex.last()["content"]
    first = (await open_queue(loaded)).last()
    for label in ("Approve", "Reject", "Edit", "Skip"):
        pressed = await loaded.click(first, label, user=MEMBER_ID)
        assert pressed.callback_type == 4 and pressed.ephemeral(), label
        assert "Manage Server permission to review facts" in pressed.last()["content"]
    modal = (await loaded.click(first, "Edit")).callbacks[0].json["data"]
    refused = await loaded.submit_modal(modal, {"Number of troops": "5"}, user=MEMBER_ID)
    assert refused.ephemeral() and "Manage Server" in refused.last()["content"]
    assert await decisions(loaded) == 0 and 1200 in await troops_values(loaded)


async def test_fact_remove_takes_any_fact_out_and_a_bad_id_is_refused_privately(loaded: Harness) -> None:
    first = (await open_queue(loaded)).last()
    ref = embed(first)["title"].split()[-1]
    bad = await loaded.invoke("fact remove", id="1200")
    assert bad.callback_type == 4 and bad.last()["flags"] & EPHEMERAL and "is not a fact id" in bad.last()["content"]
    ex = await loaded.invoke("fact remove", id=ref)
    assert ex.ephemeral() and embed(ex.last())["title"] == f"Removed {ref}"
    assert 1200 not in await troops_values(loaded)
    gone = await loaded.invoke("fact remove", id=ref)
    assert f"no troop figure {ref}" in gone.last()["content"]


async def test_review_commands_are_hidden_from_members() -> None:
    tree = {c["name"]: c for c in await command_payloads()}
    for admin in ("review", "fact"):
        assert str(tree[admin]["default_member_permissions"]) == "32", admin
        assert tree[admin]["dm_permission"] is False
    assert [o["name"] for o in tree["review"]["options"]] == ["queue", "log"]
