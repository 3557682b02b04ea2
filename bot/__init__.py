"""The Flask app: factory, configuration and the routes of every channel."""

import dataclasses
import io
import logging
import sqlite3

from flask import Flask, jsonify, request

from bot import config
from bot import admin_commands, health, line, logs, outbox, slack, web
from bot.services import Services, build

EXTENSION = "guideline_bot"
MAX_BODY = 1024 * 1024  # no route takes more: LINE's and Slack's bodies are small, the chat's forms smaller
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
# These libraries log request and response bodies at DEBUG: message text must never reach the logs.
CHATTY_LIBRARIES = ("slack_sdk", "slack_bolt", "linebot", "urllib3")


def keep_message_text_out_of_logs() -> None:
    """Raise the chatty SDK loggers to INFO, whatever the root level is."""
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.INFO)


def refuse_oversized_bodies():
    """413 for a body over MAX_BODY, read no further than one byte past it, whether sized or chunked."""
    if request.content_length is not None:
        return (jsonify(error="body too large"), 413) if request.content_length > MAX_BODY else None
    stream = request.environ.get("wsgi.input")
    if stream is None or request.method in ("GET", "HEAD"):
        return None
    body = stream.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        return jsonify(error="body too large"), 413
    request.environ.update({"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))})
    request.environ.pop("HTTP_TRANSFER_ENCODING", None)
    return None


def database_busy(error: sqlite3.OperationalError):
    """A locked or full database: say so with 503 and Retry-After, never a 500."""
    logging.getLogger(__name__).warning("database refused a request: %s", error)
    return jsonify(error="the service is busy; please try again shortly"), 503, {"Retry-After": "5"}


def with_security_headers(response):
    """No framing, no MIME sniffing, scripts and styles from this site only."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from defaults, the environment and an optional test mapping."""
    keep_message_text_out_of_logs()
    app = Flask(__name__, instance_relative_config=True)
    app.json.ensure_ascii = False  # open data and chat replies stay readable Japanese
    settings = config.load(app.instance_path, test_config)
    app.config.update(test_config or {})  # Flask's own keys, such as TESTING
    app.config.update(dataclasses.asdict(settings))
    if not app.config.get("TESTING"):
        logs.configure(settings.LOG_LEVEL)
    logs.attach_request_ids(app)
    app.before_request(refuse_oversized_bodies)
    app.register_error_handler(sqlite3.OperationalError, database_busy)
    app.after_request(with_security_headers)
    services = build(settings)
    app.extensions[EXTENSION] = services

    @app.get("/healthz")
    def healthz():
        """200 when the service can do its work; 503 with the reasons when it cannot."""
        problems = health.problems(services)
        body = {"status": "ok" if not problems else "unhealthy", "problems": problems,
                "measures": len(services.kb.measures), "terms": len(services.kb.terms)}
        return jsonify(body), 503 if problems else 200

    outbox.register(app, services)
    line.register(app, services)
    slack.register(app, services)
    admin_commands.register(app, services)
    web.register(app, services)
    return app


def services_of(app: Flask) -> Services:
    """The services a running app was built with."""
    return app.extensions[EXTENSION]
