"""Spiders route: they find article URLs in a source's index and hand pages to page modules."""
