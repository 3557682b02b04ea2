"""The long-lived objects the app shares: knowledge, index and database access."""

import datetime
import functools
import threading
from contextlib import closing
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlite_utils

import knowledge
from bot.config import Settings
from handlers import Incoming, Reply, clock, dispatch, inbox, storage
from handlers.context import DEFAULT_INQUIRY_URL, Contact, Context
from knowledge.mirror import mirror

@dataclass
class Services:
    """Built once by the factory; listeners close over it instead of Flask's globals."""

    settings: Settings
    kb: knowledge.Knowledge
    index: knowledge.Index
    today: Callable[[], datetime.date] = field(default=clock.today)
    faq_seen: str = ""
    rebuilding: threading.Lock = field(default_factory=threading.Lock)
    after_question: Callable[[], None] = field(default=lambda: None)  # set by bot.outbox: tell staff of new questions
    outbox: object = None  # bot.outbox.Outbox, once registered
    in_use: object = None  # the shared hold on the database that tells `restore` this process runs
    threads: threading.local = field(default_factory=threading.local)

    def db(self) -> sqlite_utils.Database:
        """Open a new connection; call it on the thread that will use it."""
        return storage.connect(self.settings.DATABASE_PATH)

    def thread_db(self) -> sqlite_utils.Database:
        """This thread's own connection, opened once and kept: opening one costs more than most of its work."""
        if getattr(self.threads, "db", None) is None:
            self.threads.db = self.db()
        return self.threads.db

    def drop_thread_db(self) -> None:
        """Close this thread's connection after a failure; the next use opens a fresh one."""
        db, self.threads.db = getattr(self.threads, "db", None), None
        if db is not None:
            db.close()

    def index_for(self, db: sqlite_utils.Database) -> knowledge.Index:
        """The search index, rebuilt when the staff's FAQ has changed (in any process)."""
        version = inbox.faq_version(db)
        if version != self.faq_seen:
            with self.rebuilding:
                if version != self.faq_seen:
                    self.index = knowledge.Index.of(self.kb, inbox.faq_docs(db))
                    self.faq_seen = version
        return self.index

    def answer(self, db: sqlite_utils.Database, incoming: Incoming) -> Reply:
        """Dispatch a message on this thread's connection, then let staff hear of any new unanswered question."""
        reply = dispatch(incoming, self.context(db))
        if not reply.answered:  # only a question left unanswered (or a 「役に立たなかった」) goes to the inbox
            self.after_question()
        return reply

    def context(self, db: sqlite_utils.Database) -> Context:
        """The handlers' view of the services, on this thread's database connection."""
        return Context(kb=self.kb, index=self.index_for(db), db=db, today=self.today,
                       inquiry_url=self.settings.CITY_INQUIRY_URL or DEFAULT_INQUIRY_URL, contact=self.contact(),
                       line_account_id=self.settings.LINE_ACCOUNT_ID)

    def contact(self) -> Contact:
        """The policy office's contact details, from the knowledge and the settings."""
        return Contact(f"{self.kb.guideline.publisher}{self.kb.guideline.policy_office}", self.settings.CONTACT_PHONE,
                       self.settings.CONTACT_EMAIL, self.settings.CONTACT_HOURS)


@functools.lru_cache(maxsize=2)
def knowledge_in(folder: str) -> tuple[knowledge.Knowledge, knowledge.Index]:
    """The knowledge of a folder ("" for the shipped files) and its index without FAQ, loaded once per process."""
    kb = knowledge.load(folder or None)
    index = knowledge.Index.of(kb)
    index.search("What is open data?")  # loads the English word frequencies now, not during a resident's question
    return kb, index


def build(settings: Settings) -> Services:
    """Load the knowledge, bring the database up to date and build the index once, with the staff's FAQ."""
    kb, plain_index = knowledge_in(settings.KNOWLEDGE_DIR)
    with closing(storage.connect(settings.DATABASE_PATH)) as db:
        with storage.migration_lock(db):  # several workers may start at once
            storage.apply_migrations(db)
            mirror(db, kb)
        faq = inbox.faq_docs(db)
        index = knowledge.Index.of(kb, faq) if faq else plain_index
        return Services(settings=settings, kb=kb, index=index, faq_seen=inbox.faq_version(db),
                        in_use=storage.hold_in_use(settings.DATABASE_PATH))
