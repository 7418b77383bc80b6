"""Canonical URLs, so that one article shared twice with different tracking tags is stored once.

:func:`canonical_url` is a pure function: it never touches the network.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import idna

from briefings.errors import BadInput

log = logging.getLogger(__name__)

__all__ = ["TRACKING_PARAMS", "canonical_url", "is_tracking_param"]

#: Query parameters that only say how a reader arrived, never which page they read.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "ocid",
        "cmpid",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
        "at_format",
        "at_link_id",
        "at_link_origin",
        "at_link_type",
        "at_ptr_name",
        "at_bbc_team",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "igshid",
        "igsh",
        "si",
        "s_cid",
        "smid",
        "smtyp",
        "sr_share",
        "spm",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "hsctatracking",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_conv",
        "vero_id",
        "wt_mc",
        "wt_zmc",
        "__twitter_impression",
        "ncid",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "xtor",
    }
)

# Prefixes of whole families of campaign parameters (utm_source, utm_medium, pk_campaign, ...).
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmb_", "ga_", "itm_")

_DEFAULT_PORTS = {"http": 80, "https": 443}
# A host name label after IDNA encoding. Underscores are not valid in DNS host names
# but do occur on the web, and refusing them would lose real articles.
_LABEL_RE = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_PCT_RE = re.compile(r"%([0-9a-fA-F]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters RFC 3986 allows unescaped in a path; "%" is kept so existing escapes survive.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def is_tracking_param(name: str) -> bool:
    """True when the query parameter ``name`` is a known tracking tag."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Return one spelling of ``url`` for every variant that names the same article.

    Scheme and host are lowercased, an international host name becomes punycode,
    the default port, the fragment, user name and password and tracking
    parameters (``utm_*``, ``fbclid``, ...) are dropped, the remaining query
    parameters are sorted, dot segments are resolved and a trailing slash is
    removed from every path but the root. The result is a fixed point:
    ``canonical_url(canonical_url(u)) == canonical_url(u)``.

    Raises:
        BadInput: the text is not an http(s) URL with a valid host.
    """
    text = url.strip() if isinstance(url, str) else ""
    shown = _shorten(text)
    try:
        parts = urlsplit(text)
        port = parts.port
        raw_host = parts.hostname
    except ValueError as exc:
        raise BadInput(f"{shown} is not a valid web address ({exc}).") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        if not scheme:
            raise BadInput(f"{shown} is not a web address: it should start with https:// or http://.")
        raise BadInput(f"{shown} is not a web address: only http and https links are accepted, not {scheme}.")
    if not raw_host:
        raise BadInput(f"{shown} has no host name.")
    host = _canonical_host(raw_host, shown)
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = _canonical_path(parts.path)
    query = _canonical_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def _shorten(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _canonical_host(host: str, shown: str) -> str:
    host = host.lower()
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return f"[{ip.compressed}]" if ip.version == 6 else ip.compressed
    # A fully qualified name ("example.com.") is the same host as the usual spelling.
    if host.endswith("."):
        host = host[:-1]
    if host.isascii():
        encoded = host
    else:
        try:
            encoded = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError, ValueError):
            raise BadInput(f"{shown} has an invalid host name.") from None
    labels = encoded.split(".")
    if len(encoded) > 253 or not all(_LABEL_RE.match(label) for label in labels):
        raise BadInput(f"{shown} has an invalid host name.")
    return encoded


def _normalise_escapes(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _PCT_RE.sub(fix, text)


def _remove_dot_segments(path: str) -> str:
    # RFC 3986 section 5.2.4, on whole segments.
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def _canonical_path(path: str) -> str:
    path = quote(_normalise_escapes(path), safe=_PATH_SAFE)
    path = _remove_dot_segments(path) if path else "/"
    # Collapse runs of slashes at the end too, so "/a//" and "/a/" and "/a" agree.
    stripped = path.rstrip("/")
    return stripped or "/"


def _canonical_query(query: str) -> str:
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = sorted((name, value) for name, value in pairs if not is_tracking_param(name))
    # Characters that are legal in a query stay as they are, so the URL still works when fetched.
    return urlencode(kept, safe="/:@!$'()*,;=")
