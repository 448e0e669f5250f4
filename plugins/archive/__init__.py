"""The archive plugin: reads every report's front matter and generates the site's index pages."""

from __future__ import annotations

from plugins.archive.plugin import ArchivePlugin

__all__ = ["ArchivePlugin"]
