"""Structured logs: one JSON object per line, with the request id, and never message text or user IDs."""

import json
import logging
import sys
import uuid

import click
from flask import Flask, g, has_request_context, request


class JsonLines(logging.Formatter):
    """Format a record as one JSON line."""

    def format(self, record: logging.LogRecord) -> str:
        """The record's time, level, logger, message and request id."""
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                 "logger": record.name, "message": record.getMessage()}
        request_id = getattr(record, "request_id", None) or (g.get("request_id") if has_request_context() else None)
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["error"] = record.exc_info[0].__name__
            entry["trace"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str = "INFO") -> None:
    """Send every log to stderr as JSON lines (once per process)."""
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonLines) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    root.addHandler(handler)
    root.setLevel(level)


def channel_off(logger: logging.Logger, message: str) -> None:
    """Say that a channel is off: a warning from a server or worker, only a debug line under an admin command."""
    logger.log(logging.DEBUG if under_admin_command() else logging.WARNING, message)


def under_admin_command() -> bool:
    """True while `flask --app bot COMMAND` loads the app for any command but `run`."""
    # Flask's CLI builds the app inside its click context; gunicorn, the worker and `python -m bot` have none.
    context = click.get_current_context(silent=True)
    return context is not None and context.command.name != "run"


def attach_request_ids(app: Flask) -> None:
    """Give each request an id (from X-Request-Id or a new one) and echo it in the response."""
    @app.before_request
    def assign():
        """Take the caller's request id or make one."""
        given = request.headers.get("X-Request-Id", "")
        g.request_id = given[:64] if given.replace("-", "").isalnum() else uuid.uuid4().hex

    @app.after_request
    def echo(response):
        """Return the request id so a caller can quote it."""
        response.headers["X-Request-Id"] = g.get("request_id", "")
        return response
