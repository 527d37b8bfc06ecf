"""Ingest: untrusted input (a file, pasted text, a web page) turned into an article draft.

Everything here handles content Parley did not write, so sizes are capped before reading,
encodings are detected rather than assumed, HTML is cut down to its article text, and a URL is
fetched only after every address its host resolves to has been checked: a link someone pastes
must not make Parley reach the machine it runs on or the network around it (SSRF).
Every refusal is a `SourceRefused` whose message is one line that says why.
"""

from __future__ import annotations

import codecs
import datetime as dt
import ipaddress
import os
import re
import socket
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import charset_normalizer
import httpx
import trafilatura
from trafilatura.settings import Document

from .errors import SourceRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
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
# C0/C1 control characters other than whitespace, and the replacement character: text has few.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Past this mess ratio charset-normalizer's best guess is a guess, and a wrong one garbles quotes.
_MAX_CHAOS = 0.1


@dataclass(frozen=True)
class Draft:
    """An article's text as extracted, and the metadata found with it (None where none was)."""

    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None


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


def draft_from_text(
    text: str,
    *,
    title: str | None = None,
    author: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Draft:
    """Pasted or typed article text, with the metadata its sender gave."""
    cleaned = _clean_text(text)
    if not cleaned:
        raise _refused("refused: the article text is empty")
    if isinstance(published, dt.datetime):
        published = published.date()
    return Draft(cleaned, title=title, author=author, outlet=outlet, url=url, published=published)


def read_file(path: Path, *, max_bytes: int, within: Path | None = None) -> Draft:
    """A .txt or .md file kept as text, or a .html/.htm file cut down to its article. A
    symbolic link is followed only to a file inside `within` (default: the folder `path` is
    in): a link named passwd.txt that leads to /etc/passwd is refused, not read."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise _refused(f"refused: {path.name} is not a .txt, .md, .html or .htm file")
    data = _read_regular_file(path, (within or path.absolute().parent).resolve(), max_bytes)
    if suffix in HTML_SUFFIXES:
        html = _decode(data, declared=_meta_charset(data), what=str(path))
        return _from_html(html, url=None, where=str(path))
    text = _clean_text(_decode(data, declared=None, what=str(path)))
    if not text:
        raise _refused(f"refused: {path} has no text")
    return Draft(text)


def _read_regular_file(path: Path, folder: Path, max_bytes: int) -> bytes:
    """The bytes of `path`, which must be a regular file inside `folder` once links are
    followed, and at most `max_bytes` long."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise _refused(f"refused: {path} does not exist") from None
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links
        raise _refused(f"refused: cannot read {path}: {error}") from None
    if not real.is_relative_to(folder):
        raise _refused(f"refused: {path} is a link to {real}, outside {folder}")
    try:
        # Opened without following a link (it was resolved above: one swapped in since is
        # refused) and without blocking (a FIFO named *.txt would wait for a writer), then
        # checked as what was opened: a device or FIFO is no article.
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise _refused(f"refused: cannot read {path}: {error.strerror or error}") from None
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        raise _refused(f"refused: {path} is not a regular file")
    with os.fdopen(fd, "rb") as handle:
        if status.st_size > max_bytes:
            raise _refused(f"refused: {path} is larger than {_size(max_bytes)}")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise _refused(f"refused: cannot read {path}: {error.strerror or error}") from None
    if len(data) > max_bytes:  # it grew between fstat() and read()
        raise _refused(f"refused: {path} is larger than {_size(max_bytes)}")
    return data


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
                    raise _refused(f"refused: {current} redirects without saying where to")
                current = _parse(urljoin(str(current), location), redirect=True)
            finally:
                response.close()
    raise _refused(f"refused: {url} redirects more than {max_redirects} times")


def _parse(url: str, *, redirect: bool = False) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        raise _refused(f"refused: {url} is not a valid URL") from None
    if parsed.scheme not in ("http", "https"):
        what = f"{parsed.scheme}:// URLs" if parsed.scheme else "URLs without http(s)://"
        prefix = f"the redirect to {url}: " if redirect else ""
        raise _refused(f"refused: {prefix}{what} are not allowed; use http or https")
    if not parsed.raw_host:
        raise _refused(f"refused: {url} has no host")
    if parsed.userinfo:
        raise _refused("refused: URLs with a user name or password are not allowed")
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
            raise _refused(f"refused: cannot fetch {url}: {error}") from None
    if last_error is not None:
        raise _refused(f"refused: cannot connect to {url}: {last_error}")
    raise _refused(f"refused: {url} did not answer within {timeout:g} s")


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
        raise _refused(f"refused: cannot resolve {host}: {reason}") from None
    # An IPv6 zone ("%eth0") only comes with link-local addresses, refused unless allow_private.
    addresses = list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))
    if not addresses:
        raise _refused(f"refused: cannot resolve {host}")
    for address in addresses:
        kind = guard.refusal(ipaddress.ip_address(address))
        if kind:
            raise _refused(f"refused: {subject} resolves to {address}, {kind}")
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
        raise _refused(f"refused: {url} answered {response.status_code} {response.reason_phrase}")
    media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media not in HTML_TYPES:
        raise _refused(f"refused: the page is {media or 'of no stated type'}, not HTML")
    too_big = _refused(f"refused: {url} is larger than {_size(max_bytes)}")
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
        raise _refused(f"refused: {url} did not answer within {timeout:g} s") from None
    except httpx.HTTPError as error:
        raise _refused(f"refused: cannot fetch {url}: {error}") from None
    declared = response.charset_encoding or _meta_charset(bytes(body))
    html = _decode(bytes(body), declared=declared, what=str(url))
    return _from_html(html, url=str(url), where=str(url))


def _from_html(html: str, *, url: str | None, where: str) -> Draft:
    # No url is passed to trafilatura: it would make one up as the outlet (the domain) and a
    # date from the path, and metadata the page itself lacks is to stay None.
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={
            "extensive_search": False,  # dates from the page's markup, not any date in its text
            "original_date": True,  # published, not last modified
            "max_date": dt.date.today().isoformat(),
        },
    )
    if not isinstance(document, Document) or not document.text:
        raise _refused(f"refused: no article text found in {where}")
    # trafilatura puts one paragraph per line; Parley's text files put a blank line between.
    text = "\n\n".join(line.strip() for line in document.text.splitlines() if line.strip())
    if not text:
        raise _refused(f"refused: no article text found in {where}")
    return Draft(
        text=text,
        title=document.title or None,
        author=document.author or None,
        outlet=document.sitename or None,
        url=url,
        published=_date(document.date),
    )


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _decode(data: bytes, *, declared: str | None, what: str) -> str:
    """`data` as text: a BOM's encoding, else UTF-8, else the declared one, else detected."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _printable(data.decode(codec), what)
            except UnicodeDecodeError:
                raise _refused(f"refused: {what} is not valid {codec}") from None
    if b"\x00" in data:
        raise _refused(f"refused: {what} is binary, not text")
    for candidate in ("utf-8", _web_codec(declared)):
        if candidate:
            try:
                return _printable(data.decode(candidate), what)
            except (LookupError, UnicodeDecodeError):
                continue
    matches = list(charset_normalizer.from_bytes(data))
    if not matches or matches[0].chaos > _MAX_CHAOS:
        raise _refused(f"refused: cannot tell the text encoding of {what}; save it as UTF-8")
    best = matches[0]
    # Western text fits cp1250, cp1252 and others equally well, and the tie goes to the first
    # by name (cp1250, which turns "è" into "č"); cp1252 is by far the commonest of them.
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    chosen = next((m for m in tied if "cp1252" in m.could_be_from_charset), best)
    return _printable(data.decode(chosen.encoding, errors="replace"), what)


def _web_codec(declared: str | None) -> str | None:
    """Python's codec for a declared charset; "iso-8859-1" means cp1252, as browsers read it."""
    if not declared:
        return None
    try:
        name = codecs.lookup(declared.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _printable(text: str, what: str) -> str:
    if len(_UNPRINTABLE.findall(text)) > len(text) / 100:
        raise _refused(f"refused: {what} is binary, not text")
    return text


def _clean_text(text: str) -> str:
    """Line endings as \\n, no trailing spaces, paragraphs apart by exactly one blank line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    joined = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", joined.lstrip("\ufeff")).strip()


def _size(limit: int) -> str:
    if limit >= 1_000_000:
        return f"{limit / 1_000_000:g} MB"
    return f"{limit / 1000:g} kB" if limit >= 1000 else f"{limit} bytes"


def _refused(message: str) -> SourceRefused:
    # A URL or file name comes from the user: keep the message on one line and of sane length.
    flat = " ".join(message.split())
    return SourceRefused(flat if len(flat) <= 300 else flat[:297] + "...")
