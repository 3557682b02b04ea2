"""The search finds the right entry for a fixed sample of questions per kind, in the right tier."""

import pytest

from knowledge.asking import TROUBLE, WISH
from knowledge.search import MAX_CANDIDATES, Doc, Index, question_shape


def best(index, question):
    """The search result for a question."""
    return index.search(question)


@pytest.mark.parametrize("question, number", [
    ("わいふぁい使えるとこある？", "1-4-1"),
    ("公衆無線LANはどこ", "1-4-1"),
    ("電子申請を増やしてほしい", "1-1-1"),
    ("マイナンバーカードでコンビニで住民票", "1-1-2"),
    ("ホームページの読み上げ機能", "1-2-2"),
    ("ICT-BCPの策定状況は", "3-3"),
    ("ＩＣＴ－ＢＣＰの策定状況は？", "3-3"),
    ("職員の情報セキュリティ監査", "4-1-2"),
    ("1-3の進捗", "1-3"),
    ("施策4-2", "4-2"),
])
def test_measures(index, question, number):
    result = best(index, question)
    assert (result.best.kind, result.best.id) == ("measure", number)


@pytest.mark.parametrize("question, headword", [
    ("くらうどってなに", "クラウド"),
    ("ＢＣＰって何", "業務継続計画"),
    ("LGWANって何の略？", "総合行政ネットワーク"),
    ("What is RPA?", "RPA"),
    ("what does IoT mean", "IoT"),
    ("そうごうぎょうせいねっとわーく", "総合行政ネットワーク"),
    ("まいなぽーたるとは", "マイナポータル"),
    ("アイシーティーとは", "ICT"),
])
def test_terms(index, question, headword):
    result = best(index, question)
    assert (result.best.kind, result.best.id) == ("term", headword)
    assert result.tier == "answer"


@pytest.mark.parametrize("question, title_part", [
    ("電子投票システムは導入されたの？", "電子投票"),
    ("ケーブルテレビの一本化はどうなった", "ケーブルテレビ"),
    ("バスロケーションシステムは前の計画で実施された？", "バスロケーション"),
])
def test_past_measures(index, question, title_part):
    result = best(index, question)
    assert result.best.kind == "past_measure" and title_part in result.best.title


@pytest.mark.parametrize("question, section", [
    ("指針の対象期間はいつまで？", "period"),
    ("この指針の趣旨は", "purpose"),
    ("情報化推進リーダーの役割", "leaders"),
])
def test_sections(index, question, section):
    result = best(index, question)
    assert (result.best.kind, result.best.id) == ("section", section)


@pytest.mark.parametrize("question", [
    "今日の天気は？", "ゴミの収集日はいつ", "パスポートの申請", "こんにちは", "hello", "asdfghjkl",
    "ああああああ", "盛岡冷麺のおいしい店", "ありがとう",
])
def test_out_of_scope_never_gets_a_confident_answer(index, question):
    assert best(index, question).tier != "answer"


@pytest.mark.parametrize("question", [
    "スマホをなくしてしまった", "LINEのパスワードを忘れた", "図書館の本を予約したい", "I lost my My Number card",
])
def test_a_personal_errand_is_never_answered_as_if_the_plan_covered_it(index, question):
    assert best(index, question).tier != "answer"


@pytest.mark.parametrize("text, trouble, wish", [
    ("カードをなくした", True, False), ("I forgot my password", True, False),
    ("市税をコンビニで払いたい", False, True), ("進み具合が知りたい", False, False),
    ("知っておきたいのですが", False, False), ("公開されるとありがたい", False, False),
])
def test_mishaps_and_wishes_are_told_from_wanting_to_know(text, trouble, wish):
    assert (bool(TROUBLE.search(text)), bool(WISH.search(text))) == (trouble, wish)


def test_gibberish_is_declined_outright(index):
    assert best(index, "qzxwvjk").tier == "none"
    assert best(index, "").tier == "none"


def test_an_unsure_question_offers_at_most_five_candidates(index):
    result = best(index, "データ")
    assert result.tier == "candidates"
    assert 2 <= len(result.matches) <= MAX_CANDIDATES


def test_a_to_ha_question_prefers_the_glossary():
    assert question_shape("クラウドとは") == "term"
    assert question_shape("オープンデータ化の進捗状況") == "measure"
    assert question_shape("地方税申告システムは導入されたの") == "past_measure"


def test_shape_decides_between_term_and_measure(index):
    assert best(index, "オープンデータとは").best.kind == "term"
    assert best(index, "オープンデータの進捗状況").best.kind == "measure"


def test_matches_are_ordered_best_first(index):
    scores = [m.score for m in best(index, "災害の情報").matches]
    assert scores == sorted(scores, reverse=True)


def test_index_accepts_new_entries_such_as_faq():
    docs = [Doc("faq", "faq-1", "粗大ごみの出し方", ("粗大ごみの出し方",), ("粗大ごみ",), "有料で収集します。"),
            Doc("faq", "faq-2", "転入届の手続き", ("転入届の手続き",), ("引っ越し",), "市民課で受け付けます。")]
    index = Index(docs)
    assert index.search("そだいごみの出し方を教えて").best.id == "faq-1"
    assert index.search("引っ越ししたときの手続き").best.id == "faq-2"


@pytest.mark.parametrize("question, measure", [("Is the Water and Sewerage Bureau part of the open data work?", "1-3"),
                                               ("上下水道局もオープンデータに入ってる？", "1-3")])
def test_a_yes_no_question_naming_a_department_is_about_a_measure(index, question, measure):
    """Departments are named by measures, so 「…局も…に入ってる？」 puts the measure before the term."""
    result = index.search(question)
    assert result.shape == "measure" and result.matches[0].id == measure
