"""`flask --app bot line richmenu create|delete`: put up or take down the bot's LINE rich menu."""

from contextlib import contextmanager

import click
import urllib3
from flask import Flask
from flask.cli import AppGroup


def register(app: Flask, services) -> None:
    """Attach the `line richmenu` commands to the app's CLI."""
    line_group = AppGroup("line", help="Manage the LINE official account.")
    richmenu_group = AppGroup("richmenu", help="The rich menu shown under the chat: six buttons.")
    line_group.add_command(richmenu_group)

    def menus():
        """The rich-menu module and its API clients, or a clear error without an access token."""
        settings = services.settings
        if not settings.LINE_CHANNEL_ACCESS_TOKEN:
            raise click.ClickException("LINE_CHANNEL_ACCESS_TOKEN is not set: the rich menu cannot be changed")
        from bot.line import richmenu  # the SDK and Pillow load only for these commands

        return richmenu, richmenu.apis(settings.LINE_API_BASE_URL, settings.LINE_DATA_API_BASE_URL,
                                       settings.LINE_CHANNEL_ACCESS_TOKEN)

    @richmenu_group.command("create")
    def create():
        """Draw and upload the menu, make it the default, and delete the menus this bot made before."""
        richmenu, (api, blob) = menus()
        with refusals("create"):
            new_id, replaced = richmenu.replace_menu(api, blob)
        click.echo(f"rich menu {new_id} is the default now; {replaced} older menu(s) of this bot deleted")

    @richmenu_group.command("delete")
    def delete():
        """Unset the bot's default rich menu and delete every menu this bot made."""
        richmenu, (api, _) = menus()
        with refusals("delete"):
            deleted, was_default = richmenu.remove_menus(api)
        click.echo(f"{deleted} rich menu(s) of this bot deleted" + ("; the default is unset" if was_default else ""))

    app.cli.add_command(line_group)


@contextmanager
def refusals(doing: str):
    """Turn LINE's refusals and network failures into one clear line instead of a traceback."""
    from linebot.v3.messaging import ApiException

    try:
        yield
    except ApiException as error:
        raise click.ClickException(f"LINE refused to {doing} the rich menu: status {error.status} "
                                   f"{str(error.body or '')[:200]}") from None
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise click.ClickException(f"could not reach LINE to {doing} the rich menu: {type(error).__name__}") from None
