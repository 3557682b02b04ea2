"""The Slack channel: POST /slack/events through Bolt's Flask adapter, for events, commands and interactions."""

import logging

from flask import Flask, jsonify

from bot import logs

log = logging.getLogger(__name__)
EXTENSION = "slack_pool"
TIMEOUT = 5  # seconds for every Web API call


def register(app: Flask, services) -> None:
    """Serve /slack/events when Slack's secrets are set and its token works; otherwise switch Slack off."""
    settings = services.settings
    token, secret = settings.SLACK_BOT_TOKEN, settings.SLACK_SIGNING_SECRET
    bolt, pool = None, None
    if token and secret:
        from bot.background import TrackedPool

        pool = TrackedPool(8, "slack")
        bolt = bolt_app(services, token, secret, settings.SLACK_API_URL, pool)
    else:
        logs.channel_off(log, "Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn it on")
    if bolt is None:
        @app.post("/slack/events")
        def slack_off():
            """Say that Slack is not configured here."""
            return jsonify(error="Slack is not configured on this server"), 503
        return
    from bot.slack.endpoint import blueprint

    app.extensions[EXTENSION] = pool
    app.register_blueprint(blueprint(bolt, secret, services))


def bolt_app(services, token: str, secret: str, api_url: str, pool):
    """The Bolt app with a real WebClient (pointed at api_url) and a drainable listener pool; None if auth fails."""
    from slack_bolt import App
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    from bot.slack import listeners

    client = WebClient(token=token, base_url=api_url, timeout=TIMEOUT)
    try:
        bolt = App(client=client, signing_secret=secret, listener_executor=pool,
                   logger=logging.getLogger("slack_bolt"))
    except (SlackApiError, OSError) as error:
        log.error("Slack is off: auth.test failed (%s)", type(error).__name__)
        return None
    listeners.register(bolt, services)
    return bolt
