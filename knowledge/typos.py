"""Forgive typos in entry names: rapidfuzz, run only on the keys that share enough characters to pass."""

import numpy as np
from rapidfuzz import fuzz

from knowledge.focus import LONG_MESSAGE

FUZZY_FLOOR, FUZZY_MIN_KEY = 84, 4
SLACK = 1.0  # points of leeway under the floor when ruling a key out by its characters alone


class NameKeys:
    """Every document's name keys, numbered across the index, and the characters of each as numbers."""

    def __init__(self, keys_by_doc: list[list[tuple[str, float]]]):
        self.keys = [(number, key, weight) for number, keys in enumerate(keys_by_doc) for key, weight in keys]
        self.lengths = np.array([len(key) for _, key, _ in self.keys], dtype=np.int64)
        self.numbering: dict[str, int] = {}  # a character → its number; 0 is left for characters never seen
        first = np.cumsum([0] + [len(keys) for keys in keys_by_doc])
        self.doc_keys = [np.arange(first[n], first[n + 1]) for n in range(len(keys_by_doc))]  # each doc's key numbers
        self.characters: list[np.ndarray] = []  # per document: its keys' characters as numbers, key after key
        self.owners: list[np.ndarray] = []  # per document: the key number each of those characters belongs to
        for number, keys in enumerate(keys_by_doc):
            text = "".join(key for key, _ in keys)
            self.characters.append(np.array([self.numbering.setdefault(c, len(self.numbering) + 1) for c in text],
                                            dtype=np.int32))
            self.owners.append(np.repeat(self.doc_keys[number], [len(key) for key, _ in keys]))

    def scores(self, core: str, numbers: set[int]) -> dict[int, float]:
        """Each document's closest name to a short question core, weighted; documents with none close are left out."""
        if not 3 <= len(core) <= LONG_MESSAGE or not numbers:  # a long message is read sentence by sentence instead
            return {}
        best: dict[int, float] = {}
        for key_number in self.hopeful(core, sorted(numbers)):
            number, key, weight = self.keys[key_number]
            scorer = fuzz.partial_ratio if len(key) <= len(core) else fuzz.ratio
            similarity = scorer(key, core, score_cutoff=FUZZY_FLOOR)
            if similarity:
                share = min(1.0, len(key) / len(core))
                best[number] = max(best.get(number, 0.0), weight * similarity / 100 * (0.65 + 0.3 * share))
        return best

    def hopeful(self, core: str, numbers: list[int]) -> np.ndarray:
        """The numbers of the documents' keys that could reach the floor: similarity is at most 200·m/(len(key)+m),
        m the key's characters found in the core."""
        held = np.zeros(len(self.numbering) + 1, dtype=bool)
        held[[self.numbering[c] for c in set(core) if c in self.numbering]] = True
        keys = np.concatenate([self.doc_keys[n] for n in numbers])
        if not len(keys):
            return keys
        characters = np.concatenate([self.characters[n] for n in numbers])
        owners = np.concatenate([self.owners[n] for n in numbers])
        first = keys[0]  # the documents come in order, so their keys do too: count from the first
        shared = np.bincount(owners[held[characters]] - first, minlength=keys[-1] - first + 1)
        lengths = self.lengths[keys]
        matched = np.minimum(shared[keys - first], len(core))
        ceiling = 200 * matched / np.maximum(lengths + matched, 1)
        return keys[(ceiling >= FUZZY_FLOOR - SLACK) & (lengths >= FUZZY_MIN_KEY) & (lengths <= 2 * len(core))]
