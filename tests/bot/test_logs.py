"""Logs are JSON lines that carry the request id."""

import io
import json
import logging

from bot.logs import JsonLines
from tests.bot.line_helpers import body_of, text_event
from tests.bot.test_line_webhook import line  # noqa: F401  (the LINE-enabled app fixture)


def test_a_request_logs_json_with_its_request_id(line):  # noqa: F811
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    logging.getLogger().addHandler(handler)
    try:
        response = line.client.post("/callback", data=body_of(text_event("秘密の質問")),
                                    headers={"X-Line-Signature": "bad", "X-Request-Id": "req-12345"})
    finally:
        logging.getLogger().removeHandler(handler)
    assert response.headers["X-Request-Id"] == "req-12345"
    entries = [json.loads(line_) for line_ in stream.getvalue().splitlines()]
    refused = [e for e in entries if "refused" in e["message"]]
    assert refused and refused[0]["request_id"] == "req-12345" and refused[0]["level"] == "WARNING"
    assert "秘密の質問" not in stream.getvalue()


def test_a_request_without_an_id_gets_one(app):
    response = app.test_client().get("/healthz")
    assert len(response.headers["X-Request-Id"]) == 32
