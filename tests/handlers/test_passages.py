"""A long text answers with the passage that matches the question."""

from handlers.passages import best_passage, sentence_about, sentences
import re


def test_sentences_split_on_japanese_and_english_ends():
    assert sentences("一つ目。二つ目！\nThird one. Fourth?") == ["一つ目。", "二つ目！", "Third one.", "Fourth?"]


def test_the_best_matching_sentence_is_chosen_with_its_neighbours():
    text = "。".join(f"段落{n}の説明です" for n in range(100)) + "。情報化推進リーダーは各部に置きます。最後の文です。"
    passage = best_passage("情報化推進リーダーとは", text, 80)
    assert "情報化推進リーダーは各部に置きます。" in passage and len(passage) <= 80


def test_a_short_text_is_given_whole():
    assert best_passage("何か", "短い文。", 700) == "短い文。"


def test_the_sentence_about_a_title_needs_the_cue():
    texts = ["電子投票システムの導入は見送りました。電子投票システムの導入は着手に至りませんでした。"]
    assert sentence_about("電子投票システムの導入", texts, re.compile("至りません")).endswith("至りませんでした。")
    assert sentence_about("電子投票システムの導入", texts, re.compile("完了")) == ""
