"""The web chat: its page, its JSON endpoint, and the guards in front of both."""

import functools
import hashlib
import hmac
import ipaddress
import re
import secrets
from contextlib import closing
from urllib.parse import urlsplit

import segno
from flask import Blueprint, jsonify, make_response, render_template, request, url_for

from handlers import Incoming, Reply, ratelimit, storage, subscriptions

MAX_QUESTION = 500
CLIENT_COOKIE = "chat_client"  # a random id per browser, for the CSRF token and the rate limit; no personal data
PER_NETWORK = 5  # a network (an office or a school behind one address) may ask this many times one client's limit
STARTERS = {  # questions the bot answers with confidence (checked with `python -m bot ask`; a test asks each)
    "ja": ("オープンデータって何？", "無料Wi-Fiはどこで使えますか？", "マイナンバーカードで何ができますか？",
           "スマホが苦手な高齢者への支援はありますか？", "災害のときの情報発信はどうなりますか？", "指針の期間はいつまでですか？"),
    "en": ("What is open data?", "Where can I use free Wi-Fi?", "Can I apply online?",
           "What can I do with my My Number Card?", "What is RPA?", "Until when does the guideline run?"),
}
ABOUT_FOLLOWING = re.compile(r"フォロー|follow", re.IGNORECASE)


def blueprint(services) -> Blueprint:
    """The chat routes, closed over the services."""
    web = Blueprint("chat", __name__)

    @web.before_request
    def guard_the_chat():
        """Before any work on a chat post: refuse it from another site, and a flood from one client."""
        if request.method != "POST":
            return None
        if cross_site():
            return jsonify(error="a request from another site is refused"), 403
        client = request.cookies.get(CLIENT_COOKIE, "")
        token = request.headers.get("X-CSRF-Token") or request.form.get("csrf", "")
        limit = services.settings.RATE_LIMIT_PER_MINUTE
        with closing(services.db()) as db:
            if not (client and hmac.compare_digest(token, csrf_token(db, client))):
                return jsonify(error="このページを開き直してから、もう一度送ってください。"), 403
            verdicts = {ratelimit.check(db, pseudonym(db, "client", client), limit),
                        ratelimit.check(db, pseudonym(db, "network", network_of(request.remote_addr or "")),
                                        limit * PER_NETWORK)}
        if verdicts == {ratelimit.OK}:
            return None
        if request.path == "/chat/ask":
            return jsonify(error=ratelimit.MESSAGE), 429
        return chat_page(services, "", "", Reply(ratelimit.MESSAGE), token), 429

    @web.route("/chat", methods=["GET", "POST"])
    def chat():
        """The web chat; without JavaScript the form posts here and the answer is drawn on the page."""
        question = request.form.get("q", "")[:MAX_QUESTION].strip()
        postback = request.form.get("postback", "")[:MAX_QUESTION].strip()
        reply = answer(services, question, postback) if (question or postback) else None
        client = request.cookies.get(CLIENT_COOKIE) or secrets.token_urlsafe(16)
        with closing(services.db()) as db:
            token = csrf_token(db, client)
        page = make_response(chat_page(services, question, postback, reply, token))
        page.set_cookie(CLIENT_COOKIE, client, httponly=True, samesite="Strict", secure=request.is_secure)
        return page

    @web.post("/chat/ask")
    def ask():
        """The web chat's JSON endpoint: the same answers, candidates and fallback as LINE."""
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return jsonify(error="expected a JSON object with 'q' or 'postback'"), 400
        question, postback = str(body.get("q") or "").strip(), str(body.get("postback") or "").strip()
        if not (question or postback):
            return jsonify(error="empty question"), 400
        if len(question) > MAX_QUESTION or len(postback) > MAX_QUESTION:
            return jsonify(error=f"question longer than {MAX_QUESTION} characters"), 413
        reply = answer(services, question, postback)
        return jsonify({**reply.as_json(), **web_extras(services, reply, question or postback)})

    return web


def chat_page(services, question: str, postback: str, reply: Reply | None, csrf: str) -> str:
    """The chat page in the language the visitor chose (?lang=en), with the reply drawn if there is one."""
    lang = "en" if request.args.get("lang") == "en" else "ja"
    extras = web_extras(services, reply, question or postback) if reply else {}
    return render_template("chat.html", lang=lang, starters=STARTERS[lang], question=question, reply=reply,
                           link=extras.get("link"), line_follow=extras.get("line_follow"), csrf=csrf)


def web_extras(services, reply: Reply, asked: str) -> dict:
    """What the web adds to a reply: a link to the page it comes from, and how to follow on LINE where relevant."""
    extras = {}
    link = source_link(services.kb, reply)
    if link:
        extras["link"] = link
    if ABOUT_FOLLOWING.search(asked) or any(c.command.startswith("follow ") for c in reply.choices):
        extras["line_follow"] = line_follow(services.settings.LINE_ACCOUNT_ID)
    return extras


def source_link(kb, reply: Reply) -> dict | None:
    """The site's page for the measure or term an answer is about, labelled in the reply's language."""
    card = reply.card
    english = reply.lang != "ja"
    if not reply.answered or card is None:
        return None
    if card.kind == "measure":
        return {"href": url_for("web.measure", number=card.id),
                "label": f"Open the page of measure {card.id} (in Japanese)" if english
                else f"施策 {card.id} のページを開く"}
    if card.kind == "term":
        return {"href": url_for("web.glossary", _anchor=f"term-{kb.term(card.id).footnote}"),
                "label": f"See “{card.title}” in the glossary (in Japanese)" if english
                else f"用語集で「{card.title}」を見る"}
    return None


@functools.lru_cache(maxsize=4)
def line_follow(account_id: str) -> dict:
    """The LINE account's add-friend link and its QR code as inline SVG; both empty when no account is set."""
    if not account_id:
        return {"url": "", "qr_svg": ""}
    url = subscriptions.add_friend_url(account_id)
    qr_svg = segno.make(url, error="m").svg_inline(scale=4, omitsize=True, dark="#000", light="#fff")
    return {"url": url, "qr_svg": qr_svg}


def cross_site() -> bool:
    """Tell whether the browser says the post comes from another site (Sec-Fetch-Site, else Origin)."""
    fetched_from = request.headers.get("Sec-Fetch-Site")
    if fetched_from:
        return fetched_from not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return bool(origin) and urlsplit(origin).netloc != request.host


def csrf_token(db, client: str) -> str:
    """The token a chat page carries for its client cookie; a post without it came from elsewhere."""
    return hmac.new(storage.secret(db, "csrf").encode(), client.encode(), hashlib.sha256).hexdigest()[:32]


def network_of(address: str) -> str:
    """The network a web client is in (IPv4 /24, IPv6 /56): a script changing cookies stays in it."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(ipaddress.ip_network(f"{ip}/{24 if ip.version == 4 else 56}", strict=False))


def pseudonym(db, kind: str, value: str) -> str:
    """A rate-limit key for a client cookie or a network, under the installation's salt; never stored raw."""
    salt = storage.secret(db, "client_salt").encode()
    return f"web-{kind}:" + hmac.new(salt, value.encode(), hashlib.sha256).hexdigest()[:32]


def answer(services, question: str, postback: str):
    """Ask the bot as a web visitor."""
    with closing(services.db()) as db:
        return services.answer(db, Incoming("web", "web", question, postback))
