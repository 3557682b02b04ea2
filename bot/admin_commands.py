"""`flask --app bot …` administration commands."""

import datetime
import json
import tomllib
from contextlib import closing
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from handlers import clock, inbox, leaders, ratelimit, storage


def register(app: Flask, services) -> None:
    """Attach the command groups to the app's CLI."""
    group = AppGroup("leaders", help="Manage the 情報化推進リーダー registry.")

    @group.command("add")
    @click.argument("slack_user_id")
    @click.argument("department")
    @click.option("--admin", is_flag=True, help="An administrator (ICT policy office): may report on anything.")
    def add(slack_user_id: str, department: str, admin: bool):
        """Register SLACK_USER_ID as a leader of DEPARTMENT."""
        with closing(services.db()) as db:
            try:
                leader = leaders.add(db, services.kb, slack_user_id, department, admin, "cli")
            except leaders.LeaderError as error:
                raise click.ClickException(str(error)) from None
        click.echo(f"{leader.slack_user}: {leader.department} ({leader.role})")

    @group.command("remove")
    @click.argument("slack_user_id")
    def remove(slack_user_id: str):
        """Remove SLACK_USER_ID from the registry."""
        with closing(services.db()) as db:
            try:
                leaders.remove(db, slack_user_id, "cli")
            except leaders.LeaderError as error:
                raise click.ClickException(str(error)) from None
        click.echo(f"{slack_user_id}: removed")

    @group.command("list")
    def list_leaders():
        """List every registered leader."""
        with closing(services.db()) as db:
            for leader in leaders.everyone(db):
                click.echo(f"{leader.slack_user}\t{leader.department}\t{leader.role}")

    app.cli.add_command(group)

    faq_group = AppGroup("faq", help="Export or import the FAQ written by staff.")

    @faq_group.command("export")
    @click.argument("path", type=click.Path(dir_okay=False), default="knowledge/data/faq.toml")
    def export_faq(path: str):
        """Write the FAQ in use (with author and dates) to a TOML file a clerk can edit and version."""
        with closing(services.db()) as db:
            rows = inbox.active_faq(db)
        Path(path).write_text(faq_toml(rows), encoding="utf-8")
        click.echo(f"{len(rows)} FAQ entries written to {path}")

    @faq_group.command("import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def import_faq(path: str):
        """Load FAQ entries from such a file (matching ids are updated)."""
        entries = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("faq", [])
        with closing(services.db()) as db, db.conn:
            db["faq"].upsert_all(entries, pk="id")
        click.echo(f"{len(entries)} FAQ entries imported from {path}")

    app.cli.add_command(faq_group)
    events_group = AppGroup("events", help="LINE events the bot could not answer.")

    @events_group.command("requeue")
    def requeue():
        """Try every parked LINE event again (after an outage longer than the retries)."""
        from bot.line import event_log

        with closing(services.db()) as db:
            count = event_log.requeue(db)
        click.echo(f"{count} parked events queued again; the worker answers them (a push if the reply token expired)")

    app.cli.add_command(events_group)

    @app.cli.command("backup")
    @click.argument("path", type=click.Path(dir_okay=False))
    def backup(path: str):
        """Make a consistent copy of the live database at PATH and verify it."""
        verdict = storage.backup(services.settings.DATABASE_PATH, path)
        if verdict != "ok":
            raise click.ClickException(f"the copy at {path} failed its integrity check: {verdict}")
        click.echo(f"backed up to {path} (integrity ok)")

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def restore(path: str):
        """Put the verified copy at PATH back as the live database (only while no other process uses it)."""
        services.in_use.close()  # this command's own hold
        try:
            alone = storage.hold_in_use(services.settings.DATABASE_PATH, exclusive=True)
        except BlockingIOError:
            raise click.ClickException("the service is running (web, worker or clock): stop every process, then "
                                       "restore; nothing was changed") from None
        with alone:
            verdict = storage.restore(path, services.settings.DATABASE_PATH)
        if verdict != "ok":
            raise click.ClickException(f"{path} failed its integrity check ({verdict}); nothing was changed")
        click.echo(f"restored from {path}")

    @app.cli.command("purge")
    @click.option("--days", type=int, default=None, help="Keep this many days (default QUESTION_RETENTION_DAYS).")
    def purge(days: int | None):
        """Delete question logs older than the retention period."""
        keep = days if days is not None else services.settings.QUESTION_RETENTION_DAYS
        before = clock.now() - datetime.timedelta(days=keep)
        with closing(services.db()) as db:
            removed = storage.purge(db, before.isoformat())
            removed["rate_limits"] = ratelimit.purge(db, clock.now() - datetime.timedelta(days=1))
        click.echo(", ".join(f"{table} {count}" for table, count in removed.items()))

    @app.cli.command("remind")
    @click.option("--now", "today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Run as if today were this date.")
    @click.option("--dry-run", is_flag=True, help="Print what is due instead of sending it.")
    def remind(today, dry_run: bool):
        """Send the reminders, nudges, digest and follower news due today."""
        from bot.outbox import from_app

        day = today.date() if today else services.today()
        outcome = from_app(app).remind(day, dry_run=dry_run, echo=click.echo)
        click.echo(f"{day}: due {outcome.due}, sent {outcome.sent}, failed {outcome.failed}, skipped {outcome.skipped}"
                   + (" (dry run)" if dry_run else ""))


def faq_toml(rows: list[dict]) -> str:
    """FAQ entries as TOML tables (strings written as JSON strings, which TOML accepts)."""
    fields = ("id", "question", "answer", "measure", "term", "author", "created_at", "updated_at")
    blocks = ["# FAQ written by the city's staff through the bot (flask --app bot faq export)"]
    for row in rows:
        lines = ["", "[[faq]]"]
        for name in fields:
            value = row.get(name)
            if value is not None and value != "":
                lines.append(f"{name} = {value if isinstance(value, int) else json.dumps(value, ensure_ascii=False)}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + "\n"
