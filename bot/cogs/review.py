"""``/review queue|log`` and ``/fact remove``: the admins' review of doubtful facts (Manage Server).

``/review queue`` shows the doubtful facts one at a time, each with its evidence
sentence, its sources and why it is in the queue, and buttons: Approve (answers
use it as it is), Reject (no answer uses it), Edit (a form to correct it), Skip.
Like ``/article``, the groups are hidden from other members with
``default_permissions`` and every command is checked at run time, since server
admins can change who sees a command; every button press and form is checked
again (a message can outlive a role). Every reply is ephemeral.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands, ui
from discord.ext import commands

from bot import limits
from bot.errors import report_error
from bot.render.embeds import EmbedBuilder, esc, links
from bot.render.review import decision_line, decision_summary, fact_words
from bot.reply import actor_of, defer, send, workspace_of
from briefings import review
from briefings.errors import NotAllowed
from briefings.schemas import ReviewItem, ReviewQueue, StatementFact, TroopFact

if TYPE_CHECKING:
    from bot.app import BriefBot

log = logging.getLogger(__name__)

VIEW_TIMEOUT_S = 900
_NOUNS = {"troop_count": "troop figure", "statement": "statement", "event": "event"}
LOG_SIZE = 15


def require_reviewer(interaction: discord.Interaction) -> None:
    """The run-time check of every button press and form: Manage Server."""
    if not interaction.permissions.manage_guild:
        raise NotAllowed("You need the Manage Server permission to review facts.")


def item_embed(queue: ReviewQueue, offset: int, *, note: str | None = None) -> discord.Embed:
    """One doubtful fact: what it says, why it is doubtful, its evidence and sources."""
    if not queue.items:
        b = EmbedBuilder("Review queue")
        lines = [f"✅ {esc(note)}"] if note else []
        if offset and queue.total:
            lines.append(f"No more facts after the ones skipped ({queue.total} still await review).")
        else:
            lines.append("Nothing awaits review.")
        b.describe(lines)
        return b.finish()
    item = queue.items[0]
    b = EmbedBuilder(f"Review {offset + 1} of {queue.total}: {_NOUNS[item.type]} {item.id}")
    lines = [f"✅ {esc(note)}", ""] if note else []
    lines += [
        f"**{esc(fact_words(item.fact))}**",
        f"Why it is here: {esc(item.reason)}",
        f"Sources: {links(item.fact.sources, 3)}",
        f"Confidence: {item.fact.confidence:.2f}",
    ]
    if item.fact.evidence:
        lines.append(f"> {esc(item.fact.evidence[:900])}")
    b.describe(lines)
    return b.finish("Approve: answers use it as it is · Reject: no answer uses it · Edit: correct it")


def log_embed(decisions: list[Any]) -> discord.Embed:
    """``/review log``: the recent decisions, newest first."""
    b = EmbedBuilder("Review log")
    if not decisions:
        b.embed.description = "No decisions yet."
        return b.finish()
    b.describe((esc(decision_line(d)) for d in decisions), noun="more decisions")
    return b.finish(f"The {len(decisions)} most recent decision(s)")


class ReviewView(ui.View):
    """The buttons under one queued fact; after each decision the message shows the next fact."""

    def __init__(self, bot: BriefBot, *, owner_id: int, item: ReviewItem, offset: int) -> None:
        super().__init__(timeout=VIEW_TIMEOUT_S)
        self.bot = bot
        self.owner_id = owner_id
        self.item = item
        self.offset = offset

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Every press: the admin who opened the queue, still with Manage Server."""
        require_reviewer(interaction)
        if interaction.user.id != self.owner_id:
            raise NotAllowed("This review belongs to the admin who opened it; use /review queue.")
        return True

    async def show_next(self, interaction: discord.Interaction, *, note: str | None, offset: int) -> None:
        """Replace the message with the fact at ``offset`` of the queue (or say it is empty); call after deferring."""
        async with self.bot.session() as session:
            queue = await review.review_queue(session=session, workspace=workspace_of(interaction), limit=1,
                                              offset=offset)  # fmt: skip
        view: ReviewView | None = None
        if queue.items:
            view = ReviewView(self.bot, owner_id=self.owner_id, item=queue.items[0], offset=offset)
        self.stop()
        embeds = [item_embed(queue, offset, note=note)]
        limits.check_message(embeds=embeds)
        await interaction.edit_original_response(embeds=embeds, view=view)

    async def decide(self, interaction: discord.Interaction, action: str) -> None:
        """Approve or reject the fact shown, then show the next one."""
        # Judging a large store's queue can take longer than Discord's 3 s: acknowledge first.
        await interaction.response.defer()
        service = review.approve if action == "approve" else review.reject
        async with self.bot.session() as session:
            decision = await service(session=session, workspace=workspace_of(interaction), fact_id=self.item.id,
                                     decided_by=actor_of(interaction), reason=self.item.reason)  # fmt: skip
        await self.show_next(interaction, note=decision_summary(decision), offset=self.offset)

    @ui.button(label="Approve", style=discord.ButtonStyle.success)
    async def approve(self, interaction: discord.Interaction, button: ui.Button) -> None:
        """Answers use the fact as it is."""
        await self.decide(interaction, "approve")

    @ui.button(label="Reject", style=discord.ButtonStyle.danger)
    async def reject(self, interaction: discord.Interaction, button: ui.Button) -> None:
        """No answer uses the fact, now or when its article is stored again."""
        await self.decide(interaction, "reject")

    @ui.button(label="Edit", style=discord.ButtonStyle.primary)
    async def edit_fact(self, interaction: discord.Interaction, button: ui.Button) -> None:
        """A form to correct the fact."""
        await interaction.response.send_modal(EditFact(self))

    @ui.button(label="Skip", style=discord.ButtonStyle.secondary)
    async def skip(self, interaction: discord.Interaction, button: ui.Button) -> None:
        """Leave the fact for later and show the next one."""
        await interaction.response.defer()
        await self.show_next(interaction, note=None, offset=self.offset + 1)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: ui.Item[Any], /) -> None:
        """Same wording as the command tree's errors (refusals are private)."""
        await report_error(interaction, error)


# The form's inputs for each kind of fact: (field, label, max length). A modal holds at most five.
_FORM: dict[type, tuple[tuple[str, str, int], ...]] = {
    TroopFact: (
        ("value", "Number of troops", 9),
        ("qualifier", "Qualifier: exact, approx, under, over…", 10),
        ("date", "Date: YYYY, YYYY-MM or YYYY-MM-DD (or none)", 10),
        ("status", "Status: past, current or planned", 10),
        ("kind", "Kind: level, change or casualty", 10),
    ),
    StatementFact: (
        ("speaker", "Speaker", 300),
        ("speaker_role", "Role (or none)", 300),
        ("text", "Words", 4000),
        ("date", "Date: YYYY, YYYY-MM or YYYY-MM-DD (or none)", 10),
    ),
}
_EVENT_FORM = (("summary", "Summary", 1000), ("date", "Date: YYYY, YYYY-MM or YYYY-MM-DD (or none)", 10))


class EditFact(ui.Modal, title="Correct this fact"):
    """The fields of the fact, filled in; what is submitted replaces them and approves the fact."""

    def __init__(self, view: ReviewView) -> None:
        super().__init__(timeout=VIEW_TIMEOUT_S)
        self.view = view
        fact = view.item.fact
        self.inputs: dict[str, ui.TextInput] = {}
        for name, label, size in _FORM.get(type(fact), _EVENT_FORM):
            value = getattr(fact, name)
            field: ui.TextInput = ui.TextInput(
                label=label[:45],
                default="" if value is None else str(value),
                required=name not in ("date", "speaker_role"),
                max_length=size,
                style=discord.TextStyle.paragraph if size > 300 else discord.TextStyle.short,
            )
            self.inputs[name] = field
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        """Check, correct the fact, then show the next one in the queue."""
        require_reviewer(interaction)
        changes = {name: field.value.replace(",", "") if name == "value" else field.value
                   for name, field in self.inputs.items()}  # fmt: skip
        await interaction.response.defer()
        async with self.view.bot.session() as session:
            decision = await review.edit(session=session, workspace=workspace_of(interaction),
                                         fact_id=self.view.item.id, changes=changes,
                                         decided_by=actor_of(interaction), reason=self.view.item.reason)  # fmt: skip
        await self.view.show_next(interaction, note=decision_summary(decision), offset=self.view.offset)

    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:
        """Same wording as the command tree's errors; nothing was changed."""
        await report_error(interaction, error)


class Review(commands.Cog):
    """Review of doubtful facts."""

    review = app_commands.Group(
        name="review",
        description="Doubtful facts: approve, reject or correct them, and the log (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )
    fact = app_commands.Group(
        name="fact",
        description="Remove a fact from every answer (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: BriefBot) -> None:
        self.bot = bot

    @review.command(name="queue")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def queue(self, interaction: discord.Interaction) -> None:
        """The doubtful facts one at a time, with Approve, Reject and Edit."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            found = await review.review_queue(session=session, workspace=workspace_of(interaction), limit=1)
        view = None
        if found.items:
            view = ReviewView(self.bot, owner_id=interaction.user.id, item=found.items[0], offset=0)
        await send(interaction, embeds=[item_embed(found, 0)], view=view, ephemeral=True)

    @review.command(name="log")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def log_(self, interaction: discord.Interaction) -> None:
        """Recent decisions: who decided what, when, and what the fact was before."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            decisions = await review.review_log(session=session, workspace=workspace_of(interaction), limit=LOG_SIZE)
        await send(interaction, embeds=[log_embed(decisions)], ephemeral=True)

    @fact.command(name="remove")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(id="The fact's id as /review queue shows it: t12 (troop figure), s40, e7")
    async def remove(self, interaction: discord.Interaction, id: app_commands.Range[str, 2, 20]) -> None:
        """Remove a fact: no answer shows it, and it is not stored again with its article."""
        review.parse_fact_ref(id)  # a bad id is refused before deferring
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            decision = await review.remove_fact(session=session, workspace=workspace_of(interaction), fact_id=id,
                                                decided_by=actor_of(interaction))  # fmt: skip
        b = EmbedBuilder(f"Removed {decision.fact_id}")
        b.describe([esc(decision_summary(decision))])
        await send(interaction, embeds=[b.finish()], ephemeral=True)


async def setup(bot: BriefBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Review(bot))
