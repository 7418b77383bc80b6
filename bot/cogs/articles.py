"""``/article add|list|show|remove|restore``: the admins' article commands (Manage Server).

Hidden from other members with ``default_permissions`` and enforced at run time
with a permission check, since server admins can change who sees a command.
Every reply is ephemeral.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands, ui
from discord.ext import commands

from bot.errors import report_error, user_message
from bot.render.embeds import article_embed, articles_embed, ingest_embed, removed_embed, restored_embed
from bot.reply import actor_of, defer, send, workspace_of
from bot.scheduler import nudge_alerts
from bot.transformers import DateArg, parse_date
from briefings import articles, ingest, uploads, web
from briefings.errors import BriefbotError, FetchFailed, NotAllowed

if TYPE_CHECKING:
    from bot.app import BriefBot

log = logging.getLogger(__name__)

LIST_SIZE = 20
MODAL_TEXT_MAX = 4000


def require_manage_guild(interaction: discord.Interaction) -> None:
    """The run-time check for interactions that bypass the command checks (modal submits)."""
    if not interaction.permissions.manage_guild:
        raise NotAllowed("You need the Manage Server permission to add articles.")


class PasteArticle(ui.Modal, title="Add an article"):
    """The form for pasting an article's text; a failed submit can be reopened with its values kept."""

    article_title: ui.TextInput = ui.TextInput(label="Title", required=False, max_length=300)
    source: ui.TextInput = ui.TextInput(label="Source (the outlet)", max_length=100, placeholder="Reuters")
    published: ui.TextInput = ui.TextInput(
        label="Publication date (YYYY-MM-DD)",
        required=False,
        max_length=10,
        placeholder="Empty: the date in the text, or today",
    )
    text: ui.TextInput = ui.TextInput(
        label="Article text", style=discord.TextStyle.paragraph, min_length=1, max_length=MODAL_TEXT_MAX
    )

    def __init__(self, bot: BriefBot, values: dict[str, str] | None = None) -> None:
        super().__init__(timeout=1800)
        self.bot = bot
        for name, value in (values or {}).items():
            getattr(self, name).default = value

    def values(self) -> dict[str, str]:
        """What was typed, to refill the form after an error."""
        return {name: getattr(self, name).value or "" for name in ("article_title", "source", "published", "text")}

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        """Check, parse and ingest; on a domain error keep what was typed and offer to edit it."""
        try:
            require_manage_guild(interaction)
            published = parse_date(self.published.value) if self.published.value.strip() else None
            await defer(interaction, ephemeral=True)
            async with self.bot.session() as session:
                result = await ingest.ingest_text(
                    session=session,
                    workspace=workspace_of(interaction),
                    text=self.text.value,
                    source=self.source.value,
                    title=self.article_title.value or None,
                    published=published,
                    added_by=actor_of(interaction),
                    found_by="pasted",
                    executor=self.bot.executor,
                )
        except BriefbotError as error:
            retry = EditAgain(self.bot, self.values(), owner_id=interaction.user.id)
            await send(interaction, content=f"{user_message(error)}\nNothing was stored.", view=retry, ephemeral=True)
            return
        nudge_alerts(self.bot)
        await send(interaction, embeds=[ingest_embed(result)], ephemeral=True)

    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:
        """Same wording as the command tree's errors."""
        await report_error(interaction, error)


class EditAgain(ui.View):
    """One button that reopens the article form with what was typed, so a bad date loses no text."""

    def __init__(self, bot: BriefBot, values: dict[str, str], *, owner_id: int) -> None:
        super().__init__(timeout=1800)
        self.bot = bot
        self.values = values
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Only the admin who typed it."""
        return interaction.user.id == self.owner_id

    @ui.button(label="Edit and try again", style=discord.ButtonStyle.primary)
    async def again(self, interaction: discord.Interaction, button: ui.Button) -> None:
        """Reopen the form, filled in."""
        await interaction.response.send_modal(PasteArticle(self.bot, self.values))

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: ui.Item[Any], /) -> None:
        """Same wording as the command tree's errors."""
        await report_error(interaction, error)


async def read_attachment(file: discord.Attachment) -> bytes:
    """The bytes of an uploaded file (its size was checked before), or an error a user can act on."""
    try:
        data = await file.read()
    except discord.HTTPException as exc:
        log.warning("could not download attachment %s (%s): %s", file.id, file.filename, exc)
        raise FetchFailed(f"could not download {file.filename} from Discord; attach it again") from exc
    # Discord said how large it is; a body larger than that is not the file that was checked.
    if len(data) > file.size:
        raise FetchFailed(f"{file.filename} is larger than Discord said; attach it again")
    return data


class Articles(commands.Cog):
    """Article administration."""

    article = app_commands.Group(
        name="article",
        description="Add, list, show and remove the articles answers come from (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: BriefBot) -> None:
        self.bot = bot

    @article.command(name="add")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        url="Link to the article",
        file="The article as a file (.txt, .md or .html): for articles longer than the form's 4,000 characters",
        source="The outlet (default: the page's site name, else the link's host or the file's name)",
        title="The article's title (default: the page's, or the text's first line)",
        published="Publication date, YYYY-MM-DD (default: the page's or the text's, else today)",
    )
    async def add(
        self,
        interaction: discord.Interaction,
        url: app_commands.Range[str, 1, 2000] | None = None,
        file: discord.Attachment | None = None,
        source: app_commands.Range[str, 1, 100] | None = None,
        title: app_commands.Range[str, 1, 300] | None = None,
        published: DateArg | None = None,
    ) -> None:
        """Add an article by link or file, or with neither paste its text in a form."""
        uploads.check_article_origin(url, file.filename if file is not None else None)
        if url is None and file is None:
            typed = {"source": source, "article_title": title, "published": published and published.isoformat()}
            await interaction.response.send_modal(PasteArticle(self.bot, {k: v for k, v in typed.items() if v}))
            return
        if file is not None:
            # Name and size first: a refusal stays private and nothing is downloaded.
            uploads.check_upload(file.filename, file.size)
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            if file is not None:
                result = await uploads.ingest_upload(
                    session=session,
                    workspace=workspace_of(interaction),
                    filename=file.filename,
                    data=await read_attachment(file),
                    source=source,
                    title=title,
                    published=published,
                    added_by=actor_of(interaction),
                    executor=self.bot.executor,
                )
            else:
                assert url is not None
                result = await web.ingest_url(
                    session=session,
                    workspace=workspace_of(interaction),
                    url=url.strip(),
                    source=source,
                    title=title,
                    published=published,
                    added_by=actor_of(interaction),
                    client=self.bot.http_client,
                    settings=self.bot.settings,
                    executor=self.bot.executor,
                )
        nudge_alerts(self.bot)
        await send(interaction, embeds=[ingest_embed(result)], ephemeral=True)

    @article.command(name="list")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        page="Page of the list, 20 articles a page (default 1)",
        off_topic="List the articles stored as off-topic instead (their facts are not used)",
    )
    async def list_(
        self, interaction: discord.Interaction, page: app_commands.Range[int, 1, 1000] = 1, off_topic: bool = False
    ) -> None:
        """The stored articles, newest first."""
        await defer(interaction, ephemeral=True)
        offset = (page - 1) * LIST_SIZE
        workspace = workspace_of(interaction)
        async with self.bot.session() as session:
            found = await articles.list_articles(
                session=session, workspace=workspace, limit=LIST_SIZE, offset=offset, off_topic=off_topic
            )
            aside = 0 if off_topic else await articles.count_articles(
                session=session, workspace=workspace, off_topic=True
            )
        more = page + 1 if len(found) == LIST_SIZE else None
        embed = articles_embed(found, offset=offset, next_page=more, off_topic=off_topic, off_topic_count=aside)
        await send(interaction, embeds=[embed], ephemeral=True)

    @article.command(name="show")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(id="The article's number, as in /article list")
    async def show(self, interaction: discord.Interaction, id: app_commands.Range[int, 1]) -> None:
        """One article with the facts taken from it."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            detail = await articles.get_article(session=session, workspace=workspace_of(interaction), article_id=id)
        await send(interaction, embeds=[article_embed(detail)], ephemeral=True)

    @article.command(name="remove")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(id="The article's number, as in /article list")
    async def remove(self, interaction: discord.Interaction, id: app_commands.Range[int, 1]) -> None:
        """Remove an article and the facts no other article supports."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            removed = await articles.remove_article(session=session, workspace=workspace_of(interaction), article_id=id)
        await send(interaction, embeds=[removed_embed(removed)], ephemeral=True)


    @article.command(name="restore")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(id="The off-topic article's number, as in /article list off_topic:true")
    async def restore(self, interaction: discord.Interaction, id: app_commands.Range[int, 1]) -> None:
        """Use an article stored as off-topic after all: its facts are extracted and stored."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            result = await articles.restore_article(
                session=session, workspace=workspace_of(interaction), article_id=id, executor=self.bot.executor
            )
        nudge_alerts(self.bot)
        await send(interaction, embeds=[restored_embed(result)], ephemeral=True)


async def setup(bot: BriefBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Articles(bot))
