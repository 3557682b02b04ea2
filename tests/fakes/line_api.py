"""A fake of the LINE Messaging API: reply, push and multicast with retry-key deduplication, and rich menus."""

import io
import itertools
import threading

from PIL import Image

from tests.fakes.limits import LINE_LIMITS, graphemes, line_violations, utf16
from tests.fakes.server import FakeServer, Recorded

REPLY, PUSH, MULTICAST = "/v2/bot/message/reply", "/v2/bot/message/push", "/v2/bot/message/multicast"
RICH_MENU, DEFAULT_RICH_MENU = "/v2/bot/richmenu", "/v2/bot/user/all/richmenu"
# LINE takes a menu 800 to 2500 pixels wide, at least 250 high, and at least 1.45 times as wide as high.
RICH_MENU_WIDTHS, RICH_MENU_HEIGHT, RICH_MENU_RATIO = (800, 2500), 250, 1.45
RICH_MENU_IMAGE_BYTES = 1024 * 1024
RICH_MENU_AREAS, CHAT_BAR_TEXT, RICH_MENU_NAME = 20, 14, 300
IMAGE_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}


def line_default(fake: FakeServer, recorded: Recorded):
    """Accept sends; refuse a payload over LINE's limits (400), a reply token used before (400) and a retry key
    already accepted (409), as LINE does. Rich menu calls go to rich_menu_call."""
    if recorded.path.startswith((RICH_MENU, DEFAULT_RICH_MENU)):
        return rich_menu_call(fake, recorded)
    broken = line_violations(recorded.json()) if recorded.path in (REPLY, PUSH, MULTICAST) else []
    if broken:
        fake.refused = [*getattr(fake, "refused", []), *broken]
        return 400, {"message": "The request body has 1 error(s)", "details": [{"message": m} for m in broken]}, {}
    key = recorded.headers.get("X-Line-Retry-Key")
    if key:
        accepted = getattr(fake, "accepted_keys", set())
        fake.accepted_keys = accepted
        if key in accepted:
            return 409, {"message": "The retry key is already accepted"}, {"x-line-accepted-request-id": key}
        accepted.add(key)
    if recorded.path == REPLY:
        used = getattr(fake, "used_reply_tokens", set())
        fake.used_reply_tokens = used
        token = recorded.json().get("replyToken")
        if token in used:
            return 400, {"message": "Invalid reply token"}, {}
        used.add(token)
    if recorded.path in (REPLY, PUSH):
        return 200, {"sentMessages": [{"id": "1", "quoteToken": "q"}]}, {}
    return 200, {}, {}


def rich_menu_problems(menu: dict) -> list[str]:
    """What in a rich menu object LINE would refuse."""
    size = menu.get("size") or {}
    width, height = size.get("width"), size.get("height")
    sized = isinstance(width, int) and isinstance(height, int) and height >= RICH_MENU_HEIGHT
    fits = sized and RICH_MENU_WIDTHS[0] <= width <= RICH_MENU_WIDTHS[1] and width / height >= RICH_MENU_RATIO
    found = [] if fits else [f"size {width}x{height}"]
    if not isinstance(menu.get("selected"), bool):
        found.append("selected is not a boolean")
    if not 0 < graphemes(menu.get("chatBarText") or "") <= CHAT_BAR_TEXT:
        found.append("chatBarText empty or over 14")
    if not 0 < len(menu.get("name") or "") <= RICH_MENU_NAME:
        found.append("name empty or over 300")
    areas = menu.get("areas") or []
    if not 0 < len(areas) <= RICH_MENU_AREAS:
        found.append(f"{len(areas)} areas")
    for area in areas:
        box, action = area.get("bounds") or {}, area.get("action") or {}
        x, y, w, h = (box.get(k, -1) for k in ("x", "y", "width", "height"))
        if min(x, y) < 0 or w <= 0 or h <= 0 or x + w > (width or 0) or y + h > (height or 0):
            found.append(f"area {box} outside the menu")
        if action.get("type") not in ("postback", "message", "uri", "richmenuswitch"):
            found.append(f"action type {action.get('type')!r}")
        if graphemes(action.get("label") or "") > LINE_LIMITS["label"]:
            found.append(f"label {action['label']!r}")
        for field in ("data", "displayText"):
            if utf16(action.get(field) or "") > LINE_LIMITS[field]:
                found.append(f"{field} of {utf16(action[field])} units")
    return found


def image_problems(recorded: Recorded, menu: dict) -> list[str]:
    """What in a rich menu image upload LINE would refuse: its type, its size in bytes and in pixels."""
    kind = IMAGE_FORMATS.get(recorded.headers.get("Content-Type", ""))
    if kind is None:
        return [f"content type {recorded.headers.get('Content-Type')!r}"]
    if len(recorded.body) > RICH_MENU_IMAGE_BYTES:
        return [f"image of {len(recorded.body)} bytes"]
    try:
        image = Image.open(io.BytesIO(recorded.body))
        image.verify()
    except Exception as error:  # noqa: BLE001 - whatever Pillow cannot read, LINE would refuse
        return [f"not an image: {type(error).__name__}"]
    if image.format != kind:
        return [f"{image.format} sent as {recorded.headers['Content-Type']}"]
    if image.size != (menu["size"]["width"], menu["size"]["height"]):
        return [f"image of {image.size} for a menu of {menu['size']}"]
    return []


def rich_menu_call(fake: FakeServer, recorded: Recorded):
    """Validate, create, list, delete rich menus, take their images and keep the default, as LINE does."""
    menus = fake.__dict__.setdefault("rich_menus", {})  # id -> the rich menu object, as created
    images = fake.__dict__.setdefault("rich_menu_images", {})  # id -> the uploaded bytes
    path, method = recorded.path, recorded.method
    parts = path.removeprefix(RICH_MENU).strip("/").split("/")
    if path in (f"{RICH_MENU}/validate", RICH_MENU) and method == "POST":
        broken = rich_menu_problems(recorded.json())
        if broken:
            return 400, {"message": "The request body has 1 error(s)", "details": [{"message": m} for m in broken]}, {}
        if path.endswith("/validate"):
            return 200, {}, {}
        menu_id = f"richmenu-{next(fake.__dict__.setdefault('rich_menu_ids', itertools.count(1))):032x}"
        menus[menu_id] = recorded.json()
        return 200, {"richMenuId": menu_id}, {}
    if path == f"{RICH_MENU}/list" and method == "GET":
        return 200, {"richmenus": [{"richMenuId": key, **menu} for key, menu in menus.items()]}, {}
    if path.startswith(DEFAULT_RICH_MENU):
        return default_rich_menu_call(fake, recorded, menus, images)
    if len(parts) == 2 and parts[1] == "content" and method == "POST":
        if parts[0] not in menus:
            return 404, {"message": "Not found"}, {}
        if parts[0] in images:
            return 400, {"message": "An image has already been uploaded to the richmenu"}, {}
        broken = image_problems(recorded, menus[parts[0]])
        if broken:
            return 400, {"message": "; ".join(broken)}, {}
        images[parts[0]] = recorded.body
        return 200, {}, {}
    if len(parts) == 1 and method == "DELETE":
        if menus.pop(parts[0], None) is None:
            return 404, {"message": "Not found"}, {}
        images.pop(parts[0], None)
        if getattr(fake, "default_rich_menu", None) == parts[0]:
            fake.default_rich_menu = None
        return 200, {}, {}
    return 404, {"message": "Not found"}, {}


def default_rich_menu_call(fake: FakeServer, recorded: Recorded, menus: dict, images: dict):
    """Get, set and cancel the default rich menu (only a menu with an image can be the default)."""
    menu_id = recorded.path.removeprefix(DEFAULT_RICH_MENU).strip("/")
    current = getattr(fake, "default_rich_menu", None)
    if recorded.method == "GET" and not menu_id:
        return (200, {"richMenuId": current}, {}) if current else (404, {"message": "no default rich menu"}, {})
    if recorded.method == "DELETE" and not menu_id:
        fake.default_rich_menu = None
        return 200, {}, {}
    if recorded.method == "POST" and menu_id:
        if menu_id not in menus:
            return 404, {"message": "Not found"}, {}
        if menu_id not in images:
            return 400, {"message": "An image has not been uploaded to the richmenu"}, {}
        fake.default_rich_menu = menu_id
        return 200, {}, {}
    return 404, {"message": "Not found"}, {}


class FakeLine(FakeServer):
    """The fake server, recording each request's real method: rich menus are read with GET, deleted with DELETE."""

    def __init__(self, default):
        self.current = threading.local()  # the method of the request this handler thread is answering
        super().__init__(default)

    def _handler(self):
        """The recording handler, noting the method and answering DELETE too."""
        base, fake = super()._handler(), self

        class Handler(base):
            def do_POST(self):
                fake.current.method = self.command
                base.do_POST(self)

            do_GET = do_DELETE = do_POST

        return Handler

    def _answer(self, recorded: Recorded):
        """Answer as the fake server does, with the request's real method recorded."""
        recorded.method = getattr(self.current, "method", recorded.method)
        return super()._answer(recorded)


def fake_line() -> FakeServer:
    """A new fake LINE API (use it as a context manager)."""
    return FakeLine(line_default)


def delivered(fake: FakeServer, path: str) -> list[dict]:
    """The request bodies LINE accepted on a path (answered 200), in order."""
    return [r.json() for r in fake.received(path) if r.status == 200]
