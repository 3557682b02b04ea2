"""Slack listeners for the inbox: answer a question or mark it out of scope, and manage the FAQ."""

from contextlib import closing

from bot.slack import blocks
from handlers import inbox, leaders


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
            staff = leaders.get(db, user)
        if staff is None:
            client.chat_postMessage(channel=user, text="質問への回答は、登録された情報化推進リーダーと管理者が行えます。")
            return
        modal = (blocks.inbox_answer_modal(group, services.kb.measures, services.kb.terms) if which == "answer"
                 else blocks.inbox_scope_modal(group))
        client.views_open(trigger_id=body["trigger_id"], view=modal)
    return listener


def on_answer(services):
    """Store the answer (as FAQ when ticked) and push it to the citizens who asked."""
    def listener(ack, body, view, client):
        values = view["state"]["values"]
        text = (values["answer"]["value"].get("value") or "").strip()
        if not text:
            ack(response_action="errors", errors={"answer": "回答を書いてください。"})
            return
        ack()
        user = body["user"]["id"]
        link = ((values.get("link", {}).get("value", {}).get("selected_option") or {}).get("value") or "|")
        kind, _, target = link.partition("|")
        as_faq = bool(values.get("faq", {}).get("value", {}).get("selected_options"))
        with closing(services.db()) as db:
            if leaders.get(db, user) is None:
                return
            group = inbox.answer(db, int(view["private_metadata"]), text, user, target if kind == "measure" else "",
                                 target if kind == "term" else "", as_faq)
            pushed = services.outbox.answer_askers(db, group, text)
        client.chat_postMessage(channel=user, text=f"回答を登録しました（LINE で {pushed} 人に送信"
                                                   f"{'、FAQ に登録' if as_faq else ''}）。")
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
            if leaders.get(db, body["user"]["id"]) is not None:
                inbox.out_of_scope(db, int(view["private_metadata"]), reason, body["user"]["id"])
    return listener
