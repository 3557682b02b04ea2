"""The bot's web face: progress pages, the web chat and open data."""

from flask import Flask

from bot.web import chat, opendata, pages


def register(app: Flask, services) -> None:
    """Serve the pages and the open data."""
    app.register_blueprint(pages.blueprint(services))
    app.register_blueprint(chat.blueprint(services))
    app.register_blueprint(opendata.blueprint(services))
