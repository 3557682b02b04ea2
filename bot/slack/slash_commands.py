"""The /ict slash command: each subcommand is a small function whose docstring is its help line."""

import logging
from contextlib import closing

from bot.slack import blocks, views
from bot.slack.forms import open_form
from handlers import Incoming, dispatch, inbox, leaders, progress, status
from handlers.wording import no_such_measure

log = logging.getLogger(__name__)


def report(services, db, user: str, args: str) -> dict:
    """`/ict progress 1-1-1 実施中 60% メモ` 進捗を報告（引数なしでフォーム）"""
    stored = progress.record(db, services.kb, progress.parse(args), user, "command")
    return {"text": f"施策 {stored['measure']} の進捗を登録しました：{blocks.escape(progress.describe(stored))}"}


def correct(services, db, user: str, args: str) -> dict:
    """`/ict correct 1-1-1 実施中 70% メモ` 自分の最後の報告を訂正"""
    stored = progress.correct(db, services.kb, progress.parse(args), user, "command")
    return {"text": f"施策 {stored['measure']} の報告を訂正しました：{blocks.escape(progress.describe(stored))}"}


def withdraw(services, db, user: str, args: str) -> dict:
    """`/ict withdraw 1-1-1` 自分の最後の報告を取り下げ"""
    number = args.strip()
    if services.kb.measure(number) is None:
        raise progress.ReportError(no_such_measure(services.kb, number or "（なし）"))
    progress.withdraw(db, services.kb, number, user, "command")
    return {"text": f"施策 {number} のあなたの最後の報告を取り下げました（履歴には残ります）。"}


def show_status(services, db, user: str, args: str) -> dict:
    """`/ict status [1-1-1]` 全施策の状況、または1施策の進捗と履歴"""
    number, today = args.strip(), services.today()
    if not number:
        text = views.overview(status.everything(db, services.kb, today))
    else:
        measure = services.kb.measure(number)
        if measure is None:
            raise progress.ReportError(no_such_measure(services.kb, number))
        text = views.measure_history(status.standing(db, services.kb, measure, today), progress.history(db, number))
    return {"text": text[:3000], "blocks": [blocks.section(piece) for piece in blocks.chunks(text)][:45]}


def show_schedule(services, db, user: str, args: str) -> dict:
    """`/ict schedule [2021]` その年度の工程（省略時は今年度）"""
    reply = dispatch(Incoming("slack", user, f"schedule {args}".strip()), services.context(db))
    return {"text": reply.text[:3000], "blocks": blocks.reply_blocks(reply)}


def show_inbox(services, db, user: str, args: str) -> dict:
    """`/ict inbox` bot が答えられなかった質問（多い順）"""
    groups = inbox.open_groups(db)
    lines = [f"・#{g['id']} {g['count']}件「{blocks.escape(g['text'])}」" for g in groups[:30]]
    stats = inbox.statistics(db)
    head = f"*未回答の質問 {len(groups)}グループ*（質問 {stats['asked']}件、うち自信をもって回答 {stats['answered']}件）"
    return {"text": "\n".join([head, *lines]) if groups else "未回答の質問はありません。"}


def faq(services, db, user: str, args: str) -> dict:
    """`/ict faq list` / `edit 3 新しい回答` / `retire 3` FAQ の管理（管理者）"""
    action, _, rest = args.strip().partition(" ")
    if action in ("", "list"):
        rows = inbox.active_faq(db)
        lines = [f"・#{r['id']}「{blocks.escape(r['question'])}」→ {blocks.escape(r['answer'][:60])}" for r in rows]
        return {"text": "\n".join(["*FAQ*", *lines]) if rows else "FAQ はまだありません。"}
    me = leaders.get(db, user)
    if me is None or not me.is_admin:
        raise progress.ReportError("FAQ の編集・廃止は管理者（情報企画課）だけができます。")
    number, _, text = rest.partition(" ")
    if not number.isdigit() or db["faq"].count_where("id = ?", [int(number)]) == 0:
        raise progress.ReportError(f"FAQ「{number}」はありません。`/ict faq list` で番号を確認してください。")
    if action == "edit" and text.strip():
        inbox.edit_faq(db, int(number), text.strip())
        return {"text": f"FAQ #{number} の回答を更新しました。"}
    if action == "retire":
        inbox.retire_faq(db, int(number))
        return {"text": f"FAQ #{number} を廃止しました。"}
    raise progress.ReportError("使い方：/ict faq list / edit 番号 回答 / retire 番号")


def leader(services, db, user: str, args: str) -> dict:
    """`/ict leader add @user 総務部 [admin]` / `remove @user` / `list` リーダーの管理（管理者）"""
    action, *rest = args.split() or ["list"]
    if action == "list":
        rows = leaders.everyone(db)
        lines = [f"・<@{row.slack_user}> {blocks.escape(row.department)}{'（管理者）' if row.is_admin else ''}"
                 for row in rows]
        return {"text": "\n".join(["*登録されているリーダー*", *lines]) if rows else "登録されたリーダーはいません。"}
    me = leaders.get(db, user)
    if me is None or not me.is_admin:
        raise progress.ReportError("リーダーの登録・削除は管理者（情報企画課）だけができます。")
    target = leaders.slack_user_id(rest[0]) if rest else None
    if target is None:
        raise progress.ReportError("ユーザーを @ で指定してください。例：/ict leader add @user 総務部")
    if action == "add" and len(rest) >= 2:
        added = leaders.add(db, services.kb, target, rest[1], "admin" in rest[2:], user)
        return {"text": f"<@{target}> を {added.department} の{'管理者' if added.is_admin else 'リーダー'}として登録しました。"}
    if action == "remove":
        leaders.remove(db, target, user)
        return {"text": f"<@{target}> の登録を削除しました。"}
    raise progress.ReportError("使い方：/ict leader add @user 総務部 [admin] / remove @user / list")


def show_help(services, db, user: str, args: str) -> dict:
    """`/ict help` この一覧"""
    lines = [f"・{function.__doc__.strip()}" for function in SUBCOMMANDS.values() if function is not show_help]
    return {"text": "\n".join(["*/ict の使い方*", *lines, "・`/ict 質問` 指針について質問"])}


SUBCOMMANDS = {
    "progress": report, "report": report, "correct": correct, "withdraw": withdraw, "status": show_status, "schedule": show_schedule, "inbox": show_inbox, "faq": faq,
    "leader": leader, "leaders": leader, "help": show_help,
}


def on_command(services):
    """Run a /ict subcommand, or answer the text as a question."""
    def listener(ack, command, client):
        text, user = command.get("text", "").strip(), command["user_id"]
        name, _, args = text.partition(" ")
        subcommand = SUBCOMMANDS.get(name.lower()) if text else show_help
        if subcommand is report and not args.strip():
            ack()
            open_form(services, client, user, command["trigger_id"])
            return
        with closing(services.db()) as db:
            try:
                if subcommand is None:
                    reply = services.answer(db, Incoming("slack", user, text))
                    response = {"text": reply.text[:3000], "blocks": blocks.reply_blocks(reply)}
                else:
                    response = subcommand(services, db, user, args)
            except (progress.ReportError, leaders.LeaderError) as error:
                response = {"text": f"できません：{error}"}
        ack(response_type="ephemeral", **response)
    return listener
