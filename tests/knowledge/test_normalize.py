"""Each normalisation rule, one at a time."""

import pytest

from knowledge.normalize import Question, compact, english_words, fold, stem, strip_ending


def test_full_and_half_width_fold_together():
    assert fold("ＢＣＰ") == fold("BCP") == "bcp"
    assert fold("ﾜｲﾌｧｲ") == fold("ワイファイ")


def test_case_folds():
    assert fold("LGWAN") == fold("lgwan") == fold("Lgwan")


@pytest.mark.parametrize("variant", ["ネットワーク", "ネットワ－ク", "ネットワ-ク", "ネットワ―ク", "ネットワ〜ク", "ねっとわーく"])
def test_long_vowels_and_dashes_fold_away(variant):
    assert compact(variant) == compact("ネットワーク")


def test_wi_fi_spellings_meet():
    assert compact("Wi-Fi") == compact("wifi") == compact("ＷＩ－ＦＩ")


def test_hiragana_folds_to_katakana():
    assert fold("くらうど") == fold("クラウド")


def test_small_kana_fold_so_common_typos_meet():
    assert compact("セキュリテイ") == compact("セキュリティ")


def test_punctuation_goes():
    assert compact("「オープン・データ」？！") == compact("オープンデータ")


@pytest.mark.parametrize("question", [
    "クラウドとは", "クラウドって何", "クラウドってなに？", "クラウドについて教えて", "クラウドですか",
    "くらうどってなに", "クラウドって何ですか", "クラウドの意味",
])
def test_question_endings_are_stripped(question):
    assert Question.of(question).core == compact("クラウド")


def test_an_ending_never_eats_the_whole_question():
    assert strip_ending(compact("とは")) == compact("とは")


def test_english_words_drop_stopwords_and_stem():
    assert english_words("What is the city collecting during disasters?") == ["collect", "disaster"]
    assert stem("systems") == "system" and stem("sns") == "sns" and stem("address") == "address"


def test_question_keeps_japanese_and_english_apart():
    question = Question.of("ＩＣＴ－ＢＣＰの策定状況は？")
    assert question.words == ("ictbcp",)
    assert "策定状況" in question.japanese
