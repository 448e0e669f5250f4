"""The archive's Chinese search: a sharded character-bigram lunr index, queried by lunr.js."""

from __future__ import annotations

from plugins.search.plugin import SearchPlugin

__all__ = ["SearchPlugin"]
