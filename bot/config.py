"""Configuration: embedded defaults, then a mapping, then the environment."""

import os
from pathlib import Path

ENVIRONMENT_KEYS = (
    "LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "LINE_API_BASE_URL",
    "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL",
    "DATABASE_PATH", "SLACK_STAFF_CHANNEL", "KNOWLEDGE_DIR",
    "REMINDER_DAYS_BEFORE", "STALE_GRACE_DAYS", "ESCALATE_AFTER_DAYS", "DIGEST_WEEKDAY", "INBOX_REPLY_DAYS",
    "LOG_LEVEL", "QUESTION_RETENTION_DAYS", "RATE_LIMIT_PER_MINUTE", "LINE_EVENT_WORKER", "CITY_INQUIRY_URL",
)


def defaults(instance_path: str | Path) -> dict:
    """The settings a fresh checkout runs on: a local SQLite file and no chat platforms."""
    return {
        "LINE_CHANNEL_SECRET": "",
        "LINE_CHANNEL_ACCESS_TOKEN": "",
        "LINE_API_BASE_URL": "https://api.line.me",
        "SLACK_BOT_TOKEN": "",
        "SLACK_SIGNING_SECRET": "",
        "SLACK_API_URL": "https://slack.com/api/",
        "DATABASE_PATH": str(Path(instance_path) / "guideline-bot.sqlite3"),
        "SLACK_STAFF_CHANNEL": "",
        "KNOWLEDGE_DIR": "",
        "REMINDER_DAYS_BEFORE": "14",
        "STALE_GRACE_DAYS": "7",
        "ESCALATE_AFTER_DAYS": "14",
        "DIGEST_WEEKDAY": "0",
        "INBOX_REPLY_DAYS": "14",
        "LOG_LEVEL": "INFO",
        "QUESTION_RETENTION_DAYS": "180",
        "RATE_LIMIT_PER_MINUTE": "20",
        "CITY_INQUIRY_URL": "https://www.city.morioka.iwate.jp/",  # named in every decline for questions off the guideline
        "LINE_EVENT_WORKER": "thread",  # or "process": web processes only record, `python -m bot.worker` handles
    }


def load(instance_path: str | Path, overrides: dict | None = None) -> dict:
    """Merge defaults, the environment and the given mapping; the mapping (tests) wins."""
    config = defaults(instance_path)
    config.update({key: os.environ[key] for key in ENVIRONMENT_KEYS if os.environ.get(key)})
    config.update(overrides or {})
    return config
