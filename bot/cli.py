"""`python -m bot`: ask the bot from the shell, chat with it, check the knowledge files, or serve the web app."""

import argparse
import json
import logging
import os
import sys

from bot import create_app, services_of
from handlers import Incoming, Reply
from knowledge import KnowledgeError

QUIT = {"exit", "quit", "q", "終了", "おわり"}


def reply_to(session, text: str, postback: str = "") -> Reply:
    """Answer one question as a citizen would get it, on the app's database (progress, FAQ, inbox)."""
    services, db = session
    return services.answer(db, Incoming(channel="cli", user="cli", text=text, postback=postback))


def render(reply: Reply) -> str:
    """The reply as plain text, with its buttons numbered."""
    buttons = [f"  [{n}] {choice.label}" for n, choice in enumerate(reply.choices, 1)]
    return "\n".join([reply.text, *buttons])


def ask(session, question: str | None, as_json: bool) -> int:
    """Answer one question, or every line of stdin when none is given."""
    questions = [question] if question is not None else (line.rstrip("\n") for line in sys.stdin)
    for text in questions:
        reply = reply_to(session, text)
        print(json.dumps(reply.as_json(), ensure_ascii=False) if as_json else render(reply), flush=True)
    return 0


def chat(session) -> int:
    """An interactive prompt; a number presses the matching button of the last reply."""
    print(render(reply_to(session, "ヘルプ")))
    last = Reply("")
    while True:
        try:
            text = input("\nあなた> ").strip()
        except EOFError:
            return 0
        if text.lower() in QUIT:
            return 0
        if text.isdigit() and 1 <= int(text) <= len(last.choices):
            last = reply_to(session, "", postback=last.choices[int(text) - 1].command)
        elif text:
            last = reply_to(session, text)
        else:
            continue
        print("\nbot> " + render(last))


def check(services) -> int:
    """Print what the knowledge files hold; loading them already validated them."""
    kb = services.kb
    print(f"directions {len(kb.directions)}, items {len(kb.items)}, measures {len(kb.measures)}, "
          f"terms {len(kb.terms)}, past measures {len(kb.past_measures)}, sections {len(kb.sections)}")
    for language, tables in sorted(kb.translations.languages.items()):
        counts = ", ".join(f"{kind} {len(tables.get(kind, {}))}" for kind in ("measure", "term", "section", "past_measure")
                           if tables.get(kind))
        print(f"{language}: {counts}")
    return 0


def serve(port: int) -> int:
    """Serve the web app on this machine only, saying first, in one plain line, where to open it."""
    from werkzeug.serving import make_server

    print(f"http://127.0.0.1:{port} を開いてください", flush=True)
    # A trial on this machine: LINE and Slack being off is expected, so only errors are logged (LOG_LEVEL overrides).
    app = create_app({"LOG_LEVEL": os.environ.get("LOG_LEVEL") or "ERROR"})
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request: errors only
    try:
        server = make_server("127.0.0.1", port, app, threaded=True)
    except OSError as error:
        print(f"port {port} is not free ({error.strerror}): try --port", file=sys.stderr)
        return 1
    server.serve_forever()  # until Ctrl-C
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    ask_parser = commands.add_parser("ask", help="answer a question (or one per stdin line)")
    ask_parser.add_argument("question", nargs="?")
    ask_parser.add_argument("--json", action="store_true", help="print one JSON object per question")
    commands.add_parser("chat", help="talk to the bot as a citizen would")
    commands.add_parser("check", help="validate the knowledge files")
    serve_parser = commands.add_parser("serve", help="serve the web app on 127.0.0.1 for trying it locally")
    serve_parser.add_argument("--port", type=int, default=5000, help="default 5000")
    args = parser.parse_args(argv)
    try:
        if args.command == "serve":
            return serve(args.port)
        services = services_of(create_app({"LOG_LEVEL": "ERROR"}))  # the shell is for answers, not notices
    except KnowledgeError as error:
        print(f"knowledge error: {error}", file=sys.stderr)
        return 2
    if args.command == "check":
        return check(services)
    db = services.db()
    try:
        if args.command == "ask":
            return ask((services, db), args.question, args.json)
        return chat((services, db))
    finally:
        db.close()
