"""Following measures: subscribe, list, unsubscribe; forgetting a user entirely."""

import re
import unicodedata
from urllib.parse import quote

import sqlite_utils

from handlers import inbox
from handlers.clock import utc_stamp
from handlers.context import Context
from handlers.messages import Choice, Incoming, Reply
from handlers.wording import no_such_measure

ADD_FRIEND = "https://line.me/R/ti/p/"  # LINE's add-friend link, followed by the account's ID
NUMBER = r"([0-9０-９]{1,2}(?:[-ー‐－][0-9０-９]{1,2}){1,2})"  # any such number; the knowledge says which exist


def measure_number(ctx: Context, raw: str) -> str | None:
    """Normalise a typed measure number and check that it exists."""
    number = re.sub(r"[ー‐－]", "-", unicodedata.normalize("NFKC", raw))
    return number if ctx.kb.measure(number) else None


def add_friend_url(account_id: str) -> str:
    """LINE's add-friend link for an official account ID such as @123abcde."""
    return ADD_FRIEND + quote(account_id, safe="")


def follow(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """「1-3 をフォロー」で施策の進捗をお知らせします。"""
    if incoming.group or incoming.channel != "line":
        where = f"友だち追加はこちら：{add_friend_url(ctx.line_account_id)}" if ctx.line_account_id else ""
        return Reply("\n".join(filter(None, [
            "施策のフォローは、盛岡市の LINE 公式アカウントとの1対1のトークでご利用いただけます。", where,
            f"友だち追加のあと「{match.group('number')} をフォロー」と送ると、進捗の報告や工程の節目をお知らせします。"])))
    number = measure_number(ctx, match.group("number"))
    if number is None:
        return Reply(no_such_measure(ctx.kb, match.group("number")),
                     choices=[Choice("施策の一覧", "list measures")])
    measure = ctx.kb.measure(number)
    ctx.db["subscriptions"].insert(
        {"channel": incoming.channel, "user_ref": incoming.user, "measure": number,
         "created_at": utc_stamp()},
        ignore=True,
    )
    return Reply(f"施策 {number}「{measure.title}」をフォローしました。進捗の報告や工程の節目をお知らせします。",
                 choices=[Choice("フォロー一覧", "フォロー一覧"), Choice("フォロー解除", f"unfollow {number}")])


def followed(ctx: Context, incoming: Incoming) -> list[str]:
    """The measure numbers a user follows, in plan order."""
    rows = ctx.db["subscriptions"].rows_where("channel = ? and user_ref = ?", [incoming.channel, incoming.user])
    mine = {row["measure"] for row in rows}
    return [m.number for m in ctx.kb.measures if m.number in mine]


def list_follows(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """フォロー中の施策を表示します。"""
    numbers = followed(ctx, incoming)
    if not numbers:
        return Reply("フォロー中の施策はありません。「1-3 をフォロー」のように送るとフォローできます。")
    lines = ["フォロー中の施策："] + [f"・{n} {ctx.kb.measure(n).title}" for n in numbers]
    choices = [Choice(f"{n} を解除", f"unfollow {n}") for n in numbers[:12]]
    return Reply("\n".join(lines), choices=choices)


def unfollow(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """「フォロー解除 1-3」でフォローをやめます（番号なしで全部）。"""
    raw = match.group("number")
    where, args = "channel = ? and user_ref = ?", [incoming.channel, incoming.user]
    if raw:
        number = measure_number(ctx, raw)
        if number is None:
            return Reply(no_such_measure(ctx.kb, raw))
        where, args = where + " and measure = ?", args + [number]
    before = ctx.db["subscriptions"].count_where(where, args)
    ctx.db["subscriptions"].delete_where(where, args)
    if not before:
        return Reply("その施策はフォローしていません。")
    return Reply(f"フォローを解除しました（{raw or 'すべての施策'}）。")


def remember_line_user(db: sqlite_utils.Database, user_ref: str, line_id: str) -> None:
    """Keep a LINE user's raw ID (needed to push) under their pseudonym, from their first event; forget_user deletes it.

    Plain SQL, read first: this runs for every LINE event, and a known user needs no write (nor the write lock).
    """
    known = db.execute("select 1 from line_users where user_ref = ? and line_user_id = ?", [user_ref, line_id])
    if known.fetchone():
        return
    with db.conn:
        db.execute("insert into line_users (user_ref, line_user_id, followed_at) values (?, ?, ?) on conflict"
                   " (user_ref) do update set line_user_id = excluded.line_user_id, followed_at = excluded.followed_at",
                   [user_ref, line_id, utc_stamp()])


def forget_user(db: sqlite_utils.Database, channel: str, user_ref: str) -> None:
    """Delete everything the bot holds about a user of a channel."""
    with db.conn:
        db["subscriptions"].delete_where("channel = ? and user_ref = ?", [channel, user_ref])
        inbox.forget(db, user_ref)
        db["deliveries"].delete_where("recipient = ?", [user_ref])
        db["rate_limits"].delete_where("user_ref = ?", [user_ref])
        if channel == "line":
            db["line_users"].delete_where("user_ref = ?", [user_ref])
            db["line_events"].delete_where("user_ref = ?", [user_ref])
