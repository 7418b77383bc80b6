"""Fetch one web page or feed whose URL came from a person, safely.

The bot reads URLs that Discord users paste, so a fetch must not become a way
to reach the machine the bot runs on or its network (server-side request
forgery). :func:`fetch` therefore:

* accepts http and https only;
* resolves the host itself and refuses the URL if *any* address it resolves to
  is loopback, private, link-local, shared (CGNAT), multicast, broadcast,
  reserved, unspecified or a cloud metadata address, looking through IPv6
  forms that embed an IPv4 address (``::ffff:127.0.0.1``, 6to4, Teredo, NAT64);
* connects to the address it checked, never resolving again, so a DNS answer
  that changes between the check and the connection (DNS rebinding) cannot
  redirect it: the request goes to ``http(s)://<checked ip>/...`` with the
  original ``Host`` header, and for https the original host name is used for
  SNI and certificate verification (the httpx ``sni_hostname`` extension);
* follows redirects itself, checking every hop the same way;
* stops reading at ``max_bytes`` and gives up after ``total_timeout`` seconds
  for the whole fetch, redirects included;
* decodes gzip and deflate itself, from the raw stream, a bounded piece at a
  time, counting decoded bytes as they come (a compressed body that expands a
  thousandfold is refused at ``max_bytes`` without ever being held whole, and
  the event loop runs between pieces); any other coding, and a body compressed
  more than once (``Content-Encoding: gzip, gzip``), is refused;
* reads web pages only (and feeds when asked).

``allow_private=True`` is for self-hosted sources and tests: it permits
loopback, private, link-local and CGNAT addresses. Cloud metadata addresses
(169.254.169.254 and friends), unspecified, multicast, broadcast and reserved
addresses stay refused even then, because no news source lives there and the
metadata services hand out credentials.

Every refusal raises :class:`~briefings.errors.FetchRefused`; a host that
cannot be found or reached, or an HTTP error status, raises
:class:`~briefings.errors.FetchFailed`. Both carry a one-line message an
admin can read.
"""

from __future__ import annotations

import asyncio
import codecs
import ipaddress
import logging
import re
import socket
import zlib
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import httpx

from briefings.errors import FetchFailed, FetchRefused

log = logging.getLogger(__name__)

__all__ = [
    "FEED_TYPES",
    "PAGE_TYPES",
    "FetchedPage",
    "Resolver",
    "address_problem",
    "fetch",
    "system_resolver",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: An async function that returns the IP addresses (as text) of a host name.
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

#: Media types accepted as web pages.
PAGE_TYPES: frozenset[str] = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
#: Media types accepted in addition when ``accept_feeds=True``.
FEED_TYPES: frozenset[str] = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
)

USER_AGENT = "briefbot/0.1 (news briefing bot; +https://github.com/)"
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})

# Addresses whose services hand out instance credentials: refused even with allow_private.
_METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle ...
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.169.253",  # AWS DNS resolver
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud (older)
        "fd00:ec2::254",  # AWS over IPv6
        "fd00:ec2::253",
    )
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
# Named explicitly: Python's is_private also covers documentation and benchmark ranges.
_PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)
_IPV4_RESERVED = ipaddress.ip_network("240.0.0.0/4")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")

#: The default limits of :func:`fetch` (web pages and feeds use them).
MAX_BYTES = 5_000_000
TOTAL_TIMEOUT = 15.0
#: Content codings decoded (the only ones asked for in Accept-Encoding), by their names in Content-Encoding.
_CODINGS = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}
# Decoded bytes per decompression step: a fraction of a millisecond of zlib work, so a body that
# expands a thousandfold neither holds the event loop nor overshoots the size limit by more than this.
_DECODE_STEP = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A fetched page: the final URL after redirects, its decoded text and a few headers."""

    url: str
    requested_url: str
    status: int
    content_type: str
    charset: str | None
    text: str
    #: ``etag``, ``last-modified`` and ``date`` when the server sent them (lower-case names).
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def is_feed(self) -> bool:
        """True when the server said this is an RSS/Atom/XML document."""
        return self.content_type in FEED_TYPES


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve ``host`` with the system resolver (``getaddrinfo`` runs in a worker thread)."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def address_problem(ip: IPAddress, *, allow_private: bool = False) -> str | None:
    """Why a connection to ``ip`` is refused (e.g. ``"a private address"``), or None if it is allowed."""
    problem, always = _classify(ip)
    if problem is None or (allow_private and not always):
        return None
    return problem


def _classify(ip: IPAddress) -> tuple[str | None, bool]:
    """(description, refused even with allow_private) for a non-public address; (None, False) if public."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            ip = ipaddress.IPv6Address(str(ip).split("%", 1)[0])
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            problem, always = _classify(embedded)
            if problem is not None:
                return f"an IPv6 form of {embedded}, {problem}", always
    if ip in _METADATA_ADDRESSES:
        return "a cloud metadata address", True
    if ip.is_unspecified:
        return "an unspecified address", True
    if ip.is_multicast:
        return "a multicast address", True
    if isinstance(ip, ipaddress.IPv4Address) and ip == ipaddress.IPv4Address("255.255.255.255"):
        return "a broadcast address", True
    if ip.is_loopback:
        return "a loopback address (this machine)", False
    if ip.is_link_local:
        return "a link-local address", False
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "a shared (carrier-grade NAT) address", False
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "a private address", False
    if isinstance(ip, ipaddress.IPv4Address) and ip in _IPV4_RESERVED:
        return "a reserved address", True
    if any(ip in net for net in _PRIVATE_NETWORKS):
        return "a private address", False
    if not ip.is_global:
        return "not a public internet address", False
    return None, False


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if it is one of the forms that embed one."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in net for net in _NAT64) or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _size(value: int) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g} MB"
    if value >= 1_000:
        return f"{value / 1_000:g} kB"
    return f"{value} bytes"


async def fetch(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    allow_private: bool = False,
    max_bytes: int = MAX_BYTES,
    total_timeout: float = TOTAL_TIMEOUT,
    max_redirects: int = 3,
    resolver: Resolver | None = None,
    accept_feeds: bool = False,
    conditional: Mapping[str, str] | None = None,
) -> FetchedPage:
    """Fetch ``url`` safely and return its decoded text (see the module docstring for the rules).

    Args:
        url: an http(s) URL, typically pasted by a user.
        client: an httpx client to send with (its redirects and proxies must be off for
            the address checks to mean anything); by default a fresh one without proxies.
        allow_private: permit loopback, private, link-local and CGNAT addresses
            (self-hosted sources, tests). Metadata addresses stay refused.
        max_bytes: largest body read, before and after decompression.
        total_timeout: seconds for the whole fetch, redirects included.
        max_redirects: redirects followed before giving up.
        resolver: async ``(host, port) -> addresses``; :func:`system_resolver` by default.
        accept_feeds: also accept RSS/Atom/XML media types.
        conditional: ``If-None-Match`` / ``If-Modified-Since`` to send; a ``304 Not Modified``
            answer then returns a page with ``status`` 304 and no text instead of failing.

    Raises:
        FetchRefused: the URL, an address, a redirect, the size, the time or the type is refused.
        FetchFailed: the host is unknown or unreachable, or answered with an error status.
    """
    try:
        async with asyncio.timeout(total_timeout):
            if client is not None:
                return await _fetch(
                    url, client, allow_private, max_bytes, max_redirects, resolver, accept_feeds, conditional
                )
            async with httpx.AsyncClient(
                follow_redirects=False,
                # Environment proxies would resolve the host themselves and defeat the address checks.
                trust_env=False,
                timeout=httpx.Timeout(total_timeout),
            ) as own_client:
                return await _fetch(
                    url, own_client, allow_private, max_bytes, max_redirects, resolver, accept_feeds, conditional
                )
    except TimeoutError:
        reason = f"refused: took longer than {_seconds(total_timeout)}"
        log.info("fetch of %s %s", url, reason)
        raise FetchRefused(reason) from None


def _refuse(url: str, reason: str) -> FetchRefused:
    log.info("fetch of %s %s", url, reason)
    return FetchRefused(reason)


async def _fetch(
    url: str,
    client: httpx.AsyncClient,
    allow_private: bool,
    max_bytes: int,
    max_redirects: int,
    resolver: Resolver | None,
    accept_feeds: bool,
    conditional: Mapping[str, str] | None = None,
) -> FetchedPage:
    resolve = resolver or system_resolver
    allowed_types = PAGE_TYPES | FEED_TYPES if accept_feeds else PAGE_TYPES
    try:
        current = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError):
        raise _refuse(url, f"refused: {url!r} is not a valid web address") from None
    redirects = 0
    while True:
        response = await _send_pinned(current, client, allow_private, resolve, accept_feeds, conditional)
        try:
            if response.status_code in _REDIRECT_CODES and "location" in response.headers:
                if redirects >= max_redirects:
                    raise _refuse(url, f"refused: too many redirects (more than {max_redirects})")
                redirects += 1
                # Relative locations are relative to the URL as written, not to the pinned IP.
                try:
                    target = current.join(response.headers["location"])
                except (httpx.InvalidURL, ValueError):
                    raise _refuse(url, "refused: the site redirects to an invalid address") from None
                log.debug("redirect %d: %s -> %s", redirects, current, target)
                current = target
                continue
            if response.status_code == 304 and conditional:
                return FetchedPage(url=str(current), requested_url=url, status=304, content_type="", charset=None,
                                   text="", headers=_validators(response))
            return await _read_page(url, current, response, allowed_types, max_bytes)
        finally:
            await response.aclose()


async def _send_pinned(
    current: httpx.URL,
    client: httpx.AsyncClient,
    allow_private: bool,
    resolve: Resolver,
    accept_feeds: bool,
    conditional: Mapping[str, str] | None = None,
) -> httpx.Response:
    """Check the scheme and every address of ``current``, then send to a checked address."""
    shown = str(current)
    if current.scheme not in ("http", "https"):
        scheme = current.scheme or "no scheme"
        raise _refuse(shown, f"refused: only http and https links can be fetched, not {scheme}")
    host = current.raw_host.decode("ascii")
    if not host:
        raise _refuse(shown, f"refused: {shown!r} has no host name")
    port = current.port or (443 if current.scheme == "https" else 80)

    literal: IPAddress | None
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        try:
            answers = await resolve(host, port)
        except (OSError, UnicodeError) as exc:
            log.info("cannot resolve %s: %s", host, exc)
            raise FetchFailed(f"could not fetch: the host {current.host} was not found") from None
        addresses = []
        for answer in answers:
            try:
                addresses.append(ipaddress.ip_address(answer))
            except ValueError:
                raise _refuse(shown, f"refused: {current.host} resolves to an invalid address") from None
        if not addresses:
            raise FetchFailed(f"could not fetch: the host {current.host} was not found")

    for ip in addresses:
        problem = address_problem(ip, allow_private=allow_private)
        if problem is not None:
            if literal is not None:
                raise _refuse(shown, f"refused: {ip} is {problem}")
            raise _refuse(shown, f"refused: {current.host} resolves to {ip}, {problem}")

    accept = "text/html,application/xhtml+xml,text/plain;q=0.9"
    if accept_feeds:
        accept += ",application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9"
    headers = {
        # The URL names the checked IP; the server must still see the host the user asked for.
        "Host": current.netloc.decode("ascii"),
        "User-Agent": USER_AGENT,
        "Accept": accept,
        # Only the codings _Decoder decodes, a bounded piece at a time (no brotli, no zstd).
        "Accept-Encoding": "gzip, deflate",
        # A pooled TLS connection to the same IP was verified for another host name:
        # never reuse connections, so every request is verified for its own host.
        "Connection": "close",
        **{name: value for name, value in (conditional or {}).items() if name in _CONDITIONAL},
    }
    extensions = {}
    if current.scheme == "https" and literal is None:
        # Connect to the IP but send SNI for, and verify the certificate against, the host name.
        extensions["sni_hostname"] = host

    last_error: httpx.HTTPError | None = None
    for ip in addresses:
        pinned = current.copy_with(host=str(ip).split("%", 1)[0], userinfo=b"")
        request = client.build_request("GET", pinned, headers=headers, extensions=extensions)
        try:
            return await client.send(request, stream=True, follow_redirects=False)
        except httpx.ConnectError as exc:
            # Only a failed connection is retried on the next address: nothing was sent yet.
            log.debug("connect to %s (%s) failed: %s", current.host, ip, exc)
            last_error = exc
        except httpx.TimeoutException:
            raise FetchFailed(f"could not fetch: {current.host} did not answer in time") from None
        except httpx.HTTPError as exc:
            log.info("fetch of %s failed: %r", shown, exc)
            raise FetchFailed(f"could not fetch: {current.host} sent a broken answer") from None
    log.info("cannot connect to %s: %s", shown, last_error)
    detail = "a certificate problem" if last_error and "CERTIFICATE" in str(last_error).upper() else "no connection"
    raise FetchFailed(f"could not fetch: {current.host} could not be reached ({detail})")


async def _read_page(
    url: str,
    current: httpx.URL,
    response: httpx.Response,
    allowed_types: frozenset[str],
    max_bytes: int,
) -> FetchedPage:
    if response.status_code >= 300 or response.status_code < 200:
        phrase = response.reason_phrase or ""
        raise FetchFailed(f"could not fetch: the site answered {response.status_code} {phrase}".rstrip())
    raw_type = response.headers.get("content-type", "")
    media_type = raw_type.split(";", 1)[0].strip().lower()
    if media_type and media_type not in allowed_types:
        what = "a web page or feed" if FEED_TYPES <= allowed_types else "a web page"
        raise _refuse(url, f"refused: content type {media_type} is not {what}")

    too_big = f"refused: the page is larger than {_size(max_bytes)}"
    declared = response.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > max_bytes:
        raise _refuse(url, too_big)
    coding = _content_coding(url, response)
    decoder = _Decoder(coding) if coding else None
    chunks: list[bytes] = []
    raw_size = size = 0
    try:
        # Raw bytes: httpx's own decoders would expand each chunk whole before we could count it.
        async for raw in response.aiter_raw():
            raw_size += len(raw)
            if raw_size > max_bytes:
                raise _refuse(url, too_big)
            for piece in decoder.pieces(raw) if decoder else (raw,):
                size += len(piece)
                if size > max_bytes:
                    raise _refuse(url, too_big)
                chunks.append(piece)
                # The time limit can fire here, between pieces of a body that expands a lot.
                await asyncio.sleep(0)
    except httpx.TimeoutException:
        raise FetchFailed(f"could not fetch: {current.host} stopped sending the page") from None
    except httpx.HTTPError as exc:
        log.info("reading %s failed: %r", url, exc)
        raise FetchFailed(f"could not fetch: {current.host} sent a broken answer") from None
    except zlib.error as exc:
        log.info("decoding %s (%s) failed: %s", url, coding, exc)
        raise FetchFailed(f"could not fetch: {current.host} sent a broken {coding} body") from None
    body = b"".join(chunks)

    if not media_type:
        # No declared type: accept only what plainly looks like markup or text.
        media_type = _sniff(body)
        if media_type is None:
            raise _refuse(url, "refused: the server did not say what the content is and it is not a web page")
        if media_type not in allowed_types:
            raise _refuse(url, f"refused: content type {media_type} is not a web page")

    text, charset = decode_body(body, response.charset_encoding, media_type)
    kept = _validators(response)
    return FetchedPage(
        url=str(current),
        requested_url=url,
        status=response.status_code,
        content_type=media_type,
        charset=charset,
        text=text,
        headers=kept,
    )


def _content_coding(url: str, response: httpx.Response) -> str | None:
    """The one content coding of the body (``gzip`` or ``deflate``), or None; refuses the rest."""
    codings = [c.strip().lower() for c in response.headers.get_list("content-encoding", split_commas=True)]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1:
        # No server we asked compresses twice; the only reason to is to multiply the expansion.
        raise _refuse(url, f"refused: the page is compressed more than once ({', '.join(codings)})")
    if not codings:
        return None
    if codings[0] not in _CODINGS:
        raise _refuse(url, f"refused: the page is compressed with {codings[0]}, which is not supported")
    return _CODINGS[codings[0]]


class _Decoder:
    """Decodes a gzip or deflate body fed in raw chunks, at most ``_DECODE_STEP`` bytes per step.

    ``decompress(data, max_length)`` leaves the input it did not get to in
    ``unconsumed_tail``, so no step produces more than one step's worth,
    however much the input expands. Concatenated gzip members are read in
    turn; bytes after the last member are ignored, as browsers do. A deflate
    body is zlib-wrapped by the standard and raw from some servers: its first
    two bytes tell which.
    """

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS) if coding == "gzip" else None
        self._head = b""
        self._finished = False

    def pieces(self, data: bytes) -> Iterator[bytes]:
        """The decoded bytes of ``data`` (and of what earlier chunks left pending), step by step."""
        pending = data
        if self._z is None:
            self._head += data
            if len(self._head) < 2:
                return
            cmf, flg = self._head[0], self._head[1]
            zlib_wrapped = cmf & 0x0F == 8 and (cmf << 8 | flg) % 31 == 0
            self._z = zlib.decompressobj(zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS)
            pending, self._head = self._head, b""
        z = self._z
        while pending and not self._finished:
            out = z.decompress(pending, _DECODE_STEP)
            pending = z.unconsumed_tail
            if z.eof:
                # Everything after the member; unconsumed_tail may repeat some of it, so it is not added.
                pending = z.unused_data
                if self.coding == "gzip" and pending[:2] == _GZIP_MAGIC[: len(pending[:2])]:
                    z = self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
                else:
                    self._finished = True
            if out:
                yield out
            # A full step may leave output pending inside zlib with no input left: ask for it.
            while len(out) == _DECODE_STEP and not pending and not z.eof:
                out = z.decompress(b"", _DECODE_STEP)
                if out:
                    yield out
_CONDITIONAL = frozenset({"If-None-Match", "If-Modified-Since"})


def _validators(response: httpx.Response) -> dict[str, str]:
    """The headers a page keeps: its validators for a conditional request next time, and its date."""
    return {name: response.headers[name] for name in ("etag", "last-modified", "date") if name in response.headers}


def _sniff(body: bytes) -> str | None:
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "text/html"
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf")):
        return "application/xml"
    if b"\x00" not in body[:4096]:
        try:
            body[:4096].decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain"
    return None


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)["']""")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Browsers read these labels as windows-1252; so do we, or curly quotes become control codes.
_WHATWG_ALIASES = dict.fromkeys(("iso-8859-1", "latin-1", "latin1", "ascii", "us-ascii"), "cp1252")


def _codec(label: str | bytes | None) -> str | None:
    if not label:
        return None
    name = label.decode("ascii", "ignore") if isinstance(label, bytes) else label
    name = name.strip().lower()
    name = _WHATWG_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_body(body: bytes, declared: str | None, media_type: str) -> tuple[str, str]:
    """Decode ``body``: byte-order mark, then the HTTP charset, then the document's own declaration, then UTF-8.

    Returns the text and the name of the codec used. Never raises: undecodable
    bytes become U+FFFD, so a page with one bad byte is still readable.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name
    codec = _codec(declared)
    if codec is None:
        head = body[:4096]
        match = _XML_ENCODING_RE.match(head) if "xml" in media_type else None
        match = match or _META_CHARSET_RE.search(head)
        codec = _codec(match.group(1)) if match else None
    if codec is None:
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            codec = "cp1252"
    return body.decode(codec, errors="replace"), codec
