"""Stage 3, pages: the linked site and its media rendered through Jinja2 templates into
virtual Markdown pages, navigation, routes and QR codes, each page with the source files it
read (render.py records them where templates get their objects). Knows nothing of MkDocs."""
