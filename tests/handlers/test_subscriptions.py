"""Following measures on LINE, as pure handlers on a fresh database."""

import dataclasses

from handlers import Incoming, dispatch
from handlers.subscriptions import forget_user

USER = "Uref-0001"


def say(context, text: str, channel: str = "line", group: bool = False):
    """What the bot replies to a LINE user (or another channel)."""
    return dispatch(Incoming(channel, USER, text, group=group), context)


def test_follow_list_and_unfollow(context):
    assert "をフォローしました" in say(context, "1-3 をフォロー").text
    assert "施策 1-4-1" in say(context, "follow 1-4-1").text
    listed = say(context, "フォロー一覧").text
    assert "1-3 公共データのオープンデータ化の推進" in listed and "1-4-1" in listed
    assert "フォローを解除しました（1-3）" in say(context, "フォロー解除 1-3").text
    assert "1-3" not in say(context, "フォロー一覧").text


def test_full_width_numbers_are_read(context):
    assert "施策 1-3" in say(context, "１－３をフォロー").text


def test_an_unknown_number_is_named_with_the_numbers_that_exist(context):
    reply = say(context, "9-9 をフォロー")
    assert reply.text.startswith("施策「9-9」はありません。施策番号は 1-1-1 から 4-2 までです。")
    assert context.db["subscriptions"].count == 0


def test_following_is_for_one_to_one_line_chats(context):
    assert "1対1のトーク" in say(context, "1-3 をフォロー", channel="web").text
    assert "1対1のトーク" in say(context, "1-3 をフォロー", group=True).text
    assert context.db["subscriptions"].count == 0


def test_elsewhere_following_points_to_the_citys_line_account(context):
    account = dataclasses.replace(context, line_account_id="@123abcde")
    reply = say(account, "1-3 をフォロー", channel="web")
    assert "友だち追加はこちら：https://line.me/R/ti/p/%40123abcde" in reply.text
    assert "「1-3 をフォロー」と送ると" in reply.text and "line.me" not in say(context, "follow 1-3", channel="cli").text


def test_forgetting_a_user_removes_their_follows_and_queued_notices(context):
    say(context, "1-3 をフォロー")
    context.db["deliveries"].insert({"key": "k", "recipient": USER, "status": "queued"})
    forget_user(context.db, "line", USER)
    assert context.db["subscriptions"].count == 0 and context.db["deliveries"].count == 0


def test_forgetting_a_user_removes_their_words_wherever_they_were_kept(context):
    from handlers import inbox, ratelimit

    db = context.db
    alone = inbox.record(db, "山田花子です。駐車場は何台ありますか", "line", USER, [], "none")
    shared = inbox.record(db, "市役所の駐車場は何台？ 佐藤より", "line", USER, [], "none")
    inbox.record(db, "市役所の駐車場は何台ですか", "line", "Uref-other", [], "none")
    inbox.answer(db, alone, "約200台です。", "U0LEADER01", faq_question="市役所の駐車場は何台分ありますか")
    inbox.answer(db, shared, "約200台です。", "U0LEADER01", faq_question="市役所の駐車場は何台分ありますか")
    ratelimit.check(db, USER, 20)
    forget_user(db, "line", USER)
    everything = " ".join(str(row) for table in ("inbox_groups", "inbox_questions", "faq", "rate_limits", "deliveries")
                          for row in db[table].rows)
    assert "山田" not in everything and "佐藤" not in everything and USER not in everything
    assert [row["text"] for row in db["inbox_groups"].rows] == ["市役所の駐車場は何台ですか"]


def test_a_line_user_is_remembered_once_and_a_known_one_costs_no_write(database):
    """The first event stores the raw ID under the pseudonym; later events only read it."""
    from handlers.subscriptions import remember_line_user

    remember_line_user(database, "ref1", "U" + "1" * 32)
    changes = database.conn.total_changes
    remember_line_user(database, "ref1", "U" + "1" * 32)
    assert database.conn.total_changes == changes
    assert [row["line_user_id"] for row in database["line_users"].rows] == ["U" + "1" * 32]
