"""The progress form: who gets it, with which measures, and how its answers are read."""

import re
from contextlib import closing

from bot.slack import blocks
from handlers import leaders, progress


def leader_modal(services, db, user: str, draft: progress.Draft | None = None) -> dict | None:
    """The progress form for a leader, limited to their own measures; None for anyone else."""
    leader = leaders.get(db, user)
    return blocks.progress_modal(leaders.measures_for(services.kb, leader), draft) if leader else None


def open_form(services, client, user: str, trigger_id: str, draft: progress.Draft | None = None) -> None:
    """Open the progress form, or tell a non-leader why not."""
    with closing(services.db()) as db:
        modal = leader_modal(services, db, user, draft)
    if modal is None:
        client.chat_postMessage(channel=user, text="進捗を報告できるのは、登録された情報化推進リーダーだけです。")
        return
    client.views_open(trigger_id=trigger_id, view=modal)


def form_draft(view: dict) -> progress.Draft:
    """A draft from the submitted form; errors name the field."""
    values = blocks.form_values(view)
    percent = values.get("percent", "").strip().rstrip("%％")
    if percent and not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", percent):
        raise FieldError("percent", f"進捗率は 0〜100 の数字で書いてください（「{percent}」）。")
    try:
        value = progress.parse_percent(percent) if percent else None
    except progress.ReportError as error:
        raise FieldError("percent", str(error)) from None
    step_measure, _, step = values.get("step", "").partition("|")
    if step and step_measure != values.get("measure"):
        raise FieldError("step", f"工程「{step}」は施策 {step_measure} のものです。施策 {values.get('measure')} の工程を選んでください。")
    return progress.Draft(values.get("measure", ""), values.get("status", ""), value, values.get("note", ""), step)


class FieldError(ValueError):
    """A form value that is wrong, with the block it belongs to."""

    def __init__(self, block: str, message: str):
        super().__init__(message)
        self.block = block
