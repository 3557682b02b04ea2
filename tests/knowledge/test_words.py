"""SudachiPy's normalised words and ja_ginza's word vectors, read without spaCy."""

from knowledge import morphology
from knowledge.vectors import SHARED_ROW, murmur64, shipped


def test_normalised_forms_fold_spelling_and_inflection():
    assert morphology.words("手続きを進めています") == morphology.words("手続を進める")
    assert "子供" in morphology.words("子ども")


def test_topic_words_leave_out_the_asking_words():
    assert morphology.topic_words("BCPの件、担当どこ？") == ("bcp",)


def test_readings_let_kana_meet_kanji():
    assert morphology.readings("地震の情報") == "ジシン ジョウホウ"


def test_the_hash_is_the_one_spacy_gives_a_string():
    from spacy.strings import hash_string  # spaCy comes with ja-ginza; only the test loads it

    for word in ("電子申請", "wi-fi", "ネット", "a", "住民基本台帳ネットワーク"):
        assert murmur64(word.encode("utf-8")) == hash_string(word)


def test_vectors_find_paraphrases_in_the_guidelines_vocabulary(index):
    assert any(word == "研修" for word, _ in index.words.senses("勉強会"))
    assert shipped().vector("インターネット") is not None


def test_a_shared_vector_row_is_only_somewhat_alike(index):
    assert all(similarity <= SHARED_ROW for word, similarity in index.words.senses("住民票") if word != "住民票")


def test_threads_never_share_a_tokenizer():
    import threading

    from knowledge import morphology

    failures = []

    def read(offset: int) -> None:
        try:
            for n in range(40):
                morphology.analysed(f"電子申請はいつから{offset}-{n}番目の質問ですか")
        except RuntimeError as error:  # SudachiPy: "Already borrowed"
            failures.append(error)

    threads = [threading.Thread(target=read, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_a_word_typed_with_large_kana_or_no_long_vowel_mark_is_the_guidelines_word(index):
    """Sudachi leaves 「バスロケーシヨンシステム」 unknown; its folded spelling is the guideline's word."""
    words = index.words
    assert words.indexed_spelling("バスロケーシヨンシステム") == "バスロケーションシステム"
    assert words.senses("バスロケシヨンシステム") == [("バスロケーションシステム", 1.0)]
    assert index.search("バスロケーシヨンシステムって実現したの").matches[0].id == "e-citizen-11"
