"""Fold the many ways people write Japanese into one comparable form."""

import functools
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

# Question endings as people type them; folded below, longest first.
ENDING_PHRASES = """
とは とはなんですか とは何ですか とはなに とは何 とはなん って ってなに ってなん って何 ってなんですか って何ですか
って何の略 ってどういう意味 の略 の意味 どういう意味 意味 いみ は何 は何ですか はなに はなんですか
について教えてください について教えて について知りたい について おしえて 教えて 教えてください を教えて
を教えてください を知りたい 知りたい しりたい ですか ますか なの かな です だよね なんですか は の か ね よ
""".split()
ENGLISH_STOPWORDS = frozenset("""
a about all an and any are as at be been by can could did do does during for from get has have how i if in
into is it its me mean means morioka my of on or our please s should stand tell that the their there they this
to up was we were what whats when where which who why will with would you your city t
""".split())


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


def stem(word: str) -> str:
    """Fold an English word to a rough stem: collecting, collected, collects → collect."""
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def english_words(text: str) -> list[str]:
    """The content words of the ASCII runs in text, stemmed, stopwords dropped."""
    return [stem(word) for word in ASCII_RUN.findall(fold(text)) if word not in ENGLISH_STOPWORDS]


@functools.cache
def endings() -> tuple[str, ...]:
    """The question endings in folded form, longest first."""
    return tuple(sorted({compact(phrase) for phrase in ENDING_PHRASES}, key=len, reverse=True))


def strip_ending(core: str) -> str:
    """Remove one question ending from a compact question, keeping at least two characters."""
    for ending in endings():
        if core.endswith(ending) and len(core) - len(ending) >= 2:
            return core[: -len(ending)]
    return core


@dataclass(frozen=True)
class Question:
    """A question in the forms the search needs."""

    raw: str
    core: str  # compact, without its question ending
    japanese: str  # the core without its ASCII runs
    words: tuple[str, ...]  # English content words, stemmed
    covers: dict[str, int]  # the core's characters each of its bigrams covers, as bits

    @classmethod
    def of(cls, text: str) -> "Question":
        """Normalise a question as typed."""
        core = compact(text)
        for _ in range(2):
            core = strip_ending(core)
        covers: dict[str, int] = {}
        for start in range(len(core) - 1):
            covers[core[start:start + 2]] = covers.get(core[start:start + 2], 0) | 0b11 << start
        return cls(raw=text, core=core, japanese=ASCII_RUN.sub("", core), words=tuple(english_words(text)),
                   covers=covers)
