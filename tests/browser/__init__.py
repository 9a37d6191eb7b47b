"""Browser tests: the example site in Chromium (Playwright) and axe-core."""
