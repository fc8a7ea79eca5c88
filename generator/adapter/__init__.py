"""The MkDocs adapter: the one package that imports mkdocs. The plugin's events (plugin.py)
run the pipeline and hand MkDocs its files; its options check themselves (options.py), as
does mkdocs.yml (config.py); engine.py picks MkDocs or ProperDocs; page reuse (page_reuse.py)
and the search index (search.py) let unchanged pages come from the page cache; the
publish (publish.py) puts the finished site in place in one step."""
