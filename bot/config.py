"""Configuration, declared once: each setting's type and embedded default, read from the environment here only."""

import dataclasses
import os
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Settings:
    """Every setting the bot reads; the environment variable of the same name overrides the default."""

    LINE_CHANNEL_SECRET: str = ""
    LINE_CHANNEL_ACCESS_TOKEN: str = ""
    LINE_API_BASE_URL: str = "https://api.line.me"
    LINE_DATA_API_BASE_URL: str = "https://api-data.line.me"  # where rich menu images are uploaded
    LINE_EVENT_WORKER: str = "thread"  # or "process": web processes only record, `python -m bot.worker` handles
    # LINE events answered at once per process. Answering is Python work, one thread at a time: more threads only
    # pass the interpreter to and fro at each SQLite call and send (a 300/s burst: p99 0.05–0.7 s with one, 2–6 s
    # with four). Add `bot.worker` processes for more; raise this only where LINE's API answers slowly.
    LINE_EVENT_THREADS: int = 1
    SLACK_BOT_TOKEN: str = ""
    SLACK_SIGNING_SECRET: str = ""
    SLACK_API_URL: str = "https://slack.com/api/"
    SLACK_STAFF_CHANNEL: str = ""
    DATABASE_PATH: str = ""  # empty: guideline-bot.sqlite3 in the app's instance folder
    KNOWLEDGE_DIR: str = ""  # empty: the knowledge files shipped with the code
    SPOOL_DIR: str = ""  # where verified LINE bodies wait when the database fails; empty: line-spool beside it
    REMINDER_DAYS_BEFORE: int = 14
    STALE_GRACE_DAYS: int = 7
    ESCALATE_AFTER_DAYS: int = 14
    DIGEST_WEEKDAY: int = 0  # Monday
    INBOX_REPLY_DAYS: int = 14
    INBOX_NOTICES_PER_HOUR: int = 20  # past this many new unanswered questions an hour, staff get one summary
    QUESTION_RETENTION_DAYS: int = 180
    RATE_LIMIT_PER_MINUTE: int = 20
    LOG_LEVEL: str = "INFO"
    CITY_INQUIRY_URL: str = "https://www.city.morioka.iwate.jp/"  # named in every decline for questions off the guideline
    CONTACT_PHONE: str = "019-651-4111（市役所代表）"  # the contact block on every page and in every decline
    CONTACT_EMAIL: str = ""  # empty: no e-mail address is shown
    CONTACT_HOURS: str = "平日 8時30分～17時15分（土日祝日・年末年始を除く）"
    CONTACT_URL: str = ""  # the policy office's own page; empty: CITY_INQUIRY_URL
    GUIDELINE_PDF_URL: str = ""  # the guideline's PDF on the city's site; empty: the pages point to the city's site
    LINE_ACCOUNT_ID: str = ""  # the LINE official account's ID (@...), for the add-friend link and QR code
    PUBLIC_BASE_URL: str = ""  # where the public pages are served (https://…); LINE answers link there; empty: no link


class ConfigError(ValueError):
    """A setting that cannot be read as its type."""


def typed(name: str, kind: type, raw) -> object:
    """A raw value (text from the environment, or a test's value) as the setting's type."""
    if kind is int:
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    return str(raw)


def load(instance_path: str | Path, overrides: dict | None = None) -> Settings:
    """The defaults, then the environment, then the given mapping (tests) on top."""
    overrides = overrides or {}
    values = {}
    for setting in dataclasses.fields(Settings):
        raw = overrides.get(setting.name, os.environ.get(setting.name) or None)
        if raw is not None:
            values[setting.name] = typed(setting.name, setting.type, raw)
    settings = Settings(**values)
    if not settings.DATABASE_PATH:
        settings = dataclasses.replace(settings, DATABASE_PATH=str(Path(instance_path) / "guideline-bot.sqlite3"))
    if not settings.SPOOL_DIR:  # another filesystem is better: a full disk then still keeps what LINE sent
        settings = dataclasses.replace(settings, SPOOL_DIR=str(Path(settings.DATABASE_PATH).with_name("line-spool")))
    return settings
