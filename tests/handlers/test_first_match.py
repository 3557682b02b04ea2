"""Every measure's title and every term's headword, asked as a question, comes back first."""

import pytest

from handlers import Incoming, dispatch


def ask(context, text):
    """Dispatch a question as a citizen would send it."""
    return dispatch(Incoming(channel="cli", user="test", text=text), context)


def test_every_measure_title_is_its_own_first_match(context, kb):
    for measure in kb.measures:
        reply = ask(context, measure.title)
        assert (reply.matches[0].kind, reply.matches[0].id) == ("measure", measure.number), measure.title
        assert reply.answered


def test_every_term_headword_is_its_own_first_match(context, kb):
    for term in kb.terms:
        reply = ask(context, term.headword)
        assert reply.matches[0].id == term.headword, term.headword
        assert reply.answered


@pytest.mark.parametrize("kind", ["past_measure", "section"])
def test_past_measures_and_sections_by_title(context, kb, kind):
    entries = kb.past_measures if kind == "past_measure" else kb.sections
    for entry in (e for e in entries if not getattr(e, "listed_again", False)):
        reply = ask(context, entry.title)
        assert entry.title in [m.title for m in reply.matches[:3]], entry.title
