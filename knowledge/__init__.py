"""The guideline as data: its files, their loader and the search over them."""

from knowledge.loader import KnowledgeError, load
from knowledge.model import Knowledge
from knowledge.search import Index

__all__ = ["Index", "Knowledge", "KnowledgeError", "load"]
