"""What staff do through the bot, free of Slack: report, correct, withdraw, see the picture, run the registry and
the inbox. Each action takes plain values and returns a Reply (in Slack's markup) and, where people are to be
told, Notices. Who may do what is decided in `authorise` alone."""

import datetime
import re

from handlers import clock, inbox, leaders, progress, status
from handlers.context import Context
from handlers.messages import Incoming, Notice, Reply
from handlers.staff_views import measure_history, overview
from handlers.wording import escape_markup as escape
from handlers.wording import no_such_measure

ANYONE, LEADER, ADMIN = "anyone", "leader", "admin"  # who may run an action: any staff member, leaders, the office
REFUSED = {
    LEADER: "登録された情報化推進リーダーだけが使えます（登録は情報企画課へ）。",
    ADMIN: "管理者（情報企画課）だけができます。",
}


class StaffError(ValueError):
    """An action that cannot be done, with the reason in Japanese."""


def authorise(ctx: Context, user: str, role: str) -> leaders.Leader | None:
    """The acting leader, if any, once they are allowed this role's actions; else StaffError."""
    leader = leaders.get(ctx.db, user)
    allowed = role == ANYONE or (leader is not None and (role == LEADER or leader.is_admin))
    if not allowed:
        raise StaffError(REFUSED[role])
    return leader


def arguments(match: re.Match) -> str:
    """What follows the subcommand's name."""
    return match.group("args") or ""


def staff_reply(text: str) -> Reply:
    """A reply to staff, already in Slack's markup."""
    return Reply(text, markup=True, facet="staff")


def report(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """`/ict progress 1-1-1 実施中 60% メモ` 進捗を報告（引数なしでフォーム）"""
    stored = progress.record(ctx.db, ctx.kb, progress.parse(arguments(match)), incoming.user, "command")
    return staff_reply(f"施策 {stored['measure']} の進捗を登録しました：{escape(progress.describe(stored))}")


def correct(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """`/ict correct 1-1-1 実施中 70% メモ` 自分の最後の報告を訂正"""
    stored = progress.correct(ctx.db, ctx.kb, progress.parse(arguments(match)), incoming.user, "command")
    return staff_reply(f"施策 {stored['measure']} の報告を訂正しました：{escape(progress.describe(stored))}")


def withdraw(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """`/ict withdraw 1-1-1` 自分の最後の報告を取り下げ"""
    number = arguments(match).strip()
    if ctx.kb.measure(number) is None:
        raise StaffError(no_such_measure(ctx.kb, number or "（なし）"))
    progress.withdraw(ctx.db, ctx.kb, number, incoming.user, "command")
    return staff_reply(f"施策 {number} のあなたの最後の報告を取り下げました（履歴には残ります）。")


def show_status(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """`/ict status [1-1-1]` 全施策の状況、または1施策の進捗と履歴"""
    number, today = arguments(match).strip(), ctx.today()
    if not number:
        return staff_reply(overview(status.everything(ctx.db, ctx.kb, today)))
    measure = ctx.kb.measure(number)
    if measure is None:
        raise StaffError(no_such_measure(ctx.kb, number))
    return staff_reply(measure_history(status.standing(ctx.db, ctx.kb, measure, today),
                                       progress.history(ctx.db, number)))


def show_inbox(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """`/ict inbox` bot が答えられなかった質問（多い順・リーダー）"""
    groups = inbox.open_groups(ctx.db)
    lines = [f"・#{g['id']} {g['count']}件「{escape(g['text'])}」" for g in groups[:30]]
    stats = inbox.statistics(ctx.db)
    head = f"*未回答の質問 {len(groups)}グループ*（質問 {stats['asked']}件、うち自信をもって回答 {stats['answered']}件）"
    return staff_reply("\n".join([head, *lines]) if groups else "未回答の質問はありません。")


def faq(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """`/ict faq list` / `edit 3 新しい回答` / `retire 3` FAQ の管理（一覧はリーダー、編集は管理者）"""
    action, _, rest = arguments(match).strip().partition(" ")
    if action in ("", "list"):
        rows = inbox.active_faq(ctx.db)
        lines = [f"・#{r['id']}「{escape(r['question'])}」→ {escape(r['answer'][:60])}" for r in rows]
        return staff_reply("\n".join(["*FAQ*", *lines]) if rows else "FAQ はまだありません。")
    authorise(ctx, incoming.user, ADMIN)
    number, _, text = rest.partition(" ")
    if not number.isdigit() or ctx.db["faq"].count_where("id = ?", [int(number)]) == 0:
        raise StaffError(f"FAQ「{number}」はありません。`/ict faq list` で番号を確認してください。")
    if action == "edit" and text.strip():
        inbox.edit_faq(ctx.db, int(number), text.strip())
        return staff_reply(f"FAQ #{number} の回答を更新しました。")
    if action == "retire":
        inbox.retire_faq(ctx.db, int(number))
        return staff_reply(f"FAQ #{number} を廃止しました。")
    raise StaffError("使い方：/ict faq list / edit 番号 回答 / retire 番号")


def leader(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """`/ict leader add @user 総務部 [admin]` / `remove @user` / `list` リーダーの管理（管理者）"""
    action, *rest = arguments(match).split() or ["list"]
    if action == "list":
        rows = leaders.everyone(ctx.db)
        lines = [f"・<@{row.slack_user}> {escape(row.department)}{'（管理者）' if row.is_admin else ''}" for row in rows]
        return staff_reply("\n".join(["*登録されているリーダー*", *lines]) if rows else "登録されたリーダーはいません。")
    authorise(ctx, incoming.user, ADMIN)
    target = leaders.slack_user_id(rest[0]) if rest else None
    if target is None:
        raise StaffError("ユーザーを @ で指定してください。例：/ict leader add @user 総務部")
    if action == "add" and len(rest) >= 2:
        added = leaders.add(ctx.db, ctx.kb, target, rest[1], "admin" in rest[2:], incoming.user)
        role = "管理者" if added.is_admin else "リーダー"
        return staff_reply(f"<@{target}> を {escape(added.department)} の{role}として登録しました。")
    if action == "remove":
        leaders.remove(ctx.db, target, incoming.user)
        return staff_reply(f"<@{target}> の登録を削除しました。")
    raise StaffError("使い方：/ict leader add @user 総務部 [admin] / remove @user / list")


def record_report(ctx: Context, user: str, draft: progress.Draft, via: str, key: str) -> Reply | None:
    """Store a report confirmed by button or form once per key; None when the key was stored before."""
    stored = progress.record(ctx.db, ctx.kb, draft, user, via, key)
    if stored is None:
        return None
    return staff_reply(f"施策 {stored['measure']} の進捗を登録しました：{escape(progress.describe(stored))}")


def answer_question(ctx: Context, user: str, group_id: int, text: str, link: str, faq_question: str,
                    reply_days: int) -> tuple[Reply, list[Notice]]:
    """Answer an inbox group: keep the answer (as FAQ under staff's wording, if given) and tell each LINE asker
    of the last reply_days."""
    authorise(ctx, user, LEADER)
    kind, _, target = link.partition("|")
    as_faq = bool(faq_question)
    group = inbox.answer(ctx.db, group_id, text, user, target if kind == "measure" else "",
                         target if kind == "term" else "", faq_question)
    since = clock.utc_stamp(clock.now() - datetime.timedelta(days=reply_days))
    notices = inbox.answer_notices(ctx.db, group, text, since, ctx.today())
    note = f"回答を登録しました（LINE で {len(notices)} 人に送信{'、FAQ に登録' if as_faq else ''}）。"
    return staff_reply(note), notices


def close_question(ctx: Context, user: str, group_id: int, reason: str) -> Reply:
    """Close an inbox group as outside what the bot answers."""
    authorise(ctx, user, LEADER)
    inbox.out_of_scope(ctx.db, group_id, reason, user)
    return staff_reply(f"質問 #{group_id} を対象外にしました。")


STAFF_ERRORS = (StaffError, progress.ReportError, leaders.LeaderError)
