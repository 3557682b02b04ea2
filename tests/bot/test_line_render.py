"""Replies drawn as LINE messages stay inside LINE's limits."""

from bot.line.greeting import welcome
from bot.line.render import OURS, messages_for
from bot.platform_limits import fit_line as fit
from bot.platform_limits import utf16_units
from handlers import Card, Choice, Reply


def test_long_text_is_cut_to_five_thousand_characters():
    message = messages_for(Reply("あ" * 6000))[0].to_dict()
    assert len(message["text"]) == 5000 and message["text"].endswith("…")


def test_at_most_thirteen_quick_replies_with_short_labels():
    choices = [Choice(f"とても長いボタンのラベルその{n}です。さらに長く", f"show term {n}") for n in range(20)]
    items = messages_for(Reply("本文", choices=choices))[0].to_dict()["quickReply"]["items"]
    assert len(items) == 13
    assert all(len(item["action"]["label"]) <= 20 for item in items)


def test_a_measure_card_is_a_flex_bubble_with_alt_text_under_four_hundred():
    card = Card("measure", "1-1-1", "行政手続のオンライン化の推進", "施策 1-1-1", "概要" * 300,
                (("実施部門", "市民部"), ("最新の進捗", "")), "別冊（施策編） p.3")
    message = messages_for(Reply("本文", card=card))[0].to_dict()
    assert message["type"] == "flex" and len(message["altText"]) <= 400
    texts = [c["text"] for box in ("header", "body", "footer") for c in message["contents"][box]["contents"]
             if c.get("type") == "text"]
    assert "行政手続のオンライン化の推進" in texts and "出典：別冊（施策編） p.3" in texts


def test_a_measure_card_links_to_its_page_when_the_public_site_is_known():
    card = Card("measure", "1-3", "公共データのオープンデータ化の推進", "施策 1-3", "概要", (), "別冊（施策編） p.5")
    linked = messages_for(Reply("本文", card=card), "https://ict.example.jp/")[0].to_dict()
    [button] = [c for c in linked["contents"]["footer"]["contents"] if c["type"] == "button"]
    assert button["action"] == {"type": "uri", "label": "施策のページを見る", "uri": "https://ict.example.jp/measures/1-3"}
    unlinked = messages_for(Reply("本文", card=card))[0].to_dict()
    assert all(c["type"] != "button" for c in unlinked["contents"]["footer"]["contents"])


def test_a_plain_reply_without_buttons_has_no_quick_reply():
    assert "quickReply" not in messages_for(Reply("こんにちは"))[0].to_dict()


def test_text_is_cut_as_line_counts_it_in_utf16_units_never_inside_an_emoji():
    message = messages_for(Reply("🍎" * 2495 + "👨‍👩‍👧" * 30))[0].to_dict()
    assert utf16_units(message["text"]) <= 5000 and message["text"].endswith("…")
    assert "\ufffd" not in message["text"].encode("utf-16-le", "replace").decode("utf-16-le")
    assert fit("👨‍👩‍👧👨‍👩‍👧", 9) == "👨‍👩‍👧…"  # a family is one grapheme of eight units: kept whole or dropped


def test_labels_count_what_a_person_sees_and_postback_data_stays_under_300_units():
    choice = Choice("🇯🇵" * 25, "feedback no measure 1-1-1 " + "😀" * 200)
    action = messages_for(Reply("本文", choices=[choice]))[0].to_dict()["quickReply"]["items"][0]["action"]
    assert action["label"] == "🇯🇵" * 19 + "…"
    assert utf16_units(action["data"]) <= 300 and action["data"].startswith(OURS + "feedback no measure 1-1-1")


def test_the_follow_greeting_is_a_bubble_inside_lines_limits(kb):
    message = welcome(kb.guideline)[0].to_dict()
    assert message["type"] == "flex" and utf16_units(message["altText"]) <= 400
    buttons = [c["action"] for c in message["contents"]["footer"]["contents"]]
    items = [item["action"] for item in message["quickReply"]["items"]]
    assert 3 <= len(buttons) <= 4 and len(items) <= 13
    for action in buttons + items:
        assert len(action["label"]) <= 20 and action["data"].startswith(OURS) and utf16_units(action["data"]) <= 300
    texts = [c["text"] for c in message["contents"]["body"]["contents"] if c["type"] == "text"]
    assert texts[0] == "友だち追加ありがとうございます" and f"{kb.guideline.start_fy}～{kb.guideline.end_fy}年度" in texts[1]
