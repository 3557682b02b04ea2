"""Find the entries a question is about, and how sure the bot is."""

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from knowledge.model import Entry, Knowledge
from knowledge.normalize import Question, fold, is_ascii_key, spaced

# Tiers: at or above CONFIDENT (and clear of the runner-up) the bot answers;
# at or above CANDIDATE it offers 「もしかして」 buttons; below, it declines.
CONFIDENT = 0.74
CLEAR_MARGIN = 0.06
CANDIDATE = 0.34
MAX_CANDIDATES = 5
NAME_WEIGHT, KEYWORD_WEIGHT = 1.0, 0.85
FUZZY_FLOOR = 80
BM25_K1, BM25_B = 1.2, 0.75
SHAPE_BONUS = 0.12
MEASURE_NUMBER = re.compile(r"(?<![0-9.])([1-4])[-ー‐‑–−・.]([1-4])(?:[-ー‐‑–−・.]([1-3]))?(?![0-9])")

# The shape of a question says what kind of entry it prefers.
SHAPES = {
    "term": re.compile(r"(とは|って(何|なに|なん)|ってどういう|の意味|意味は|what (is|are|does)|what's|mean|stand for|略)"),
    "measure": re.compile(r"(進捗|状況|どうなって|進んで|予定|いつから|担当|部署|取り組|取組|計画は|progress|status|schedule)"),
    "past_measure": re.compile(r"(導入され|実施され|実施済|導入済|どうなった|前の計画|以前の計画|過去の計画|基本計画で|着手)"),
}


@dataclass(frozen=True)
class Doc:
    """One searchable entry: its names (short, strong) and its body (long, weak)."""

    kind: str
    id: str
    title: str
    names: tuple[str, ...]
    keywords: tuple[str, ...]
    body: str


@dataclass(frozen=True)
class Match:
    """An entry the question may be about, with a score from 0 to about 1."""

    kind: str
    id: str
    title: str
    score: float


@dataclass
class Result:
    """What the search found: matches best first, and the tier of the reply."""

    matches: list[Match]
    tier: str  # "answer", "candidates" or "none"
    shape: str | None = None
    notes: dict = field(default_factory=dict)

    @property
    def best(self) -> Match | None:
        """The best match, if any."""
        return self.matches[0] if self.matches else None


def doc_of(entry: Entry) -> Doc:
    """Turn a knowledge entry into a searchable document."""
    names = [entry.title, getattr(entry, "english", "")]
    body = []
    if entry.kind == "measure":
        body = [entry.overview, *entry.initiatives, *(s.step for s in entry.schedule), entry.departments_text]
    elif entry.kind == "term":
        names += [entry.reading, *entry.aliases]
        body = [entry.definition]
    elif entry.kind == "past_measure":
        body = [entry.note, entry.category, entry.status]
    elif entry.kind in ("section", "item", "direction"):
        body = [entry.text]
    return Doc(entry.kind, entry.id, entry.title, tuple(n for n in names if n),
               tuple(entry.keywords), "\n".join(body))


def grams(text: str) -> list[str]:
    """Split text into index terms: ASCII words and bigrams of everything else."""
    folded = spaced(text)
    words = [w for w in folded.split() if w.isascii()]
    japanese = "".join(w for w in folded.split() if not w.isascii())
    pairs = [japanese[i:i + 2] for i in range(len(japanese) - 1)]
    return words + pairs


class Index:
    """A term-level index over every field of every entry, with fuzzy name matching."""

    def __init__(self, docs: list[Doc]):
        self.docs = docs
        self.name_keys: list[list[tuple[str, float]]] = []
        self.japanese_keys: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
        self.ascii_keys: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths: list[int] = []
        for number, doc in enumerate(docs):
            self._add(number, doc)
        self.average_length = sum(self.lengths) / max(len(self.lengths), 1)
        total = len(docs)
        self.idf = {g: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for g, p in self.postings.items()}
        self.unknown_idf = math.log(1 + (total + 0.5) / 0.5)

    @classmethod
    def of(cls, kb: Knowledge) -> "Index":
        """Build the index over a knowledge base."""
        return cls([doc_of(entry) for entry in kb.entries()])

    def _add(self, number: int, doc: Doc) -> None:
        """Index one document's keys and terms."""
        keys: dict[str, float] = {}
        for text, weight in [*((n, NAME_WEIGHT) for n in doc.names), *((k, KEYWORD_WEIGHT) for k in doc.keywords)]:
            key = fold(text)
            if len(key.replace(" ", "")) >= 2 and keys.get(key, 0) < weight:
                keys[key] = weight
        self.name_keys.append([(key, weight) for key, weight in keys.items()])
        for key, weight in keys.items():
            if is_ascii_key(key):
                self.ascii_keys[key.split()[0]].append((f" {key} ", number, weight))
            else:
                squeezed = key.replace(" ", "")
                self.japanese_keys[squeezed[:2]].append((squeezed, number, weight))
        counts = Counter(grams(" ".join(doc.names + doc.keywords)) * 3 + grams(doc.body))
        for gram, count in counts.items():
            self.postings[gram].append((number, count))
        self.lengths.append(sum(counts.values()))

    def key_hits(self, question: Question) -> dict[int, float]:
        """Score documents whose names or keywords appear whole in the question."""
        core, words = question.core, question.words
        length = max(len(core), 1)
        hits: dict[int, list[float]] = defaultdict(list)
        for start in range(len(core) - 1):
            for key, number, weight in self.japanese_keys.get(core[start:start + 2], ()):
                if core.startswith(key, start):
                    hits[number].append(weight * (0.62 + 0.38 * min(1.0, len(key) / length)))
        ascii_length = max(len(words.strip()), 1)
        for word in set(words.split()):
            for key, number, weight in self.ascii_keys.get(word, ()):
                if key in words:
                    hits[number].append(weight * (0.62 + 0.38 * min(1.0, len(key.strip()) / ascii_length)))
        return {number: max(found) + 0.03 * (len(found) - 1) for number, found in hits.items()}

    def term_scores(self, question: Question) -> dict[int, float]:
        """Score documents by how much of the question's terms they hold (BM25, scaled to 0..1)."""
        query = set(grams(question.core) + [w for w in question.words.split() if w.isascii()])
        if not query:
            return {}
        ceiling = sum(self.idf.get(g, self.unknown_idf) for g in query) * (BM25_K1 + 1)
        scores: dict[int, float] = defaultdict(float)
        for gram in query:
            idf = self.idf.get(gram)
            if idf is None:
                continue
            for number, count in self.postings[gram]:
                norm = BM25_K1 * (1 - BM25_B + BM25_B * self.lengths[number] / self.average_length)
                scores[number] += idf * count * (BM25_K1 + 1) / (count + norm)
        return {number: score / ceiling for number, score in scores.items()}

    def fuzzy(self, question: Question, number: int) -> float:
        """Score a document by its closest name, forgiving typos."""
        core = question.core
        best = 0.0
        for key, weight in self.name_keys[number]:
            key = key.replace(" ", "")
            if len(key) < 3:
                continue
            similarity = fuzz.partial_ratio(key, core) if len(key) <= len(core) else fuzz.ratio(key, core)
            if similarity >= FUZZY_FLOOR:
                coverage = min(1.0, len(key) / max(len(core), 1))
                best = max(best, weight * similarity / 100 * (0.55 + 0.38 * coverage))
        return best

    def search(self, text: str, limit: int = MAX_CANDIDATES) -> Result:
        """Rank entries for a question and decide the reply's tier."""
        question = Question.of(text)
        shape = question_shape(text)
        direct = self.by_number(text)
        keys = self.key_hits(question)
        terms = self.term_scores(question)
        pool = set(keys) | set(sorted(terms, key=terms.get, reverse=True)[:40]) | set(direct)
        scored = []
        for number in pool:
            doc = self.docs[number]
            score = max(keys.get(number, 0.0), self.fuzzy(question, number)) + 0.45 * terms.get(number, 0.0)
            if number in direct:
                score = max(score, 1.0)
            if shape == doc.kind:
                score += SHAPE_BONUS
            scored.append(Match(doc.kind, doc.id, doc.title, round(score, 4)))
        scored.sort(key=lambda m: (-m.score, m.title))
        matches = scored[:limit]
        return Result(matches, tier_of(matches), shape)

    def by_number(self, text: str) -> set[int]:
        """Find measures named by their number, e.g. 「1-1-1の進捗」."""
        found = set()
        for match in MEASURE_NUMBER.finditer(unicodedata.normalize("NFKC", text)):
            number = "-".join(part for part in match.groups() if part)
            found |= {n for n, doc in enumerate(self.docs) if doc.kind == "measure" and doc.id == number}
        return found


def question_shape(text: str) -> str | None:
    """Tell which kind of entry the question's wording asks for, if any."""
    lowered = text.lower()
    for kind, pattern in SHAPES.items():
        if pattern.search(lowered):
            return kind
    return None


def tier_of(matches: list[Match]) -> str:
    """Decide whether to answer, offer candidates, or decline."""
    if not matches or matches[0].score < CANDIDATE:
        return "none"
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    if matches[0].score >= CONFIDENT and matches[0].score - runner_up >= CLEAR_MARGIN:
        return "answer"
    return "candidates"
