"""The reader: report text → record (sections, tables, narrative, metadata, checks)."""
