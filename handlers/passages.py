"""Pick the passage of a long text that answers the question, instead of its first lines."""

import re

from knowledge.normalize import compact, english_words

SENTENCE = re.compile(r"(?<=[。.!?])\s*|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of a text, in order."""
    return [part.strip() for part in SENTENCE.split(text) if part and part.strip()]


def overlap(question: str, passage: str) -> float:
    """How many of the question's character pairs and English words the passage holds."""
    core = compact(question)
    pairs = {core[i:i + 2] for i in range(len(core) - 1)}
    words = set(english_words(question))
    body = compact(passage)
    found = sum(1 for pair in pairs if pair in body) + 2 * len(words & set(english_words(passage)))
    return found / max(len(pairs) + 2 * len(words), 1)


def best_passage(question: str, text: str, limit: int, context: int = 1) -> str:
    """The sentence that best matches the question, with its neighbours, within limit characters."""
    parts = sentences(text)
    if not parts:
        return ""
    if len(text) <= limit:
        return text.strip()
    scores = [overlap(question, part) for part in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i))
    if scores[best] == 0:
        best = 0
    chosen = [best]
    for step in range(1, context + 1):
        for neighbour in (best - step, best + step):
            if 0 <= neighbour < len(parts):
                chosen.append(neighbour)
    kept, length = [], 0
    for index in chosen:
        if length + len(parts[index]) > limit and kept:
            continue
        kept.append(index)
        length += len(parts[index])
    joiner = " " if parts[best].isascii() else ""
    passage = joiner.join(parts[i] for i in sorted(kept))
    return passage if len(passage) <= limit else passage[: limit - 1] + "…"


def sentence_about(title: str, texts: list[str], cue: re.Pattern) -> str:
    """The sentence of the given texts that names a title most fully and carries the cue, if any does well."""
    best, best_score = "", 0.0
    for text in texts:
        for part in sentences(text):
            if not cue.search(part):
                continue
            score = overlap(title, part)
            if score > best_score:
                best, best_score = part, score
    return best if best_score >= 0.6 else ""
