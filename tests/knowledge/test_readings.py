"""Readings of kanji let kana-only questions find kanji entries."""

from knowledge.readings import cached, convert, reading, texts_to_read


def test_kana_only_text_needs_no_reading():
    assert reading("クラウド") == ""


def test_kanji_is_read_in_katakana():
    assert reading("総合行政ネットワーク") == "ソウゴウギョウセイネットワーク"


def test_stored_readings_cover_the_knowledge(index):
    missing = [text for text in texts_to_read(index.docs) if text not in cached()]
    assert not missing, f"run `python -m knowledge.refresh_readings` to refresh readings.json: {missing[:5]}"


def test_stored_readings_match_pykakasi():
    sample = list(cached().items())[:25]
    assert sample
    for text, stored in sample:
        assert stored == convert(text)
