"""An SDK ApiClient that turns message models into JSON in one pass (the SDK's to_dict walks nested models twice)."""

import datetime

from linebot.v3.messaging import ApiClient
from pydantic.v1 import BaseModel


class LeanApiClient(ApiClient):
    """The SDK's ApiClient, with a one-pass serialiser giving what each model's to_dict gives."""

    def sanitize_for_serialization(self, obj):
        """A request body as JSON values: models by their fields' aliases, leaving out what is unset (None)."""
        return plain(obj)


def plain(value):
    """JSON values for a model, list, tuple, dict or primitive; None stays None (a body of None is no body)."""
    if isinstance(value, BaseModel):
        return {field.alias: plain(item) for name, field in value.__fields__.items()
                if (item := getattr(value, name)) is not None}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, tuple):
        return tuple(plain(item) for item in value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, datetime.date):  # a datetime too
        return value.isoformat()
    return value
