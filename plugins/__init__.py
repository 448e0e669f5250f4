"""MkDocs plugins of the archive: ``archive`` (generated pages, data) and ``archive-search`` (Chinese search)."""
