"""A small news site on 127.0.0.1 whose pages and feeds a test can change while it runs.

The articles below are ours, written for these tests.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field

from aiohttp import web

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"


def article_html(
    title: str, paragraphs: list[str], *, site: str | None = "The Ridge Ledger", published: str | None = None
) -> str:
    """A news page: navigation, one article, a footer; metadata only for what is given."""
    meta = [f'<meta property="og:title" content="{title}">']
    if site:
        meta.append(f'<meta property="og:site_name" content="{site}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title>{''.join(meta)}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/region'>Region</a> <a href='/weather'>Weather</a></nav>"
        f"<article><h1>{title}</h1>\n{body}\n</article>"
        "<footer><p>Letters to the editor: see the contact page.</p></footer></body></html>"
    )


OUTPOST = [
    "About 1,200 American soldiers remain in eastern Syria, a defence official said on Monday, "
    "down from roughly 1,500 at the start of the year.",
    "The official, who spoke on condition of anonymity, said engineers had begun dismantling two of "
    "the four accommodation blocks and that heavy vehicles would leave by road.",
    "Local leaders said they had been told little about the timetable and asked for talks with the "
    "regional command before the end of the month.",
]

PATROLS = [
    "Joint patrols along the river crossing were suspended for a week after a roadside blast damaged "
    "a supply truck, two officials said.",
    "Nobody was hurt in the blast, according to a statement from the coalition, which said the road "
    "had been reopened by the evening.",
    "Traders in the border market said the closure had doubled the price of fuel within days.",
]

AIRSTRIP = [
    "Work crews have lengthened the runway at the northern airstrip so that larger cargo planes can "
    "land there, satellite pictures reviewed by analysts show.",
    "A spokeswoman for the US military said the work was maintenance that had been planned for two years "
    "and did not signal any change in the mission.",
    "Residents of the nearest town said night flights had become more frequent since the spring.",
]


def rss(title: str, items: list[tuple[str, str, str, str | None]]) -> str:
    """An RSS 2.0 feed; each item is (guid, link, title, pubDate or None)."""
    entries = []
    for guid, link, item_title, date in items:
        when = f"<pubDate>{date}</pubDate>" if date else ""
        entries.append(
            f"<item><title>{item_title}</title><link>{link}</link>"
            f"<guid isPermaLink='false'>{guid}</guid>{when}</item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{title}</title><link>http://ledger.example/</link><description>News</description>"
        f"{''.join(entries)}</channel></rss>"
    )


@dataclass
class Site:
    """The running site: ``pages`` maps a path to (content type, body, status) and may change at any time."""

    port: int = 0
    pages: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    #: path -> (ETag, Last-Modified) the site sends, and answers 304 to when a request carries them back.
    validators: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: (path, request headers) of every request, in order.
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, body: str, content_type: str = HTML, status: int = 200) -> str:
        """Serve ``body`` at ``path`` and return its URL."""
        self.pages[path] = (content_type, body, status)
        return self.url(path)

    def hits_of(self, path: str) -> int:
        return self.hits.count(path)


@asynccontextmanager
async def running_site() -> AsyncIterator[Site]:
    """Start a :class:`Site` on an ephemeral port of 127.0.0.1."""
    site = Site()

    async def handle(request: web.Request) -> web.Response:
        site.hits.append(request.path)
        site.requests.append((request.path, dict(request.headers)))
        if request.path.startswith("/moved/"):
            raise web.HTTPFound(request.path.removeprefix("/moved"))
        if request.path not in site.pages:
            raise web.HTTPNotFound()
        kind, body, status = site.pages[request.path]
        headers = {"Content-Type": kind}
        if request.path in site.validators:
            etag, modified = site.validators[request.path]
            headers.update({"ETag": etag, "Last-Modified": modified})
            sent = request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since")
            if sent[0] == etag or (sent[0] is None and sent[1] == modified):
                return web.Response(status=304, headers={"ETag": etag, "Last-Modified": modified})
        return web.Response(body=body.encode("utf-8"), status=status, headers=headers)

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    site.port = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield site
    finally:
        await runner.cleanup()


@contextmanager
def site_in_thread() -> Iterator[Site]:
    """A :class:`Site` served from its own event loop in a thread, for code that runs ``asyncio.run`` itself."""
    started = threading.Event()
    holder: dict[str, object] = {}

    def serve() -> None:
        async def main() -> None:
            async with running_site() as site:
                holder["site"] = site
                holder["stop"] = stop = asyncio.Event()
                holder["loop"] = asyncio.get_running_loop()
                started.set()
                await stop.wait()

        asyncio.run(main())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    if not started.wait(10):
        raise RuntimeError("the test site did not start")
    try:
        yield holder["site"]  # type: ignore[misc]
    finally:
        loop = holder["loop"]
        loop.call_soon_threadsafe(holder["stop"].set)  # type: ignore[attr-defined]
        thread.join(10)
