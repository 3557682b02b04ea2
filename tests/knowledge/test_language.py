"""Telling the question's language, romaji to kana, Chinese to Japanese kanji, Korean particles."""

import pytest

from knowledge.language import chinese_to_japanese, detect, prepare, romaji_to_kana, without_particles

ENGLISH = frozenset({"wifi", "free", "open", "data"})


@pytest.mark.parametrize("text, language", [
    ("オープンデータとは", "ja"), ("電子申請", "ja"), ("BCP", "ja"), ("qzxwvjk", "ja"),
    ("Where is free wifi?", "en"), ("thank you", "en"), ("免费WiFi在哪里？", "zh"), ("什么是开放数据", "zh"),
    ("와이파이 어디서 쓸 수 있어요?", "ko"), ("wifi tsukaeru tokoro aru?", "ja"), ("", "ja"), ("🍎", "ja"),
])
def test_the_language_is_told_from_the_script_and_words(text, language):
    assert detect(text, ENGLISH) == language


def test_romaji_becomes_kana_and_english_words_stay():
    assert romaji_to_kana("open data tte nani", ENGLISH) == "open data って なに"
    assert romaji_to_kana("maina nanba kaado wa", ENGLISH) == "まいな なんば かーど は"


def test_simplified_chinese_meets_the_japanese_kanji():
    assert chinese_to_japanese("网上申请手续") == "網上申請手続"


def test_korean_particles_are_dropped_before_matching():
    assert without_particles("온라인으로 신청할 수 있나요?") == "온라인 신청할 수 있나요?"


def test_prepare_returns_the_language_and_the_text_to_search():
    assert prepare("免费WiFi", ENGLISH) == ("zh", "免費WiFi")


def test_two_swapped_letters_of_a_rare_word_are_swapped_back_to_the_guidelines_word(index):
    """「BPC」 is BCP and "whne" is when; a real word ("form") or one with two readings stays as typed."""
    from knowledge.language import untransposed

    known = index.known_words
    assert untransposed("BPCの策定ってどうなった？", known) == "BCPの策定ってどうなった？"
    assert untransposed("whne does the city plan to finish", known) == "when does the city plan to finish"
    assert untransposed("form for online", known) == "form for online"
    assert untransposed("xq zzyzx", known) == "xq zzyzx"
    result = index.search("BPCの策定ってどうなった？")
    assert result.matches[0].id == "3-3" and result.tier == "answer"


def test_a_korean_key_of_several_words_counts_when_its_words_are_asked_apart(index):
    """「재해 정보」 (disaster information) is found in 「재해가 나면 정보는…」, the words apart and with particles."""
    result = index.search("재해가 나면 정보는 어떻게 받을 수 있어요?")
    assert result.language == "ko"
    assert [m.id for m in result.matches[:2]] == ["3-1-2", "3-1-1"]
    from knowledge.normalize import Question

    measure = index.numbers[("measure", "3-1-2")]
    for text, found in (("정보 재해", True), ("재해 뭐예요", False)):  # both words, in any order; one is not enough
        scores: dict = {}
        index.korean_key_hits(Question.of(text), scores, {})
        assert (measure in scores) is found, text


def test_a_korean_key_asked_apart_is_weighed_by_how_many_entries_share_it(index):
    """「정보 피난」 counts as 「피난 정보」 would: its weight, lowered by the entries sharing that key, never raised."""
    from knowledge.normalize import Question

    scores: dict = {}
    index.korean_key_hits(Question.of("정보 피난"), scores, {})
    holders = [(key, number, weight) for words, key, number, weight in index.korean_keys["피난"]
               if words == {"피난", "정보"}]
    assert holders and all(number in scores for _, number, _ in holders)
    for key, number, weight in holders:
        assert scores[number] == pytest.approx(weight * index.specificity(key))  # the question is all key
        assert index.specificity(key) <= 1.0
