"""Verified webhook bodies that could not be recorded (the database failed), kept on disk for retry."""

import uuid
from pathlib import Path


def keep(folder: str, body: str) -> Path:
    """Write a verified body to the spool."""
    path = Path(folder) / f"{uuid.uuid4().hex}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


def waiting(folder: str) -> list[Path]:
    """Spooled bodies, oldest first."""
    return sorted(Path(folder).glob("*.json"), key=lambda p: p.stat().st_mtime)
