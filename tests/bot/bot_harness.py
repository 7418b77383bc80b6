"""The harness that drives the real bot without Discord (fixtures in ``conftest.py``).

:class:`FakeDiscord` is an aiohttp server on 127.0.0.1 that answers the few
REST routes the bot uses (login, application info, command sync, interaction
callbacks, webhook followups) and records every request, JSON or multipart.
``discord.http.Route.BASE`` points at it, so discord.py's own HTTP client,
rate-limit handling and payload building all run for real. ``bot.login``
runs ``setup_hook`` for real (cogs load, the dev guild is synced); no gateway
connection is made. Interactions are injected the way the gateway would deliver
them, through ``ConnectionState.parse_interaction_create`` (discord.py's own
tests build ``discord.Interaction(data=..., state=client._connection)``), and
the tests assert on the JSON the bot sent back. Files a user attaches to a command
(:meth:`FakeDiscord.attachment`) are served from the same server, as Discord's CDN
serves them, so ``discord.Attachment.read`` downloads them for real.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import discord
from aiohttp import web

from bot import limits
from bot.app import BriefBot
from briefings.config import Settings

APP_ID = 100_000_000_000_000_001
BOT_ID = APP_ID
CHANNEL_ID = 300_000_000_000_000_001
ADMIN_ID = 400_000_000_000_000_001
MEMBER_ID = 400_000_000_000_000_002
#: View Channel + Send Messages + Read History: an ordinary member.
MEMBER_PERMS = 0x400 | 0x800 | 0x10000
#: The same plus Manage Server.
ADMIN_PERMS = MEMBER_PERMS | 0x20
EPHEMERAL = 64
_guilds = itertools.count(500_000_000_000_000_001)


def user_json(user_id: int, name: str, *, bot: bool = False) -> dict:
    """A Discord user object."""
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses a body as JSON only when Content-Type is exactly application/json (no charset).
    return web.Response(body=json.dumps(data).encode(), status=status, content_type="application/json")


@dataclass
class Recorded:
    """One request the bot made: method, path, query, JSON body and any uploaded files."""

    method: str
    path: str
    query: dict[str, str]
    json: Any = None
    files: list[dict] = field(default_factory=list)


async def serve_local(handler: Any) -> tuple[web.AppRunner, str]:
    """Serve ``handler`` for every path on a free port of 127.0.0.1; the runner and discord.py's API base."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/api/v10"


class FakeDiscord:
    """The REST side of Discord, enough for login, sync and interactions; every request is recorded."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.messages: dict[int, dict] = {}
        # Component interactions by id -> the message they came from: an update (7) edits that message.
        self.sources: dict[str, int] = {}
        self._ids = itertools.count(700_000_000_000_000_001)
        self.runner: web.AppRunner | None = None
        self.base = ""
        self.cdn: dict[str, bytes] = {}

    async def start(self) -> None:
        """Serve on a free port of 127.0.0.1."""
        self.runner, self.base = await serve_local(self.handle)

    async def stop(self) -> None:
        """Shut the server down."""
        if self.runner is not None:
            await self.runner.cleanup()

    def next_id(self) -> int:
        """A fresh snowflake."""
        return next(self._ids)

    def attachment(
        self, filename: str, data: bytes, *, content_type: str | None = None, size: int | None = None
    ) -> dict:
        """An attachment object for a command option, its bytes served at its ``url`` (``size`` as Discord says)."""
        attachment_id = str(self.next_id())
        path = f"/cdn/attachments/{attachment_id}/{filename}"
        self.cdn[path] = data
        url = self.base.removesuffix("/api/v10") + path
        payload = {"id": attachment_id, "filename": filename, "size": len(data) if size is None else size}
        payload |= {"url": url, "proxy_url": url}
        if content_type:
            payload["content_type"] = content_type
        return payload

    def downloads(self) -> list[str]:
        """The attachment paths the bot downloaded, in order."""
        return [r.path for r in self.requests if r.method == "GET" and r.path.startswith("/cdn/")]

    async def _read(self, request: web.Request) -> Recorded:
        path = request.path.removeprefix("/api/v10")
        rec = Recorded(request.method, path, dict(request.query))
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                data = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":  # type: ignore[union-attr]
                    rec.json = json.loads(data)
                else:
                    rec.files.append(
                        {
                            "name": part.name,  # type: ignore[union-attr]
                            "filename": part.filename,  # type: ignore[union-attr]
                            "content_type": part.headers.get("Content-Type"),  # type: ignore[union-attr]
                            "data": bytes(data),
                        }
                    )
        elif request.can_read_body:
            raw = await request.read()
            rec.json = json.loads(raw) if raw else None
        return rec

    def message_json(self, body: dict | None, *, flags: int = 0, message_id: int | None = None) -> dict:
        """The message Discord would create from a message body, remembered by id."""
        body = body or {}
        mid = message_id or self.next_id()
        msg = {
            "id": str(mid),
            "channel_id": str(CHANNEL_ID),
            "type": 20,
            "content": body.get("content") or "",
            "author": user_json(BOT_ID, "briefbot", bot=True),
            "embeds": body.get("embeds") or [],
            "attachments": [
                {
                    "id": str(self.next_id()),
                    "filename": a.get("filename", "file"),
                    "size": 1,
                    "url": "https://cdn.invalid/a",
                    "proxy_url": "https://cdn.invalid/a",
                }
                for a in body.get("attachments") or []
            ],
            "components": body.get("components") or [],
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "mention_everyone": False,
            "tts": False,
            "timestamp": "2025-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "flags": flags | (body.get("flags") or 0),
        }
        self.messages[mid] = msg
        return msg

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one route (404 for anything the bot should not be calling)."""
        rec = await self._read(request)
        self.requests.append(rec)
        parts = rec.path.strip("/").split("/")
        m = rec.method
        if m == "GET" and rec.path in self.cdn:
            return web.Response(body=self.cdn[rec.path], content_type="application/octet-stream")
        if m == "GET" and rec.path == "/users/@me":
            return _json(user_json(BOT_ID, "briefbot", bot=True))
        if m == "GET" and rec.path == "/oauth2/applications/@me":
            return _json(
                {
                    "id": str(APP_ID),
                    "name": "briefbot",
                    "description": "",
                    "icon": None,
                    "bot_public": False,
                    "bot_require_code_grant": False,
                    "owner": user_json(ADMIN_ID, "owner"),
                    "verify_key": "0" * 64,
                    "flags": 0,
                }
            )
        if m == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            guild = parts[3] if len(parts) == 5 else None
            out = []
            for cmd in rec.json or []:
                made = {**cmd, "id": str(self.next_id()), "application_id": str(APP_ID), "version": "1"}
                if guild:
                    made["guild_id"] = guild
                out.append(made)
            return _json(out)
        if m == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            body = rec.json or {}
            kind = body.get("type")
            data = body.get("data") or {}
            flags = data.get("flags") or 0
            interaction = {
                "id": parts[1],
                "type": 2,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(flags & EPHEMERAL),
            }
            resource: dict = {"type": kind}
            if kind in (4, 5, 7):
                same = self.sources.get(parts[1]) if kind == 7 else None
                msg = self.message_json(data if kind != 5 else {}, flags=flags, message_id=same)
                interaction["response_message_id"] = msg["id"]
                resource["message"] = msg
            return _json({"interaction": interaction, "resource": resource})
        if parts[0] == "webhooks" and m in ("POST", "PATCH", "GET"):
            if m == "POST":
                return _json(self.message_json(rec.json))
            return _json(self.message_json(rec.json if m == "PATCH" else {}))
        if m == "POST" and parts[0] == "channels" and parts[-1] == "messages":
            return _json(self.message_json(rec.json))
        return _json({"message": f"fake Discord has no route {m} {rec.path}", "code": 0}, status=404)


@dataclass
class Exchange:
    """What the bot sent back for one interaction."""

    requests: list[Recorded]

    @property
    def callbacks(self) -> list[Recorded]:
        """The interaction callbacks (first response)."""
        return [r for r in self.requests if r.path.endswith("/callback")]

    @property
    def callback_type(self) -> int | None:
        """The type of the first response: 4 message, 5 deferred, 7 update, 9 modal."""
        return self.callbacks[0].json["type"] if self.callbacks else None

    @property
    def followups(self) -> list[Recorded]:
        """Webhook followups and edits of the original response."""
        return [r for r in self.requests if r.path.startswith("/webhooks/")]

    def messages(self) -> list[dict]:
        """Every message body the bot sent: response data, followups and edits."""
        out = []
        for r in self.requests:
            if r.path.endswith("/callback"):
                if r.json.get("type") in (4, 7) and r.json.get("data") is not None:
                    out.append(r.json["data"])
            elif r.path.startswith("/webhooks/") and r.method in ("POST", "PATCH") and r.json is not None:
                out.append(r.json)
        return out

    def last(self) -> dict:
        """The last message body sent."""
        msgs = self.messages()
        assert msgs, f"the bot sent no message; requests: {[(r.method, r.path) for r in self.requests]}"
        return msgs[-1]

    def files(self) -> list[dict]:
        """Every file uploaded with the answer."""
        return [f for r in self.requests for f in r.files]

    def text(self) -> str:
        """All content and embed text sent, for searching."""
        return json.dumps(self.messages(), ensure_ascii=False)

    def ephemeral(self) -> bool:
        """True when the first response (message or deferral) was ephemeral."""
        first = self.callbacks[0].json
        return bool(((first.get("data") or {}).get("flags") or 0) & EPHEMERAL)


class Harness:
    """The running bot and the fake Discord it talks to."""

    def __init__(self, bot: BriefBot, fake: FakeDiscord, guild_id: int) -> None:
        self.bot = bot
        self.fake = fake
        self.guild_id = guild_id
        self._seq = itertools.count(1)

    @property
    def workspace(self) -> str:
        """The store workspace of the test guild."""
        return str(self.guild_id)

    def _base(self, kind: int, *, user_id: int, perms: int) -> dict:
        n = next(self._seq)
        name = "admin" if user_id == ADMIN_ID else f"member{user_id % 1000}"
        return {
            "id": str(self.fake.next_id()),
            "application_id": str(APP_ID),
            "type": kind,
            "token": f"token-{n}-{self.fake.next_id()}",
            "version": 1,
            "guild_id": str(self.guild_id),
            "channel_id": str(CHANNEL_ID),
            "channel": {
                "id": str(CHANNEL_ID),
                "type": 0,
                "guild_id": str(self.guild_id),
                "name": "news",
                "position": 0,
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
            },
            "member": {
                "user": user_json(user_id, name),
                "roles": [],
                "joined_at": "2024-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": str(perms),
            },
            "app_permissions": str(ADMIN_PERMS),
            "locale": "en-US",
            "guild_locale": "en-US",
            "attachment_size_limit": 8 * 1024 * 1024,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0,
        }

    def command_data(self, path: str, options: dict[str, Any]) -> dict:
        """Interaction data for ``"article show"`` with ``{"id": 3}``, typed from the registered command."""
        names = path.split()
        cmd: Any = self.bot.tree.get_command(names[0])
        assert cmd is not None, f"no command /{names[0]}"
        for sub in names[1:]:
            cmd = cmd.get_command(sub)
            assert cmd is not None, f"no subcommand {sub} in /{path}"
        params = {p.name: p for p in cmd.parameters}
        opts = []
        resolved: dict[str, dict] = {}
        for key, value in options.items():
            assert key in params, f"/{path} has no option {key}"
            if params[key].type is discord.AppCommandOptionType.attachment:
                # The option holds the attachment's id; the attachment itself comes in "resolved".
                resolved.setdefault("attachments", {})[value["id"]] = value
                value = value["id"]
            elif params[key].type is discord.AppCommandOptionType.channel:
                # A channel: Discord sends it resolved, and discord.py finds it in the guild's cache.
                resolved.setdefault("channels", {})[str(value)] = self.cache_channel(int(value))
                value = str(value)
            opts.append({"type": params[key].type.value, "name": key, "value": value})
        for depth, sub in reversed(list(enumerate(names[1:], start=1))):
            del depth
            opts = [{"type": 1, "name": sub, "options": opts}]
        data = {"id": str(APP_ID + 7), "name": names[0], "type": 1, "options": opts, "guild_id": str(self.guild_id)}
        if resolved:
            data["resolved"] = resolved
        return data

    def cache_channel(self, channel_id: int) -> dict:
        """Put a text channel of the test guild in the bot's cache (as the gateway would); its JSON."""
        import discord

        state = self.bot._connection
        data = {
            "id": str(channel_id), "type": 0, "guild_id": str(self.guild_id), "name": f"news-{channel_id % 1000}",
            "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None,
            "permissions": str(ADMIN_PERMS),
        }
        guild = state._get_guild(self.guild_id)
        if guild is None:
            guild = state._add_guild_from_data({"id": str(self.guild_id), "name": "test guild"})  # type: ignore[arg-type]
        guild._add_channel(discord.TextChannel(state=state, guild=guild, data=data))  # type: ignore[arg-type]
        return data

    async def _dispatch(self, payload: dict) -> Exchange:
        token = payload["token"]
        start = len(self.fake.requests)
        before = asyncio.all_tasks()
        self.bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
        await self.wait_idle(before)
        return Exchange([r for r in self.fake.requests[start:] if token in r.path])

    async def wait_idle(self, before: set[asyncio.Task], limit: float = 20.0) -> None:
        """Wait for the command, view and modal tasks the injected interaction started."""
        prefixes = ("CommandTree-invoker", "discord-ui-view-dispatch", "discord-ui-modal-dispatch")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while True:
            pending = [t for t in asyncio.all_tasks() - before if not t.done() and t.get_name().startswith(prefixes)]
            if not pending:
                return
            remaining = deadline - loop.time()
            assert remaining > 0, f"interaction still running after {limit} s: {pending}"
            await asyncio.wait(pending, timeout=remaining)

    async def invoke(self, path: str, *, user: int = ADMIN_ID, perms: int | None = None, **options: Any) -> Exchange:
        """Run ``/path`` as a slash command from ``user`` and return what the bot sent."""
        if perms is None:
            perms = ADMIN_PERMS if user == ADMIN_ID else MEMBER_PERMS
        payload = self._base(2, user_id=user, perms=perms)
        payload["data"] = self.command_data(path, options)
        return await self._dispatch(payload)

    async def autocomplete(self, path: str, focused: str, value: str, *, user: int = MEMBER_ID) -> list[dict]:
        """Type ``value`` into option ``focused`` and return the choices the bot offered."""
        payload = self._base(4, user_id=user, perms=MEMBER_PERMS)
        data = self.command_data(path, {focused: value})
        option = data["options"][0]
        while option.get("type") == 1:
            option = option["options"][0]
        option["focused"] = True
        payload["data"] = data
        exchange = await self._dispatch(payload)
        assert exchange.callback_type == 8, f"expected an autocomplete result, got {exchange.callback_type}"
        return exchange.callbacks[0].json["data"]["choices"]

    async def click(self, message: dict, label: str, *, user: int = ADMIN_ID) -> Exchange:
        """Press the button labelled ``label`` on a message the bot sent."""
        stored = self._stored_message(message)
        button = next(
            (c for row in stored["components"] for c in row["components"] if c.get("label") == label),
            None,
        )
        assert button is not None, f"no button {label!r} on the message"
        payload = self._base(3, user_id=user, perms=ADMIN_PERMS if user == ADMIN_ID else MEMBER_PERMS)
        payload["message"] = stored
        self.fake.sources[payload["id"]] = int(stored["id"])
        payload["data"] = {"custom_id": button["custom_id"], "component_type": 2}
        return await self._dispatch(payload)

    def _stored_message(self, body: dict) -> dict:
        for msg in reversed(self.fake.messages.values()):
            if msg["components"] == (body.get("components") or []) and msg["embeds"] == (body.get("embeds") or []):
                return msg
        raise AssertionError("the fake has no such message")

    async def submit_modal(
        self, modal: dict, values: dict[str, str], *, user: int = ADMIN_ID, perms: int | None = None
    ) -> Exchange:
        """Fill the modal the bot opened (``{label: value}``) and submit it."""
        if perms is None:
            perms = ADMIN_PERMS if user == ADMIN_ID else MEMBER_PERMS
        rows = []
        inputs = [c for row in modal["components"] for c in row["components"]]
        labels = {c["label"]: c["custom_id"] for c in inputs}
        for label, value in values.items():
            assert label in labels, f"no field {label!r} in the modal: {list(labels)}"
            rows.append({"type": 1, "components": [{"type": 4, "custom_id": labels[label], "value": value}]})
        payload = self._base(5, user_id=user, perms=perms)
        payload["data"] = {"custom_id": modal["custom_id"], "components": rows}
        return await self._dispatch(payload)

    def sync_requests(self) -> list[Recorded]:
        """Every command sync the bot made."""
        return [r for r in self.fake.requests if r.method == "PUT" and r.path.endswith("/commands")]


def assert_within_limits(exchange: Exchange) -> None:
    """Every message the bot sent passes the one limits check."""
    for body in exchange.messages():
        limits.check_payload(body)


def bot_settings(guild_id: int | None, **overrides: Any) -> Settings:
    """Settings for a test bot (no .env is read)."""
    values: dict[str, Any] = {"discord_token": "fake-token", "dev_guild_id": guild_id, "database_url": "sqlite://"}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def iter_option_tree(command: dict) -> Iterator[dict]:
    """A command and every subcommand and option under it."""
    yield command
    for option in command.get("options") or []:
        yield from iter_option_tree(option)


def next_guild() -> int:
    """A guild id (and so a workspace) no other test uses."""
    return next(_guilds)
