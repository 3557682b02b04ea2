"""A tiny HTTP server on 127.0.0.1 that records requests and answers from a script."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class Recorded:
    """One request the fake received."""

    method: str
    path: str
    headers: dict
    body: bytes
    status: int = 0  # what the fake answered

    def json(self) -> dict:
        """The body as JSON."""
        return json.loads(self.body or b"{}")

    def form(self) -> dict:
        """The body as a form (Slack's Web API takes forms)."""
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class Scripted:
    """A response to give to the next request on a path."""

    status: int
    body: dict
    headers: dict = field(default_factory=dict)
    hold: threading.Event | None = None


class FakeServer:
    """Records every request; answers scripted responses first, then the default for the path."""

    def __init__(self, default):
        self.default = default  # (fake, Recorded) -> (status, body dict, headers)
        self.requests: list[Recorded] = []
        self.script: dict[str, list[Scripted]] = {}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        """The fake's base URL."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        refused = getattr(self, "refused", [])
        if refused and exc[0] is None:  # the bot sent a payload the real platform would refuse
            raise AssertionError(f"payloads over the platform's limits: {refused[:5]}")

    def then(self, path: str, status: int, body: dict | None = None, headers: dict | None = None,
             hold: threading.Event | None = None) -> None:
        """Script the next response on a path."""
        with self.lock:
            self.script.setdefault(path, []).append(Scripted(status, body or {}, headers or {}, hold))

    def received(self, path: str) -> list[Recorded]:
        """The requests made to a path, in order."""
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def _answer(self, recorded: Recorded) -> tuple[int, dict, dict, threading.Event | None]:
        """Pick the scripted or default response for a request."""
        with self.lock:
            self.requests.append(recorded)
            queue = self.script.get(recorded.path)
            scripted = queue.pop(0) if queue else None
        if scripted:
            recorded.status = scripted.status
            return scripted.status, scripted.body, scripted.headers, scripted.hold
        status, body, headers = self.default(self, recorded)
        recorded.status = status
        return status, body, headers, None

    def _handler(self):
        """The request handler class bound to this fake."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the real platforms: a client reuses its connection
            disable_nagle_algorithm = True  # headers and body go out as written, not held for an ACK

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                recorded = Recorded("POST", self.path.split("?")[0], dict(self.headers), self.rfile.read(length))
                status, body, headers, hold = fake._answer(recorded)
                if hold is not None:
                    hold.wait(10)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        return Handler
