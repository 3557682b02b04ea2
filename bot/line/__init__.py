"""The LINE channel: webhook, event handling and sending, wired to the shared services."""

import logging

from flask import Flask, jsonify

from bot import logs
from bot.line import richmenu_cli

log = logging.getLogger(__name__)
EXTENSION = "line_worker"


def register(app: Flask, services) -> None:
    """Serve /callback when LINE's secrets are set, otherwise switch LINE off with one log line; add the LINE CLI."""
    richmenu_cli.register(app, services)  # always there, so that without a token it says what is missing
    settings = services.settings
    secret, token = settings.LINE_CHANNEL_SECRET, settings.LINE_CHANNEL_ACCESS_TOKEN
    if not (secret and token):
        logs.channel_off(log, "LINE is off: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN to turn it on")

        @app.post("/callback")
        def line_off():
            """Say that LINE is not configured here."""
            return jsonify(error="LINE is not configured on this server"), 503
        return
    # The SDK's models take a second to import: only a server with LINE switched on pays for them.
    from bot.line.events import LineEvents
    from bot.line.sender import LineSender, api_for
    from bot.line.webhook import blueprint
    from bot.line.event_pool import LineWorker

    sender = LineSender(api_for(settings.LINE_API_BASE_URL, token))
    in_process = settings.LINE_EVENT_WORKER != "process"
    worker = LineWorker(services, LineEvents(services, sender, secret), settings.LINE_EVENT_THREADS, in_process)
    app.extensions[EXTENSION] = worker
    app.register_blueprint(blueprint(services, worker, secret))
    if in_process:
        worker.retry_waiting()
