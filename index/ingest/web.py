"""Fetching an article from the web without letting a pasted link reach inside the network.

A URL is fetched only after every address its host resolves to has been checked: a link
someone pastes must not make Parley reach the machine it runs on or the network around it
(SSRF). Redirects are followed by hand, each hop checked again; size and time are capped."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from .drafts import Draft, decode, from_html, meta_charset, refused, size

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


_REDIRECTS = frozenset({301, 302, 303, 307, 308})


# Checked in this order: 169.254.169.254 (the cloud metadata service) is also "private",
# and "link-local" says more. Multicast addresses can count as global, so they are named here.
_KINDS = (
    ("is_unspecified", "an unspecified address"),
    ("is_loopback", "a loopback address"),
    ("is_link_local", "a link-local address"),
    ("is_multicast", "a multicast address"),
    ("is_private", "a private address"),
    ("is_reserved", "a reserved address"),
)


# Requests bodies uncompressed, so `max_bytes` bounds what is read off the wire too.
_HEADERS = {"User-Agent": "Parley/0.1 (article ingest)", "Accept-Encoding": "identity"}


# Behind a NAT64 gateway these IPv6 addresses reach the IPv4 address in their last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class UrlGuard:
    """Which addresses `fetch_url` may connect to: public ones, and the exceptions named here.

    `allowed_networks` is for reaching one known local server (a test server on 127.0.0.1/32)
    while every other private address, and the cloud metadata service, stays refused;
    `allow_private` switches the check off entirely.
    """

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()

    def refusal(self, address: IPAddress) -> str | None:
        """Why `address` may not be connected to (e.g. "a loopback address"), else None."""
        if self.allow_private:
            return None
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
        if any(address.version == net.version and address in net for net in self.allowed_networks):
            return None
        return next(filter(None, map(_kind, _reached(address))), None)


def fetch_url(
    url: str,
    *,
    guard: UrlGuard,
    max_bytes: int = 5_000_000,
    timeout: float = 10.0,
    max_redirects: int = 5,
) -> Draft:
    """The article at an http(s) URL; `timeout` bounds the whole fetch, redirects included.

    DNS rebinding: a host can resolve to a public address when checked and to 127.0.0.1 when
    connected to. So each hop resolves its host once, checks every address, and connects to a
    checked address itself (the URL carries the IP; the Host header and TLS SNI/certificate
    check use the name), never letting the HTTP client resolve the name again. Environment
    proxies are ignored (`trust_env=False`): a proxy would resolve the name on its own.
    Not covered: getaddrinfo() has no timeout of its own, so a slow resolver can outlast it.
    """
    deadline = time.monotonic() + timeout
    current = _parse(url)
    with httpx.Client(follow_redirects=False, trust_env=False, headers=_HEADERS) as client:
        # Redirects are followed here, not by httpx, so every Location is checked like `url`.
        for hop in range(max_redirects + 1):
            subject = f"the redirect to {current}" if hop else str(current)
            response = _open(client, current, guard, subject, deadline, timeout)
            try:
                if response.status_code not in _REDIRECTS:
                    return _read_page(response, current, max_bytes, deadline, timeout)
                location = response.headers.get("location")
                if not location:
                    raise refused(f"refused: {current} redirects without saying where to")
                current = _parse(urljoin(str(current), location), redirect=True)
            finally:
                response.close()
    raise refused(f"refused: {url} redirects more than {max_redirects} times")


def _parse(url: str, *, redirect: bool = False) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        raise refused(f"refused: {url} is not a valid URL") from None
    if parsed.scheme not in ("http", "https"):
        what = f"{parsed.scheme}:// URLs" if parsed.scheme else "URLs without http(s)://"
        prefix = f"the redirect to {url}: " if redirect else ""
        raise refused(f"refused: {prefix}{what} are not allowed; use http or https")
    if not parsed.raw_host:
        raise refused(f"refused: {url} has no host")
    if parsed.userinfo:
        raise refused("refused: URLs with a user name or password are not allowed")
    return parsed


def _open(
    client: httpx.Client,
    url: httpx.URL,
    guard: UrlGuard,
    subject: str,
    deadline: float,
    timeout: float,
) -> httpx.Response:
    host = url.raw_host.decode("ascii")
    port = url.port or (443 if url.scheme == "https" else 80)
    last_error: Exception | None = None
    for address in _resolve(host, port, guard, subject):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        request = _pinned_request(client, url, address, remaining)
        try:
            return client.send(request, stream=True)
        except httpx.TimeoutException:
            break
        except httpx.ConnectError as error:  # try the host's next checked address
            last_error = error
        except httpx.HTTPError as error:
            raise refused(f"refused: cannot fetch {url}: {error}") from None
    if last_error is not None:
        raise refused(f"refused: cannot connect to {url}: {last_error}")
    raise refused(f"refused: {url} did not answer within {timeout:g} s")


def _pinned_request(
    client: httpx.Client, url: httpx.URL, address: str, timeout: float
) -> httpx.Request:
    """A GET of `url` sent to the already-checked `address`, still naming the URL's host."""
    host = url.raw_host.decode("ascii")
    return client.build_request(
        "GET",
        url.copy_with(host=address),
        headers={"Host": url.netloc.decode("ascii")},
        timeout=timeout,
        extensions={"sni_hostname": host},
    )


def _resolve(host: str, port: int, guard: UrlGuard, subject: str) -> list[str]:
    """Every address `host` resolves to, all of them checked: one bad answer refuses the URL."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise refused(f"refused: cannot resolve {host}: {reason}") from None
    # An IPv6 zone ("%eth0") only comes with link-local addresses, refused unless allow_private.
    addresses = list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))
    if not addresses:
        raise refused(f"refused: cannot resolve {host}")
    for address in addresses:
        kind = guard.refusal(ipaddress.ip_address(address))
        if kind:
            raise refused(f"refused: {subject} resolves to {address}, {kind}")
    return addresses


def _reached(address: IPAddress) -> list[IPAddress]:
    """`address`, and the IPv4 address it leads to if it is a 6to4 or NAT64 one."""
    if isinstance(address, ipaddress.IPv4Address):
        return [address]
    reached: list[IPAddress] = [address]
    if address.sixtofour:
        reached.append(address.sixtofour)
    if address in _NAT64:
        reached.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return reached


def _kind(ip: IPAddress) -> str | None:
    """What makes `ip` no place to connect to, most telling first; None for a public address."""
    kinds = [label for flag, label in _KINDS if getattr(ip, flag)]
    return kinds[0] if kinds else None if ip.is_global else "not a public address"


def _read_page(
    response: httpx.Response, url: httpx.URL, max_bytes: int, deadline: float, timeout: float
) -> Draft:
    if not 200 <= response.status_code < 300:
        raise refused(f"refused: {url} answered {response.status_code} {response.reason_phrase}")
    media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media not in HTML_TYPES:
        raise refused(f"refused: the page is {media or 'of no stated type'}, not HTML")
    too_big = refused(f"refused: {url} is larger than {size(max_bytes)}")
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise too_big
    body = bytearray()
    try:
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > max_bytes:
                raise too_big
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("deadline passed")
    except httpx.TimeoutException:
        raise refused(f"refused: {url} did not answer within {timeout:g} s") from None
    except httpx.HTTPError as error:
        raise refused(f"refused: cannot fetch {url}: {error}") from None
    declared = response.charset_encoding or meta_charset(bytes(body))
    html = decode(bytes(body), declared=declared, what=str(url))
    return from_html(html, url=str(url), where=str(url))
