"""A real HTTP(S) server on 127.0.0.1 serving pages and feeds we wrote, plus test resolvers.

No test in this folder touches the internet: host names are answered by an
injected resolver, and the one "public" address the tests use is rewritten to
127.0.0.1 by :class:`LoopbackTransport` before any socket is opened.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from aiohttp import web

DATA = Path(__file__).parent / "pages"
#: A global unicast address the tests pretend a public site lives at; never contacted.
PUBLIC_IP = "93.184.216.34"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _app() -> web.Application:
    async def static(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        types = {
            ".html": "text/html; charset=utf-8",
            ".txt": "text/plain; charset=utf-8",
            ".xml": "application/rss+xml" if "rss" in name else "application/atom+xml",
        }
        kind = types.get(Path(name).suffix)
        if kind is None or not (DATA / name).is_file():
            raise web.HTTPNotFound()
        return web.Response(
            body=read(name), headers={"Content-Type": kind, "Last-Modified": "Tue, 12 Mar 2024 08:20:00 GMT"}
        )

    async def redirect(request: web.Request) -> web.Response:
        left = int(request.match_info["n"])
        target = "/article_dated.html" if left <= 1 else f"/redirect/{left - 1}"
        raise web.HTTPFound(target)

    async def redirect_to(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])

    async def echo_host(request: web.Request) -> web.Response:
        return web.Response(text=f"host={request.headers.get('Host')}", content_type="text/plain")

    async def slow_headers(request: web.Request) -> web.Response:
        await asyncio.sleep(float(request.query.get("s", "3")))
        return web.Response(text="<html><body><p>late</p></body></html>", content_type="text/html")

    async def slow_body(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        for _ in range(30):
            await response.write(b"<p>drip</p>\n")
            await asyncio.sleep(0.1)
        await response.write_eof()
        return response

    async def huge(request: web.Request) -> web.Response:
        return web.Response(body=b"<p>" + b"x" * 200_000 + b"</p>", content_type="text/html")

    async def huge_chunked(request: web.Request) -> web.StreamResponse:
        # No Content-Length: the size is only known while reading.
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(50):
            await response.write(b"y" * 10_000)
        await response.write_eof()
        return response

    async def image(request: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")

    async def missing(request: web.Request) -> web.Response:
        raise web.HTTPNotFound()

    async def cp1252(request: web.Request) -> web.Response:
        html = (
            '<html><head><meta charset="windows-1252"><title>Quotes</title></head>'
            "<body><p>The minister said \u201cnot yet\u201d \u2013 twice.</p></body></html>"
        )
        # The HTTP header names no charset: only the page's own <meta> says how to decode it.
        return web.Response(body=html.encode("cp1252"), headers={"Content-Type": "text/html"})

    app = web.Application()
    app.router.add_get("/redirect/{n}", redirect)
    app.router.add_get("/redirect-to", redirect_to)
    app.router.add_get("/echo-host", echo_host)
    app.router.add_get("/slow-headers", slow_headers)
    app.router.add_get("/slow-body", slow_body)
    app.router.add_get("/huge", huge)
    app.router.add_get("/huge-chunked", huge_chunked)
    app.router.add_get("/image.png", image)
    app.router.add_get("/missing", missing)
    app.router.add_get("/cp1252", cp1252)
    app.router.add_get("/{name}", static)
    return app


@dataclass
class Server:
    """A running test server."""

    port: int
    scheme: str = "http"

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"


async def _start(ssl_context: ssl.SSLContext | None = None) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(_app(), shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context)
    await site.start()
    sock = site._server.sockets[0]  # type: ignore[union-attr]
    return runner, sock.getsockname()[1]


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    runner, port = await _start()
    yield Server(port)
    await runner.cleanup()


@dataclass
class TLSServer(Server):
    """An HTTPS test server whose certificate names ``news.example`` only."""

    client_context: ssl.SSLContext = field(default_factory=ssl.create_default_context)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=news.example"),
            *("-addext", "subjectAltName=DNS:news.example"),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
async def tls_server(certificate: tuple[Path, Path]) -> AsyncIterator[TLSServer]:
    cert, key = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    client_context = ssl.create_default_context(cafile=str(cert))
    runner, port = await _start(server_context)
    yield TLSServer(port=port, scheme="https", client_context=client_context)
    await runner.cleanup()


class MapResolver:
    """A resolver that answers from a dict and records every question."""

    def __init__(self, answers: dict[str, Sequence[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(self.answers[host])


class LoopbackTransport(httpx.AsyncBaseTransport):
    """Sends requests for :data:`PUBLIC_IP` to 127.0.0.1 and refuses every other destination.

    It stands in for the internet, so tests can check what happens when a
    public host redirects or misbehaves, with ``allow_private=False``.
    """

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport(trust_env=False)
        self.seen: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if request.url.host != PUBLIC_IP:
            raise AssertionError(f"test tried to connect to {request.url.host}")
        request.url = request.url.copy_with(host="127.0.0.1")
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
async def internet() -> AsyncIterator[tuple[httpx.AsyncClient, LoopbackTransport]]:
    transport = LoopbackTransport()
    async with httpx.AsyncClient(transport=transport, trust_env=False) as client:
        yield client, transport


class NoNetworkTransport(httpx.AsyncBaseTransport):
    """Fails the test if a request is ever sent: refusals must happen before connecting."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"request sent to {request.url}")


@pytest.fixture
async def no_network_client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=NoNetworkTransport()) as client:
        yield client


@pytest.fixture
def resolver() -> type[MapResolver]:
    """The :class:`MapResolver` class, for tests to build resolvers with their own answers."""
    return MapResolver


@pytest.fixture
def public_ip() -> str:
    return PUBLIC_IP
