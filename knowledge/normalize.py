"""Fold the many ways people write Japanese into one comparable form."""

import re
import unicodedata
from dataclasses import dataclass

HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}
# Small kana fold to their full-size letters so セキュリテイ and セキュリティ meet.
SMALL_TO_LARGE = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
# Long-vowel marks and dashes carry no meaning for matching: ネットワーク = ネットワク, Wi-Fi = WiFi.
DASHES = re.compile(r"[\-‐‑‒–—―−ー－~〜～]")
PUNCTUATION = re.compile(r"[\s、。，．,.!?！？・･「」『』（）()\[\]【】〔〕<>＜＞\"'“”‘’:;：；/／\\＆&*＊#＃@＠|…]+")
ASCII_RUN = re.compile(r"[a-z0-9]+")

# Question endings, longest first, matched after kana folding (so ってなに is ツテナニ).
ENDINGS = tuple(sorted((
    "トハナンデスカ", "トハナニ", "トハナン", "トハ", "ツテナニ", "ツテナン", "ツテナンデスカ", "ツテ",
    "ニツイテオシエテクダサイ", "ニツイテオシエテ", "ニツイテシリタイ", "ニツイテ", "ヲオシエテクダサイ",
    "ヲオシエテ", "オシエテクダサイ", "オシエテ", "ヲシリタイ", "シリタイ", "ノイミ", "イミ", "ハナニ",
    "デスカ", "マスカ", "ナノ", "カナ", "デス", "ダヨネ", "ナンデスカ", "ハ", "ノ", "カ", "ネ", "ヨ",
), key=len, reverse=True))
ENGLISH_OPENERS = re.compile(r"^(what is|what's|what are|what does|tell me about|about|is there|are there|how about)\s+")
ENGLISH_TAILS = re.compile(r"\s+(mean|means|stand for)$")


def fold(text: str) -> str:
    """Return text in the common form: NFKC, lower case, katakana, no dashes, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.translate(HIRAGANA_TO_KATAKANA).translate(SMALL_TO_LARGE)
    text = DASHES.sub("", text)
    text = PUNCTUATION.sub(" ", text)
    return " ".join(text.split())


def compact(text: str) -> str:
    """Return the folded text without spaces, for matching Japanese runs."""
    return fold(text).replace(" ", "")


def spaced(text: str) -> str:
    """Return the folded text with ASCII runs set apart by spaces, for matching English words."""
    folded = fold(text)
    return " " + " ".join(ASCII_RUN.sub(lambda m: f" {m.group(0)} ", folded).split()) + " "


def is_ascii_key(key: str) -> bool:
    """Tell whether a folded key is written in ASCII letters and digits only."""
    return bool(key) and all(part.isascii() and part.isalnum() for part in key.split())


def strip_ending(core: str) -> str:
    """Remove one question ending from a compact question, keeping at least two characters."""
    for ending in ENDINGS:
        if core.endswith(ending) and len(core) - len(ending) >= 2:
            return core[: -len(ending)]
    return core


@dataclass(frozen=True)
class Question:
    """A question in the forms the search needs."""

    raw: str
    core: str  # compact, without its question ending
    words: str  # spaced form, English openers removed

    @classmethod
    def of(cls, text: str) -> "Question":
        """Normalise a question as typed."""
        words = ENGLISH_TAILS.sub("", ENGLISH_OPENERS.sub("", spaced(text).strip()))
        core = compact(text)
        for _ in range(2):
            core = strip_ending(core)
        return cls(raw=text, core=core, words=f" {words} ")
