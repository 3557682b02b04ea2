"""Forgive typos in entry names: rapidfuzz, run only on the keys that share enough characters to pass."""

import numpy as np
from rapidfuzz import fuzz

from knowledge.focus import LONG_MESSAGE

FUZZY_FLOOR, FUZZY_MIN_KEY = 84, 4
SLACK = 1.0  # points of leeway under the floor when ruling a key out by its characters alone


class NameKeys:
    """Every document's name keys, and the characters of each as numbers, for counting what a question shares."""

    def __init__(self, keys_by_doc: list[list[tuple[str, float]]]):
        self.keys_by_doc = keys_by_doc
        self.numbering: dict[str, int] = {}  # a character → its number; 0 is left for characters never seen
        self.characters: list[np.ndarray] = []  # per document: the numbers of its keys' characters, one run per key
        self.owners: list[np.ndarray] = []  # per document: which of its keys each of those characters belongs to
        self.lengths: list[np.ndarray] = []  # per document: each key's length
        for keys in keys_by_doc:
            text = "".join(key for key, _ in keys)
            self.characters.append(np.array([self.numbering.setdefault(c, len(self.numbering) + 1) for c in text],
                                            dtype=np.int32))
            self.owners.append(np.repeat(np.arange(len(keys)), [len(key) for key, _ in keys]))
            self.lengths.append(np.array([len(key) for key, _ in keys], dtype=np.int64))

    def scores(self, core: str, numbers: set[int]) -> dict[int, float]:
        """Each document's closest name to a short question core, weighted; documents with none close are left out."""
        if not 3 <= len(core) <= LONG_MESSAGE or not numbers:  # a long message is read sentence by sentence instead
            return {}
        in_core = self.held_in(core)
        best: dict[int, float] = {}
        for number in sorted(numbers):
            for offset in np.flatnonzero(self.hopeful(number, core, in_core)):
                key, weight = self.keys_by_doc[number][offset]
                scorer = fuzz.partial_ratio if len(key) <= len(core) else fuzz.ratio
                similarity = scorer(key, core, score_cutoff=FUZZY_FLOOR)
                if similarity:
                    share = min(1.0, len(key) / len(core))
                    best[number] = max(best.get(number, 0.0), weight * similarity / 100 * (0.65 + 0.3 * share))
        return best

    def held_in(self, core: str) -> np.ndarray:
        """For every character number, whether the core holds that character."""
        held = np.zeros(len(self.numbering) + 1, dtype=bool)
        held[[self.numbering[c] for c in set(core) if c in self.numbering]] = True
        return held

    def hopeful(self, number: int, core: str, in_core: np.ndarray) -> np.ndarray:
        """Which of a document's keys could reach the floor: similarity is at most 200·m/(len(key)+m), m shared."""
        lengths = self.lengths[number]
        shared = np.bincount(self.owners[number][in_core[self.characters[number]]], minlength=len(lengths))
        matched = np.minimum(shared, len(core))
        ceiling = 200 * matched / np.maximum(lengths + matched, 1)
        return (ceiling >= FUZZY_FLOOR - SLACK) & (lengths >= FUZZY_MIN_KEY) & (lengths <= 2 * len(core))
