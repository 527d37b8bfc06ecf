"""Ingest: files, pasted text and web pages in; refusals out, each one line.

No test reaches the internet: pages come from a server on 127.0.0.1, every connection is
checked to go to loopback (`_loopback_only`), and host names other than IP literals never
reach DNS (a test that needs a name resolves it with a fake).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import os
import random
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import cast

import httpx
import pytest

from parley.index.errors import ParleyError, SourceRefused
from parley.index.ingest.drafts import Draft, draft_from_text
from parley.index.ingest.files import read_file
from parley.index.ingest.web import UrlGuard, _pinned_request, fetch_url

PAGES = Path(__file__).parent / "pages"
ARTICLE = (PAGES / "article.html").read_bytes()
# Reaches the test server and nothing else local: not ::1, not 10/8, not 169.254.169.254.
LOCAL_SERVER_ONLY = UrlGuard(allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),))
BOILERPLATE = (
    "cookie",
    "Subscribe",
    "All rights reserved",
    "Privacy policy",
    "Related stories",
    "Morning Briefing",
    "trackingPixel",
    "dataLayer",
    "font-family",
)
_real_getaddrinfo = socket.getaddrinfo
_real_connect = socket.socket.connect


def refusal(excinfo: pytest.ExceptionInfo[SourceRefused]) -> str:
    message = str(excinfo.value)
    assert message.startswith("refused: ") and "\n" not in message
    return message


# --- the local server ---------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    hosts: list[str] = []  # the Host header of every request, in order

    def do_GET(self) -> None:  # the name http.server calls
        Handler.hosts.append(self.headers.get("Host", ""))
        path = self.path
        port = cast(ThreadingHTTPServer, self.server).server_port
        if path in ("/article", "/hop/0"):
            self._send(200, "text/html; charset=utf-8", ARTICLE)
        elif path.startswith("/hop/"):  # /hop/3 -> /hop/2 -> /hop/1 -> /hop/0: 3 redirects
            self._redirect(f"/hop/{int(path.rsplit('/', 1)[1]) - 1}")
        elif path == "/to/metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/to/file":
            self._redirect("file:///etc/passwd")
        elif path == "/to/ipv6-loopback":
            self._redirect(f"http://[::1]:{port}/article")
        elif path == "/to/private":
            self._redirect("http://10.0.0.1/admin")
        elif path == "/to/nowhere":
            self._send(302, "text/html", b"")
        elif path == "/pdf":
            self._send(200, "application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        elif path == "/png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        elif path == "/untyped":
            self._send(200, None, ARTICLE)
        elif path == "/empty":
            self._send(200, "text/html", b"<!DOCTYPE html><html><head></head><body></body></html>")
        elif path == "/blank":
            self._send(200, "text/html", b"")
        elif path == "/big":
            self._send(200, "text/html", ARTICLE + b"<!-- padding -->" * 10_000)
        elif path == "/big-unannounced":  # no Content-Length: only counting the body stops it
            self._send(200, "text/html", ARTICLE + b"<!-- padding -->" * 10_000, length=False)
        elif path == "/slow":
            time.sleep(1.0)
            self._send(200, "text/html", ARTICLE)
        elif path == "/latin1":
            body = ARTICLE.decode("utf-8").replace("Geneva", "Genève").encode("cp1252")
            self._send(200, "text/html; charset=iso-8859-1", body.replace(b"utf-8", b"x"))
        else:
            self._send(404, "text/plain", b"not found")

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, kind: str | None, body: bytes, length: bool = True) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up at a size or time limit
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up on /slow is the point of that test


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that would connect beyond loopback or look a name up in DNS."""

    def connect(sock: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else ""
        ip = ipaddress.ip_address(str(host).split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if not ip.is_loopback:
            raise AssertionError(f"test tried to connect to {address}")
        _real_connect(sock, address)  # type: ignore[arg-type]

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        text = host.decode() if isinstance(host, bytes) else str(host)
        try:
            ipaddress.ip_address(text.split("%")[0])
        except ValueError:
            if text != "localhost":
                raise AssertionError(f"test tried to resolve {text!r} in DNS") from None
        return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def fake_dns(monkeypatch: pytest.MonkeyPatch, name: str, *answers: list[str]) -> list[str]:
    """Resolve `name` to `answers[0]`, then `answers[1]`, ...; returns the names looked up."""
    asked: list[str] = []
    passthrough = socket.getaddrinfo

    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> object:
        if host != name:
            return passthrough(host, port, *args, **kwargs)  # type: ignore[arg-type]
        asked.append(host)
        addresses = answers[min(len(asked), len(answers)) - 1]
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


# --- fetching -----------------------------------------------------------------------------


def test_fetch_gives_the_article_text_and_metadata_without_boilerplate(server: str) -> None:
    draft = fetch_url(f"{server}/article", guard=UrlGuard(allow_private=True))
    assert draft.title == "Geneva talks end without ceasefire deal, envoys agree to meet again"
    assert draft.author == "Hanna Kovalenko"
    assert draft.outlet == "The Meridian Herald"
    assert draft.published == dt.date(2025, 3, 14)  # published, not modified (the 15th)
    assert draft.url == f"{server}/article"
    assert "a calendar is not nothing" in draft.text
    assert "International Committee of the Red Cross." in draft.text
    for junk in BOILERPLATE:
        assert junk not in draft.text
    # one paragraph per block, a blank line between, as in Parley's text files
    assert "\n\nThe two days of talks, hosted by the Swiss" in draft.text
    assert "\n\n\n" not in draft.text


def test_the_local_server_is_reachable_through_an_allowed_network(server: str) -> None:
    draft = fetch_url(f"{server}/article", guard=LOCAL_SERVER_ONLY)
    assert draft.author == "Hanna Kovalenko"


def test_with_the_guard_on_the_local_server_is_refused(server: str) -> None:
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url(f"{server}/article", guard=UrlGuard())
    assert (
        refusal(excinfo) == f"refused: {server}/article resolves to 127.0.0.1, a loopback address"
    )


NOT_PUBLIC = [
    ("http://127.0.0.1/", "resolves to 127.0.0.1, a loopback address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"),
    ("http://[::1]/", "resolves to ::1, a loopback address"),
    ("http://10.0.0.1/", "resolves to 10.0.0.1, a private address"),
    ("http://192.168.1.1/", "a private address"),
    ("http://0.0.0.0/", "an unspecified address"),
    ("http://[::ffff:127.0.0.1]/", "a loopback address"),
    ("http://[::ffff:169.254.169.254]/", "a link-local address"),
    ("http://[fe80::1]/", "a link-local address"),
    ("http://[fd00::1]/", "a private address"),
    ("http://224.0.0.1/", "a multicast address"),
    ("http://100.64.0.1/", "not a public address"),  # carrier-grade NAT
    ("http://[2002:7f00:1::]/", "a loopback address"),  # 6to4 wrapping 127.0.0.1
    ("http://[64:ff9b::a9fe:a9fe]/", "address"),  # NAT64 wrapping 169.254.169.254
    ("https://127.0.0.1:8443/", "a loopback address"),
]


@pytest.mark.parametrize(("url", "why"), NOT_PUBLIC)
def test_non_public_addresses_are_refused_before_connecting(url: str, why: str) -> None:
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url(url, guard=UrlGuard())
    assert why in refusal(excinfo)


# all but the test server's own address, 127.0.0.1, however it is written
@pytest.mark.parametrize(
    ("url", "why"), [case for case in NOT_PUBLIC if "127.0.0.1" not in case[0]]
)
def test_allowing_the_test_server_allows_nothing_else(url: str, why: str) -> None:
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url(url, guard=LOCAL_SERVER_ONLY)
    assert why in refusal(excinfo)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "refused: file:// URLs are not allowed; use http or https"),
        ("ftp://127.0.0.1/pub/article.html", "refused: ftp:// URLs are not allowed"),
        ("javascript:alert(1)", "refused: javascript:// URLs are not allowed"),
        ("127.0.0.1/article", "refused: URLs without http(s):// are not allowed"),
        ("http://user:secret@127.0.0.1/", "refused: URLs with a user name or password"),
        ("http:///nohost", "has no host"),
    ],
)
def test_only_plain_http_and_https_urls_are_fetched(url: str, message: str) -> None:
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url(url, guard=UrlGuard(allow_private=True))
    assert message in refusal(excinfo)


@pytest.mark.parametrize(
    ("path", "why"),
    [
        (
            "/to/metadata",
            "the redirect to http://169.254.169.254/latest/meta-data/ resolves to "
            "169.254.169.254, a link-local address",
        ),
        ("/to/file", "the redirect to file:///etc/passwd: file:// URLs are not allowed"),
        ("/to/ipv6-loopback", "resolves to ::1, a loopback address"),
        ("/to/private", "the redirect to http://10.0.0.1/admin resolves to 10.0.0.1, a private"),
    ],
)
def test_a_redirect_is_checked_like_the_url_itself(server: str, path: str, why: str) -> None:
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url(f"{server}{path}", guard=LOCAL_SERVER_ONLY)
    assert why in refusal(excinfo)


def test_redirects_are_followed_up_to_the_limit(server: str) -> None:
    draft = fetch_url(f"{server}/hop/5", guard=LOCAL_SERVER_ONLY, max_redirects=5)
    assert draft.url == f"{server}/hop/0"  # the final URL
    assert draft.author == "Hanna Kovalenko"
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url(f"{server}/hop/6", guard=LOCAL_SERVER_ONLY, max_redirects=5)
    assert refusal(excinfo) == f"refused: {server}/hop/6 redirects more than 5 times"
    with pytest.raises(SourceRefused, match="more than 0 times"):
        fetch_url(f"{server}/hop/1", guard=LOCAL_SERVER_ONLY, max_redirects=0)


def test_a_redirect_without_a_location_is_refused(server: str) -> None:
    with pytest.raises(SourceRefused, match="without saying where"):
        fetch_url(f"{server}/to/nowhere", guard=LOCAL_SERVER_ONLY)


@pytest.mark.parametrize("path", ["/big", "/big-unannounced"])
def test_a_page_over_the_size_limit_is_refused_not_truncated(server: str, path: str) -> None:
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url(f"{server}{path}", guard=LOCAL_SERVER_ONLY, max_bytes=50_000)
    assert refusal(excinfo) == f"refused: {server}{path} is larger than 50 kB"
    assert fetch_url(f"{server}{path}", guard=LOCAL_SERVER_ONLY, max_bytes=500_000).text


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/pdf", "refused: the page is application/pdf, not HTML"),
        ("/png", "refused: the page is image/png, not HTML"),
        ("/untyped", "refused: the page is of no stated type, not HTML"),
    ],
)
def test_a_page_that_is_not_html_is_refused(server: str, path: str, message: str) -> None:
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url(f"{server}{path}", guard=LOCAL_SERVER_ONLY)
    assert refusal(excinfo) == message


@pytest.mark.parametrize("path", ["/empty", "/blank"])
def test_a_page_without_article_text_is_refused(server: str, path: str) -> None:
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url(f"{server}{path}", guard=LOCAL_SERVER_ONLY)
    assert refusal(excinfo) == f"refused: no article text found in {server}{path}"


def test_an_error_status_is_refused(server: str) -> None:
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url(f"{server}/missing", guard=LOCAL_SERVER_ONLY)
    assert refusal(excinfo) == f"refused: {server}/missing answered 404 Not Found"


def test_a_slow_server_is_refused_after_the_timeout(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url(f"{server}/slow", guard=LOCAL_SERVER_ONLY, timeout=0.2)
    assert refusal(excinfo) == f"refused: {server}/slow did not answer within 0.2 s"
    assert time.monotonic() - started < 0.9


def test_a_declared_legacy_charset_is_honoured(server: str) -> None:
    draft = fetch_url(f"{server}/latin1", guard=LOCAL_SERVER_ONLY)
    assert draft.title and draft.title.startswith("Genève talks")
    assert "left Genève on Friday" in draft.text


def test_a_name_is_resolved_once_and_the_checked_address_is_the_one_connected_to(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DNS rebinding: the first answer passes the check; a second lookup would get the metadata
    # address (and `_loopback_only` would fail the test if anything connected to it).
    asked = fake_dns(monkeypatch, "news.test", ["127.0.0.1"], ["169.254.169.254"])
    port = server.rsplit(":", 1)[1]
    Handler.hosts.clear()
    draft = fetch_url(f"http://news.test:{port}/article", guard=LOCAL_SERVER_ONLY)
    assert asked == ["news.test"]
    assert Handler.hosts == [f"news.test:{port}"]  # the server still sees the name
    assert draft.url == f"http://news.test:{port}/article"
    assert draft.author == "Hanna Kovalenko"


def test_each_redirect_hop_checks_its_own_lookup(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = fake_dns(monkeypatch, "news.test", ["127.0.0.1"], ["169.254.169.254"])
    port = server.rsplit(":", 1)[1]
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url(f"http://news.test:{port}/hop/1", guard=LOCAL_SERVER_ONLY)
    assert refusal(excinfo) == (
        f"refused: the redirect to http://news.test:{port}/hop/0 resolves to 169.254.169.254, "
        "a link-local address"
    )
    assert asked == ["news.test", "news.test"]


def test_a_name_with_any_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, "mixed.test", ["93.184.215.14", "10.1.2.3"])
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url("http://mixed.test/article", guard=UrlGuard())
    assert refusal(excinfo) == (
        "refused: http://mixed.test/article resolves to 10.1.2.3, a private address"
    )


def test_a_name_that_does_not_resolve_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(SourceRefused) as excinfo:
        fetch_url("http://no-such-host.test/", guard=UrlGuard())
    assert (
        refusal(excinfo) == "refused: cannot resolve no-such-host.test: Name or service not known"
    )


def test_https_is_sent_to_the_checked_address_with_the_name_for_sni_and_host() -> None:
    with httpx.Client() as client:
        request = _pinned_request(
            client, httpx.URL("https://news.test/a?b=1"), "93.184.215.14", timeout=5.0
        )
    assert str(request.url) == "https://93.184.215.14/a?b=1"
    assert request.headers["Host"] == "news.test"
    assert request.extensions["sni_hostname"] == "news.test"


def test_refusals_are_parley_errors() -> None:
    assert issubclass(SourceRefused, ParleyError)


# --- files and text -----------------------------------------------------------------------


def test_a_text_file_is_kept_as_text_with_unix_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "talks.txt"
    path.write_bytes(
        b"First paragraph, one line.\r\nSame paragraph.\r\n\r\n\r\n\r\nSecond one.  \r\n"
    )
    draft = read_file(path, max_bytes=10_000)
    assert draft == Draft("First paragraph, one line.\nSame paragraph.\n\nSecond one.")


def test_a_markdown_file_is_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "talks.md"
    path.write_text("# Talks resume\n\nThe envoys met *again* on Monday.\n", encoding="utf-8")
    assert read_file(path, max_bytes=10_000).text == (
        "# Talks resume\n\nThe envoys met *again* on Monday."
    )


def test_an_html_file_is_sanitized_to_its_article(tmp_path: Path) -> None:
    path = tmp_path / "geneva.HTML"
    path.write_bytes(ARTICLE)
    draft = read_file(path, max_bytes=100_000)
    assert draft.title == "Geneva talks end without ceasefire deal, envoys agree to meet again"
    assert draft.author == "Hanna Kovalenko"
    assert draft.outlet == "The Meridian Herald"
    assert draft.published == dt.date(2025, 3, 14)
    assert draft.url is None
    assert "<" not in draft.text and "a calendar is not nothing" in draft.text
    for junk in BOILERPLATE:
        assert junk not in draft.text


def test_an_html_file_without_metadata_leaves_it_none(tmp_path: Path) -> None:
    path = tmp_path / "bare.htm"
    path.write_text(
        "<html><body><article><p>The envoys met again on Monday in Istanbul and agreed to "
        "exchange lists of prisoners before the next round.</p></article></body></html>",
        encoding="utf-8",
    )
    draft = read_file(path, max_bytes=10_000)
    assert draft.text.startswith("The envoys met again on Monday")
    assert (draft.title, draft.author, draft.outlet, draft.published) == (None, None, None, None)


WESTERN = (
    "Talks in Genève: Zelensky’s envoy said the “ceasefire” plan — a serious one — deserved "
    "study. Café owners in Kyiv welcomed it, and the euro rose to €1.09.\n\n"
    "Officials from Zürich and São Paulo attended as observers.\n"
)
CYRILLIC = (
    "Переговоры в Женеве завершились без соглашения о прекращении огня. "
    "Делегации договорились встретиться снова до конца апреля, сообщили дипломаты.\n\n"
    "Швейцарский посредник назвал итоги встречи скромными, но полезными.\n"
)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", WESTERN),
        (
            "latin-1",
            "Talks in Genève; the café by the Palais des Nations was full. Señor García.\n",
        ),
        ("utf-16", WESTERN),  # with a BOM, as Windows writes it
        ("utf-8-sig", WESTERN),
        ("koi8-r", CYRILLIC),
        ("cp1251", CYRILLIC),
    ],
)
def test_a_legacy_encoding_is_detected(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert read_file(path, max_bytes=10_000).text == text.strip()


def test_a_legacy_html_file_uses_its_declared_charset(tmp_path: Path) -> None:
    html = ARTICLE.decode("utf-8").replace("Geneva", "Genève").replace('"utf-8"', '"iso-8859-1"')
    path = tmp_path / "legacy.html"
    path.write_bytes(html.encode("cp1252"))
    assert read_file(path, max_bytes=100_000).title.startswith("Genève talks")  # type: ignore[union-attr]


_rng = random.Random(7)
NOISE = bytes(_rng.randrange(1, 256) for _ in range(4000))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        NOISE,  # not one NUL byte
        b"ok \x01\x02\x03\x04\x05\x06\x07\x08 text" * 50,
    ],
    ids=["nul-bytes", "noise", "control-characters"],
)
def test_a_binary_file_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    with pytest.raises(SourceRefused) as excinfo:
        read_file(path, max_bytes=100_000)
    message = refusal(excinfo)
    assert "binary" in message or "cannot tell the text encoding" in message


def test_a_file_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 5_000, encoding="utf-8")

    def no_open(*args: object, **kwargs: object) -> object:
        raise AssertionError("opened a file that is too big")

    monkeypatch.setattr(Path, "open", no_open)
    with pytest.raises(SourceRefused) as excinfo:
        read_file(path, max_bytes=5_000)
    assert refusal(excinfo) == f"refused: {path} is larger than 5 kB"


@pytest.mark.parametrize("content", [b"", b"  \r\n\t\n  ", b"\xef\xbb\xbf\n"])
@pytest.mark.parametrize("name", ["empty.txt", "empty.md"])
def test_an_empty_file_is_refused(tmp_path: Path, content: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceRefused) as excinfo:
        read_file(path, max_bytes=1_000)
    assert refusal(excinfo) == f"refused: {path} has no text"


def test_an_html_file_without_article_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body></body></html>")
    with pytest.raises(SourceRefused, match="no article text found"):
        read_file(path, max_bytes=1_000)


@pytest.mark.parametrize("name", ["report.pdf", "notes.docx", "article", "feed.xml"])
def test_an_unknown_extension_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Talks resumed.", encoding="utf-8")
    with pytest.raises(SourceRefused) as excinfo:
        read_file(path, max_bytes=1_000)
    assert refusal(excinfo) == f"refused: {name} is not a .txt, .md, .html or .htm file"


def test_what_is_not_a_readable_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(SourceRefused, match="is not a regular file"):
        read_file(tmp_path / "folder.txt", max_bytes=1_000)
    with pytest.raises(SourceRefused, match="does not exist"):
        read_file(tmp_path / "missing.txt", max_bytes=1_000)


def test_a_link_out_of_its_folder_is_refused_not_read(tmp_path: Path) -> None:
    """passwd.txt -> /etc/passwd was read and stored as an article."""
    (tmp_path / "passwd.txt").symlink_to("/etc/passwd")
    with pytest.raises(SourceRefused, match="is a link to /etc/passwd, outside"):
        read_file(tmp_path / "passwd.txt", max_bytes=1_000_000)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "article.txt").write_text("Envoys met in Riyadh on Monday.")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "article.txt").symlink_to(outside / "article.txt")
    with pytest.raises(SourceRefused, match="outside"):
        read_file(folder / "article.txt", max_bytes=1_000)
    # a link that stays inside the folder given is followed
    (folder / "real.txt").write_text("Envoys met in Riyadh on Monday.")
    (folder / "alias.txt").symlink_to(folder / "real.txt")
    assert read_file(folder / "alias.txt", max_bytes=1_000).text.startswith("Envoys met")
    assert read_file(folder / "article.txt", max_bytes=1_000, within=tmp_path).text


def test_a_fifo_or_device_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # opened for reading, a FIFO waits for a writer
    with pytest.raises(SourceRefused, match="is not a regular file"):
        read_file(tmp_path / "pipe.txt", max_bytes=1_000)
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    with pytest.raises(SourceRefused, match="outside"):
        read_file(tmp_path / "zero.txt", max_bytes=1_000)
    with pytest.raises(SourceRefused, match="is not a regular file"):
        read_file(tmp_path / "zero.txt", max_bytes=1_000, within=Path("/dev"))


def test_text_with_metadata_becomes_a_draft() -> None:
    draft = draft_from_text(
        "Envoys met in Riyadh.\r\n\r\nThey agreed to meet again.",
        title="Riyadh talks",
        author="A. Reporter",
        published=dt.datetime(2025, 3, 24, 18, 0),
        url="https://news.example/riyadh",
        outlet="Example News",
    )
    assert draft == Draft(
        text="Envoys met in Riyadh.\n\nThey agreed to meet again.",
        title="Riyadh talks",
        author="A. Reporter",
        outlet="Example News",
        url="https://news.example/riyadh",
        published=dt.date(2025, 3, 24),
    )


@pytest.mark.parametrize("text", ["", "   ", "\n\r\n\t"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(SourceRefused) as excinfo:
        draft_from_text(text, title="Nothing")
    assert refusal(excinfo) == "refused: the article text is empty"
