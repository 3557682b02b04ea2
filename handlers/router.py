"""The one table of commands for every channel, and the dispatch that picks from it.

LINE, the web chat, the CLI and Slack share this table: each route says which channels offer it and who may
use it, and every help text is generated from it. Anything that is not a command is a question.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from handlers import answers, inbox, overview, schedule, staff, subscriptions
from handlers.context import Context
from handlers.messages import Choice, Incoming, Reply

Handler = Callable[[Context, Incoming, re.Match], Reply]
EVERYWHERE = frozenset({"line", "web", "cli", "slack"})
SLACK = frozenset({"slack"})


@dataclass(frozen=True)
class Route:
    """A command pattern, its handler, and an example for the help text."""

    pattern: re.Pattern
    handler: Handler
    example: str
    english: str = ""  # the example and what it does, for the English help
    channels: frozenset = EVERYWHERE
    role: str = staff.ANYONE  # who may use it: anyone, registered leaders, or the ICT policy office
    staff_help: str = ""  # its line in /ict help, for routes staff use in Slack


def show_help(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """使い方を表示します。"""
    if incoming.channel == "slack":
        return staff_help()
    if match.group("english") or (incoming.text.strip().lower() == "help" and not incoming.postback):
        return english_help(ctx)
    lines = [f"{ctx.kb.guideline.title} {ctx.kb.guideline.start_fy}–{ctx.kb.guideline.end_fy} についてお答えする bot です。",
             "知りたいことを、ふだんの言葉で送ってください（例：「オープンデータって何？」「無料Wi-Fiの計画は？」）。"]
    lines += [f"・{route.example}：{route.handler.__doc__.strip()}" for route in ROUTES
              if route.example and incoming.channel in route.channels]
    lines.append(f"お答えできないことは、盛岡市{ctx.kb.guideline.policy_office}にお問い合わせください。")
    lines.append(ctx.contact.japanese())
    choices = [Choice("施策の一覧", "list measures"), Choice("オープンデータとは", "オープンデータとは")]
    return Reply("\n".join(lines), choices=choices)


def staff_help() -> Reply:
    """The /ict subcommands, each with its example and what it does (its docstring)."""
    lines = [f"・{route.staff_help}" for route in ROUTES if route.staff_help]
    return staff.staff_reply("\n".join(["*/ict の使い方*", *lines, "・`/ict 質問` 指針について質問"]))


def english_help(ctx: Context) -> Reply:
    """How to use the bot, in English, generated from the same routes."""
    lines = ["I answer questions about Morioka City's ICT Utilization Promotion Guideline "
             f"(FY{ctx.kb.guideline.start_fy}–FY{ctx.kb.guideline.end_fy}). Ask in your own words, "
             "e.g. \"What is open data?\" or \"Is there free Wi-Fi?\". Answers in English are an unofficial "
             "translation."]
    lines += [f"- {route.english}" for route in ROUTES if route.english]
    lines.append(f"For anything else, please ask the city: {ctx.inquiry_url}")
    choices = [Choice("What is open data?", "What is open data?"), Choice("List of measures", "list measures")]
    return Reply("\n".join(lines), choices=choices, lang="en", facet="help")


def show_entry(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """施策・用語などを番号や見出しで表示します。"""
    kind, entry_id, language = match.group(1), match.group(2).strip(), match.group(3) or "ja"
    reply = answers.found(ctx, kind, entry_id, language=language)
    if reply is None:
        return Reply(f"「{entry_id}」は見つかりませんでした。"
                     f"施策番号は {ctx.kb.measures[0].number} から {ctx.kb.measures[-1].number} までです。",
                     choices=[Choice("施策の一覧", "list measures")])
    reply.choices = reply.choices[:10] + answers.feedback_choices(kind, entry_id, language=language)  # as when typed
    return reply


def give_feedback(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """回答が役に立ったかどうかを受け付けます。"""
    helpful = match.group("verdict") == "yes"
    inbox.feedback(ctx.db, incoming.channel, match.group("kind"), match.group("entry"), helpful)
    if not helpful and match.group("question"):
        inbox.record(ctx.db, match.group("question"), incoming.channel, incoming.user, [], "feedback")
    if helpful:
        return Reply("ありがとうございます。今後の参考にします。")
    return Reply("お役に立てず申し訳ありません。いただいた質問は市の担当者が確認し、回答を準備します。",
                 choices=[Choice("ほかの質問", "help")])


def list_measures(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """20の施策を一覧で表示します。"""
    lines = ["【施策の一覧】"]
    for direction in ctx.kb.directions:
        lines.append(f"■方向性{direction.number} {direction.title}")
        lines += [f"{m.number} {m.title}" for m in ctx.kb.measures if m.direction == direction.number]
    return Reply("\n".join(lines), choices=[Choice("使い方", "help")])


NUMBER = rf"(?P<number>{subscriptions.NUMBER})"

ROUTES: list[Route] = [
    Route(re.compile(r"^(ヘルプ|へるぷ|help|使い方|つかいかた|メニュー|\?|？)(?P<english> en)?$", re.IGNORECASE), show_help,
          "ヘルプ", "help: this message"),
    Route(re.compile(r"^(list measures|施策一覧|施策の一覧|一覧)$", re.IGNORECASE), list_measures, "施策の一覧",
          "list measures: the 20 measures (titles in Japanese)"),
    Route(re.compile(r"^(進捗一覧|進捗の一覧|進捗を見る|進捗状況の一覧|全体の進捗)$"), overview.show_progress, "進捗一覧"),
    Route(re.compile(r"^(よくある質問|よくある質問の一覧|FAQ一覧)$", re.IGNORECASE), overview.show_faq, "よくある質問"),
    Route(re.compile(r"^show (measure|term|past_measure|section|item|direction|faq) (.+?)(?: (en|zh|ko))?$"),
          show_entry, ""),
    Route(re.compile(r"^feedback (?P<verdict>yes|no) (?P<kind>\S+) (?P<entry>\S+)(?: (?P<question>.+))?$", re.DOTALL),
          give_feedback, ""),
    Route(re.compile(rf"^(?:施策\s*)?{NUMBER}\s*(?:を|の)?\s*フォロー(?:する|したい)?$"), subscriptions.follow,
          "1-3 をフォロー"),
    Route(re.compile(rf"^follow {NUMBER}$"), subscriptions.follow, "", "follow 1-3: be told when measure 1-3 moves"),
    Route(re.compile(r"^(フォロー一覧|フォロー中|フォローの一覧|フォローリスト|follows)$"), subscriptions.list_follows,
          "フォロー一覧"),
    Route(re.compile(rf"^(?:フォロー解除|フォローをやめる|フォローやめる|unfollow)\s*{NUMBER}?$"), subscriptions.unfollow,
          "フォロー解除 1-3"),
    Route(re.compile(rf"^{NUMBER}\s*(?:の|を)?\s*フォロー解除$"), subscriptions.unfollow, ""),
    Route(re.compile(rf"^(?P<fy>{schedule.FISCAL_YEAR})\s*の?\s*(?:予定|工程|スケジュール)(?:は|を教えて)?[?？]?$",
                     re.IGNORECASE), schedule.show_schedule, "2021年度の予定"),
    Route(re.compile(r"^schedule(?:\s+(?P<fy>\S+))?$", re.IGNORECASE), schedule.show_schedule, "",
          "schedule 2021: the steps planned for a fiscal year",
          staff_help="`/ict schedule [2021]` その年度の工程（省略時は今年度）"),
    *(Route(re.compile(rf"^(?:{names})(?:\s+(?P<args>.*))?$", re.IGNORECASE | re.DOTALL), handler, "", "", SLACK, role,
            handler.__doc__.strip())
      for names, handler, role in (
          ("progress|report", staff.report, staff.LEADER), ("correct", staff.correct, staff.LEADER),
          ("withdraw", staff.withdraw, staff.LEADER), ("status", staff.show_status, staff.ANYONE),
          ("inbox", staff.show_inbox, staff.LEADER), ("faq", staff.faq, staff.LEADER),
          ("leaders?", staff.leader, staff.ANYONE))),
]


def dispatch(incoming: Incoming, ctx: Context) -> Reply:
    """Answer one incoming message by the first route that matches, else as a question."""
    command = unicodedata.normalize("NFKC", incoming.postback or incoming.text).strip()
    for route in ROUTES:
        match = route.pattern.match(command) if incoming.channel in route.channels else None
        if match:
            try:
                staff.authorise(ctx, incoming.user, route.role)
                return route.handler(ctx, incoming, match)
            except staff.STAFF_ERRORS as error:
                return Reply(f"できません：{error}", facet="refused")
    return answers.ask(ctx, incoming)
