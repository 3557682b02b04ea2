"""Split Japanese into words with SudachiPy and keep the normalised forms of the content words.

SudachiDict's normalised form folds spelling variants and inflection
(手続・手続き, 子ども・子供, 進んで・進む), so a question and the guideline meet
on the same word however each is written.
"""

import functools
import re
import threading
import unicodedata

KANJI = re.compile(r"[\u3400-\u9fff]")
HIRAGANA = re.compile(r"[\u3041-\u309f]")
MOSTLY_HIRAGANA = 0.7
HIRAGANA_ONLY = re.compile(r"^[\u3041-\u309f]+$")
CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "接頭辞", "副詞"}
SKIPPED_SUBTYPES = {"非自立可能", "数詞", "助数詞可能"}
# Words every question may use whatever it is about: they say nothing about which entry is meant.
GENERIC = frozenset("""
為る 有る 居る つく 成る 出来る 言う 思う 教える 知る 分かる 付く 見る 遣る 行う 使う 欲しい 良い 無い 御座る
こと 事 もの 物 方 件 所 ところ 中 為 様 よう 感じ 今 今回 皆 皆さん 私 僕 俺 自分 市 市役所 盛岡 盛岡市 役所 お願い
質問 問い合わせ うち 施策 取り組み 取り組む 話 考え 仕組み 色々 ちょっと 少し 本当 全然 結構 とても 凄い 一体 実際 実は 因み
""".split())
# Words that say what is asked (who, when, how far, why, what) rather than what it is about.
ASKING = frozenset("""
担当 部署 部門 課 部 局 誰 何処 何方 どこ どちら 係 窓口 責任 所管 主管 関わる 関係 入る 含む 携わる
何時 いつ 予定 工程 スケジュール 時期 年度 今年度 来年度 昨年度 今年 来年 去年 期限 締め切り 締切 期間 始まる 終わる 迄 まで
進捗 状況 進む 進み具合 具合 どの位 くらい 位 何処迄 現在 今 最新 報告 結果 完了 済み 出来上がる 実施 着手
理由 何故 なぜ どうして 原因 意味 定義 略 何 なに なん 如何 どう 如何して 教える 説明
""".split())


PER_THREAD = threading.local()


@functools.cache
def sudachi_dictionary():
    """Load SudachiDict small once per process."""
    from sudachipy import dictionary

    return dictionary.Dictionary(dict="small")


def tokenizer():
    """This thread's SudachiPy tokenizer (one may not be shared between threads); mode C keeps compounds whole."""
    if not hasattr(PER_THREAD, "tokenizer"):
        from sudachipy import tokenizer as sudachi

        PER_THREAD.tokenizer = sudachi_dictionary().create(sudachi.Tokenizer.SplitMode.C)
    return PER_THREAD.tokenizer


def fold_word(word: str) -> str:
    """NFKC and lower case, so ＷｉＦｉ and wifi meet."""
    return unicodedata.normalize("NFKC", word).lower()


@functools.lru_cache(maxsize=1024)  # recent questions: each is read for words, places and compounds
def analysed(text: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Each morpheme of a text's first 2,000 characters: as written, normalised, and its part of speech."""
    return tuple((m.surface(), m.normalized_form(), tuple(m.part_of_speech())) for m in tokenizer().tokenize(text[:2000]))


@functools.lru_cache(maxsize=20000)
def tagged(text: str) -> tuple[tuple[str, bool], ...]:
    """The normalised forms of the content words of a text, in order, each marked when it is a noun."""
    found = []
    for _, normalized, pos in analysed(text):
        if pos[0] not in CONTENT_POS or pos[1] in SKIPPED_SUBTYPES:
            continue
        word = fold_word(normalized)
        if len(word) < 2 and not ("\u3400" <= word <= "\u9fff"):
            continue
        if word not in GENERIC:
            found.append((word, pos[0] == "名詞" and pos[2] != "副詞可能"))
    return tuple(found)


def words(text: str) -> tuple[str, ...]:
    """The normalised forms of the content words of a text, in order."""
    return tuple(word for word, _ in tagged(text))


def topic_words(text: str) -> tuple[str, ...]:
    """The content words of a question without the words that only say what is asked."""
    return tuple(word for word in words(text) if word not in ASKING)


def adverbs(text: str) -> frozenset[str]:
    """The normalised forms of a text's adverbs (もう, まだ): they say how or when, not about what."""
    return frozenset(fold_word(normalized) for _, normalized, pos in analysed(text) if pos[0] == "副詞")


def topic_nouns(text: str) -> tuple[str, ...]:
    """The topic nouns the analyser can trust: in a text mostly in hiragana (でんししんせい), no hiragana word."""
    kana = len(HIRAGANA.findall(text)) > MOSTLY_HIRAGANA * max(len(text.strip()), 1)
    return tuple(word for word, noun in tagged(text)
                 if noun and word not in ASKING and not (kana and HIRAGANA_ONLY.match(word)))


@functools.lru_cache(maxsize=5000)
def readings(text: str) -> str:
    """The katakana readings of a text's nouns, so a question typed in kana meets words printed in kanji."""
    found = []
    for morpheme in tokenizer().tokenize(text[:20000]):
        if morpheme.part_of_speech()[0] == "名詞" and KANJI.search(morpheme.surface()):
            found.append(morpheme.reading_form())
    return " ".join(found)


def places(text: str) -> tuple[str, ...]:
    """The place names a text mentions (仙台, 東京), as written."""
    return tuple(surface for surface, _, pos in analysed(text) if pos[1:3] == ("固有名詞", "地名"))


def compounds(text: str) -> tuple[str, ...]:
    """Runs of two or more nouns written together (ガバメントクラウド, 防災無線), as written."""
    runs, current = [], []
    for surface, _, pos in analysed(text):
        if pos[0] == "名詞" and not HIRAGANA_ONLY.match(surface):
            current.append(surface)
            continue
        if len(current) >= 2:
            runs.append("".join(current))
        current = []
    if len(current) >= 2:
        runs.append("".join(current))
    return tuple(runs)
