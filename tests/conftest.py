"""Fixtures shared by every test: the knowledge, its index, and a fresh app."""

import datetime
import re
import unicodedata
from pathlib import Path

import pytest

import knowledge
from handlers.context import Context

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def kb():
    """The real knowledge files, loaded once."""
    return knowledge.load()


@pytest.fixture(scope="session")
def index(kb):
    """The search index over the real knowledge."""
    return knowledge.Index.of(kb)


@pytest.fixture
def context(kb, index):
    """A handlers context on a fixed day in FY2021."""
    return Context(kb=kb, index=index, today=lambda: datetime.date(2021, 6, 1))


def squeeze(text: str) -> str:
    """Fold text for comparing with the seed: NFKC, no spaces, no footnote digits, Japanese commas."""
    text = unicodedata.normalize("NFKC", text).replace(",", "、")
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def seed_text():
    """The guideline's full text, squeezed for containment checks."""
    return squeeze((FIXTURES / "guideline.txt").read_text(encoding="utf-8"))


@pytest.fixture
def app(tmp_path):
    """A fresh app on a temporary database."""
    from bot import create_app

    return create_app({"TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3")})
