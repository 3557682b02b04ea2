"""The guideline as data: its files, their loader and the search over them."""

import dataclasses
from pathlib import Path

from knowledge.loader import DATA_DIR, KnowledgeError, load_japanese
from knowledge.model import Knowledge
from knowledge.search import Index
from knowledge.translations import load_translations

__all__ = ["Index", "Knowledge", "KnowledgeError", "load"]


def load(data_dir: Path | str | None = None) -> Knowledge:
    """Load and validate every knowledge file, the Japanese and its translations."""
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    kb = load_japanese(data_dir)
    return dataclasses.replace(kb, translations=load_translations(data_dir, kb))
