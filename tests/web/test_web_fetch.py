"""The safe fetcher against a real server on 127.0.0.1, and its refusals."""

from __future__ import annotations

import ipaddress
import re
import socket
import time

import httpx
import pytest

from briefings.errors import FetchFailed, FetchRefused
from briefings.fetch import address_problem, decode_body, fetch

# --- addresses refused by default -------------------------------------------------------------

REFUSED_LITERALS = [
    ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://10.0.0.1/", "10.0.0.1 is a private address"),
    ("http://172.16.5.4/", "172.16.5.4 is a private address"),
    ("http://192.168.1.1/", "192.168.1.1 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
    ("http://169.254.10.10/", "169.254.10.10 is a link-local address"),
    ("http://[::1]/", "::1 is a loopback address"),
    ("http://[::ffff:127.0.0.1]/", "IPv6 form of 127.0.0.1, a loopback address"),
    ("http://[::ffff:10.0.0.1]/", "IPv6 form of 10.0.0.1, a private address"),
    ("http://0.0.0.0/", "0.0.0.0 is an unspecified address"),
    ("http://[::]/", ":: is an unspecified address"),
    ("http://100.64.0.1/", "100.64.0.1 is a shared (carrier-grade NAT) address"),
    ("http://[fe80::1]/", "fe80::1 is a link-local address"),
    ("http://[fc00::1]/", "fc00::1 is a private address"),
    ("http://[fd00:ec2::254]/", "fd00:ec2::254 is a cloud metadata address"),
    ("http://100.100.100.200/", "100.100.100.200 is a cloud metadata address"),
    ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
    ("http://255.255.255.255/", "255.255.255.255 is a broadcast address"),
    ("http://240.0.0.1/", "240.0.0.1 is a reserved address"),
    ("http://[2002:7f00:1::]/", "IPv6 form of 127.0.0.1"),  # 6to4
    ("http://[64:ff9b::a00:1]/", "IPv6 form of 10.0.0.1"),  # NAT64
    ("https://192.0.2.7/", "192.0.2.7 is not a public internet address"),  # documentation range
]


@pytest.mark.parametrize(("url", "reason"), REFUSED_LITERALS)
async def test_default_refuses_non_public_literal_addresses(url, reason, no_network_client, resolver):
    never = resolver({})
    with pytest.raises(FetchRefused) as err:
        await fetch(url, client=no_network_client, resolver=never)
    assert str(err.value).startswith("refused: ")
    assert reason in str(err.value)
    assert never.asked == []


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "::ffff:127.0.0.1", "0.0.0.0"])
async def test_a_name_that_resolves_to_a_refused_address_is_refused(address, no_network_client, resolver):
    with pytest.raises(FetchRefused) as err:
        await fetch(
            "https://news.example/story", client=no_network_client, resolver=resolver({"news.example": [address]})
        )
    assert f"news.example resolves to {ipaddress.ip_address(address)}" in str(err.value)


async def test_every_resolved_address_is_checked_not_just_the_first(no_network_client, resolver, public_ip):
    answers = resolver({"news.example": [public_ip, "10.9.8.7"]})
    with pytest.raises(FetchRefused, match=r"resolves to 10\.9\.8\.7, a private address"):
        await fetch("http://news.example/", client=no_network_client, resolver=answers)


async def test_numeric_host_spellings_are_resolved_and_checked(no_network_client):
    # "0x7f.1" and "2130706433" both mean 127.0.0.1 to the system resolver.
    for url in ("http://0x7f.1/", "http://2130706433/"):
        with pytest.raises(FetchRefused, match=r"127\.0\.0\.1, a loopback address"):
            await fetch(url, client=no_network_client)


@pytest.mark.parametrize(
    "url", ["ftp://files.example/a.html", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"]
)
async def test_only_http_and_https_are_fetched(url, no_network_client):
    with pytest.raises(FetchRefused, match="only http and https"):
        await fetch(url, client=no_network_client)


async def test_url_without_host_is_refused(no_network_client):
    with pytest.raises(FetchRefused, match="no host name"):
        await fetch("http:///nowhere", client=no_network_client)


def test_allow_private_never_allows_metadata_or_unspecified_addresses():
    for address in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "0.0.0.0", "::", "224.0.0.1"):
        assert address_problem(ipaddress.ip_address(address), allow_private=True) is not None
    for address in ("127.0.0.1", "10.0.0.1", "192.168.0.10", "fd12::1", "100.64.3.3", "::ffff:192.168.0.10"):
        assert address_problem(ipaddress.ip_address(address), allow_private=True) is None
        assert address_problem(ipaddress.ip_address(address)) is not None
    assert address_problem(ipaddress.ip_address("93.184.216.34")) is None
    assert address_problem(ipaddress.ip_address("2606:4700::1111")) is None


async def test_metadata_is_refused_even_with_allow_private(no_network_client, resolver):
    answers = resolver({"metadata.google.internal": ["169.254.169.254"]})
    with pytest.raises(FetchRefused, match="cloud metadata"):
        await fetch("http://metadata.google.internal/", client=no_network_client, allow_private=True, resolver=answers)


async def test_unknown_host_is_a_failure_not_a_refusal(no_network_client, resolver):
    with pytest.raises(FetchFailed, match=re.escape("nowhere.example was not found")):
        await fetch("https://nowhere.example/", client=no_network_client, resolver=resolver({}))


# --- the real server on 127.0.0.1 -----------------------------------------------------------


async def test_fetches_a_page_from_the_local_server_when_private_is_allowed(server):
    page = await fetch(server.url("/article_dated.html"), allow_private=True)
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert "Convoy leaves the hill base" in page.text
    assert page.url == page.requested_url == server.url("/article_dated.html")
    assert page.headers["last-modified"] == "Tue, 12 Mar 2024 08:20:00 GMT"
    assert "date" in page.headers


async def test_the_local_server_is_refused_by_default(server):
    with pytest.raises(FetchRefused, match=re.escape("127.0.0.1 is a loopback address")):
        await fetch(server.url("/article_dated.html"))


async def test_connection_is_pinned_to_the_checked_address_with_the_original_host_header(server, resolver):
    # news.example does not exist in real DNS: reaching the server proves the connection used
    # the address our resolver checked, and the server still saw the name the user gave.
    answers = resolver({"news.example": ["127.0.0.1"]})
    page = await fetch(server.url("/echo-host", host="news.example"), allow_private=True, resolver=answers)
    assert page.text == f"host=news.example:{server.port}"
    assert page.url == server.url("/echo-host", host="news.example")
    assert answers.asked == ["news.example"]


async def test_pinned_name_resolving_to_loopback_is_refused_without_allow_private(server, resolver):
    answers = resolver({"news.example": ["127.0.0.1"]})
    with pytest.raises(FetchRefused, match=re.escape("news.example resolves to 127.0.0.1, a loopback address")):
        await fetch(server.url("/echo-host", host="news.example"), resolver=answers)


async def test_https_uses_the_host_name_for_sni_and_certificate_checks(tls_server, resolver):
    answers = resolver({"news.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
    async with httpx.AsyncClient(verify=tls_server.client_context, trust_env=False) as client:
        page = await fetch(
            tls_server.url("/echo-host", host="news.example"), client=client, allow_private=True, resolver=answers
        )
        assert page.text == f"host=news.example:{tls_server.port}"
        # Same address, but the certificate does not name other.example: verification must fail,
        # which shows the certificate is checked against the host name, not against 127.0.0.1.
        with pytest.raises(FetchFailed, match="certificate"):
            await fetch(
                tls_server.url("/echo-host", host="other.example"), client=client, allow_private=True, resolver=answers
            )


async def test_a_chain_of_two_redirects_is_followed(server):
    page = await fetch(server.url("/redirect/2"), allow_private=True)
    assert page.url == server.url("/article_dated.html")
    assert page.requested_url == server.url("/redirect/2")


async def test_three_redirects_are_the_limit(server):
    page = await fetch(server.url("/redirect/3"), allow_private=True)
    assert page.url.endswith("/article_dated.html")
    with pytest.raises(FetchRefused, match=r"^refused: too many redirects \(more than 3\)$"):
        await fetch(server.url("/redirect/4"), allow_private=True)


async def test_every_redirect_target_is_resolved_and_checked_again(server, resolver):
    answers = resolver({"news.example": ["127.0.0.1"], "cdn.example": ["127.0.0.1"]})
    start = server.url("/redirect-to?to=" + server.url("/notes.txt", host="cdn.example"), host="news.example")
    page = await fetch(start, allow_private=True, resolver=answers)
    assert page.url == server.url("/notes.txt", host="cdn.example")
    assert answers.asked == ["news.example", "cdn.example"]


async def test_public_site_redirecting_to_a_private_address_is_refused(server, internet, resolver, public_ip):
    client, transport = internet
    answers = resolver({"news.example": [public_ip]})
    url = server.url("/redirect-to?to=http://10.0.0.1/admin", host="news.example")
    with pytest.raises(FetchRefused, match=r"^refused: 10\.0\.0\.1 is a private address$"):
        await fetch(url, client=client, resolver=answers)
    assert len(transport.seen) == 1  # the redirect was refused before any second request


async def test_public_site_redirecting_to_a_name_of_a_private_address_is_refused(server, internet, resolver, public_ip):
    client, _ = internet
    answers = resolver({"news.example": [public_ip], "intranet.example": ["192.168.0.2"]})
    url = server.url("/redirect-to?to=http://intranet.example/wiki", host="news.example")
    with pytest.raises(FetchRefused, match=re.escape("intranet.example resolves to 192.168.0.2, a private address")):
        await fetch(url, client=client, resolver=answers)


async def test_public_site_redirecting_to_a_file_url_is_refused(server, internet, resolver, public_ip):
    client, _ = internet
    answers = resolver({"news.example": [public_ip]})
    url = server.url("/redirect-to?to=file:///etc/passwd", host="news.example")
    with pytest.raises(FetchRefused, match="not file"):
        await fetch(url, client=client, resolver=answers)


async def test_public_site_page_is_fetched_without_allow_private(server, internet, resolver, public_ip):
    client, transport = internet
    answers = resolver({"news.example": [public_ip]})
    page = await fetch(server.url("/article_undated.html", host="news.example"), client=client, resolver=answers)
    assert "dry spring" in page.text
    sent = transport.seen[0]
    assert sent.headers["host"] == f"news.example:{server.port}"
    assert sent.headers["connection"] == "close"


async def test_slow_answer_is_refused_after_the_total_timeout(server):
    started = time.monotonic()
    with pytest.raises(FetchRefused, match=r"^refused: took longer than 0\.3 s$"):
        await fetch(server.url("/slow-headers?s=3"), allow_private=True, total_timeout=0.3)
    assert time.monotonic() - started < 2


async def test_slowly_dripping_body_is_refused_after_the_total_timeout(server):
    # Each chunk arrives quickly, so only a deadline for the whole fetch catches this.
    with pytest.raises(FetchRefused, match=re.escape("took longer than 0.5 s")):
        await fetch(server.url("/slow-body"), allow_private=True, total_timeout=0.5)


async def test_body_larger_than_the_limit_is_refused_from_content_length(server):
    with pytest.raises(FetchRefused, match=r"^refused: the page is larger than 50 kB$"):
        await fetch(server.url("/huge"), allow_private=True, max_bytes=50_000)


async def test_chunked_body_larger_than_the_limit_is_refused_while_reading(server):
    with pytest.raises(FetchRefused, match="larger than 50 kB"):
        await fetch(server.url("/huge-chunked"), allow_private=True, max_bytes=50_000)
    page = await fetch(server.url("/huge-chunked"), allow_private=True, max_bytes=600_000)
    assert len(page.text) == 500_000


async def test_wrong_content_type_is_refused(server):
    with pytest.raises(FetchRefused, match=r"^refused: content type image/png is not a web page$"):
        await fetch(server.url("/image.png"), allow_private=True)


async def test_feeds_only_when_asked(server):
    with pytest.raises(FetchRefused, match="application/rss\\+xml is not a web page"):
        await fetch(server.url("/feed_rss.xml"), allow_private=True)
    page = await fetch(server.url("/feed_rss.xml"), allow_private=True, accept_feeds=True)
    assert page.is_feed
    assert "<rss" in page.text


async def test_plain_text_is_accepted(server):
    page = await fetch(server.url("/notes.txt"), allow_private=True)
    assert page.content_type == "text/plain"
    assert page.text.startswith("Notes from the briefing")


async def test_error_status_is_a_failure_with_the_status(server):
    with pytest.raises(FetchFailed, match=r"^could not fetch: the site answered 404 Not Found$"):
        await fetch(server.url("/missing"), allow_private=True)


async def test_charset_from_the_page_meta_when_the_header_has_none(server):
    page = await fetch(server.url("/cp1252"), allow_private=True)
    assert "\u201cnot yet\u201d \u2013 twice" in page.text
    assert page.charset == "cp1252"


async def test_connection_refused_is_a_failure(resolver):
    # A port that was just free: nothing listens there.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchFailed, match="could not be reached"):
        await fetch(f"http://127.0.0.1:{port}/", allow_private=True, total_timeout=3)


def test_decode_body_rules():
    assert decode_body("é".encode(), None, "text/html") == ("é", "utf-8")
    assert decode_body(b"\xef\xbb\xbfok", "iso-8859-1", "text/html") == ("ok", "utf-8")  # BOM wins
    assert decode_body("é".encode("latin-1"), None, "text/html") == ("é", "cp1252")  # not UTF-8: fall back
    assert decode_body(b"\x93q\x94", "ISO-8859-1", "text/html")[0] == "\u201cq\u201d"  # read as windows-1252
    xml = b'<?xml version="1.0" encoding="windows-1252"?><rss>\x93</rss>'
    assert "\u201c" in decode_body(xml, None, "application/xml")[0]
    assert decode_body(b"ok", "no-such-charset", "text/html") == ("ok", "utf-8")
