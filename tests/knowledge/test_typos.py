"""Typo matching: ruling keys out by their characters never loses a name rapidfuzz would have found."""

from rapidfuzz import fuzz

from knowledge.typos import FUZZY_FLOOR, FUZZY_MIN_KEY, NameKeys

TYPED = ["電紙申請", "ウェブアクセシビリテイ", "まいなんばーかど", "オープンデーた", "ばすろけーしょん", "BPCの策定",
         "RPAをつかいはじめる", "wifi", "えいぎょうけいぞくけいかく", "シテムの標準化", "情報化推進リダー"]


def every_passing_key(index, core):
    """The (document, key) pairs whose similarity reaches the floor, found by trying every key."""
    return {(number, key) for number, keys in enumerate(index.name_keys) for key, _ in keys
            if FUZZY_MIN_KEY <= len(key) <= 2 * len(core)
            and (fuzz.partial_ratio if len(key) <= len(core) else fuzz.ratio)(key, core, score_cutoff=FUZZY_FLOOR)}


def test_every_key_that_passes_is_tried(index):
    """Over typed names and every key of the knowledge, no passing key is ruled out."""
    typos = index.typos
    for text in TYPED + [key for keys in index.name_keys[:40] for key, _ in keys[:3]]:
        passing = every_passing_key(index, text)
        kept = {typos.keys[k][:2] for k in typos.hopeful(text, list(range(len(index.docs))))}
        assert passing <= kept, text


def test_a_typo_finds_its_name_and_unrelated_keys_are_skipped(index):
    """「ウェブアクセシビリテイ」 scores the ウェブアクセシビリティ term; most keys are never handed to rapidfuzz."""
    number = index.numbers[("term", "ウェブアクセシビリティ")]
    assert index.typos.scores("ウェブアクセシビリテイ", {number})[number] > 0.8
    hopeful = index.typos.hopeful("ウェブアクセシビリテイ", list(range(len(index.docs))))
    assert len(hopeful) < 0.2 * len(index.typos.keys)


def test_a_long_or_tiny_message_is_not_read_for_typos():
    """A long message is read sentence by sentence, and two characters say too little."""
    keys = NameKeys([[("電子申請の推進", 1.0)]])
    assert keys.scores("電子申講の推進", {0})
    assert keys.scores("電子申講の推進" * 6, {0}) == {}
    assert keys.scores("電子", {0}) == {}
    assert keys.scores("電子申講の推進", set()) == {}
