"""Forgive typos in entry names: rapidfuzz, run only on the keys that share enough characters to pass."""

from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz

from knowledge.focus import LONG_MESSAGE

FUZZY_FLOOR, FUZZY_MIN_KEY = 84, 4
SLACK = 1.0  # points of leeway under the floor when ruling a key out by its characters alone


class NameKeys:
    """Every document's name keys, and which characters each holds."""

    def __init__(self, keys_by_doc: list[list[tuple[str, float]]]):
        self.keys_by_doc = keys_by_doc
        self.first_key = np.cumsum([0] + [len(keys) for keys in keys_by_doc])
        every_key = [key for keys in keys_by_doc for key, _ in keys]
        self.lengths = np.array([len(key) for key in every_key], dtype=np.int64)
        holders: dict[str, list[int]] = defaultdict(list)  # a character → each key holding it, once per time held
        for number, key in enumerate(every_key):
            for character in key:
                holders[character].append(number)
        self.holders = {character: np.array(keys, dtype=np.int64) for character, keys in holders.items()}

    def scores(self, core: str, numbers: set[int]) -> dict[int, float]:
        """Each document's closest name to a short question core, weighted; documents with none close are left out."""
        if not 3 <= len(core) <= LONG_MESSAGE or not numbers:  # a long message is read sentence by sentence instead
            return {}
        hopeful = self.hopeful(core)
        best: dict[int, float] = {}
        for number in numbers:
            start = self.first_key[number]
            for offset in np.flatnonzero(hopeful[start:self.first_key[number + 1]]):
                key, weight = self.keys_by_doc[number][offset]
                scorer = fuzz.partial_ratio if len(key) <= len(core) else fuzz.ratio
                similarity = scorer(key, core, score_cutoff=FUZZY_FLOOR)
                if similarity:
                    share = min(1.0, len(key) / len(core))
                    best[number] = max(best.get(number, 0.0), weight * similarity / 100 * (0.65 + 0.3 * share))
        return best

    def hopeful(self, core: str) -> np.ndarray:
        """Which keys could reach the floor: similarity is at most 200·m/(len(key)+m) with m characters in common."""
        held = [self.holders[character] for character in set(core) if character in self.holders]
        shared = np.bincount(np.concatenate(held), minlength=len(self.lengths)) if held else 0 * self.lengths
        matched = np.minimum(shared, len(core))
        ceiling = 200 * matched / np.maximum(self.lengths + matched, 1)
        return (ceiling >= FUZZY_FLOOR - SLACK) & (self.lengths >= FUZZY_MIN_KEY) & (self.lengths <= 2 * len(core))
