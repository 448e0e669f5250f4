"""Build scripts: read raw disclosure reports in ``sources/`` and write report pages to ``content/``."""
