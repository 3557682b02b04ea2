"""`flask --app bot line richmenu create|delete` with the real SDK against the fake LINE API on 127.0.0.1."""

import io
import itertools
from pathlib import Path

import pytest
from PIL import Image

from bot import create_app
from tests.bot.line_helpers import SECRET, TOKEN, LineHarness, body_of, event
from tests.fakes.line_api import REPLY, RICH_MENU, RICH_MENU_IMAGE_BYTES, delivered, fake_line

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DECLINED = "お答えできません"
# What each button's answer must say.
EXPECTED = {"施策一覧": "【施策の一覧】", "使い方": "使い方を表示します", "English": "I answer questions",
            "フォロー中": "フォロー中の施策はありません", "進捗を見る": "20の施策のうち",
            "よくある質問": "よくある質問」は、まだありません"}


@pytest.fixture
def line(tmp_path):
    """The app with LINE on, both LINE hosts (api and api-data) pointed at one fresh fake."""
    with fake_line() as fake:
        app = create_app({
            "TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3"), "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_BASE_URL": fake.url, "LINE_DATA_API_BASE_URL": fake.url,
        })
        yield LineHarness(app, fake)


def richmenu(line, command: str):
    """Run `flask line richmenu COMMAND` and return its result."""
    return line.app.test_cli_runner().invoke(args=["line", "richmenu", command])


def created(line) -> tuple[str, dict]:
    """Create the menu and return its ID and the rich menu object LINE received."""
    result = richmenu(line, "create")
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == 1
    menu_id = line.fake.default_rich_menu
    return menu_id, line.fake.rich_menus[menu_id]


def test_create_uploads_a_png_of_the_menus_size_and_makes_it_the_default(line):
    menu_id, menu = created(line)
    upload = line.fake.received(f"{RICH_MENU}/{menu_id}/content")[0]
    assert upload.status == 200 and upload.headers["Content-Type"] == "image/png"
    assert upload.headers["Authorization"] == f"Bearer {TOKEN}"
    assert len(upload.body) <= RICH_MENU_IMAGE_BYTES
    image = Image.open(io.BytesIO(upload.body))
    assert image.format == "PNG" and image.size == (menu["size"]["width"], menu["size"]["height"]) == (2500, 1686)
    assert len(image.convert("RGB").getcolors(1 << 22)) > 6  # drawn: tiles, labels and icons, not a blank sheet
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "richmenu.png").write_bytes(upload.body)
    assert line.fake.received(f"{RICH_MENU}/validate")[0].status == 200


def test_a_second_create_replaces_the_first_and_leaves_other_menus_alone(line):
    from bot.line.richmenu import menu_request

    line.fake.rich_menus = {"richmenu-by-someone-else": menu_request("campaign menu").to_dict()}
    first, _ = created(line)
    result = richmenu(line, "create")
    second = line.fake.default_rich_menu
    assert result.exit_code == 0 and "1 older menu(s) of this bot deleted" in result.output
    assert second != first and set(line.fake.rich_menus) == {second, "richmenu-by-someone-else"}


def test_delete_unsets_the_default_and_removes_every_menu_of_ours(line):
    created(line)
    result = richmenu(line, "delete")
    assert result.exit_code == 0 and result.output == "1 rich menu(s) of this bot deleted; the default is unset\n"
    assert line.fake.rich_menus == {} and line.fake.default_rich_menu is None
    assert richmenu(line, "delete").output == "0 rich menu(s) of this bot deleted\n"


def test_the_areas_cover_the_whole_image_without_overlapping(line):
    _, menu = created(line)
    width, height = menu["size"]["width"], menu["size"]["height"]
    boxes = [(a["bounds"]["x"], a["bounds"]["y"], a["bounds"]["width"], a["bounds"]["height"]) for a in menu["areas"]]
    assert len(boxes) == 6 and sum(w * h for _, _, w, h in boxes) == width * height
    assert all(x >= 0 and y >= 0 and x + w <= width and y + h <= height for x, y, w, h in boxes)
    for (ax, ay, aw, ah), (bx, by, bw, bh) in itertools.combinations(boxes, 2):
        assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay
    assert sorted(a["action"]["label"] for a in menu["areas"]) == sorted(EXPECTED)


@pytest.mark.parametrize("label", sorted(EXPECTED))
def test_each_button_gets_a_real_answer_through_the_webhook(line, label):
    _, menu = created(line)
    action = next(area["action"] for area in menu["areas"] if area["action"]["label"] == label)
    assert action["type"] == "postback" and action["displayText"] == label
    line.post(body_of(event("postback", postback={"data": action["data"]})))
    message = delivered(line.fake, REPLY)[-1]["messages"][0]
    shown = message.get("text") or message.get("altText")
    assert DECLINED not in shown and line.db()["inbox_questions"].count == 0
    assert EXPECTED[label] in shown


def test_without_an_access_token_both_commands_say_what_is_missing(app):
    for command in ("create", "delete"):
        result = app.test_cli_runner().invoke(args=["line", "richmenu", command])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "LINE_CHANNEL_ACCESS_TOKEN is not set" in result.output


def test_a_refused_upload_is_one_clear_line_and_leaves_no_menu_behind(line):
    line.fake.then(f"{RICH_MENU}/richmenu-{1:032x}/content", 413, {"message": "Request Entity Too Large"})
    result = richmenu(line, "create")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == 'Error: LINE refused to create the rich menu: status 413 ' \
                                    '{"message": "Request Entity Too Large"}'
    assert line.fake.rich_menus == {} and getattr(line.fake, "default_rich_menu", None) is None


def test_the_fake_refuses_what_line_refuses(line):
    from bot.line import richmenu as menus

    api, blob = menus.apis(line.fake.url, line.fake.url, TOKEN)
    menu_id = api.create_rich_menu(menus.menu_request("guideline-bot menu test")).rich_menu_id
    for body, kind in ((b"\x89PNG" + bytes(RICH_MENU_IMAGE_BYTES), "image/png"), (menus.menu_image(), "image/jpeg"),
                       (b"not an image", "image/png")):
        with pytest.raises(Exception, match="400"):
            blob.set_rich_menu_image(menu_id, body, _headers={"Content-Type": kind})
    with pytest.raises(Exception, match="400"):  # no image yet: LINE will not show an empty menu
        api.set_default_rich_menu(menu_id)
    square = menus.menu_request("guideline-bot menu square")
    square.size.height = 2500
    with pytest.raises(Exception, match="400"):
        api.validate_rich_menu_object(square)


def test_images_go_to_the_data_host_and_everything_else_to_the_api_host():
    from bot.line.richmenu import apis

    api, blob = apis("http://api.example", "http://api-data.example/", TOKEN)
    assert api.api_client.configuration.host == "http://api.example"
    assert blob.api_client.configuration.host == "http://api-data.example"
