"""Server-rendered pages: the progress page, a page per measure, the glossary, and the web chat."""

import hashlib
import hmac
import ipaddress
import secrets
from contextlib import closing
from urllib.parse import urlsplit

from flask import Blueprint, abort, jsonify, make_response, render_template, request

from bot.web import charts
from bot.web.opendata import LICENCE, LICENCE_URL
from handlers import Incoming, Reply, inbox, progress, ratelimit, status, storage
from handlers.wording import fiscal_year_label

MAX_QUESTION = 500
CLIENT_COOKIE = "chat_client"  # a random id per browser, for the CSRF token and the rate limit; no personal data
PER_NETWORK = 5  # a network (an office or a school behind one address) may ask this many times one client's limit


def blueprint(services) -> Blueprint:
    """The web pages, closed over the services."""
    web = Blueprint("web", __name__)

    @web.app_context_processor
    def common():
        """What every page shows: the plan's title and the licence."""
        return {"plan": services.kb.guideline, "licence": LICENCE, "licence_url": LICENCE_URL}

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
        return render_template("chat.html", question=None, reply=Reply(ratelimit.MESSAGE)), 429

    @web.get("/")
    def index():
        """All directions and measures with their latest progress, the timeline and the counts."""
        today = services.today()
        with closing(services.db()) as db:
            rows = status.everything(db, services.kb, today)
            questions = inbox.statistics(db)
        plan = services.kb.guideline
        counts = status.counts(rows)
        return render_template(
            "index.html", rows=rows, directions=services.kb.directions, counts=counts,
            stale=sum(row.stale for row in rows), today=today, status_of=charts.status_of,
            timeline=charts.timeline(rows, plan.start_fy, plan.end_fy, today), bars=charts.status_bars(counts),
            fiscal_years=[fiscal_year_label(fy) for fy in plan.fiscal_years], describe=progress.describe,
            colours=charts.COLOURS, questions=questions,
        )

    @web.get("/measures/<number>")
    def measure(number: str):
        """One measure: its full text, schedule, departments, reports and terms."""
        found = services.kb.measure(number)
        if found is None:
            abort(404)
        today = services.today()
        with closing(services.db()) as db:
            row = status.standing(db, services.kb, found, today)
            history = progress.history(db, number)
        text = found.title + found.overview + "".join(found.initiatives)
        return render_template(
            "measure.html", measure=found, row=row, history=history, describe=progress.describe,
            item=services.kb.item(found.item), direction=services.kb.direction(found.direction),
            terms=[t for t in services.kb.terms if t.headword in text], label=fiscal_year_label,
            status_of=charts.status_of, kinds={"report": "報告", "correction": "訂正", "withdrawal": "取り下げ"},
            vias=progress.VIAS,
        )

    @web.get("/glossary")
    def glossary():
        """Every term with its reading and definition."""
        return render_template("glossary.html", terms=sorted(services.kb.terms, key=lambda t: t.reading))

    @web.route("/chat", methods=["GET", "POST"])
    def chat():
        """The web chat; without JavaScript the form posts here and the answer is drawn on the page."""
        question = request.form.get("q", "")[:MAX_QUESTION].strip()
        postback = request.form.get("postback", "")[:MAX_QUESTION].strip()
        reply = answer(services, question, postback) if (question or postback) else None
        client = request.cookies.get(CLIENT_COOKIE) or secrets.token_urlsafe(16)
        with closing(services.db()) as db:
            token = csrf_token(db, client)
        page = make_response(render_template("chat.html", question=question or None, reply=reply, csrf=token))
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
        return jsonify(answer(services, question, postback).as_json())

    @web.app_errorhandler(404)
    def not_found(error):
        """A page that says what is missing and where to go."""
        return render_template("error.html", message="お探しのページは見つかりませんでした。"), 404

    return web


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
