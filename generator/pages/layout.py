"""How wide photos are shown, for `sizes`: the browser picks a file from `srcset` by this width
(times the screen's pixel ratio) before it lays the page out, so it has to be told.

Each value here restates a rule of themes/material/assets/stylesheets/showcase.css (photo
grid, cards) or visit.css (route stops); change them together. tests/browser/test_pictures.py
checks in Chromium that every picture loads the smallest file at least as wide as it is shown.

Widths below are CSS pixels. On a phone the text column is the screen less Material's margins
(16 px each side); the photo grid is at most 720 px wide (the portal's text column is at most
48rem, 960 px, wide: see CARD), its gap 10 px.
"""

from __future__ import annotations

from typing import NamedTuple

# media conditions of `sizes` are in em of the browser's default 16 px, like Material's
_WIDE = "(min-width: 47em)"  # ≥ 752 px: the grid has reached its 720 px
_TABLET = "(min-width: 45em)"  # ≥ 720 px: six columns (three photos or two a row)

# one photo across the grid (the first photo of a page, a single photo)
FULL = f"{_WIDE} 720px, calc(100vw - 32px)"

_PHONE = {1: "calc(50vw - 21px)", 2: "calc(100vw - 32px)"}  # of the phone's 2 columns
_DESK = {2: ("234px", "calc(33.33vw - 18px)"),  # of the 6 columns from 720 px on
         3: ("355px", "calc(50vw - 21px)"),
         6: ("720px", "calc(100vw - 32px)")}

# cards (Material's grid cards, at least 16rem wide, 8 px apart; the card's photo is the card
# less its padding and border, 2 × 17 px). One a row below 680 px, two from there on. The
# portal's text column stops growing at 48rem (960 px) from 960 px on: an item's page (cards of
# what is nearby). A list page's column goes on to 61rem (1220 px), three cards a row once
# they fit (from 1008 px). rem is 20 px, 22 from 1600 px on and 24 from 2000 (Material's
# html font-size): the widths above 960 px grow with it.
_REM = "(min-width: 125em) {x24}, (min-width: 100em) {x22}, "
CARD = (_REM.format(x24="511px", x22="469px") + "(min-width: 60em) 426px, "
        "(min-width: 42.5em) calc(50vw - 54px), calc(100vw - 66px)")
LIST_CARD = (_REM.format(x24="428px", x22="393px") + "(min-width: 76.25em) 357px, "
             "(min-width: 63em) calc(33.33vw - 50px), (min-width: 42.5em) calc(50vw - 54px), "
             "calc(100vw - 66px)")

# the home page's villages (showcase.css .sc-places): two a row, three from 480 px on, 14 px
# apart in the page's 61rem wrap (16 px padding each side, 24 from 1220 px on)
PLACE = (_REM.format(x24="458px", x22="420px") + "(min-width: 76.25em) 381px, "
         "(min-width: 30em) calc(33.33vw - 20px), calc(50vw - 23px)")

# a route stop's photo: beside the text from 720 px on, under the stop's name on a phone
STOP = "(min-width: 45em) 288px, calc(100vw - 79px)"

# the home page's banner photo (showcase.css .sc-banner): across the screen, cropped to the
# banner's height. On a phone it lies under 78–86 % of red, a backdrop whose detail is not seen,
# so half its width in pixels is enough: a 2× phone loads the 720 px file, not the 1080 px one
# (Lighthouse counted 21 KiB of it wasted). From 720 px on the red fades out to the right and the
# photo shows: its whole width.
BANNER = f"{_TABLET} 100vw, 50vw"

# a person's portrait (showcase.css .sc-portrait): beside their name, 120 px wide on a
# phone, 180 px from 720 px on
PORTRAIT = f"{_TABLET} 180px, 120px"

# a 公众号 QR code (showcase.css .sc-wechat-qr): 160 px, large enough to scan from a screen
WECHAT_QR = "160px"


class Slot(NamedTuple):
    css: str  # classes of the photo's <figure>
    sizes: str


def _slot(phone: int, desk: int) -> Slot:
    classes = ["sc-photo"]
    if phone == 2:
        classes.append("sc-photo--p2")
    if desk != 2:
        classes.append(f"sc-photo--d{desk}")
    wide, tablet = _DESK[desk]
    return Slot(" ".join(classes), f"{_WIDE} {wide}, {_TABLET} {tablet}, {_PHONE[phone]}")


def gallery_slots(count: int) -> list[Slot]:
    """Where each of `count` small photos goes, so that no row is left half empty: two a row
    on a phone (an odd last one across the row), three a row from 720 px on (the last two
    share a row, or the last four two rows; a single photo takes the whole row)."""
    slots = []
    for index in range(count):
        from_end = count - index
        phone = 2 if count % 2 and from_end == 1 else 1
        if count == 1:
            desk = 6
        elif (count % 3 == 2 and from_end <= 2) or (count % 3 == 1 and from_end <= 4):
            desk = 3
        else:
            desk = 2
        slots.append(_slot(phone, desk))
    return slots
