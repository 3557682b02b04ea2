"""`flask --app bot …` administration commands."""

from contextlib import closing

import click
from flask import Flask
from flask.cli import AppGroup

from handlers import leaders


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

    @app.cli.command("remind")
    @click.option("--now", "today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Run as if today were this date.")
    @click.option("--dry-run", is_flag=True, help="Print what is due instead of sending it.")
    def remind(today, dry_run: bool):
        """Send the reminders, nudges, digest and follower news due today."""
        from bot.reminders import from_app

        day = today.date() if today else services.today()
        outcome = from_app(app).run(day, dry_run=dry_run, echo=click.echo)
        click.echo(f"{day}: due {outcome.due}, sent {outcome.sent}, failed {outcome.failed}, skipped {outcome.skipped}"
                   + (" (dry run)" if dry_run else ""))
