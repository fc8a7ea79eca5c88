"""Stage 1, content: YAML with source positions → validated models → a linked `Site`.

Imports no later stage (media, pages, the adapter) and no build state.
"""
