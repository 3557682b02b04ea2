"""Tell which language a question is in, and bring romaji and Chinese into forms the search reads."""

import functools
import re
import unicodedata

import jaconv

from knowledge.normalize import ENGLISH_STOPWORDS
from knowledge.wordweights import frequency

KANA = re.compile(r"[\u3041-\u30ff\uff66-\uff9f]")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
LATIN_WORD = re.compile(r"[a-z]+")
# Characters and words that occur in Chinese but not in Japanese, so a kanji-only question is told apart.
CHINESE_MARKERS = re.compile(
    r"[们吗呢么这哪谁什为说请码网费线区办务卡们还让给该没关问题应对开数据个时间试们证你您谢]"
    r"|什么|怎么|哪里|哪儿|可以|是否|有没有|如何|吗|的")
# Romaji syllables (Hepburn and Kunrei, long vowels written twice, ん before a consonant or at the end).
SYLLABLE = (r"(?:(?:ky|gy|sh|sy|ch|ty|cy|ts|ny|hy|by|py|my|ry|j|dy|zy|[kgsztdnhbpmyrwfv])?[aiueo]|n(?![aiueoy])"
            r"|(?P<double>[kgsztdhbpmrfjc])(?=(?P=double))|t(?=ch))")
ROMAJI_WORD = re.compile(rf"^(?:{SYLLABLE})+$")
ACRONYM = re.compile(r"^[^a-z]*[A-Z][^a-z]*$")  # BCP, RPA, ICT-BCP: written alike in any language
KOREAN_PARTICLE = re.compile(r"(으로|에서|에게|까지|부터|하고|이나|로|에|은|는|이|가|을|를|의|도|와|과|만)(?=[?？.!]*$)")
SMALL_TALK = frozenset("hello hi hey thanks thank thx bye goodbye morning evening help".split())
PARTICLES = {"wa": "は", "wo": "を"}
ASCII_WORD = re.compile(r"[A-Za-z]{3,}")
RARE_ENOUGH = 3.0  # Zipf frequency under which a word unknown to the guideline may be a typo (bpc 2.2, form 5.3)


def script_counts(text: str) -> dict[str, int]:
    """Count a text's kana, kanji, hangul and ASCII letters."""
    return {
        "kana": len(KANA.findall(text)),
        "han": len(HAN.findall(text)),
        "hangul": len(HANGUL.findall(text)),
        "latin": sum(len(w) for w in LATIN_WORD.findall(text.lower())),
    }


def detect(text: str, english_words: frozenset[str] = frozenset()) -> str:
    """Return the question's language: ja, en, zh or ko (romaji counts as ja)."""
    text = unicodedata.normalize("NFKC", text)
    counts = script_counts(text)
    if counts["hangul"] and counts["hangul"] >= counts["kana"]:
        return "ko"
    if counts["kana"]:
        return "ja"
    if counts["han"]:
        return "zh" if CHINESE_MARKERS.search(text) else "ja"
    if counts["latin"] and not all(ACRONYM.match(w) for w in text.split() if LATIN_WORD.search(w.lower())):
        if romaji_words(text, english_words):
            return "ja"
        known = ENGLISH_STOPWORDS | english_words | SMALL_TALK
        return "en" if any(word in known for word in LATIN_WORD.findall(text.lower())) else "ja"
    return "ja"


def romaji_words(text: str, english_words: frozenset[str]) -> list[str]:
    """The words of an ASCII text that read as romaji, when they outnumber the English words; else none."""
    words = LATIN_WORD.findall(text.lower())
    known = ENGLISH_STOPWORDS | english_words | SMALL_TALK
    romaji = [w for w in words if len(w) >= 2 and ROMAJI_WORD.match(w) and w not in known]
    english = [w for w in words if w in known]
    return romaji if romaji and len(romaji) >= len(english) and len(romaji) * 2 >= len(words) else []


def romaji_to_kana(text: str, english_words: frozenset[str]) -> str:
    """Write the romaji words of a question in hiragana, leaving English words as they are."""
    romaji = set(romaji_words(unicodedata.normalize("NFKC", text), english_words))
    if not romaji:
        return text
    return LATIN_WORD.sub(lambda m: kana_of(m.group(0)) if m.group(0).lower() in romaji else m.group(0),
                          unicodedata.normalize("NFKC", text))


def kana_of(word: str) -> str:
    """Hiragana for one romaji word; a doubled vowel becomes a long-vowel mark (kaado → かーど)."""
    if word.lower() in PARTICLES:
        return PARTICLES[word.lower()]
    lowered = re.sub(r"([aiueo])\1", r"\1-", word.lower())
    return jaconv.alphabet2kana(lowered).replace("-", "ー")


@functools.cache
def converters():
    """OpenCC's simplified → traditional → Japanese shinjitai converters, loaded once."""
    import opencc

    return opencc.OpenCC("s2t"), opencc.OpenCC("t2jp")


def chinese_to_japanese(text: str) -> str:
    """Map simplified Chinese characters to the Japanese forms the guideline prints (网→網, 申请→申請)."""
    to_traditional, to_japanese = converters()
    return to_japanese.convert(to_traditional.convert(text))


def without_particles(text: str) -> str:
    """Korean words without their trailing particles (온라인으로 → 온라인), so they meet the keywords."""
    return " ".join(KOREAN_PARTICLE.sub("", word) if len(word) > 2 else word for word in text.split())


def prepare(text: str, english_words: frozenset[str] = frozenset()) -> tuple[str, str]:
    """Return the question's language and the text to search: romaji in kana, Chinese in Japanese kanji."""
    language = detect(text, english_words)
    if language == "zh":
        return language, chinese_to_japanese(text)
    if language == "ko":
        return language, without_particles(text)
    if language == "ja" and not KANA.search(text) and not HAN.search(text):
        return language, romaji_to_kana(text, english_words)
    return language, text


def untransposed(text: str, known: frozenset[str]) -> str:
    """Swap back two neighbouring letters of a rare word the guideline lacks, when that gives one it has: BPC → BCP."""
    def fixed(match: re.Match) -> str:
        word = match.group(0)
        lowered = word.lower()
        if lowered in known or frequency(lowered) >= RARE_ENOUGH:
            return word
        swaps = {lowered[:i] + lowered[i + 1] + lowered[i] + lowered[i + 2:] for i in range(len(lowered) - 1)}
        found = sorted(swap for swap in swaps - {lowered} if swap in known)
        if len(found) != 1:
            return word
        return found[0].upper() if word.isupper() else found[0]
    return ASCII_WORD.sub(fixed, text)
