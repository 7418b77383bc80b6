"""``/alert add|list|remove`` through the real bot: Manage Server only, private replies, one alert per channel."""

from __future__ import annotations

from sqlalchemy import select

from briefings.models import Alert
from tests.bot.bot_harness import EPHEMERAL, MEMBER_ID, Harness, assert_within_limits

NEWS = 300_000_000_000_000_777


def description(ex) -> str:  # type: ignore[no-untyped-def]
    return ex.last()["embeds"][0]["description"]


async def test_add_list_and_remove_an_alert(harness: Harness) -> None:
    ex = await harness.invoke("alert add", channel=NEWS, threshold=1000)
    assert ex.callback_type == 5 and ex.ephemeral()
    assert ex.last()["embeds"][0]["title"] == "Alert #1 for this server"
    assert description(ex).startswith(
        f"<#{NEWS}> gets a post at once when the troop figure for Syria crosses 1,000, either way"
    )
    # Adding the channel again changes its alert rather than adding a second one.
    ex = await harness.invoke("alert add", channel=NEWS)
    assert "when the troop figure for Syria moves, or a withdrawal or deployment is reported" in description(ex)
    ex = await harness.invoke("alert list")
    assert description(ex) == (
        f"**#1** <#{NEWS}>: when the troop figure for Syria moves, or a withdrawal or deployment is reported "
        "· 0 posted"
    )
    assert_within_limits(ex)
    async with harness.bot.session_factory() as session:  # type: ignore[misc]
        stored = (await session.scalars(select(Alert))).all()
    assert [(a.workspace, a.channel_id, a.threshold, a.created_by) for a in stored] == [
        (harness.workspace, NEWS, None, f"admin ({400_000_000_000_000_001})")
    ]
    ex = await harness.invoke("alert remove", id=1)
    assert ex.last()["embeds"][0]["title"] == "Stopped alert #1"
    ex = await harness.invoke("alert list")
    assert "No channel gets alerts" in description(ex)
    ex = await harness.invoke("alert remove", id=1)
    assert ex.last()["content"] == "no alert with id 1; /alert list shows them"
    assert ex.last()["flags"] & EPHEMERAL


async def test_members_cannot_touch_alerts(harness: Harness) -> None:
    for path, options in (("alert add", {"channel": NEWS}), ("alert list", {}), ("alert remove", {"id": 1})):
        ex = await harness.invoke(path, user=MEMBER_ID, **options)
        assert ex.ephemeral() or ex.last()["flags"] & EPHEMERAL
        assert ex.last()["content"] == "You need the Manage Server permission to use this command."
    async with harness.bot.session_factory() as session:  # type: ignore[misc]
        assert (await session.scalars(select(Alert))).all() == []


async def test_the_synced_tree_has_the_alert_commands_for_manage_server_only() -> None:
    from bot.app import command_payloads

    [alert] = [c for c in await command_payloads() if c["name"] == "alert"]
    assert int(alert["default_member_permissions"]) == 32  # Manage Server
    subs = {o["name"]: o for o in alert["options"]}
    assert set(subs) == {"add", "list", "remove"}
    channel, threshold = subs["add"]["options"]
    assert (channel["name"], channel["type"], channel["required"]) == ("channel", 7, True)
    assert channel["channel_types"] == [0, 5]  # text and announcement channels
    assert (threshold["name"], threshold["type"], threshold.get("required", False)) == ("threshold", 4, False)
    assert threshold["min_value"] == 1
