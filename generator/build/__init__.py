"""Build state: what one build leaves for the next, in files that prove themselves.

One memo class (memo.py), one stat → digest memo (files.py), the pages rendered with the
sources they read (rendercache.py) and the pages the site engine built (pagecache.py), put
together for one build by state.py. Imports no stage: `generator.pipeline` and the adapter
hand the stages what they need (content/sources.py says what that is).
"""
