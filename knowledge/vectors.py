"""Static word vectors from GiNZA's ja_ginza package (chiVe, trained on Sudachi's normalised forms).

Only the package's `vocab/vectors` (a NumPy array) and `vocab/key2row`
(spaCy's hash → row table, msgpack) are read; spaCy itself is not loaded.
The keys are 64-bit MurmurHash2 (64A, seed 1) of the UTF-8 word, as spaCy hashes strings.
"""

import functools
import importlib.util
from pathlib import Path

import numpy as np

MASK = (1 << 64) - 1
# ja_ginza keeps 20,000 vectors for 480,000 words: a rarer word shares the row of a near frequent one
# (住民票 → 台帳), so a perfect similarity between two different words says only "somewhat alike".
SHARED_ROW = 0.6
MURMUR_M = 0xC6A4A7935BD1E995
MURMUR_R = 47


def murmur64(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A of data, the hash spaCy gives a string."""
    h = (seed ^ (len(data) * MURMUR_M)) & MASK
    whole = len(data) // 8 * 8
    for start in range(0, whole, 8):
        k = int.from_bytes(data[start:start + 8], "little")
        k = (k * MURMUR_M) & MASK
        k ^= k >> MURMUR_R
        k = (k * MURMUR_M) & MASK
        h ^= k
        h = (h * MURMUR_M) & MASK
    tail = data[whole:]
    if tail:
        h ^= int.from_bytes(tail, "little")
        h = (h * MURMUR_M) & MASK
    h ^= h >> MURMUR_R
    h = (h * MURMUR_M) & MASK
    h ^= h >> MURMUR_R
    return h


def vocab_dir() -> Path | None:
    """The folder of ja_ginza's vectors, or None when the package is not installed.

    The package is found, not imported: importing it would load spaCy, half a second of every start-up.
    """
    spec = importlib.util.find_spec("ja_ginza")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("ja_ginza-*/vocab"))
    return found[-1] if found else None


class WordVectors:
    """Unit-length vectors for words, looked up by their normalised form."""

    def __init__(self, matrix: np.ndarray, keys: np.ndarray, rows: np.ndarray):
        self.matrix = matrix
        self.keys = keys  # sorted hashes
        self.rows = rows  # the row of each hash

    @classmethod
    def load(cls, folder: Path) -> "WordVectors":
        """Read the vectors and the hash table of a spaCy vocab folder."""
        import srsly

        matrix = np.load(folder / "vectors").astype(np.float32)
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
        table = srsly.read_msgpack(folder / "key2row")
        keys = np.fromiter(table.keys(), dtype=np.uint64, count=len(table))
        rows = np.fromiter(table.values(), dtype=np.int32, count=len(table))
        order = np.argsort(keys)
        return cls(matrix, keys[order], rows[order])

    @functools.lru_cache(maxsize=100_000)  # the vectors are one shared instance per process
    def row(self, word: str) -> int | None:
        """The row of a word's vector, or None when the vocabulary lacks it."""
        key = np.uint64(murmur64(word.encode("utf-8")))
        at = int(np.searchsorted(self.keys, key))
        if at < len(self.keys) and self.keys[at] == key:
            return int(self.rows[at])
        return None

    def vector(self, word: str) -> np.ndarray | None:
        """A word's unit vector, or None."""
        row = self.row(word)
        return None if row is None else self.matrix[row]


@functools.cache
def shipped() -> WordVectors | None:
    """The vectors of the installed ja_ginza package, loaded once; None without it."""
    folder = vocab_dir()
    return WordVectors.load(folder) if folder else None


class Neighbours:
    """Finds, for a question's word, the most similar words of the knowledge's own vocabulary."""

    def __init__(self, vectors: WordVectors | None, vocabulary: list[str], threshold: float):
        self.vectors = vectors
        self.threshold = threshold
        known = [(word, vectors.row(word)) for word in vocabulary] if vectors else []
        known = [(word, row) for word, row in known if row is not None]
        self.words = [word for word, _ in known]
        self.matrix = (vectors.matrix[[row for _, row in known]] if known
                       else np.zeros((0, 1), dtype=np.float32))

    @functools.lru_cache(maxsize=20000)
    def of(self, word: str, limit: int = 3) -> tuple[tuple[str, float], ...]:
        """Up to `limit` knowledge words at least `threshold` similar to word, best first."""
        if self.vectors is None or not self.words:
            return ()
        vector = self.vectors.vector(word)
        if vector is None:
            return ()
        similarity = self.matrix @ vector
        best = np.argsort(-similarity)[:limit]
        return tuple((self.words[i], min(float(similarity[i]), SHARED_ROW)) for i in best
                     if similarity[i] >= self.threshold and self.words[i] != word)
