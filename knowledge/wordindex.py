"""A word-level index over the entries: Sudachi's normalised words, widened by word vectors.

Where the character index matches spellings, this one matches words: a
question's word the guideline never uses (スマホ, 勉強会, 地震) counts through
the most similar words the guideline does use (スマートフォン, 研修, 災害).
"""

import math
from collections import Counter, defaultdict

import numpy as np

from knowledge import morphology
from knowledge.normalize import compact
from knowledge.vectors import Neighbours, shipped

BODY_SHARE = 0.6  # a word found only in an entry's body explains this much of the question
SIMILAR = 0.55  # the least cosine similarity for a word to stand in for another
K1, B = 1.2, 0.75


class WordIndex:
    """Postings of normalised content words, and their near neighbours in the guideline's vocabulary."""

    def __init__(self):
        self.postings: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
        self.lengths: list[int] = []
        self.idf: dict[str, float] = {}
        self.unknown_idf = 0.0
        self.average = 1.0
        self.neighbours: Neighbours | None = None
        self.doc_words: list[Counter] = []
        self.meanings = np.zeros((0, 1), dtype=np.float32)  # each document's words, as one unit vector
        self.spellings: dict[str, str] = {}  # a word's folded spelling → the indexed word

    def add(self, number: int, doc) -> None:
        """Index one document's words; those of its names and keywords are strong."""
        strong = Counter(w for text in (*doc.names, *doc.keywords) for w in morphology.words(text))
        body = Counter(morphology.words(doc.body))
        for word in strong.keys() | body.keys():
            self.postings[word].append((number, strong[word] * 3 + body[word], word in strong))
        self.lengths.append(sum(strong.values()) * 3 + sum(body.values()))
        self.doc_words.append(Counter({w: strong[w] * 3 + body[w] for w in strong.keys() | body.keys()}))

    def finish(self, total: int) -> None:
        """Compute the words' weights and load the neighbours over this vocabulary."""
        self.idf = {w: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for w, p in self.postings.items()}
        self.unknown_idf = math.log(1 + (total + 0.5) / 0.5)
        self.average = sum(self.lengths) / max(len(self.lengths), 1)
        self.neighbours = Neighbours(shipped(), sorted(self.postings), SIMILAR)
        for word in sorted(self.postings, reverse=True):  # the first in sorted order wins: the same in every process
            self.spellings[compact(word)] = word
        vectors = shipped()
        if vectors is not None:
            self.meanings = np.stack([self.meaning(counts, vectors) for counts in self.doc_words])
        self.doc_words = []

    def meaning(self, counts: Counter, vectors) -> np.ndarray:
        """The idf-weighted mean of the words' vectors, made unit length (zeros when none has a vector)."""
        total = np.zeros(vectors.matrix.shape[1], dtype=np.float32)
        for word, count in sorted(counts.items()):  # one order in every process: float sums depend on it
            vector = vectors.vector(word)
            if vector is not None:
                total += vector * math.log1p(count) * self.idf.get(word, self.unknown_idf)
        norm = float(np.linalg.norm(total))
        return total / norm if norm else total

    def similarity(self, words: tuple[str, ...]) -> np.ndarray | None:
        """The cosine between the question's words and each document's, or None without vectors."""
        vectors = shipped()
        if vectors is None or not words or not len(self.meanings):
            return None
        question = self.meaning(Counter(map(self.indexed_spelling, words)), vectors)
        return self.meanings @ question if question.any() else None

    def senses(self, word: str) -> list[tuple[str, float]]:
        """The indexed words a question word stands for: itself, else its nearest neighbours."""
        word = self.indexed_spelling(word)
        if word in self.postings:
            return [(word, 1.0)]
        return list(self.neighbours.of(word)) if self.neighbours else []

    def indexed_spelling(self, word: str) -> str:
        """The indexed word written like this one but for kana size, long-vowel marks or script, else the word.

        A typed 「バスロケーシヨン」 is the guideline's 「バスロケーション」; Sudachi leaves it unknown.
        """
        return word if word in self.postings else self.spellings.get(compact(word), word)

    def documents(self, word: str) -> set[int]:
        """The documents that hold a word."""
        return {number for number, _, _ in self.postings.get(word, ())}

    def score(self, words: tuple[str, ...]) -> tuple[dict[int, float], dict[int, float]]:
        """BM25 of each document over the question's words (0..1), and the share of the words it explains."""
        if not words:
            return {}, {}
        words = tuple(map(self.indexed_spelling, words))
        ceiling = sum(self.idf.get(w, self.unknown_idf) for w in words) * (K1 + 1)
        scores: dict[int, float] = defaultdict(float)
        explained: dict[int, float] = defaultdict(float)
        for word in sorted(set(words)):  # one order in every process: float sums depend on it
            best: dict[int, float] = {}
            for sense, similarity in self.senses(word):
                idf = self.idf[sense]
                for number, count, strong in self.postings[sense]:
                    norm = K1 * (1 - B + B * self.lengths[number] / self.average)
                    scores[number] += similarity * idf * count * (K1 + 1) / (count + norm)
                    share = similarity * (1.0 if strong else BODY_SHARE)
                    best[number] = max(best.get(number, 0.0), share)
            for number, share in best.items():
                explained[number] += share * words.count(word)
        return ({n: s / ceiling for n, s in scores.items()},
                {n: e / len(words) for n, e in explained.items()})
