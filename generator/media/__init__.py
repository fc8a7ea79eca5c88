"""Stage 2, media: the walk of assets/, one photo's renditions, the photo stage, logo and icon.

Knows the content's photo declarations, never pages.
"""
