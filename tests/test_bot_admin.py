"""Admins change the library from Discord; members cannot. Real discord.py, fake Discord."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import discord
import pytest
from aiohttp import web

from parley.bot.cogs.admin import REFUSAL, Progress
from parley.index.library import Library
from parley.index.settings import load_settings

from .conftest import FakeEmbedder, showing_everything
from .fake_discord import DEFAULT_PERMISSIONS, EPHEMERAL, FakeDiscord
from .test_bot import answered, on, parley, run

ADMIN = DEFAULT_PERMISSIONS | discord.Permissions(manage_guild=True).value
PAGE = (Path(__file__).parent / "pages" / "article.html").read_text(encoding="utf-8")


@pytest.fixture
def library(tmp_path: Path) -> Library:
    settings = showing_everything(load_settings(environ={"PARLEY_DATA": str(tmp_path / "data")}))
    # the article is served on 127.0.0.1
    settings = replace(settings, sources=replace(settings.sources, allow_private_urls=True))
    library = Library(settings, FakeEmbedder())
    library.build()
    return library


@asynccontextmanager
async def serving(route: str, text: str, content_type: str) -> AsyncIterator[str]:
    """`text` served at `route` (an aiohttp route) on 127.0.0.1; yields the server's origin."""

    async def handler(_: web.Request) -> web.Response:
        return web.Response(text=text, content_type=content_type)

    app = web.Application()
    app.router.add_get(route, handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@asynccontextmanager
async def article_server() -> AsyncIterator[str]:
    async with serving("/article", PAGE, "text/html") as origin:
        yield f"{origin}/article"


def subcommand(name: str, **options: str) -> list[dict[str, object]]:
    return [
        {
            "type": 1,
            "name": name,
            "options": [{"type": 3, "name": k, "value": v} for k, v in options.items()],
        }
    ]


async def source_command(
    fake: FakeDiscord, name: str, permissions: int, **options: str
) -> tuple[object, object]:
    sent = await fake.slash_command(
        "source", raw_options=subcommand(name, **options), permissions=permissions
    )
    callback = await fake.wait_for_request(on(sent, "POST", "/callback"))
    return sent, callback


def test_admin_commands_are_hidden_from_members(library: Library) -> None:
    async def scenario() -> None:
        async with parley(library) as (fake, _):
            sync = await fake.wait_for_request(lambda r: r.method == "PUT")
            synced = {c["name"]: c for c in sync.json}
            for name in ("source", "reindex"):
                permissions = int(synced[name]["default_member_permissions"])
                assert permissions == discord.Permissions(manage_guild=True).value
            assert synced["sources"]["default_member_permissions"] is None
            assert {o["name"] for o in synced["source"]["options"]} == {"add", "remove"}

    run(scenario())


def test_admin_adds_a_page_and_members_are_answered_from_it(library: Library) -> None:
    async def scenario() -> None:
        async with article_server() as url, parley(library) as (fake, _):
            sent, callback = await source_command(fake, "add", ADMIN, url=url)
            assert callback.json["type"] == 5 and callback.json["data"]["flags"] == EPHEMERAL
            done = await fake.wait_for_request(
                lambda r: (
                    on(sent, "PATCH", "/messages/@original")(r)
                    and "Added" in (r.json or {}).get("content", "")
                )
            )
            assert "embedded" in done.json["content"]
            question = {"question": "Geneva talks: prisoners of war and the Zaporizhzhia plant"}
            _, edit = await answered(fake, "ask", question)
            assert "127.0.0.1" in str(edit.json["embeds"][0])  # quoted, with its link

    run(scenario())
    assert any(e.source.url and "127.0.0.1" in e.source.url for e in library.registry.entries())


UPLOAD = (
    "Talks resume in Istanbul\n\n"
    "The delegations met in Istanbul on Tuesday to discuss a ceasefire, officials said.\n\n"
    "The Turkish foreign minister said the talks had been constructive and would go on.\n"
)


@asynccontextmanager
async def file_server() -> AsyncIterator[str]:
    """Where Discord would keep an attachment: any file name, the same text."""
    async with serving("/attachments/{name}", UPLOAD, "text/plain") as origin:
        yield f"{origin}/attachments"


async def upload_command(fake: FakeDiscord, base: str, filename: str) -> str:
    """/source add file:<filename> by an admin; the reply it ends with."""
    attachment = {
        "id": "1401",
        "filename": filename,
        "size": len(UPLOAD.encode()),
        "url": f"{base}/{filename}",
        "proxy_url": f"{base}/{filename}",
        "content_type": "text/plain",
    }
    add = [{"type": 1, "name": "add", "options": [{"type": 11, "name": "file", "value": "1401"}]}]
    sent = await fake.slash_command(
        "source", raw_options=add, resolved={"attachments": {"1401": attachment}}, permissions=ADMIN
    )

    def final(content: str) -> bool:  # not the progress bar's edits
        return bool(content) and "█" not in content and "░" not in content and "…" not in content

    done = await fake.wait_for_request(
        lambda r: (
            on(sent, "PATCH", "/messages/@original")(r) and final((r.json or {}).get("content"))
        )
    )
    return str(done.json["content"])


def test_an_uploaded_file_named_for_its_day_is_dated_by_it_as_the_cli_dates_it(
    library: Library,
) -> None:
    replies: list[str] = []

    async def scenario() -> None:
        async with file_server() as base, parley(library) as (fake, _):
            replies.append(await upload_command(fake, base, "2022-03-30_talks-resume.txt"))
            replies.append(await upload_command(fake, base, "talks-resume.txt"))

    run(scenario())
    named, unnamed = replies
    assert "Added" in named and "Dated c. 2022-03-30 (estimated) by its file name" in named
    added = next(e.source for e in library.registry.entries() if e.source.id.startswith("2022"))
    assert (added.published, added.published_estimated) == (dt.date(2022, 3, 30), True)
    # named for no day, and undated: asked for its date, not added
    assert "`published:`" in unnamed and "Added" not in unnamed


def test_a_member_without_the_right_is_refused_and_nothing_changes(library: Library) -> None:
    before = library.registry.hashes()

    async def scenario() -> None:
        async with article_server() as url, parley(library) as (fake, _):
            _, callback = await source_command(fake, "add", DEFAULT_PERMISSIONS, url=url)
            assert callback.json["data"]["flags"] == EPHEMERAL
            assert callback.json["data"]["content"] == REFUSAL
            _, callback = await source_command(
                fake, "remove", DEFAULT_PERMISSIONS, id="000_cd1059603c919596"
            )
            assert callback.json["data"]["content"] == REFUSAL

    run(scenario())
    assert library.registry.hashes() == before


def test_admin_removes_a_source_and_it_is_never_quoted_again(library: Library) -> None:
    gone = "002_d9caad12be1a3fe4"

    async def scenario() -> None:
        async with parley(library) as (fake, _):
            sent, _ = await source_command(fake, "remove", ADMIN, id=gone)
            done = await fake.wait_for_request(
                lambda r: (
                    on(sent, "PATCH", "/messages/@original")(r)
                    and "Removed" in (r.json or {}).get("content", "")
                )
            )
            assert gone in done.json["content"]
            _, edit = await answered(
                fake, "ask", {"question": "talks lasted three and a half hours"}
            )
            assert gone not in str(edit.json)

    run(scenario())


def test_a_refused_url_says_why_and_changes_nothing(library: Library) -> None:
    before = library.registry.hashes()

    async def scenario() -> None:
        async with parley(library) as (fake, _):
            sent, _ = await source_command(fake, "add", ADMIN, url="file:///etc/passwd")
            edit = await fake.wait_for_request(on(sent, "PATCH", "/messages/@original"))
            assert "refused" in edit.json["content"].lower()

    run(scenario())
    assert library.registry.hashes() == before


def test_progress_bar() -> None:
    progress = Progress()
    assert "Reading" in progress.bar()
    progress.set_total(40)
    progress.done_one(10)
    assert progress.bar(width=8) == "`██░░░░░░` 10/40 passages"


def test_reindex_is_admin_only(library: Library) -> None:
    async def scenario() -> None:
        async with parley(library) as (fake, _):
            sent = await fake.slash_command("reindex", permissions=DEFAULT_PERMISSIONS)
            callback = await fake.wait_for_request(on(sent, "POST", "/callback"))
            assert callback.json["data"]["content"] == REFUSAL
            sent = await fake.slash_command("reindex", permissions=ADMIN)
            done = await fake.wait_for_request(
                lambda r: (
                    on(sent, "PATCH", "/messages/@original")(r)
                    and "Reindexed" in (r.json or {}).get("content", "")
                )
            )
            assert "5 sources" in done.json["content"]

    run(scenario())
