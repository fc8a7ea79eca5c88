"""Stage 3, pages: the linked site and its media rendered through Jinja2 templates into
virtual Markdown pages, navigation, routes and QR codes. Knows nothing of MkDocs."""
