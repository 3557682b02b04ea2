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
