from __future__ import annotations

from mkdocs.config import base
from mkdocs.plugins import BasePlugin


class ArchiveConfig(base.Config):
    pass


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    pass
