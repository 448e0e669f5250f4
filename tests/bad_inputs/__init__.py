"""The bad-input collection (see README.md) and the helpers that convert and build it."""
