"""Draw replies, progress views, the modal and the App Home in Block Kit."""

import json

from bot.platform_limits import (
    SLACK_BLOCKS, SLACK_BUTTON_VALUE, SLACK_FALLBACK, SLACK_SECTION, fit_slack, slack_pieces,
)
from handlers import Reply
from handlers.progress import NOTE_LIMIT, STATUSES, Draft
from handlers.wording import escape_markup as escape
from handlers.wording import shorten



def as_typed(text: str) -> str:
    """Text Slack sent us as the person typed it: Slack escapes &, < and > in message and command text."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def section(text: str) -> dict:
    """A markdown section."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text or " "}}


def plain(text: str, limit: int = 75) -> dict:
    """A plain_text object cut to a limit."""
    return {"type": "plain_text", "text": shorten(text, limit) or " ", "emoji": False}


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict:
    """A button whose value comes back to a listener."""
    element = {"type": "button", "text": plain(label), "action_id": action_id,
               "value": fit_slack(value, SLACK_BUTTON_VALUE)}
    return element | ({"style": style} if style else {})


def reply_text(reply: Reply) -> str:
    """A reply's notification text: escaped (unless already in markup) and cut to Slack's limit."""
    return fit_slack(reply.text if reply.markup else escape(reply.text), SLACK_FALLBACK)


def reply_blocks(reply: Reply) -> list[dict]:
    """A reply as blocks: its text in sections and its choices as buttons."""
    blocks = []
    if reply.card:
        blocks.append({"type": "header", "text": plain(f"{reply.card.heading} {reply.card.title}", 150)})
    blocks += [section(piece) for piece in slack_pieces(reply.text if reply.markup else escape(reply.text))]
    if reply.choices:
        blocks.append({"type": "actions", "elements": [
            button(choice.label, f"choice_{n}", choice.command) for n, choice in enumerate(reply.choices[:10])
        ]})
    return blocks[:SLACK_BLOCKS]


def confirmation_blocks(draft: Draft, measure_title: str) -> list[dict]:
    """A parsed report shown back with 登録 / 修正 buttons before anything is stored."""
    value = json.dumps(draft.__dict__, ensure_ascii=False)
    percent = f"{draft.percent}%" if draft.percent is not None else "（なし）"
    lines = [f"*施策 {draft.measure} {escape(measure_title)}* の進捗をこの内容で登録しますか？",
             f"状況：{draft.status}　進捗率：{percent}", f"工程：{escape(draft.step) or '（指定なし）'}",
             fit_slack(f"メモ：{escape(draft.note) or '（なし）'}", SLACK_SECTION - 300)]
    return [section("\n".join(lines)), {"type": "actions", "elements": [
        button("登録", "progress_confirm", value, "primary"), button("修正", "progress_edit", value),
    ]}]


def option(text: str, value: str) -> dict:
    """A select option."""
    return {"text": plain(text), "value": value}


def progress_modal(measures, draft: Draft | None = None) -> dict:
    """The progress form; the measure list holds only the leader's own measures."""
    measure_options = [option(f"{m.number} {m.title}", m.number) for m in measures][:100]
    step_options = [option(f"{m.number} {s.step}", f"{m.number}|{s.step}") for m in measures for s in m.schedule][:100]
    status_options = [option(status, status) for status in STATUSES]

    def chosen(options: list[dict], value: str | None) -> dict:
        match = next((o for o in options if o["value"] == value), None)
        return {"initial_option": match} if match else {}

    draft_step = f"{draft.measure}|{draft.step}" if draft and draft.step else None
    blocks = [
        {"type": "input", "block_id": "measure", "label": plain("施策"), "element": {
            "type": "static_select", "action_id": "value", "options": measure_options,
            **chosen(measure_options, draft.measure if draft else None)}},
        {"type": "input", "block_id": "status", "label": plain("状況"), "element": {
            "type": "static_select", "action_id": "value", "options": status_options,
            **chosen(status_options, draft.status if draft else None)}},
        {"type": "input", "block_id": "percent", "optional": True, "label": plain("進捗率（0〜100）"), "element": {
            "type": "plain_text_input", "action_id": "value",
            **({"initial_value": str(draft.percent)} if draft and draft.percent is not None else {})}},
        {"type": "input", "block_id": "note", "optional": True, "label": plain("メモ"), "element": {
            "type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": NOTE_LIMIT,
            **({"initial_value": draft.note} if draft and draft.note else {})}},
    ]
    if step_options:
        blocks.insert(2, {"type": "input", "block_id": "step", "optional": True, "label": plain("工程（任意）"),
                          "element": {"type": "static_select", "action_id": "value", "options": step_options,
                                      **chosen(step_options, draft_step)}})
    return {"type": "modal", "callback_id": "progress_form", "title": plain("進捗の報告", 24),
            "submit": plain("登録", 24), "close": plain("キャンセル", 24), "blocks": blocks}


def form_values(view: dict) -> dict[str, str]:
    """The submitted values of the progress form, by block."""
    values = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        element = actions.get("value", {})
        selected = element.get("selected_option") or {}
        values[block_id] = selected.get("value") or element.get("value") or ""
    return values


def home_view(lines: list[str], can_report: bool) -> dict:
    """The App Home tab."""
    blocks = [{"type": "header", "text": plain("盛岡市ICT利活用推進指針 bot", 150)}]
    blocks += [section(piece) for piece in slack_pieces("\n".join(lines))]
    if can_report:
        blocks.append({"type": "actions", "elements": [button("進捗を報告", "open_progress_form", "home", "primary")]})
    return {"type": "home", "blocks": blocks[:SLACK_BLOCKS]}


def reminder_blocks(text: str, measure: str | None = None) -> list[dict]:
    """A notice's text, and a button that opens the progress form for its measure."""
    blocks = [section(piece) for piece in slack_pieces(escape(text))]
    if measure:
        blocks.append({"type": "actions", "elements": [button("進捗を報告", "open_progress_form", measure, "primary")]})
    return blocks


def notice_message(notices: list[tuple[str, list[dict]]]) -> tuple[str, list[dict]]:
    """One message for everything due to one person: the fallback text and the blocks, notices apart.

    Each notice comes as its escaped text and its blocks.
    """
    if len(notices) == 1:
        text, blocks = notices[0]
        return fit_slack(text, SLACK_FALLBACK), blocks
    heading = f"お知らせが{len(notices)}件あります。"
    blocks = [section(f"*{heading}*")]
    for _, own in notices:
        blocks += [{"type": "divider"}, *own]
    lines = [heading, *(f"・{(text.splitlines() or [''])[0]}" for text, _ in notices)]
    return fit_slack("\n".join(lines), SLACK_FALLBACK), blocks


def inbox_blocks(group: dict) -> tuple[list[dict], str]:
    """A new unanswered question for staff, with 「回答する」 and 「対象外」 buttons."""
    candidates = json.loads(group["candidates"] or "[]")
    offered = "、".join(escape(c["title"]) for c in candidates[:5]) or "（なし）"
    text = f"bot が答えられなかった質問：「{escape(group['text'])}」"
    lines = [f"*{fit_slack(text, SLACK_SECTION - 200)}*", f"件数：{group['count'] or 1}　提示した候補：{offered}"]
    actions = {"type": "actions", "elements": [
        button("回答する", "inbox_answer", str(group["id"]), "primary"),
        button("対象外", "inbox_out_of_scope", str(group["id"])),
    ]}
    return [section("\n".join(lines)), actions], fit_slack(text, SLACK_FALLBACK)


def inbox_answer_modal(group: dict, measures, terms) -> dict:
    """The form to answer an inbox group, optionally linked to a measure or term, kept as FAQ."""
    links = [option(f"施策 {m.number} {m.title}", f"measure|{m.number}") for m in measures]
    links += [option(f"用語 {t.headword}", f"term|{t.headword}") for t in terms]
    faq = option("回答をFAQとして登録し、次から bot が答えられるようにする", "faq")
    return {"type": "modal", "callback_id": "inbox_answer_form", "private_metadata": str(group["id"]),
            "title": plain("質問に回答", 24), "submit": plain("回答する", 24), "close": plain("キャンセル", 24),
            "blocks": [
                section(fit_slack(f"*質問*：{escape(group['text'])}", SLACK_SECTION)),
                {"type": "input", "block_id": "answer", "label": plain("回答"), "element": {
                    "type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 2000}},
                {"type": "input", "block_id": "link", "optional": True, "label": plain("関連する施策・用語"),
                 "element": {"type": "static_select", "action_id": "value", "options": links[:100]}},
                {"type": "input", "block_id": "faq", "optional": True, "label": plain("FAQ"), "element": {
                    "type": "checkboxes", "action_id": "value", "options": [faq]}},  # off: a citizen's words stay private
                {"type": "input", "block_id": "faq_question", "optional": True,
                 "label": plain("FAQ として公開する質問文（職員の言葉で）"), "element": {
                     "type": "plain_text_input", "action_id": "value", "max_length": 200}},
            ]}


def inbox_scope_modal(group: dict) -> dict:
    """The form to mark an inbox group out of scope, with a reason."""
    return {"type": "modal", "callback_id": "inbox_scope_form", "private_metadata": str(group["id"]),
            "title": plain("対象外にする", 24), "submit": plain("対象外にする", 24), "close": plain("キャンセル", 24),
            "blocks": [section(fit_slack(f"*質問*：{escape(group['text'])}", SLACK_SECTION)),
                       {"type": "input", "block_id": "reason", "label": plain("理由"), "element": {
                           "type": "plain_text_input", "action_id": "value"}}]}
