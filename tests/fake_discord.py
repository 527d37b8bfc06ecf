"""A fake Discord REST API + gateway for end-to-end tests of discord.py 2.x bots, on 127.0.0.1.

    async with FakeDiscord() as fake, running_bot(MyBot(...), fake):
        sent = await fake.slash_command("echo", {"text": "hi"})
        edit = await fake.wait_for_request(lambda r: r.method == "PATCH" and sent.token in r.path)

It answers only what a typical bot touches (login, app-command sync, interaction responses and
follow-ups, channel messages). Every other route is a 404 on purpose: discord.py retries 5xx with
sleeps, so a missing route must fail fast. Tests may add or override routes with `add_route`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import secrets
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import discord
import yarl
from aiohttp import BodyPartReader, WSMsgType, web

Json = dict[str, Any]
# A route handler returns the JSON to answer with, None for 204, or a ready-made (error) response.
Handler = Callable[[re.Match[str], "RecordedRequest"], "Json | list[Json] | None | web.Response"]

LOADING, EPHEMERAL = 1 << 7, 1 << 6  # message flags
DEFAULT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    use_application_commands=True,
).value
_DISCORD_EPOCH_MS = 1_420_070_400_000
_increment = itertools.count()


def snowflake() -> str:
    """A fresh snowflake id, as a string like the API sends it."""
    # discord.py derives created_at from the top bits, so keep the timestamp part real.
    return str((int(time.time() * 1000) - _DISCORD_EPOCH_MS) << 22 | next(_increment) % 4096)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def make_user(name: str, *, bot: bool = False) -> Json:
    """A user object with the keys discord.py indexes without .get()."""
    return {
        "id": snowflake(),
        "username": name,
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
    }


def _json(body: Any, status: int = 200) -> web.Response:
    # discord.py parses a body only if Content-Type is *exactly* "application/json";
    # web.json_response appends "; charset=utf-8" and the bot would get a plain str back.
    data = json.dumps(body).encode()
    return web.Response(status=status, body=data, content_type="application/json")


def error_response(status: int, code: int, message: str) -> web.Response:
    """A Discord-style error (JSON code + message), e.g. for a route a test overrides."""
    return _json({"message": message, "code": code}, status)


def _option(name: str, value: Any) -> Json:
    # bool before int: bool is an int subclass. User/channel/role options (which need a
    # "resolved" block) are not inferred; pass them pre-built through slash_command(raw_options=).
    kind = (
        5
        if isinstance(value, bool)
        else 4
        if isinstance(value, int)
        else (10 if isinstance(value, float) else 3)
    )
    return {"name": name, "type": kind, "value": value}


@dataclass
class RecordedRequest:
    """One REST call the bot made."""

    method: str
    path: str  # relative to /api/v10, e.g. "/channels/123/messages"
    query: dict[str, str]
    json: Any  # JSON body, or the payload_json part of a multipart body; None if no body
    files: dict[str, bytes]  # multipart file parts by filename
    received_at: float  # time.perf_counter() when the request arrived
    status: int = 0  # HTTP status the fake answered with
    response: Any = None  # the JSON the fake answered with (None for 204s and errors)


@dataclass
class DispatchedInteraction:
    """An INTERACTION_CREATE the fake sent, with what a test needs to find its responses."""

    id: str
    token: str
    payload: Json
    dispatched_at: float  # time.perf_counter() just before the gateway frame was sent


class FakeDiscord:
    """REST + gateway server with one guild, one text channel, the bot and one human member."""

    def __init__(self, *, heartbeat_interval_ms: int = 41_250) -> None:
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.bot_user = make_user("fake-bot", bot=True)
        self.application_id: str = self.bot_user["id"]  # same id for bot user and application
        self.member_user = make_user("tester")
        self.guild_id = snowflake()
        self.channel: Json = {
            "id": snowflake(),
            "type": 0,
            "guild_id": self.guild_id,
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }
        self.requests: list[RecordedRequest] = []
        self.commands: dict[str | None, list[Json]] = {}  # synced, by guild id (None: global)
        self.messages: dict[str, Json] = {}  # every message created through the fake, by id
        self.identify: Json | None = None  # the bot's last IDENTIFY payload
        self.close_code: int | None = None  # how the bot last closed the gateway (4000: clean)
        self.port = 0
        self._interactions: dict[str, Json] = {}  # dispatched payloads by token
        self._originals: dict[str, Json] = {}  # token -> the interaction's original response
        self._acknowledged: set[str] = set()
        self._new_request = asyncio.Condition()
        self._ws: web.WebSocketResponse | None = None
        self._ws_lock = asyncio.Lock()  # one writer at a time; also keeps "s" ordered
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        hook = r"/webhooks/\d+/(?P<token>[^/]+)"  # interaction follow-ups: /webhooks/{app}/{token}
        routes: list[tuple[str, str, Handler]] = [
            ("GET", r"/users/@me", lambda m, r: self.bot_user),
            ("GET", r"/oauth2/applications/@me", lambda m, r: self._app_info()),
            (
                "GET",
                r"/gateway(/bot)?",
                lambda m, r: {  # only AutoShardedClient asks
                    "url": self.gateway_url,
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 1000,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                },
            ),
            ("PUT", r"/applications/\d+(/guilds/(?P<guild>\d+))?/commands", self._sync_commands),
            ("POST", r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback", self._callback),
            ("POST", hook, lambda m, r: self._new_message(r.json, r.files, webhook=True)),
            (
                "POST",
                r"/channels/(?P<channel>\d+)/messages",
                lambda m, r: self._new_message(r.json, r.files, channel_id=m["channel"]),
            ),
            (
                "GET|PATCH|DELETE",
                rf"({hook}|/channels/\d+)/messages/(?P<message>@original|\d+)",
                self._existing_message,
            ),
            ("POST", r"/channels/\d+/typing", lambda m, r: None),
        ]
        for methods, pattern, handler in routes:
            self.add_route(methods, pattern, handler, first=False)

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()  # port 0: the OS picks a free one
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._ws is not None:  # else cleanup() waits for a bot that never hangs up
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- REST --------------------------------------------------------------------------------

    def add_route(
        self, methods: str, pattern: str, handler: Handler, *, first: bool = True
    ) -> None:
        """Serve `methods` ("GET|PATCH") on paths fully matching `pattern`; tests' routes win."""
        entry = (methods, re.compile(pattern), handler)
        self._routes.insert(0 if first else len(self._routes), entry)

    async def wait_for_request(
        self, predicate: Callable[[RecordedRequest], bool], *, timeout: float = 5.0
    ) -> RecordedRequest:
        """The first request, already recorded or yet to come, matching `predicate`.

        Past requests count too, so make predicates specific (e.g. test an interaction's token).
        """

        def find() -> RecordedRequest | None:
            return next((r for r in self.requests if predicate(r)), None)

        async with self._new_request:
            try:
                found = await asyncio.wait_for(self._new_request.wait_for(find), timeout)
            except TimeoutError:
                seen = "\n  ".join(f"{r.method} {r.path}" for r in self.requests)
                raise AssertionError(f"no matching request in {timeout}s; saw:\n  {seen}") from None
        assert found is not None
        return found

    async def _rest(self, request: web.Request) -> web.Response:
        received_at = time.perf_counter()
        body, files = await _read_body(request)
        rec = RecordedRequest(
            request.method,
            request.path.removeprefix("/api/v10"),
            dict(request.query),
            body,
            files,
            received_at,
        )
        result: Json | list[Json] | None | web.Response = error_response(404, 0, "404: Not Found")
        for methods, pattern, handler in self._routes:
            if request.method in methods.split("|") and (match := pattern.fullmatch(rec.path)):
                try:
                    result = handler(match, rec)
                except Exception as exc:  # a 500 would make the bot retry with sleeps
                    result = error_response(400, 0, f"fake_discord handler failed: {exc!r}")
                break
        if not isinstance(result, web.Response):
            rec.response = result
            result = web.Response(status=204) if result is None else _json(result)
        rec.status = result.status
        async with self._new_request:  # record only now, so waiters see rec.response filled in
            self.requests.append(rec)
            self._new_request.notify_all()
        return result

    def _app_info(self) -> Json:
        return {
            "id": self.application_id,
            "name": "fake-app",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.member_user,
            "verify_key": "0" * 64,
            "flags": 0,
            "team": None,
        }

    def _sync_commands(self, m: re.Match[str], req: RecordedRequest) -> list[Json]:
        guild = m["guild"]
        self.commands[guild] = [
            {
                "type": 1,
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                **cmd,
                "id": snowflake(),
                "application_id": self.application_id,
                "version": snowflake(),
                **({"guild_id": guild} if guild else {}),
            }
            for cmd in req.json
        ]
        return self.commands[guild]

    def _callback(self, m: re.Match[str], req: RecordedRequest) -> Json | web.Response:
        interaction = self._interactions.get(m["token"])
        if interaction is None or interaction["id"] != m["id"]:
            return error_response(404, 10062, "Unknown interaction")
        if m["token"] in self._acknowledged:
            return error_response(400, 40060, "Interaction has already been acknowledged.")
        self._acknowledged.add(m["token"])
        kind, data = req.json["type"], req.json.get("data") or {}
        message: Json | None = None
        if kind in (4, 5):  # (deferred) channel message: creates the "original response"
            loading = LOADING if kind == 5 else 0  # the "Bot is thinking..." placeholder
            body = {**data, "flags": data.get("flags", 0) | loading}
            message = self._new_message(body, req.files, webhook=True)
        elif kind in (6, 7) and "message" in interaction:  # (deferred) update of clicked message
            message = self.messages.setdefault(interaction["message"]["id"], interaction["message"])
            if kind == 7:
                _apply(message, data, req.files, edited=True)
        if message is not None:
            self._originals[m["token"]] = message
        # discord.py 2.6+ sends ?with_response=1 and parses this InteractionCallbackResponse.
        return {
            "interaction": {
                "id": m["id"],
                "type": interaction["type"],
                "activity_instance_id": None,
                "response_message_id": message and message["id"],
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(message and message["flags"] & EPHEMERAL),
            },
            "resource": {"type": kind, **({"message": message} if message else {})},
        }

    def _existing_message(
        self, m: re.Match[str], req: RecordedRequest
    ) -> Json | None | web.Response:
        original = m["message"] == "@original"
        message = self._originals.get(m["token"]) if original else self.messages.get(m["message"])
        if message is None:  # e.g. editing @original before responding: Discord says the same
            return error_response(404, 10008, "Unknown Message")
        if req.method == "DELETE":
            self.messages.pop(message["id"], None)
            if original:
                del self._originals[m["token"]]
            return None
        if req.method == "PATCH":
            message["flags"] &= ~LOADING  # the first edit replaces the thinking placeholder
            _apply(message, req.json or {}, req.files, edited=True)
        return message

    def _new_message(
        self,
        body: Json | None,
        files: dict[str, bytes] | None = None,
        *,
        channel_id: str | None = None,
        webhook: bool = False,
    ) -> Json:
        body = body or {}
        message: Json = {
            "id": snowflake(),
            "channel_id": channel_id or self.channel["id"],
            "guild_id": self.guild_id,
            "author": self.bot_user,
            "content": "",
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts")),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "flags": 0,
            "type": 19 if body.get("message_reference") else 0,  # 19 = REPLY
        }
        if body.get("message_reference"):
            message["message_reference"] = body["message_reference"]
        if webhook:  # interaction responses and follow-ups are sent by the app's webhook
            message["webhook_id"] = message["application_id"] = self.application_id
        _apply(message, body, files)
        self.messages[message["id"]] = message
        return message

    # -- gateway -----------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await self._send(10, {"heartbeat_interval": self.heartbeat_interval_ms})
        async for msg in ws:  # discord.py sends text frames; compress= only affects our side
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            if frame["op"] == 1:  # HEARTBEAT: un-ACKed beats make the bot reconnect
                await self._send(11, None)
            elif frame["op"] == 2:  # IDENTIFY
                self.identify = frame["d"]
                await self.dispatch("READY", self._ready_payload())
                await self.dispatch("GUILD_CREATE", self._guild_payload())
            elif frame["op"] == 6:  # RESUME: refuse, so the bot re-identifies from scratch
                await self._send(9, False)
        self.close_code = ws.close_code
        if self._ws is ws:
            self._ws = None
        return ws

    async def _send(self, op: int, data: Any, event: str | None = None) -> None:
        if self._ws is None or self._ws.closed:
            raise RuntimeError("no bot is connected to the fake gateway")
        async with self._ws_lock:
            seq = None
            if event is not None:
                self._seq += 1
                seq = self._seq
            await self._ws.send_str(json.dumps({"op": op, "d": data, "s": seq, "t": event}))

    async def dispatch(self, event: str, data: Json) -> None:
        """Send a gateway DISPATCH (op 0) event to the connected bot."""
        await self._send(0, data, event)

    def _ready_payload(self) -> Json:
        return {
            "v": 10,
            "user": self.bot_user,
            "session_id": secrets.token_hex(16),
            "guilds": [{"id": self.guild_id, "unavailable": True}],  # filled by GUILD_CREATE
            "resume_gateway_url": self.gateway_url,
            "shard": [0, 1],
            "private_channels": [],
            "application": {"id": self.application_id, "flags": 0},
        }

    def _member(self, user: Json) -> Json:
        return {
            "user": user,
            "roles": [],
            "joined_at": _now(),
            "premium_since": None,
            "nick": None,
            "avatar": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        }

    def _guild_payload(self) -> Json:
        everyone = {
            "id": self.guild_id,
            "name": "@everyone",
            "permissions": str(DEFAULT_PERMISSIONS),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }  # @everyone's role id is the guild id
        members = [self._member(self.bot_user), self._member(self.member_user)]
        return {
            "id": self.guild_id,
            "name": "Fake Guild",
            "icon": None,
            "owner_id": self.member_user["id"],
            "unavailable": False,
            "large": False,
            "member_count": len(members),
            "roles": [everyone],
            "channels": [self.channel],
            "members": members,
            "threads": [],
            "presences": [],
            "voice_states": [],
            "emojis": [],
            "stickers": [],
            "features": [],
            "preferred_locale": "en-US",
            "joined_at": _now(),
            "verification_level": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "nsfw_level": 0,
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    # -- events a member would cause -------------------------------------------------------

    async def slash_command(
        self,
        name: str,
        options: Json | None = None,
        *,
        raw_options: Sequence[Json] = (),
        resolved: Json | None = None,
        user: Json | None = None,
        permissions: int = DEFAULT_PERMISSIONS,
    ) -> DispatchedInteraction:
        """Dispatch a chat-input command, as if `user` (default: the member) ran /name;
        `resolved` is the block of the objects its options name (an attachment's metadata,
        by id, for an option of type 11)."""
        guild_cmds = {c["name"]: c for c in self.commands.get(self.guild_id, [])}
        global_cmds = {c["name"]: c for c in self.commands.get(None, [])}
        synced = guild_cmds.get(name) or global_cmds.get(name)
        data: Json = {
            "id": synced["id"] if synced else snowflake(),
            "name": name,
            "type": 1,
            "options": [_option(k, v) for k, v in (options or {}).items()] + list(raw_options),
        }
        if name in guild_cmds:  # discord.py looks guild commands up by this key
            data["guild_id"] = self.guild_id
        if resolved is not None:
            data["resolved"] = resolved
        return await self._interact(2, data, user, permissions)

    async def click(
        self,
        message: Json,
        custom_id: str,
        *,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        user: Json | None = None,
        permissions: int = DEFAULT_PERMISSIONS,
    ) -> DispatchedInteraction:
        """Dispatch a component interaction (button, or select with `values`) on `message`."""
        data: Json = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        return await self._interact(3, data, user, permissions, message=message)

    async def _interact(
        self,
        kind: int,
        data: Json,
        user: Json | None,
        permissions: int,
        message: Json | None = None,
    ) -> DispatchedInteraction:
        interaction_id = snowflake()
        token = f"fake-{interaction_id}-{secrets.token_urlsafe(16)}"
        payload: Json = {
            "id": interaction_id,
            "application_id": self.application_id,
            "type": kind,
            "data": data,
            "token": token,
            "version": 1,
            "guild_id": self.guild_id,
            "guild": {"id": self.guild_id, "locale": "en-US", "features": []},
            "channel_id": self.channel["id"],
            "channel": {**self.channel, "permissions": str(permissions)},
            # Members carry their resolved channel permissions as a string in interactions.
            "member": {**self._member(user or self.member_user), "permissions": str(permissions)},
            "app_permissions": str(DEFAULT_PERMISSIONS),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": self.guild_id},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,  # indexed unconditionally by discord.py
        }
        if message is not None:
            payload["message"] = message
        self._interactions[token] = payload
        dispatched_at = time.perf_counter()
        await self.dispatch("INTERACTION_CREATE", payload)
        return DispatchedInteraction(interaction_id, token, payload, dispatched_at)

    async def send_message(
        self, content: str, *, author: Json | None = None, mentions: Sequence[Json] = ()
    ) -> Json:
        """Dispatch MESSAGE_CREATE as if `author` (default: the member) posted in the channel."""
        author = author or self.member_user
        message = self._new_message({"content": content})
        message.update(
            author=author,
            mentions=[dict(u) for u in mentions],
            member={k: v for k, v in self._member(author).items() if k != "user"},
        )
        await self.dispatch("MESSAGE_CREATE", message)
        return message


def _apply(
    message: Json, body: Json, files: dict[str, bytes] | None = None, *, edited: bool = False
) -> Json:
    """Apply a create/edit body to a stored message (only the fields tests care about)."""
    for key in ("content", "embeds", "components"):
        if body.get(key) is not None:
            message[key] = body[key]
    if "flags" in body:
        message["flags"] = body["flags"] or 0
    if files:
        message["attachments"] = [
            {
                "id": snowflake(),
                "filename": name,
                "size": len(data),
                "url": f"https://cdn.invalid/{name}",
                "proxy_url": f"https://cdn.invalid/{name}",
            }
            for name, data in files.items()
        ]
    if edited:
        message["edited_timestamp"] = _now()
    return message


async def _read_body(request: web.Request) -> tuple[Any, dict[str, bytes]]:
    """(JSON body, files); discord.py sends multipart with a payload_json part when uploading."""
    if request.content_type == "application/json":
        return await request.json(), {}
    if request.content_type != "multipart/form-data":
        return None, {}
    payload, files = None, {}
    async for part in await request.multipart():
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "payload_json":
            payload = json.loads(await part.text())
        else:
            files[part.filename or part.name or "?"] = bytes(await part.read())
    return payload, files


@asynccontextmanager
async def running_bot(
    bot: discord.Client, fake: FakeDiscord, *, timeout: float = 5.0
) -> AsyncIterator[discord.Client]:
    """Run `bot` against `fake` until it is READY; close it and undo the URL patches on exit.

    Give the bot `guild_ready_timeout=0.05` (READY waits that long after the last
    GUILD_CREATE) and `chunk_guilds_at_startup=False`, or startup takes seconds.
    """
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base  # shared by HTTPClient and the webhook adapter
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    connection: asyncio.Task[None] | None = None
    try:
        # login() + connect() instead of start(): setup_hook errors (a failing tree.sync())
        # raise right here, and reconnect=False turns a dropped gateway into an error.
        await asyncio.wait_for(bot.login("fake-token"), timeout)
        connection = asyncio.create_task(bot.connect(reconnect=False))
        ready = asyncio.create_task(bot.wait_until_ready())
        await asyncio.wait(
            {connection, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if not ready.done():
            ready.cancel()
            if connection.done():
                connection.result()  # re-raises what ended the gateway session
                raise RuntimeError("gateway session ended before READY")
            raise TimeoutError(f"bot was not ready within {timeout}s")
        yield bot
    finally:
        try:
            await bot.close()  # sends close code 4000, which ends connect() without an error
            if connection is not None:
                await asyncio.wait_for(connection, timeout)
        finally:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
