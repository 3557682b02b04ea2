"""Slack listeners for the inbox: answer a question or mark it out of scope, and manage the FAQ."""

from contextlib import closing

from bot.slack import blocks
from handlers import staff


def register(bolt, services) -> None:
    """Attach the inbox listeners."""
    bolt.action("inbox_answer")(open_modal(services, "answer"))
    bolt.action("inbox_out_of_scope")(open_modal(services, "scope"))
    bolt.view("inbox_answer_form")(on_answer(services))
    bolt.view("inbox_scope_form")(on_scope(services))


def open_modal(services, which: str):
    """「回答する」/「対象外」: open the matching form for a registered leader."""
    def listener(ack, action, body, client):
        ack()
        user = body["user"]["id"]
        with closing(services.db()) as db:
            group = db["inbox_groups"].get(int(action["value"]))
            try:
                staff.authorise(services.context(db), user, staff.LEADER)
            except staff.StaffError:
                client.chat_postMessage(channel=user, text="質問への回答は、登録された情報化推進リーダーと管理者が行えます。")
                return
        modal = (blocks.inbox_answer_modal(group, services.kb.measures, services.kb.terms) if which == "answer"
                 else blocks.inbox_scope_modal(group))
        client.views_open(trigger_id=body["trigger_id"], view=modal)
    return listener


def on_answer(services):
    """Store the answer (as FAQ when ticked) and send it to the citizens who asked."""
    def listener(ack, body, view, client):
        values = view["state"]["values"]
        text = (values["answer"]["value"].get("value") or "").strip()
        if not text:
            ack(response_action="errors", errors={"answer": "回答を書いてください。"})
            return
        link = ((values.get("link", {}).get("value", {}).get("selected_option") or {}).get("value") or "|")
        as_faq = bool(values.get("faq", {}).get("value", {}).get("selected_options"))
        faq_question = (values.get("faq_question", {}).get("value", {}).get("value") or "").strip()
        if as_faq and not faq_question:
            ack(response_action="errors",
                errors={"faq_question": "FAQ として公開する質問文を、市民の文面ではなく職員の言葉で書いてください。"})
            return
        ack()
        user = body["user"]["id"]
        with closing(services.db()) as db:
            try:
                reply, notices = staff.answer_question(services.context(db), user, int(view["private_metadata"]),
                                                       text, link, faq_question if as_faq else "",
                                                       services.settings.INBOX_REPLY_DAYS)
            except staff.STAFF_ERRORS as error:
                client.chat_postMessage(channel=user, text=f"できません：{blocks.escape(str(error))}")
                return
        services.outbox.deliver(notices)
        client.chat_postMessage(channel=user, text=blocks.reply_text(reply))
    return listener


def on_scope(services):
    """Close a group as out of scope with its reason."""
    def listener(ack, body, view, client):
        reason = (view["state"]["values"]["reason"]["value"].get("value") or "").strip()
        if not reason:
            ack(response_action="errors", errors={"reason": "理由を書いてください。"})
            return
        ack()
        with closing(services.db()) as db:
            try:
                staff.close_question(services.context(db), body["user"]["id"], int(view["private_metadata"]), reason)
            except staff.STAFF_ERRORS:
                return
    return listener
