"""Readers that turn published report files (HTML, DOCX, PDF) into plain report text.

Each reader returns the report as lines in the layout of :mod:`build_scripts.inputs.formats.layout`:
one paragraph or heading per line, each table row one line with TAB-separated cells.
"""
