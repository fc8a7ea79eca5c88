"""党建品牌展示站生成器 — the core pipeline (load → validate → link → render).

Nothing in this package imports MkDocs except :mod:`generator.mkdocs_plugin`.
"""

PIPELINE_VERSION = "1"
