"""Build state: what one build leaves for the next (caches, memos, recorded dependencies).

Imports no stage: the stages are handed what they need by `generator.pipeline` and the adapter.
"""
