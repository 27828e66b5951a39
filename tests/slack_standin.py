"""A loopback stand-in for the Slack Web API and response URLs, plus a client that signs
requests exactly as Slack does, for driving the real Bolt app over HTTP."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import uvicorn

from .loopback import Arrived, Recorder, free_port

BOT_USER = "UBOT"


class SlackStandIn:
    """Answers the Web API methods the app calls; `calls` holds (method, decoded payload)."""

    def __init__(self) -> None:
        self.thread_messages: list[dict] = []
        self.faults: dict[str, str] = {}  # Web API method -> "error" (ok: false) or "slow" (answers late)
        self.slow_seconds = 2.0
        self.recorder = Recorder(reply=self._reply)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.recorder.port}"

    def _reply(self, arrived: Arrived) -> tuple[str, str]:
        method = urlsplit(arrived.path).path.rsplit("/", 1)[-1]
        replies = {
            "auth.test": {"ok": True, "user_id": BOT_USER, "bot_id": "BBOT", "team_id": "T1", "user": "bbhelp"},
            "conversations.replies": {"ok": True, "messages": self.thread_messages},
            "views.open": {"ok": True, "view": {"id": "V1"}},
            "views.publish": {"ok": True, "view": {"id": "V2"}},
            "chat.postMessage": {"ok": True, "channel": "C1", "ts": "1700000100.000100"},
            "chat.postEphemeral": {"ok": True, "message_ts": "1700000100.000200"},
        }
        fault = self.faults.get(method)
        if fault == "error":
            return "application/json", json.dumps({"ok": False, "error": "not_in_channel"})
        if fault == "slow":
            time.sleep(self.slow_seconds)
        return "application/json", json.dumps(replies.get(method, {"ok": True}))

    def calls(self, method: str | None = None) -> list[tuple[str, dict]]:
        out = []
        for arrived in list(self.recorder.arrived):
            split = urlsplit(arrived.path)
            name = split.path.removeprefix("/api/") if split.path.startswith("/api/") else "respond"
            if method is None or name == method:
                out.append((name, _payload(arrived)))
        return out

    def wait_for(self, method: str, count: int = 1, timeout: float = 20.0) -> list[dict]:
        """Payloads of `method` once at least `count` have arrived (the app answers after its ack)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [payload for _, payload in self.calls(method)]
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"no {method} call within {timeout}s; calls: {[n for n, _ in self.calls()]}")

    def raw(self) -> str:
        """Everything the app sent to Slack, as one text (for secret checks)."""
        return "\n".join(a.path + "\n" + a.body for a in self.recorder.arrived)


def _payload(arrived: Arrived) -> dict:
    query = dict(parse_qsl(urlsplit(arrived.path).query))
    body = arrived.body.strip()
    if body.startswith("{"):
        return {**query, **json.loads(body)}
    return {**query, **dict(parse_qsl(body))}


class SignedClient:
    """Posts to the app as Slack does: v0 signature = HMAC-SHA256(secret, 'v0:<timestamp>:<body>')."""

    def __init__(self, base_url: str, signing_secret: str, http: httpx.Client | None = None) -> None:
        """`http`: a client to send through (its pooled connections); default a new connection each time."""
        self.base_url, self.secret, self.http = base_url, signing_secret, http

    def headers(self, body: str, timestamp: int | None = None, secret: str | None = None) -> dict[str, str]:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        digest = hmac.new((secret or self.secret).encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
        return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": "v0=" + digest.hexdigest()}

    def post(self, body: str, content_type: str, **sign: object) -> httpx.Response:
        headers = {"Content-Type": content_type, **self.headers(body, **sign)}  # type: ignore[arg-type]
        return (self.http or httpx).post(f"{self.base_url}/slack/events", content=body, headers=headers, timeout=30)

    def command(self, text: str, response_url: str, **sign: object) -> httpx.Response:
        body = urlencode({"token": "legacy", "team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/bbhelp",
                          "text": text, "response_url": response_url, "trigger_id": f"trig-{time.monotonic_ns()}"})
        return self.post(body, "application/x-www-form-urlencoded", **sign)

    def interaction(self, payload: dict, **sign: object) -> httpx.Response:
        """Each payload carries a trigger id of its own, as Slack's do (so no two are the same request)."""
        payload = {**payload, "trigger_id": f"trig-{time.monotonic_ns()}"}
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **sign)

    def event(self, event: dict, **sign: object) -> httpx.Response:
        body = json.dumps({"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event": event,
                           "event_id": f"Ev{time.monotonic_ns()}", "event_time": int(time.time())})
        return self.post(body, "application/json", **sign)


class ServerThread:
    """uvicorn serving an ASGI app on a free loopback port, in a thread."""

    def __init__(self, app: object) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "ServerThread":
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
