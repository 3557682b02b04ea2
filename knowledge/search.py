"""Find the entries a question is about, and how sure the bot is."""

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from knowledge import language, morphology, wordweights
from knowledge.asking import TROUBLE, UNANSWERABLE, WISH, asks_yes_no, shape_of
from knowledge.model import Entry, Knowledge, Translations
from knowledge.normalize import ENGLISH_STOPWORDS, Question, compact, english_words, fold, is_ascii_key
from knowledge.readings import reading
from knowledge.typos import NameKeys
from knowledge.confidence import confidence, tier_from
from knowledge.focus import LONG_MESSAGE, focus_parts
from knowledge.wordindex import WordIndex

MAX_CANDIDATES = 5
CANDIDATE_SHARE = 0.6  # a candidate scoring under this share of the best is not offered
POOL = 40
FUZZY_POOL = 15  # typos are forgiven among the entries that share most terms with the question

NAME_WEIGHT, ALIAS_WEIGHT, KEYWORD_WEIGHT, READING_WEIGHT = 1.0, 0.95, 0.9, 0.9
MOST_OF_A_KEY = 0.66  # an English name of three words or more counts when the question has two thirds of it
SHARED_KEY_PENALTY = 0.05  # per further entry sharing a key, up to four
PAST_PLAN_CONTEXT = "以前の盛岡市情報化基本計画（第一次～第四次計画）の施策"  # what every past-plan row belongs to
KIND_PRIOR = {"item": 0.75, "direction": 0.7, "past_measure": 0.88}
SHAPE_BONUS = 0.08
NUMBERED = 1.5  # an entry named by its number or its exact name comes first
NAME_SHARE, COVERAGE_SHARE, TERMS_SHARE = 0.4, 0.45, 0.35
BM25_K1, BM25_B = 1.2, 0.75
# In a large index a character pair held by more than this share of the entries says little and costs much.
COMMON_SHARE, COMMON_FLOOR = 0.1, 1000
NAME_REPEAT = 3  # a name's terms count as often as this in the term index
BODY_COVERAGE = 0.6  # a question character explained only by an entry's body counts this much
WORDS_SHARE = 0.35
MEANING_SHARE, MEANING_POOL = 0.3, 10
KEY_ALONE = 0.95  # a whole name found in the question: its character coverage stands
MAX_QUESTION = 2000  # characters of a message that are read
KANA_SPACE = re.compile(r"(?<=[\u3041-\u30ff])\s+(?=[\u3041-\u30ff])")
PROMOTE_WITHIN, PROMOTE_GAP = 3, 0.2
WHOLE_QUESTION = 0.9  # a name that explains this much of the question is all the question is
STANDS_FOR = 0.65  # a neighbour this similar explains a question's word
NUMBERED_ENTRY = re.compile(r"(?:(?P<label>方向性|推進項目|direction|item)\s*)?(?<![0-9.])"
                            r"(?P<number>[0-9]{1,2}(?:[-ー‐‑–−・.][0-9]{1,2}){0,2})(?![0-9.])", re.IGNORECASE)


@dataclass(frozen=True)
class Doc:
    """One searchable entry: its names (short, strong), keywords, and body (long, weak)."""

    kind: str
    id: str
    title: str
    names: tuple[str, ...]
    keywords: tuple[str, ...]
    body: str
    foreign_body: str = ""  # the entry's translated text, matched by its words but never by its characters


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
    coverage: float = 0.0  # how much of the question the best match explains
    language: str = "ja"  # the question's language: ja, en, zh or ko
    focus: str = ""  # the part of the message the matches answer
    features: dict = field(default_factory=dict)  # what the confidence model weighed
    chance: float = 0.0  # the model's confidence that the best match is right

    @property
    def best(self) -> Match | None:
        """The best match, if any."""
        return self.matches[0] if self.matches else None

    @property
    def offered(self) -> list[Match]:
        """The matches worth offering as candidates: those scoring close enough to the best."""
        best = self.matches[0].score if self.matches else 0.0
        return [match for match in self.matches if match.score >= CANDIDATE_SHARE * best]


def doc_of(entry: Entry, related: tuple[str, ...] = (), translations: Translations = Translations()) -> Doc:
    """Turn a knowledge entry into a searchable document; related names count as its keywords."""
    chinese = [language.chinese_to_japanese(text) for text in (*translations.names(entry.kind, entry.id, ("zh",)),
                                                                 *translations.keywords(entry.kind, entry.id, ("zh",)))]
    names = [entry.title, getattr(entry, "english", ""), *translations.names(entry.kind, entry.id, ("en", "ko"))]
    body = []
    if entry.kind == "measure":
        body = [entry.overview, *entry.initiatives, *(s.step for s in entry.schedule), entry.departments_text]
    elif entry.kind == "term":
        names += [entry.reading, *entry.aliases]
        body = [entry.definition]
    elif entry.kind == "past_measure":
        body = [entry.note, entry.category, entry.status, PAST_PLAN_CONTEXT]
    elif entry.kind in ("section", "item", "direction"):
        body = [entry.text]
    english = translations.of("en", entry.kind, entry.id)
    foreign = [english.get(name, "") for name in ("overview", "definition", "text", "departments_text", "note")]
    foreign += [*english.get("initiatives", []), *english.get("schedule", [])]
    steps = tuple(step.step for step in entry.schedule) if entry.kind == "measure" else ()
    return Doc(entry.kind, entry.id, entry.title, tuple(n for n in names if n),
               (*entry.keywords, *related, *steps, *translations.keywords(entry.kind, entry.id, ("en", "ko")), *chinese),
               "\n".join(body),
               "\n".join(text for text in foreign if text))


def bigrams(text: str) -> list[str]:
    """Overlapping pairs of characters of a compact text."""
    return [text[i:i + 2] for i in range(len(text) - 1)]


def grams(text: str) -> list[str]:
    """Index terms of a text: bigrams of its compact form and its English words."""
    return bigrams(compact(text)) + [f"w:{word}" for word in english_words(text)]


class Index:
    """A term-level index over every field of every entry, with exact and fuzzy name matching."""

    def __init__(self, docs: list[Doc], parameters: tuple[str, ...] = ()):
        self.docs = docs
        self.parameters = re.compile("|".join(map(re.escape, sorted(parameters, key=len, reverse=True))) or "(?!)")
        self.name_keys: list[list[tuple[str, float]]] = []
        self.japanese_keys: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
        self.english_keys: dict[str, list[tuple[frozenset, int, float]]] = defaultdict(list)
        self.korean_keys: dict[str, list[tuple[frozenset, str, int, float]]] = defaultdict(list)
        self.postings: dict[str, list[tuple[int, float, bool]]] = defaultdict(list)  # gram → (doc, count, in names);
        # once built, (doc, the gram's BM25 term in the doc, in names)
        self.lengths: list[int] = []
        self.texts: list[str] = []  # each document's whole text, compact, for telling which words it holds
        self.joined: str | None = None
        self.exact_names: dict[str, set[int]] = defaultdict(set)  # a name, compact → the documents it names
        self.numbers = {(doc.kind, doc.id): number for number, doc in enumerate(docs)}
        self.titles = [compact(doc.title) for doc in docs]
        self.key_counts: Counter = Counter()
        self.words = WordIndex()
        for number, doc in enumerate(docs):
            self._add(number, doc)
            self.words.add(number, doc)
        self.average_length = sum(self.lengths) / max(len(self.lengths), 1)
        total = len(docs)
        self.idf = {g: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for g, p in self.postings.items()}
        self.unknown_idf = math.log(1 + (total + 0.5) / 0.5)
        self.words.finish(total)
        self.typos = NameKeys(self.name_keys)
        self.norms = [BM25_K1 * (1 - BM25_B + BM25_B * length / self.average_length) for length in self.lengths]
        self.postings = {gram: [(number, self.idf[gram] * count * (BM25_K1 + 1) / (count + self.norms[number]), strong)
                                for number, count, strong in postings]
                         for gram, postings in self.postings.items()}  # each posting's BM25 term, worked out once
        self.english_vocabulary = frozenset(g[2:] for g in self.postings if g.startswith("w:"))
        self.known_words = self.english_vocabulary | ENGLISH_STOPWORDS  # what a typo may be read as

    @classmethod
    def of(cls, kb: Knowledge, extra: tuple[Doc, ...] = ()) -> "Index":
        """Build the index over a knowledge base and extra documents (the staff's FAQ).

        A measure is also found by its 推進項目's title; a row printed again (再掲) through its original.
        """
        item_titles = {item.number: (item.title,) for item in kb.items}
        docs = [doc_of(entry, item_titles[entry.item] if entry.kind == "measure" else (), kb.translations)
                for entry in kb.entries() if not getattr(entry, "listed_again", False)]
        departments = kb.guideline.departments + tuple(kb.translations.table("en", "departments").values())
        return cls(docs + list(extra), departments)

    def _add(self, number: int, doc: Doc) -> None:
        """Index one document's keys and terms."""
        keys: dict[str, float] = {}
        texts = [*((n, NAME_WEIGHT if n == doc.title else ALIAS_WEIGHT) for n in doc.names),
                 *((k, KEYWORD_WEIGHT) for k in doc.keywords)]
        readings = [(reading(text), READING_WEIGHT) for text, _ in texts]
        for text, weight in texts + [(r, w) for r, w in readings if r]:
            key = fold(text)
            if len(key.replace(" ", "")) >= 2 and keys.get(key, 0) < weight:
                keys[key] = weight
        self.name_keys.append([(key.replace(" ", ""), weight) for key, weight in keys.items()])
        for name in doc.names:
            self.exact_names[compact(name)].add(number)
        self.key_counts.update(key.replace(" ", "") for key in keys)
        for key, weight in keys.items():
            if is_ascii_key(key):
                words = frozenset(english_words(key)) or frozenset([key.replace(" ", "")])
                for word in words:
                    self.english_keys[word].append((words, number, weight))
            else:
                squeezed = key.replace(" ", "")
                self.japanese_keys[squeezed[:2]].append((squeezed, number, weight))
                if " " in key and language.HANGUL.search(key):  # 「재해 정보」 also as words, in any order
                    words = frozenset(key.split())
                    for word in words:
                        self.korean_keys[word].append((words, squeezed, number, weight))
        self.texts.append(compact(" ".join([*doc.names, *doc.keywords, *(r for r, _ in readings if r), doc.body])))
        strong = set(grams(" ".join([*doc.names, *doc.keywords, *(r for r, _ in readings if r)])))
        counts = Counter(list(strong) * NAME_REPEAT + grams(doc.body) + bigrams(compact(morphology.readings(doc.body)))
                         + [f"w:{word}" for word in english_words(doc.foreign_body)])
        for gram, count in counts.items():
            self.postings[gram].append((number, count, gram in strong))
        self.lengths.append(sum(counts.values()))

    def key_hits(self, question: Question) -> tuple[dict[int, float], dict[int, int]]:
        """Score documents whose names or keywords appear whole in the question, and where."""
        core = question.core
        length = max(len(core), 1)
        scores: dict[int, float] = {}
        spans: dict[int, int] = defaultdict(int)  # a bit for each character of the core a key covers
        for start in range(len(core) - 1):
            for key, number, weight in self.japanese_keys.get(core[start:start + 2], ()):
                if core.startswith(key, start):
                    score = weight * self.specificity(key) * (0.7 + 0.3 * min(1.0, len(key) / length))
                    scores[number] = max(scores.get(number, 0.0), score)
                    spans[number] |= ((1 << len(key)) - 1) << start
        words = set(question.words)
        english = wordweights.weights(question.raw) if not question.japanese else {}
        for word in words:
            for key_words, number, weight in self.english_keys.get(word, ()):
                held = len(key_words & words) / len(key_words)
                if held < 1 and (len(key_words) < 3 or held < MOST_OF_A_KEY):
                    continue
                share = (math.fsum(english[w] for w in key_words & words) / sum(english.values()) if not question.japanese
                         else sum(map(len, key_words)) / length)
                score = weight * held ** 2 * (0.7 + 0.3 * min(1.0, share))  # most of a long name counts, less
                scores[number] = max(scores.get(number, 0.0), score)
        self.korean_key_hits(question, scores, spans)
        return scores, spans

    def korean_key_hits(self, question: Question, scores: dict[int, float], spans: dict[int, int]) -> None:
        """Score documents whose Korean keys of several words all appear in the question, in any order."""
        words = set(question.raw.split()) & self.korean_keys.keys()
        length = max(len(question.core), 1)
        for word in words:
            for key_words, key, number, weight in self.korean_keys[word]:
                if not key_words <= words:
                    continue
                score = weight * self.specificity(key) * (
                    0.7 + 0.3 * min(1.0, sum(map(len, key_words)) / length))
                scores[number] = max(scores.get(number, 0.0), score)
                for key_word in key_words:
                    start = question.core.find(key_word)
                    spans[number] = spans.get(number, 0) | ((1 << len(key_word)) - 1) << start

    def specificity(self, key: str) -> float:
        """Weigh down a key that many entries share: it says less about which one is meant."""
        return 1.0 - SHARED_KEY_PENALTY * min(self.key_counts[key] - 1, 4)

    def term_scores(self, question: Question) -> tuple[dict[int, float], dict[int, dict[str, bool]]]:
        """Score documents by the question's terms they hold (BM25 scaled to 0..1), and which (in names?)."""
        query = sorted(set(bigrams(question.core) if question.japanese else []) | {f"w:{w}" for w in question.words})
        if not query:  # sorted: one order in every process, since float sums depend on it
            return {}, {}
        ceiling = math.fsum(self.idf.get(g, self.unknown_idf) for g in query) * (BM25_K1 + 1)
        scores: dict[int, float] = defaultdict(float)
        found: dict[int, dict[str, bool]] = defaultdict(dict)
        common = max(COMMON_FLOOR, COMMON_SHARE * len(self.docs))
        for gram in query:
            postings = self.postings.get(gram, ())
            if len(postings) > common:
                continue
            for number, term, in_names in postings:
                scores[number] += term
                found[number][gram] = in_names
        return {n: s / ceiling for n, s in scores.items()}, found

    def search(self, text: str, limit: int = MAX_CANDIDATES) -> Result:
        """Rank entries for a message and decide the reply's tier, answering the question inside a long message."""
        lang, prepared = language.prepare(text[:MAX_QUESTION], self.english_vocabulary)
        prepared = language.untransposed(prepared, self.known_words)
        shape = None
        if self.parameters.search(prepared) and asks_yes_no(prepared.lower()):
            rest = self.parameters.sub(" ", prepared)  # 「建設部もWi-Fiに入ってる？」 is about Wi-Fi, not 建設部
            if morphology.topic_words(rest):
                prepared, shape = rest, "measure"  # departments are named by measures, not by terms
        results = [self.rank(part, limit, lang, shape) for part in focus_parts(prepared)]
        best = max(results, key=lambda r: (r.chance, r.matches[0].score if r.matches else 0.0))
        best.language = lang
        if UNANSWERABLE.search(prepared) and best.tier == "answer":
            best.tier = "candidates"  # a price or an opening hour is never in a plan: offer, do not assert
        return best

    def language_of(self, text: str) -> str:
        """The language a message is written in: ja, en, zh or ko."""
        return language.detect(text, self.english_vocabulary)

    def rank(self, text: str, limit: int, lang: str = "ja", asked: str | None = None) -> Result:
        """Rank entries for one question and decide the reply's tier; asked is the kind wanted if wording says none."""
        question = Question.of(text)
        shape = question_shape(text) or asked
        direct = self.by_number(text) | self.exact_names.get(question.core, set()) | self.exact_names.get(
            compact(text), set())
        keys, spans = self.key_hits(question)
        terms, found = self.term_scores(question)
        topic = morphology.topic_words(question.raw) if question.japanese else ()
        word_scores, word_cover = self.words.score(topic)
        meaning = self.words.similarity(topic)
        by_terms = sorted(terms, key=terms.get, reverse=True)
        by_words = sorted(word_scores, key=word_scores.get, reverse=True)
        by_meaning = [int(n) for n in np.argsort(-meaning)[:MEANING_POOL]] if meaning is not None else []
        pool = set(keys) | set(by_terms[:POOL]) | set(by_words[:POOL]) | set(by_meaning) | direct
        typos = self.typos.scores(question.core, set(by_terms[:FUZZY_POOL]) - set(keys))
        ranked = []
        for number in pool:
            doc = self.docs[number]
            name = keys[number] if number in keys else typos.get(number, 0.0)
            covered = characters = coverage(question, found.get(number, {}), spans.get(number, 0))
            if topic and name < KEY_ALONE:
                covered = max(covered, word_cover.get(number, 0.0))
            similar = max(float(meaning[number]), 0.0) if meaning is not None else 0.0
            score = (NAME_SHARE * name + COVERAGE_SHARE * covered + TERMS_SHARE * terms.get(number, 0.0)
                     + WORDS_SHARE * word_scores.get(number, 0.0) + MEANING_SHARE * similar)
            prior = 1.0 if shape == doc.kind else KIND_PRIOR.get(doc.kind, 1.0)
            score = score * prior + (SHAPE_BONUS if shape == doc.kind else 0.0)
            if number in direct:
                score, covered = max(score, NUMBERED), 1.0
            ranked.append(Ranked(round(score, 4), covered, number, name, number in direct, similar, characters))
        ranked.sort(key=lambda r: (-r.score, self.docs[r.number].title))
        promote(ranked, shape or self.default_shape(ranked), self.docs)
        matches = [Match(self.docs[r.number].kind, self.docs[r.number].id, self.docs[r.number].title, r.score)
                   for r in ranked[:limit]]
        if not ranked:
            return Result(matches, "none", shape, 0.0, focus=text)
        # Each channel's leader; a tie goes to the lowest document number, so every process picks the same one.
        leaders = [max(channel.items(), key=lambda item: (item[1], -item[0]))[0] if channel else None
                   for channel in (keys, terms, word_scores)]
        leaders.append(by_meaning[0] if by_meaning else None)
        features = self.features(ranked, question, topic if lang == "ja" else (), shape, text, leaders, lang)
        chance = 1.0 if ranked[0].numbered and len(direct) == 1 else confidence(features)
        return Result(matches, tier_from(chance, ranked[0].covered, features), shape, ranked[0].covered, focus=text,
                      features=features, chance=chance)

    def default_shape(self, ranked: list["Ranked"]) -> str | None:
        """With no telling wording, a term named amid other words asks what the city does with it: a measure."""
        if ranked and self.docs[ranked[0].number].kind == "term" and ranked[0].characters < WHOLE_QUESTION:
            return "measure"
        return None

    def features(self, ranked: list["Ranked"], question: Question, topic: tuple[str, ...], shape: str | None,
                 text: str, leaders: list[int | None], lang: str) -> dict[str, float]:
        """What the confidence model weighs about the best match; leaders are the best of each way of reading."""
        best = ranked[0]
        doc = self.docs[best.number]
        asked = self.parameters.sub(" ", question.raw)  # a department named in 「…も担当？」 is asked about, not a topic
        nouns = morphology.topic_nouns(asked) if question.japanese and topic else ()
        unexplained = [w for w in nouns if not self.explains(best.number, w)]
        unknown = [w for w in nouns if not self.words.senses(w) and not self.seen_characters(w)]
        elsewhere = [p for p in morphology.places(asked) if compact(p) not in self.every_text()] if nouns else []
        unseen = [c for c in morphology.compounds(asked) if not self.seen_characters(c, whole=True)] if nouns else []
        english = () if question.japanese else question.words
        english_unknown = [w for w in english if f"w:{w}" not in self.idf]
        rival = next((r for r in ranked[1:] if not self.related(best.number, r.number)
                      and (shape != doc.kind or self.docs[r.number].kind == doc.kind)), None)  # wording named the kind
        second = rival.score if rival else 0.0
        runner_up = self.docs[ranked[1].number] if len(ranked) > 1 else None
        return {
            "score": best.score, "margin": best.score - second, "coverage": best.covered, "name": best.name,
            "relative_margin": (best.score - second) / max(best.score, 1e-9),
            "meaning": best.meaning,
            "unexplained": min(len(unexplained), 3) / 3, "unknown": min(len(unknown), 2) / 2,
            "elsewhere": float(bool(elsewhere)), "unseen_compound": float(bool(unseen)),
            "topic": min(len(topic), 6) / 6, "english_unknown": len(english_unknown) / max(len(english), 1),
            "english": float(not question.japanese), "shape": float(shape == doc.kind),
            "long": float(len(compact(text)) > LONG_MESSAGE),
            **{f"kind_{kind}": float(doc.kind == kind) for kind in ("measure", "term", "past_measure", "section")},
            "agreement": sum(leader == best.number for leader in leaders) / len(leaders),
            **{f"leads_{way}": float(leader == best.number)
               for way, leader in zip(("keys", "terms", "words", "meaning"), leaders)},
            "second_related": float(runner_up is not None and self.related(best.number, ranked[1].number)),
            "second_same_kind": float(runner_up is not None and runner_up.kind == doc.kind),
            "score_x_coverage": best.score * best.covered,
            "unanswerable": float(bool(UNANSWERABLE.search(text))), "trouble": float(bool(TROUBLE.search(text))),
            "wish": float(bool(WISH.search(text))),
            "chinese_or_korean": float(lang in ("zh", "ko")),  # matched through names and keywords alone
        }

    def seen_characters(self, word: str, whole: bool = False) -> bool:
        """Tell whether every pair of the word's characters occurs in the knowledge; with whole, the word itself."""
        if whole:
            return compact(word) in self.every_text()
        pairs = bigrams(compact(word))
        return bool(pairs) and all(pair in self.postings for pair in pairs)

    def every_text(self) -> str:
        """All the documents' texts in one string, built on first use."""
        if self.joined is None:
            self.joined = "\n".join(self.texts)
        return self.joined

    def related(self, one: int, other: int) -> bool:
        """Tell whether two entries name each other (a term and the measure using it, a section reviewing a plan)."""
        first, second = self.titles[one], self.titles[other]
        return (len(first) >= 3 and first in self.texts[other]) or (len(second) >= 3 and second in self.texts[one])

    def explains(self, number: int, word: str) -> bool:
        """Tell whether a document holds a question's word, itself, a near neighbour, or as characters."""
        if any(number in self.words.documents(sense) for sense, similarity in self.words.senses(word)
               if similarity >= STANDS_FOR):
            return True
        return compact(word) in self.texts[number]

    def by_number(self, text: str) -> set[int]:
        """Find entries named by their number: 「1-1-1の進捗」, 「方向性2」, 「推進項目1-3」."""
        text = unicodedata.normalize("NFKC", text)
        wanted = set()
        for match in NUMBERED_ENTRY.finditer(text):
            kind = {"方向性": "direction", "direction": "direction", "推進項目": "item", "item": "item"}.get(
                (match.group("label") or "").lower(), "measure")
            wanted.add((kind, "-".join(re.split(r"[-ー‐‑–−・.]", match.group("number")))))
        return {self.numbers[key] for key in wanted if key in self.numbers}


def coverage(question: Question, found: dict[str, bool], key_span: int) -> float:
    """The share of the question a document explains, names counting fully and body text less."""
    if not question.japanese:
        weights = wordweights.weights(question.raw)
        total = sum(weights.values())
        shares = ((found.get(f"w:{w}"), weight) for w, weight in weights.items())
        return math.fsum(weight * (0.0 if s is None else 1.0 if s else BODY_COVERAGE) for s, weight in shares) / total \
            if total else 0.0
    named, in_body = key_span, 0  # bit sets of the core's characters
    for gram, in_names in found.items():
        if in_names:
            named |= question.covers.get(gram, 0)
        else:
            in_body |= question.covers.get(gram, 0)
    shares = [1.0] * named.bit_count() + [BODY_COVERAGE] * (in_body & ~named).bit_count()
    return math.fsum(shares) / max(len(question.core), 1)  # exact: the same in any order


def question_shape(text: str) -> str | None:
    """Tell which kind of entry the question's wording asks for, if any (spaces between kana ignored)."""
    return shape_of(KANA_SPACE.sub("", unicodedata.normalize("NFKC", text).lower()))


@dataclass
class Ranked:
    """One document's standing for a question."""

    score: float
    covered: float
    number: int
    name: float
    numbered: bool
    meaning: float = 0.0  # cosine of the question's and the entry's word vectors
    characters: float = 0.0  # the share of the question's characters the entry explains


def promote(ranked: list[Ranked], shape: str | None, docs: list[Doc]) -> None:
    """Put first the best entry of the kind the question's wording asks for, when it is close behind."""
    if not shape or not ranked or docs[ranked[0].number].kind == shape:
        return
    for position, entry in enumerate(ranked[1:PROMOTE_WITHIN + 1], 1):
        if docs[entry.number].kind == shape and ranked[0].score - entry.score <= PROMOTE_GAP:
            ranked.insert(0, ranked.pop(position))
            return
