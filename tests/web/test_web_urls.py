"""canonical_url: one spelling per article, never a crash on odd input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.errors import BadInput
from briefings.urls import canonical_url


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        ("HTTPS://News.Example.COM/World/Story", "https://news.example.com/World/Story"),
        ("http://news.example:80/a", "http://news.example/a"),
        ("https://news.example:443/a", "https://news.example/a"),
        ("https://news.example:8443/a", "https://news.example:8443/a"),
        ("https://news.example/a#comments", "https://news.example/a"),
        ("https://news.example/a/", "https://news.example/a"),
        ("https://news.example", "https://news.example/"),
        ("https://news.example/", "https://news.example/"),
        ("https://news.example/a/./b/../c", "https://news.example/a/c"),
        ("https://news.example./a", "https://news.example/a"),
        ("https://user:secret@news.example/a", "https://news.example/a"),
        ("https://news.example/%7euser/%e2%82%ac", "https://news.example/~user/%E2%82%AC"),
        ("https://news.example/caf\u00e9", "https://news.example/caf%C3%A9"),
        ("https://b\u00fccher.example/x", "https://xn--bcher-kva.example/x"),
        ("http://[::FFFF:7F00:1]:8080/", "http://[::ffff:7f00:1]:8080/"),
        ("  https://news.example/a  ", "https://news.example/a"),
    ],
)
def test_canonical_forms(given_url, expected):
    assert canonical_url(given_url) == expected


def test_tracking_parameters_are_dropped_and_the_rest_sorted():
    url = (
        "https://news.example/story?utm_source=tw&utm_medium=social&id=42&fbclid=abc&gclid=x"
        "&mc_cid=1&mc_eid=2&ocid=3&cmpid=4&at_medium=5&at_campaign=6&ref=home&ref_src=tw&igshid=7&UTM_Term=z&page=2"
    )
    assert canonical_url(url) == "https://news.example/story?id=42&page=2"


def test_variants_of_one_shared_link_agree():
    variants = [
        "https://www.news.example/world/convoy-leaves/?utm_source=newsletter#top",
        "HTTPS://WWW.NEWS.EXAMPLE:443/world/convoy-leaves?fbclid=IwAR0",
        "https://www.news.example/world/convoy-leaves",
    ]
    assert len({canonical_url(v) for v in variants}) == 1


def test_meaningful_parameters_are_kept():
    assert canonical_url("https://news.example/a?p=2&id=7") == "https://news.example/a?id=7&p=2"
    assert canonical_url("https://news.example/a?q=troops+syria") == "https://news.example/a?q=troops+syria"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("ftp://files.example/a", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("mailto:desk@news.example", "only http and https"),
        ("news.example/story", "should start with https://"),
        ("", "should start with https://"),
        ("https://", "has no host name"),
        ("https:///path", "has no host name"),
        ("http://exa mple.com/", "invalid host name"),
        ("http://news.example:99999/", "not a valid web address"),
        ("http://[::1/", "not a valid web address"),
        ("http://a..b/", "invalid host name"),
    ],
)
def test_bad_input_is_explained(bad, message):
    with pytest.raises(BadInput, match=message):
        canonical_url(bad)


_URL_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))
_hosts = st.one_of(
    st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,10}[A-Za-z0-9])?(\.[A-Za-z]{2,6}){1,2}\.?", fullmatch=True),
    st.sampled_from(
        ["b\u00fccher.example", "\u4f8b\u3048.jp", "127.0.0.1", "[::1]", "[2001:DB8::1]", "xn--bcher-kva.de"]
    ),
)
_urls = st.builds(
    lambda scheme, host, port, path, query, fragment: f"{scheme}://{host}{port}{path}{query}{fragment}",
    st.sampled_from(["http", "https", "HTTP", "Https"]),
    _hosts,
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.text(_URL_CHARS, max_size=30).map(lambda s: "/" + s.replace("?", "").replace("#", "")),
    st.one_of(
        st.just(""),
        st.lists(
            st.tuples(
                st.sampled_from(["utm_source", "id", "p", "fbclid", "q", "Ref", "a b"]), st.text(_URL_CHARS, max_size=8)
            ),
            max_size=4,
        ).map(lambda pairs: "?" + "&".join(f"{k}={v.replace('#', '').replace('&', '')}" for k, v in pairs)),
    ),
    st.one_of(st.just(""), st.text(_URL_CHARS, max_size=8).map(lambda s: "#" + s)),
)


@settings(max_examples=400, deadline=None)
@given(_urls)
def test_canonical_url_is_idempotent_on_url_like_input(url):
    try:
        once = canonical_url(url)
    except BadInput:
        return
    assert canonical_url(once) == once
    assert "#" not in once
    assert "utm_" not in once.lower()
    assert once.startswith(("http://", "https://"))


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), st.text(max_size=40).map(lambda s: "https://" + s)))
def test_canonical_url_raises_only_bad_input(text):
    try:
        once = canonical_url(text)
    except BadInput as err:
        assert str(err)
        return
    assert canonical_url(once) == once
