"""Pages: record + text → Markdown report pages in ``content/`` (render, slugs, paths, manifest, convert)."""
