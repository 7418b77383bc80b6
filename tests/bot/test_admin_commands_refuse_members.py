"""``/subscribe``, ``/unsubscribe`` and ``/article show`` from a member without Manage Server, through the real bot.

Discord hides these commands from members (``default_permissions``), but server admins can override that per
role or channel, so the bot checks again when the command runs. A member is refused privately, the
subscriptions are as they were, and no article text is shown.
"""

from __future__ import annotations

from bot import errors
from briefings import subscriptions
from tests.bot.bot_harness import CHANNEL_ID, EPHEMERAL, MEMBER_ID, Harness


async def _subscriptions(h: Harness) -> list[tuple[int, str, str]]:
    async with h.bot.session() as session:
        found = await subscriptions.list_subscriptions(session=session, workspace=h.workspace)
    return [(s.channel_id, s.time, s.timezone) for s in found]


def _refused(exchange) -> None:  # type: ignore[no-untyped-def]
    # Refused in the first response, before any deferral, so the refusal is private.
    assert exchange.callback_type == 4 and exchange.ephemeral()
    body = exchange.last()
    assert body["content"] == errors.NEEDS_MANAGE_GUILD
    assert body["flags"] & EPHEMERAL
    assert "embeds" not in body or not body["embeds"]


async def test_a_member_cannot_subscribe_a_channel(harness: Harness) -> None:
    _refused(await harness.invoke("subscribe", user=MEMBER_ID, time="07:30", timezone="Europe/Berlin"))
    assert await _subscriptions(harness) == []
    # An admin can, with the same arguments.
    ok = await harness.invoke("subscribe", time="07:30", timezone="Europe/Berlin")
    assert ok.ephemeral() and ok.last()["content"].startswith("Subscribed:")
    assert await _subscriptions(harness) == [(CHANNEL_ID, "07:30", "Europe/Berlin")]


async def test_a_member_cannot_unsubscribe_a_channel(harness: Harness) -> None:
    await harness.invoke("subscribe", time="06:00", timezone="UTC")
    before = await _subscriptions(harness)
    assert before == [(CHANNEL_ID, "06:00", "UTC")]
    _refused(await harness.invoke("unsubscribe", user=MEMBER_ID))
    assert await _subscriptions(harness) == before


async def test_a_member_cannot_read_an_article_with_article_show(loaded: Harness) -> None:
    ex = await loaded.invoke("article show", user=MEMBER_ID, id=1)
    _refused(ex)
    # Nothing of the stored article reached the member (its text, source or title).
    admin = await loaded.invoke("article show", id=1)
    shown = admin.last()["embeds"][0]
    assert shown["title"] and shown["title"] not in ex.text()
