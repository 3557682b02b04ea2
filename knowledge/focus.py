"""Find the question inside a long message: its asking sentences, alone and with what comes before."""

import re

from knowledge.normalize import compact

LONG_MESSAGE = 40  # compact characters beyond which a message is also read sentence by sentence
MAX_ASKING = 3  # asking sentences of one message read on their own
SENTENCE_END = re.compile(r"(?<=[。！？!?\n])|(?<=[?？])")
ASKING_SENTENCE = re.compile(r"[?？]|(か|の|かな|ますか|ですか|たい|教えて|ください|知りたい)[。．.!！\s]*$"
                             r"|\b(what|when|who|how|why|where|can|is|are|do|does)\b", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r"(?<=[がけでらてど])[、,]")  # after が、けど、ので、から、て、: background before the question


def focus_parts(text: str) -> list[str]:
    """The message whole, its last clause, and when long its asking sentences: alone, after the one before, last clause."""
    if len(compact(text)) <= LONG_MESSAGE:
        return list(dict.fromkeys([text, last_clause(text)]))
    sentences = [s.strip() for s in SENTENCE_END.split(text) if len(compact(s)) >= 2]
    asking = ([n for n, s in enumerate(sentences) if ASKING_SENTENCE.search(s)] or list(range(len(sentences))))
    asking = asking[-MAX_ASKING:]  # the question of a long message is most often at its end
    parts = [text]
    for number in asking:
        parts.append(sentences[number])
        if number:
            parts.append(sentences[number - 1] + sentences[number])
        parts.append(last_clause(sentences[number]))
    if 1 < len(asking) < len(sentences):
        parts.append("".join(sentences[n] for n in asking))
    return list(dict.fromkeys(parts))


def last_clause(sentence: str) -> str:
    """The clause after the last が、/けど、/ので、/で、 (「…聞かれたんですが、公開してるんですか？」), or the sentence."""
    clause = CLAUSE_BREAK.split(sentence)[-1]
    return clause if len(compact(clause)) >= 4 else sentence
