"""Pick what to do with an incoming message from an explicit table of routes."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from handlers import answers, inbox, schedule, subscriptions
from handlers.context import Context
from handlers.messages import Choice, Incoming, Reply

Handler = Callable[[Context, Incoming, re.Match], Reply]


@dataclass(frozen=True)
class Route:
    """A command pattern, its handler, and an example for the help text."""

    pattern: re.Pattern
    handler: Handler
    example: str
    english: str = ""  # the example and what it does, for the English help


def show_help(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """使い方を表示します。"""
    if match.group("english") or (incoming.text.strip().lower() == "help" and not incoming.postback):
        return english_help(ctx)
    lines = [f"{ctx.kb.guideline.title} {ctx.kb.guideline.start_fy}–{ctx.kb.guideline.end_fy} についてお答えする bot です。",
             "知りたいことを、ふだんの言葉で送ってください（例：「オープンデータって何？」「無料Wi-Fiの計画は？」）。"]
    lines += [f"・{route.example}：{route.handler.__doc__.strip()}" for route in ROUTES if route.example]
    lines.append(f"お答えできないことは、盛岡市{ctx.kb.guideline.policy_office}にお問い合わせください。")
    choices = [Choice("施策の一覧", "list measures"), Choice("オープンデータとは", "オープンデータとは")]
    return Reply("\n".join(lines), choices=choices)


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
    reply = answers.found(ctx, match.group(1), match.group(2).strip(), language=match.group(3) or "ja")
    if reply is None:
        return Reply(f"「{match.group(2).strip()}」は見つかりませんでした。"
                     f"施策番号は {ctx.kb.measures[0].number} から {ctx.kb.measures[-1].number} までです。",
                     choices=[Choice("施策の一覧", "list measures")])
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
          "schedule 2021: the steps planned for a fiscal year"),
]


def dispatch(incoming: Incoming, ctx: Context) -> Reply:
    """Answer one incoming message by the first route that matches, else as a question."""
    command = unicodedata.normalize("NFKC", incoming.postback or incoming.text).strip()
    for route in ROUTES:
        match = route.pattern.match(command)
        if match:
            return route.handler(ctx, incoming, match)
    return answers.ask(ctx, incoming)
