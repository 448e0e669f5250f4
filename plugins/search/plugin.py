from __future__ import annotations

from mkdocs.config import base
from mkdocs.plugins import BasePlugin


class SearchConfig(base.Config):
    pass


class SearchPlugin(BasePlugin[SearchConfig]):
    pass
