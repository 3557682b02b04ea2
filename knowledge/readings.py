"""Katakana readings of kanji, so a kana-only question finds a kanji entry.

Readings come from pykakasi. Its dictionary takes about half a second to load,
so the readings of the knowledge files are kept in readings.json beside this
file; pykakasi is loaded only for text missing from it. Refresh the file after
editing the knowledge with `python -m knowledge.refresh_readings`.
"""

import functools
import json
import re
from pathlib import Path

KANJI = re.compile(r"[\u3400-\u9fff]")
CACHE = Path(__file__).parent / "readings.json"


@functools.cache
def converter():
    """Load pykakasi's dictionary once, on first use."""
    import pykakasi

    return pykakasi.kakasi()


@functools.cache
def cached() -> dict[str, str]:
    """The stored readings, text to katakana."""
    return json.loads(CACHE.read_text(encoding="utf-8")) if CACHE.exists() else {}


def convert(text: str) -> str:
    """Read text with pykakasi."""
    return "".join(part["kana"] for part in converter().convert(text))


def reading(text: str) -> str:
    """Return the katakana reading of text, or "" when it has no kanji to read."""
    if not KANJI.search(text):
        return ""
    known = cached().get(text)
    return known if known is not None else convert(text)


def texts_to_read(docs) -> list[str]:
    """Every name and keyword of the search's documents that holds kanji."""
    return sorted({text for doc in docs for text in (*doc.names, *doc.keywords) if KANJI.search(text)})


def refresh(docs) -> int:
    """Rewrite readings.json for the search's documents; return how many readings it holds."""
    readings = {text: convert(text) for text in texts_to_read(docs)}
    CACHE.write_text(json.dumps(readings, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    cached.cache_clear()
    return len(readings)

