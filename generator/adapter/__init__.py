"""The MkDocs adapter: the one package that imports mkdocs."""
