"""Send LINE messages with the SDK: reply first, push as a fallback, retries that never duplicate."""

import logging
import time
import uuid
from dataclasses import dataclass

import urllib3
from linebot.v3.messaging import (
    ApiException, Configuration, MessagingApi, MulticastRequest, PushMessageRequest,
    ReplyMessageRequest,
)

from bot.line.lean_client import LeanApiClient

log = logging.getLogger(__name__)

TIMEOUT = (2.0, 5.0)  # connect, read: every SDK call has one
RETRIES = 3
BACKOFF = 0.5  # seconds, doubled each retry
MAX_RETRY_AFTER = 10.0
RETRY_KEY_NAMESPACE = uuid.UUID("6f1c3c2e-7d0b-4a55-9a8e-4f0b6d1f3a21")


def retry_key(*parts: str) -> str:
    """A stable X-Line-Retry-Key for one logical send, so a repeat of it is never delivered twice."""
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, "/".join(parts)))


@dataclass
class SendResult:
    """How a send ended."""

    ok: bool
    status: int | None = None
    via: str = ""


def api_for(base_url: str, access_token: str) -> MessagingApi:
    """A MessagingApi pointed at LINE or, in tests, at a fake."""
    configuration = Configuration(host=base_url.rstrip("/"), access_token=access_token)
    return MessagingApi(LeanApiClient(configuration))


class LineSender:
    """Replies, pushes and multicasts with backoff where a retry is safe."""

    def __init__(self, api: MessagingApi, sleep=time.sleep):
        self.api = api
        self.sleep = sleep

    def reply(self, reply_token: str, messages: list) -> SendResult:
        """Reply once; a reply token cannot be retried safely."""
        try:
            self.api.reply_message(ReplyMessageRequest.construct(reply_token=reply_token, messages=messages),
                                   _request_timeout=TIMEOUT)
            return SendResult(True, 200, "reply")
        except ApiException as error:
            log.warning("line reply refused: status=%s", error.status)
            return SendResult(False, error.status, "reply")
        except (urllib3.exceptions.HTTPError, OSError) as error:
            log.warning("line reply outcome unknown: %s", type(error).__name__)
            return SendResult(False, None, "reply-unknown")

    def push(self, to: str, messages: list, key: str) -> SendResult:
        """Push to one user, group or room; retried under one retry key."""
        request = PushMessageRequest(to=to, messages=messages)
        return self._with_retries(lambda: self.api.push_message(request, x_line_retry_key=key,
                                                                _request_timeout=TIMEOUT), "push")

    def multicast(self, to: list[str], messages: list, key: str) -> SendResult:
        """Send to up to 500 users at once; retried under one retry key."""
        request = MulticastRequest(to=to, messages=messages)
        return self._with_retries(lambda: self.api.multicast(request, x_line_retry_key=key,
                                                             _request_timeout=TIMEOUT), "multicast")

    def reply_or_push(self, reply_token: str | None, to: str | None, messages: list, key: str,
                      used_before: bool = False) -> SendResult:
        """Reply with the token; if LINE refused it (expired, used, failed), push instead, unless an earlier
        attempt of ours used it (used_before): then the answer is already there."""
        if reply_token:
            result = self.reply(reply_token, messages)
            if result.ok or result.via == "reply-unknown" or not to:
                return result
            if used_before and result.status == 400:
                log.info("line reply token used by an earlier attempt: the answer was delivered; no push")
                return SendResult(True, 400, "reply-earlier")
        if not to:
            return SendResult(False, None, "nowhere")
        return self.push(to, messages, key)

    def _with_retries(self, send, via: str) -> SendResult:
        """Call send, retrying 429, 5xx and network errors with backoff; 409 means already accepted."""
        delay = BACKOFF
        for attempt in range(1, RETRIES + 1):
            try:
                send()
                return SendResult(True, 200, via)
            except ApiException as error:
                if error.status == 409:
                    return SendResult(True, 409, via)
                if error.status != 429 and not 500 <= (error.status or 0) < 600:
                    log.warning("line %s refused: status=%s", via, error.status)
                    return SendResult(False, error.status, via)
                asked = retry_after(error)
                wait = delay if asked is None else asked
                status = error.status
            except (urllib3.exceptions.HTTPError, OSError) as error:
                wait, status = delay, None
                log.warning("line %s failed: %s", via, type(error).__name__)
            if attempt < RETRIES:
                log.info("line %s retry %d in %.1fs (status=%s)", via, attempt, wait, status)
                self.sleep(min(wait, MAX_RETRY_AFTER))
                delay *= 2
        return SendResult(False, status, via)


def retry_after(error: ApiException) -> float | None:
    """The seconds LINE asked us to wait, if it said."""
    headers = error.headers or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
