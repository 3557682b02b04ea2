"""How much an English word says about a question: rare words much, everyday words little (wordfreq)."""

import functools
from types import MappingProxyType

from knowledge.normalize import ASCII_RUN, ENGLISH_STOPWORDS, fold, stem

EVERYDAY, RARE = 7.0, 4.0  # Zipf frequencies: "the" is about 7.7, "paperwork" 3.8
LEAST = 0.15


@functools.lru_cache(maxsize=50_000)
def weight(word: str) -> float:
    """A word's weight from 0.15 (as common as "get") to 1 (as rare as "paperwork")."""
    return min(1.0, max(LEAST, (EVERYDAY - frequency(word)) / (EVERYDAY - RARE)))


@functools.lru_cache(maxsize=50_000)
def frequency(word: str) -> float:
    """A word's Zipf frequency in English (wordfreq): 7.7 for "the", 0 for what it has never seen."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@functools.lru_cache(maxsize=4096)
def weights(text: str) -> MappingProxyType:
    """The weight of each English content word of a text, by its stem (read-only: it is shared)."""
    found: dict[str, float] = {}
    for word in ASCII_RUN.findall(fold(text)):
        if word not in ENGLISH_STOPWORDS:
            found[stem(word)] = max(found.get(stem(word), 0.0), weight(word))
    return MappingProxyType(found)
