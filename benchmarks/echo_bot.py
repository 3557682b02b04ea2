"""A bare line-bot-sdk v3 echo bot: the yardstick the load benchmark compares webhook throughput with.

    gunicorn 'benchmarks.echo_bot:create_app()'   (LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN, LINE_API_BASE_URL)

It is the SDK's own example shape: verify the signature, parse the events, reply with the text, answer 200.
"""

import os

from flask import Flask, abort, request
from linebot.v3 import WebhookHandler
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, ReplyMessageRequest, TextMessage
from linebot.v3.webhooks import MessageEvent, TextMessageContent


def create_app() -> Flask:
    """The echo bot, configured from the environment."""
    app = Flask(__name__)
    handler = WebhookHandler(os.environ["LINE_CHANNEL_SECRET"])
    configuration = Configuration(access_token=os.environ["LINE_CHANNEL_ACCESS_TOKEN"],
                                  host=os.environ.get("LINE_API_BASE_URL", "https://api.line.me"))
    api = MessagingApi(ApiClient(configuration))

    @app.post("/callback")
    def callback():
        """Verify, parse and echo each text message."""
        try:
            handler.handle(request.get_data(as_text=True), request.headers.get("X-Line-Signature", ""))
        except InvalidSignatureError:
            abort(400)
        return "OK"

    @handler.add(MessageEvent, message=TextMessageContent)
    def echo(event):
        """Reply with the same text."""
        api.reply_message(ReplyMessageRequest(reply_token=event.reply_token,
                                              messages=[TextMessage(text=event.message.text)]))

    @app.get("/healthz")
    def healthz():
        """Up."""
        return "ok"

    return app
