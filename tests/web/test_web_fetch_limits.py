"""The fetcher's size and time limits against a real server on 127.0.0.1: compression bombs, bodies just over
the default 5 MB, and the default 15 s (on an event loop whose clock runs fast, so the test takes a second).

Peak memory is measured twice: Python's allocations with tracemalloc, and the process's resident set with
Linux's peak counter (``VmHWM``, reset through ``/proc/self/clear_refs``), so neither a busy machine nor
memory outside Python's allocator can hide a body decoded whole.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import selectors
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from hypothesis import example, given, settings
from hypothesis import strategies as st
from multidict import CIMultiDict

from briefings.errors import FetchFailed, FetchRefused
from briefings.fetch import _Decoder, fetch

MB = 1_000_000
#: The fetcher's default size limit as the README states it (web pages and feeds rely on the default).
MAX_BYTES = 5_000_000
#: Response headers: a dict, or (name, value) pairs when a name repeats.
Headers = dict[str, str] | list[tuple[str, str]]


def _gzip_of_zeros(megabytes: int) -> bytes:
    """A gzip stream of ``megabytes`` MiB of zeros, built from one compressed MiB repeated (fast to make).

    Each MiB ends with a full flush, so every MiB after the first compresses to the same bytes. The trailer's
    checksum covers only the first MiB: a reader that decodes the whole stream fails at the very end, long after
    it should have stopped.
    """
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    first = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    return first + again * (megabytes - 2) + c.compress(zeros) + c.flush()


def _gzip(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return c.compress(data) + c.flush()


@dataclass
class Site:
    port: int
    hits: list[str]
    #: The Accept-Encoding header of each request.
    accepted: list[str | None] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@contextmanager
def _memory() -> Iterator[dict[str, int]]:
    """Peak growth of Python allocations and of the resident set while the block runs, in bytes."""
    out: dict[str, int] = {}
    clear = Path("/proc/self/clear_refs")

    def status() -> dict[str, int]:
        found = re.findall(r"(VmHWM|VmRSS):\s+(\d+) kB", Path("/proc/self/status").read_text())
        return {k: int(v) * 1024 for k, v in found}

    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    try:
        base_py = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        rss = False
        try:
            clear.write_text("5")  # resets VmHWM to the current resident set
            rss = True
        except OSError:
            pass
        base_rss = status()["VmRSS"]
        yield out
        out["python"] = tracemalloc.get_traced_memory()[1] - base_py
        if rss:
            out["rss"] = status()["VmHWM"] - base_rss
    finally:
        if not tracing:
            tracemalloc.stop()


def _app(site: Site, bodies: dict[str, tuple[bytes, Headers]]) -> web.Application:
    hits = site.hits

    async def fixed(request: web.Request) -> web.Response:
        hits.append(request.path)
        site.accepted.append(request.headers.get("Accept-Encoding"))
        body, headers = bodies[request.path]
        pairs = headers.items() if isinstance(headers, dict) else headers
        sent = CIMultiDict([("Content-Type", "text/html"), *pairs])
        return web.Response(body=body, headers=sent)

    async def streamed(request: web.Request) -> web.StreamResponse:
        # Chunked, no Content-Length: the size is only known while reading.
        hits.append(request.path)
        size = int(request.query["bytes"])
        response = web.StreamResponse(headers={"Content-Type": "text/plain"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        sent = 0
        while sent < size:
            n = min(100_000, size - sent)
            await response.write(b"z" * n)
            sent += n
        await response.write_eof()
        return response

    async def drip(request: web.Request) -> web.StreamResponse:
        hits.append(request.path)
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        while True:  # until the client gives up
            await response.write(b"<p>still here</p>\n")
            await asyncio.sleep(1)

    app = web.Application()
    app.router.add_get("/streamed", streamed)
    app.router.add_get("/drip", drip)
    for path in bodies:
        app.router.add_get(path, fixed)
    return app


async def _serve(bodies: dict[str, tuple[bytes, Headers]]) -> tuple[web.AppRunner, Site]:
    served = Site(0, [])
    runner = web.AppRunner(_app(served, bodies), shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    served.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, served


#: 8,000 MiB of zeros, gzipped, then gzipped again: about 19 kB on the wire.
TWICE = _gzip(_gzip_of_zeros(8000))
#: 1,000 MiB of zeros gzipped once: about 1 MB on the wire, under the limit until decoded.
ONCE = _gzip_of_zeros(1000)
TEXT = b"<html><body><p>Troops left the base on Sunday.</p></body></html>" * 1000


def _deflate(data: bytes, *, raw: bool) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
    return c.compress(data) + c.flush()


BODIES: dict[str, tuple[bytes, Headers]] = {
    "/twice": (TWICE, {"Content-Encoding": "gzip, gzip"}),
    "/twice-in-two-headers": (TWICE, [("Content-Encoding", "gzip"), ("Content-Encoding", "gzip")]),
    "/once": (ONCE, {"Content-Encoding": "gzip"}),
    "/gzip": (_gzip(TEXT), {"Content-Encoding": "gzip"}),
    "/x-gzip": (_gzip(TEXT), {"Content-Encoding": "x-gzip"}),
    "/two-members": (_gzip(TEXT[:5000]) + _gzip(TEXT[5000:]), {"Content-Encoding": "gzip"}),
    "/deflate": (_deflate(TEXT, raw=False), {"Content-Encoding": "deflate"}),
    "/raw-deflate": (_deflate(TEXT, raw=True), {"Content-Encoding": "deflate"}),
    "/identity": (TEXT, {"Content-Encoding": "identity"}),
    "/br": (b"\x0b\x02\x80hello\x03", {"Content-Encoding": "br"}),
    "/zstd": (b"\x28\xb5\x2f\xfd", {"Content-Encoding": "zstd"}),
    "/gzip-br": (TEXT, {"Content-Encoding": "gzip, br"}),
    "/broken-gzip": (b"\x1f\x8b\x08\x00" + b"not gzip at all" * 10, {"Content-Encoding": "gzip"}),
    "/exactly-5mb": (_gzip(b"a" * MAX_BYTES), {"Content-Encoding": "gzip"}),
    "/5mb-and-1": (_gzip(b"a" * (MAX_BYTES + 1)), {"Content-Encoding": "gzip"}),
}


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    runner, s = await _serve(BODIES)
    yield s
    await runner.cleanup()


async def _timed(call: Callable[[], Any]) -> tuple[BaseException | Any, float, dict[str, int]]:
    with _memory() as memory:
        start = time.perf_counter()
        try:
            result: Any = await call()
        except Exception as exc:
            result = exc
        elapsed = time.perf_counter() - start
    return result, elapsed, memory


@pytest.mark.parametrize("path", ["/twice", "/twice-in-two-headers"])
async def test_a_body_compressed_twice_is_refused_at_once_and_never_decoded(site: Site, path: str) -> None:
    result, elapsed, memory = await _timed(lambda: fetch(site.url(path), allow_private=True))
    assert isinstance(result, FetchRefused), result
    assert str(result) == "refused: the page is compressed more than once (gzip, gzip)"
    assert site.hits == [path]
    assert elapsed < 2.0, elapsed
    assert memory["python"] < 100 * MB, memory
    assert memory.get("rss", 0) < 100 * MB, memory


async def test_a_gzip_body_that_decodes_past_5_mb_is_refused_while_decoding(site: Site) -> None:
    assert len(ONCE) < MAX_BYTES  # on the wire it is within the limit
    result, elapsed, memory = await _timed(lambda: fetch(site.url("/once"), allow_private=True))
    assert isinstance(result, FetchRefused), result
    assert str(result) == "refused: the page is larger than 5 MB"
    assert elapsed < 2.0, elapsed
    # What is kept is the limit's worth of decoded bytes; decoding all of it would need a GiB.
    assert memory["python"] < 100 * MB, memory
    assert memory.get("rss", 0) < 100 * MB, memory


@pytest.mark.parametrize("path", ["/gzip", "/x-gzip", "/two-members", "/deflate", "/raw-deflate", "/identity"])
async def test_gzip_and_deflate_bodies_are_decoded(site: Site, path: str) -> None:
    page = await fetch(site.url(path), allow_private=True)
    assert page.text == TEXT.decode()
    # Only what the fetcher decodes itself, a bounded step at a time, is asked for.
    assert site.accepted == ["gzip, deflate"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/br", "refused: the page is compressed with br, which is not supported"),
        ("/zstd", "refused: the page is compressed with zstd, which is not supported"),
        ("/gzip-br", "refused: the page is compressed more than once (gzip, br)"),
    ],
)
async def test_other_and_stacked_codings_are_refused(site: Site, path: str, reason: str) -> None:
    with pytest.raises(FetchRefused) as refused:
        await fetch(site.url(path), allow_private=True)
    assert str(refused.value) == reason


async def test_a_broken_gzip_body_is_a_failure_with_a_reason(site: Site) -> None:
    with pytest.raises(FetchFailed, match="sent a broken gzip body"):
        await fetch(site.url("/broken-gzip"), allow_private=True)


async def test_the_default_limit_is_5_mb_for_a_streamed_body(site: Site) -> None:
    page = await fetch(site.url(f"/streamed?bytes={MAX_BYTES}"), allow_private=True)
    assert len(page.text) == 5_000_000
    with pytest.raises(FetchRefused) as refused:
        await fetch(site.url(f"/streamed?bytes={MAX_BYTES + 1}"), allow_private=True)
    assert str(refused.value) == "refused: the page is larger than 5 MB"


async def test_the_default_limit_is_5_mb_after_decoding(site: Site) -> None:
    page = await fetch(site.url("/exactly-5mb"), allow_private=True)
    assert len(page.text) == 5_000_000
    with pytest.raises(FetchRefused, match="larger than 5 MB"):
        await fetch(site.url("/5mb-and-1"), allow_private=True)


class _FastSelector(selectors.DefaultSelector):
    """Waits ``speed`` times less than asked, to match :class:`_FastLoop`'s clock."""

    def __init__(self, speed: float) -> None:
        super().__init__()
        self.speed = speed

    def select(self, timeout: float | None = None) -> list[Any]:
        return super().select(None if timeout is None else timeout / self.speed)


class _FastLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock runs ``speed`` times faster than the wall clock.

    asyncio.timeout, asyncio.sleep and httpx's own timeouts all read ``loop.time()``, so the fetcher's
    real limit is exercised in a fraction of its length.
    """

    def __init__(self, speed: float) -> None:
        super().__init__(_FastSelector(speed))
        self._speed = speed
        self._start = time.monotonic()

    def time(self) -> float:
        return self._start + (time.monotonic() - self._start) * self._speed


def test_the_default_time_limit_is_15_s() -> None:
    async def scenario() -> tuple[BaseException, float]:
        runner, s = await _serve({})
        loop = asyncio.get_running_loop()
        try:
            start = loop.time()
            try:
                # A generous guard, in the fast clock's seconds: a limit that never fires fails here.
                async with asyncio.timeout(600):
                    await fetch(s.url("/drip"), allow_private=True)
            except FetchRefused as exc:
                return exc, loop.time() - start
            raise AssertionError("a page that never ends was accepted")
        finally:
            await runner.cleanup()

    loop = _FastLoop(speed=30)
    try:
        refused, took = loop.run_until_complete(scenario())
    finally:
        loop.close()
    assert str(refused) == "refused: took longer than 15 s"
    assert took >= 15.0


@settings(max_examples=80, deadline=None)
@given(
    data=st.lists(st.binary(max_size=3000), min_size=1, max_size=3),
    coding=st.sampled_from(["gzip", "deflate", "raw-deflate"]),
    cuts=st.lists(st.integers(min_value=0, max_value=20_000), max_size=12),
    zeros=st.integers(min_value=0, max_value=300_000),
)
# A first member that ends exactly at a step's end, then a second one.
@example(data=[b"", b"second member"], coding="gzip", cuts=[], zeros=2 * 64 * 1024)
def test_the_decoder_gives_back_the_body_however_the_stream_is_cut(
    data: list[bytes], coding: str, cuts: list[int], zeros: int
) -> None:
    # Each piece is a gzip member of its own (gzip allows several); a run of zeros spans many decoding steps.
    members = [data[0] + bytes(zeros), *data[1:]]
    if coding == "gzip":
        wire = b"".join(_gzip(m) for m in members)
    else:
        wire = _deflate(b"".join(members), raw=coding == "raw-deflate")
    decoder = _Decoder("gzip" if coding == "gzip" else "deflate")
    bounds = sorted({0, len(wire), *(c for c in cuts if c < len(wire))})
    out = []
    for a, b in itertools.pairwise(bounds):
        for piece in decoder.pieces(wire[a:b]):
            assert 0 < len(piece) <= 64 * 1024
            out.append(piece)
    assert b"".join(out) == b"".join(members)
