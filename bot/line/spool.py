"""Verified webhook bodies that could not be recorded (the database failed), kept on disk for retry."""

import uuid
from pathlib import Path


def folder(database_path: str) -> Path:
    """The spool folder beside the database."""
    return Path(database_path).with_name("line-spool")


def keep(database_path: str, body: str) -> Path:
    """Write a verified body to the spool."""
    path = folder(database_path) / f"{uuid.uuid4().hex}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


def waiting(database_path: str) -> list[Path]:
    """Spooled bodies, oldest first."""
    return sorted(folder(database_path).glob("*.json"), key=lambda p: p.stat().st_mtime)
