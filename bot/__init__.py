"""The Flask app: factory, configuration and the routes of every channel."""

import dataclasses
import logging

from flask import Flask, jsonify

from bot import config
from bot import admin_commands, line, logs, outbox, slack, web
from bot.services import Services, build

EXTENSION = "guideline_bot"
# These libraries log request and response bodies at DEBUG: message text must never reach the logs.
CHATTY_LIBRARIES = ("slack_sdk", "slack_bolt", "linebot", "urllib3")


def keep_message_text_out_of_logs() -> None:
    """Raise the chatty SDK loggers to INFO, whatever the root level is."""
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.INFO)


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
    services = build(settings)
    app.extensions[EXTENSION] = services

    @app.get("/healthz")
    def healthz():
        """Report that the app is up and what it knows."""
        return jsonify(status="ok", measures=len(services.kb.measures), terms=len(services.kb.terms))

    outbox.register(app, services)
    line.register(app, services)
    slack.register(app, services)
    admin_commands.register(app, services)
    web.register(app, services)
    return app


def services_of(app: Flask) -> Services:
    """The services a running app was built with."""
    return app.extensions[EXTENSION]
