"""The LINE rich menu: six buttons the router understands, and replacing or removing the menu with the SDK."""

from collections.abc import Callable
from dataclasses import dataclass

from linebot.v3.messaging import (
    ApiClient, ApiException, Configuration, MessagingApi, MessagingApiBlob, RichMenuArea,
    RichMenuBounds, RichMenuRequest, RichMenuSize,
)

from bot.line import richmenu_image
from bot.line.render import postback
from bot.line.sender import TIMEOUT
from handlers import clock

SIZE = (2500, 1686)  # LINE's full-height size (the other allowed one is 2500×843)
COLUMNS, ROWS = 3, 2
NAME_PREFIX = "guideline-bot menu"  # how a rich menu made by this bot is told from any other on the channel
CHAT_BAR_TEXT = "メニュー"  # at most 14 characters
MAX_IMAGE_BYTES = 1024 * 1024  # LINE refuses a larger image


@dataclass(frozen=True)
class Button:
    """One area of the menu: its label, the router command its postback carries, its colour and icon."""

    label: str
    command: str
    colour: str
    icon: Callable  # draws the icon: (draw, centre x, centre y, radius)


BUTTONS = (
    Button("施策一覧", "list measures", "#1F5FA8", richmenu_image.icon_list),
    Button("進捗を見る", "進捗一覧", "#1D7346", richmenu_image.icon_progress),
    Button("よくある質問", "よくある質問", "#A8431A", richmenu_image.icon_letter("?")),
    Button("使い方", "help", "#5B4B9E", richmenu_image.icon_letter("i")),
    Button("フォロー中", "フォロー一覧", "#A52A63", richmenu_image.icon_star),
    Button("English", "help en", "#37474F", richmenu_image.icon_globe),
)


def bounds() -> list[tuple[int, int, int, int]]:
    """The areas (x, y, width, height) of a COLUMNS × ROWS grid that covers the image exactly, row by row."""
    width, height = SIZE
    xs = [width * column // COLUMNS for column in range(COLUMNS + 1)]
    ys = [height * row // ROWS for row in range(ROWS + 1)]
    return [(xs[c], ys[r], xs[c + 1] - xs[c], ys[r + 1] - ys[r]) for r in range(ROWS) for c in range(COLUMNS)]


def menu_request(name: str) -> RichMenuRequest:
    """The rich menu object, open when the chat opens: each area posts back its button's command, shown as its label."""
    areas = [
        RichMenuArea(bounds=RichMenuBounds(x=x, y=y, width=w, height=h),
                     action=postback(button.label, button.command))
        for (x, y, w, h), button in zip(bounds(), BUTTONS)
    ]
    return RichMenuRequest(size=RichMenuSize(width=SIZE[0], height=SIZE[1]), selected=True, name=name,
                           chat_bar_text=CHAT_BAR_TEXT, areas=areas)


def menu_image() -> bytes:
    """The menu drawn as a PNG, one tile per area."""
    tiles = [(area, button.label, button.colour, button.icon) for area, button in zip(bounds(), BUTTONS)]
    return richmenu_image.draw_menu(SIZE, tiles)


def apis(base_url: str, data_url: str, access_token: str) -> tuple[MessagingApi, MessagingApiBlob]:
    """The Messaging API and its data host (images go to api-data.line.me), or both at a fake in tests."""
    def client(host: str) -> ApiClient:
        """An SDK client for one host."""
        return ApiClient(Configuration(host=host.rstrip("/"), access_token=access_token))
    return MessagingApi(client(base_url)), MessagingApiBlob(client(data_url))


def ours(api: MessagingApi) -> list[str]:
    """The IDs of the rich menus this bot made, told by their name."""
    menus = api.get_rich_menu_list(_request_timeout=TIMEOUT).richmenus
    return [menu.rich_menu_id for menu in menus if menu.name.startswith(NAME_PREFIX)]


def default_menu(api: MessagingApi) -> str | None:
    """The ID of the channel's default rich menu, or None when there is none."""
    try:
        return api.get_default_rich_menu_id(_request_timeout=TIMEOUT).rich_menu_id
    except ApiException as error:
        if error.status == 404:
            return None
        raise


def replace_menu(api: MessagingApi, blob: MessagingApiBlob) -> tuple[str, int]:
    """Make the menu, upload its image, make it the default, then delete this bot's older menus.

    Returns the new menu's ID and how many older ones were deleted. A menu left without its image is deleted.
    """
    request = menu_request(f"{NAME_PREFIX} {clock.now():%Y-%m-%d %H:%M}")
    image = menu_image()
    if len(image) > MAX_IMAGE_BYTES:
        raise ValueError(f"the drawn menu is {len(image)} bytes, over LINE's 1 MB")
    api.validate_rich_menu_object(request, _request_timeout=TIMEOUT)
    older = ours(api)
    new_id = api.create_rich_menu(request, _request_timeout=TIMEOUT).rich_menu_id
    try:
        blob.set_rich_menu_image(new_id, image, _headers={"Content-Type": "image/png"}, _request_timeout=TIMEOUT)
        api.set_default_rich_menu(new_id, _request_timeout=TIMEOUT)
    except Exception:
        api.delete_rich_menu(new_id, _request_timeout=TIMEOUT)
        raise
    for menu_id in older:
        api.delete_rich_menu(menu_id, _request_timeout=TIMEOUT)
    return new_id, len(older)


def remove_menus(api: MessagingApi) -> tuple[int, bool]:
    """Unset the default if it is this bot's, and delete this bot's menus: how many, and whether the default went."""
    mine = ours(api)
    was_default = default_menu(api) in mine
    if was_default:
        api.cancel_default_rich_menu(_request_timeout=TIMEOUT)
    for menu_id in mine:
        api.delete_rich_menu(menu_id, _request_timeout=TIMEOUT)
    return len(mine), was_default
