"""Time page extraction and htmldate's fast and extensive date searches, and a local fetch.

Run: ``.venv/bin/python bench/bench_fetch_extract.py``. Prints figures; asserts nothing.
Pages are built from the test pages we wrote, padded with our own filler to news-page size.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import htmldate
from aiohttp import web
from trafilatura.utils import load_html

from briefings.fetch import fetch
from briefings.webpage import extract_page

PAGES = Path(__file__).resolve().parent.parent / "tests" / "web" / "pages"
FILLER = "".join(
    f'<div class="teaser"><a href="/story/{i}">Related story number {i} about the region</a>'
    f"<span>{i} comments</span></div>\n"
    for i in range(300)
)


def _sized(name: str) -> str:
    html = (PAGES / name).read_text(encoding="utf-8")
    # Real news pages carry far more navigation than text: pad to a few tens of kB.
    return html.replace("</article>", "</article>" + FILLER).replace("</main>", "</main>" + FILLER)


def _time(label: str, func: Callable[[], object], repeat: int = 30) -> None:
    func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:<52} median {statistics.median(samples):7.2f} ms   max {max(samples):7.2f} ms")


def bench_extraction() -> None:
    for name in ("article_dated.html", "article_undated.html"):
        html = _sized(name)
        tree = load_html(html)
        print(f"{name}: {len(html) / 1000:.0f} kB")
        _time(
            "  htmldate find_date extensive_search=False",
            lambda tree=tree: htmldate.find_date(tree, original_date=True, extensive_search=False),
        )
        _time(
            "  htmldate find_date extensive_search=True",
            lambda tree=tree: htmldate.find_date(tree, original_date=True, extensive_search=True),
        )
        _time("  extract_page (all steps)", lambda html=html: extract_page(html, "https://news.example/world/story"))


async def bench_fetch() -> None:
    body = _sized("article_dated.html").encode()

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="text/html")

    app = web.Application()
    app.router.add_get("/", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}/"
    samples = []
    for _ in range(30):
        start = time.perf_counter()
        await fetch(url, allow_private=True)
        samples.append((time.perf_counter() - start) * 1000)
    print(
        f"{'fetch of a ' + str(len(body) // 1000) + ' kB page from 127.0.0.1 (new client each)':<52} "
        f"median {statistics.median(samples):7.2f} ms   max {max(samples):7.2f} ms"
    )
    await runner.cleanup()


if __name__ == "__main__":
    bench_extraction()
    asyncio.run(bench_fetch())
