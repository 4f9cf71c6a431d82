"""Needs said in words become the product type that serves them; a type the shopper asks for keeps its place."""

from __future__ import annotations

import pytest

from rag.catalog.categories import TAXONOMY
from rag.understanding.needs import NEEDS, need_category, with_need


@pytest.mark.parametrize(
    ("message", "derived", "wanted"),
    [
        ("my pc has no camera and i need to do video calls with family", "camera", "webcam"),
        ("people say i look blurry on zoom calls", None, "webcam"),
        ("my wifi doesnt reach the bedroom upstairs, what do i need", None, "access point"),
        ("wifi barely reaches my upstairs bedroom", None, "access point"),
        ("something to keep my pc running when the power goes out", "desktop pc", "ups"),
        ("i need to back up my photos, my laptop is almost full", "notebook", "external hard drive"),
        ("backup power for my pc", "desktop pc", "ups"),  # a backup of power, not of files
        ("want to print my own shipping labels", "labels", "label maker"),
        ("we need to put slides up on the wall in the meeting room", None, "projector"),
        ("digitise a box of old paper documents", "printing paper", "scanner"),
        ("music on the train without annoying anyone", None, "headphones"),
        # a type the shopper asks for stays: the need says what it is for
        ("laptop for zoom calls", "notebook", "notebook"),
        ("the best laptop for zoom calls", "notebook", "notebook"),
        ("a camera with 20x optical zoom", "camera", "camera"),
        ("something with a big optical zoom", None, None),
        ("a monitor for video calls", "monitor", "monitor"),
        ("a smartwatch for running", "smartwatch", "smartwatch"),
        # no need stated: the words decide
        ("sony camera", "camera", "camera"),
        ("gift for my dad", None, None),
        ("i have to do video calls but my pc doesnt have a camera", "camera", "webcam"),
        ("my laptop screen is too small, need a bigger screen", "notebook", "monitor"),
        ("gift for my mum, she cant live without her morning coffee", None, "coffee maker"),
        ("power keeps cutting out and my pc just dies", "desktop pc", "ups"),
        # ten turns of nine writers: a flicker that kills the pc asks to keep it running (a UPS), not a surge protector
        ("the power in our street keeps flickering and my pc just dies mid work", "desktop pc", "ups"),
        # writers DV and DQ: losing the work, keeping the pc on; the power that "went out"
        ("power keeps flickering and i lose whatever im working on. need something so my pc stays on long enough to save", None, "ups"),
        ("power went out twice this week and i lost a whole spreadsheet", None, "ups"),
        # writer EA: a desktop that "hasnt got a camera built in" asks for a webcam; EB: printing and "scan + copy"
        ("my mum wants to video call the grandkids from her desktop but it hasnt got a camera built in", "camera", "webcam"),
        ("kids need to print their homework and i have to scan + copy forms for work sometimes", None, "multifunction printer"),
        ("the lights flicker when the heater is on", None, None),
        # writer AH: a type word said as a verb is not asked for; "basically full" is full
        ("mum wants to video call the grandkids, her desktop has no camera. what does she need to plug in", "connector", "webcam"),
        ("laptop is basically full of photos, need somewhere to dump them all", "notebook", "external hard drive"),
        ("want to buy a laptop for zoom calls", "notebook", "notebook"),
        # writer AI: "10 years" is how long, not a warranty
        ("need to back up like 10 years of family photos before the old pc dies", "warranty", "external hard drive"),
        ("3 year warranty for my laptop", "warranty", "warranty"),
        ("lights flicker and my desktop just dies. want something that keeps the pc running long enough to save",
         "desktop pc", "ups"),  # the pc kept running is the thing the need is about
        ("need somewhere to back up my photos, laptop is nearly full", "notebook", "external hard drive"),
        ("neighbours complain when i play music late at night", None, "headphones"),
        ("have to show slides to a room of 30 people", None, "projector"),
        ("video call my grandkids from my desktop but it has no camera", "desktop pc", "webcam"),
        ("gaming laptop that doesnt overheat", "notebook", "notebook"),
        # writers AK-AN: a laptop raised, a laptop carried, a runner, a long flight, films on a sheet
        ("my neck is killing me from hunching over my laptop on the kitchen table all day, something to raise it up?",
         "furniture", "notebook stand"),  # the table is where, not what
        ("i cycle to work and need something to carry my laptop in", "bag", "notebook bag"),
        ("a backpack to carry my laptop", "backpack", "backpack"),
        ("xmas gift for my wife, she goes running every morning before work", None, "smartwatch"),
        ("he runs every morning and wants to track his pace n heart rate", None, "smartwatch"),
        ("earbuds for running", "headphones", "headphones"),
        ("flying to sydney, want something to block out the engine noise and the crying babies lol",
         "personal care", "headphones"),  # "something to" the need is what is asked for
        ("movie nights in the garden this summer, projecting onto a sheet on the fence", None, "projector"),
        ("wanna do outdoor movie nights", None, "projector"),
        # writer AL: the photo printed is the need's own word, not photo paper wanted
        ("want to be able to print the kids homework and the odd photo at home", "photo paper", "printer"),
        ("photo paper to print my photos at home", "photo paper", "photo paper"),
        # writers AP + AR: the match on something big, print and scan, the camera on the shopper's laptop, a bag
        # for the train (listening on the train is headphones; carrying a laptop on it is not)
        ("want to watch the football on something big in the living room", None, "tv"),
        ("need something at home to print and scan my kids school worksheets", None, "multifunction printer"),
        ("the camera on my old laptop stopped working and i video call my grandkids", "camera", "webcam"),
        ("bag to carry my 15.6 inch laptop on the train", None, "notebook bag"),
        ("podcasts on the train", None, "headphones"),
        # writers AS-AV: a student's laptop, a neck bent over a laptop at the kitchen table
        ("my daughter starts uni in sept, needs something for essays and netflix", None, "notebook"),
        # writers AW-AZ: printing with a scan, a bag for the commute, a film night in the living room
        ("kids keep needing stuff printed for school and sometimes i need to scan forms", None, "multifunction printer"),
        ("anything from thule? need something to lug my stuff to work", None, "backpack"),
        ("want to make the living room into a proper movie night setup, big picture", None, "tv"),
        ("we want to do movie nights on the big white wall in our living room", None, "projector"),  # the wall: a projector
        ("neck is killing me from looking down at my laptop all day working from the kitchen table", "furniture",
         "notebook stand"),
        ("my printer is old, want to print documents at home", None, "printer"),
        # writers DA and DG: notes in class; the laptops a NAS serves are no laptop asked for
        ("going back to school at 40 lol, need something light to take notes in class, 600 max", None, "notebook"),
        ("need somewhere to back up everyones photos at home, ideally on the home network so all the laptops can reach it",
         "notebook", "nas"),
        # writer DB: a dead laptop camera and zoom; cameras on in meetings; wifi said to be terrible in a room
        ("the camera on my laptop died and i do zoom w/ my grandkids every sunday. what do i need to buy", "camera", "webcam"),
        ("boss wants cameras on in every meeting now and the one built into my laptop is potato quality lol", "camera",
         "webcam"),
        ("wifi is terrible in the back bedroom, cant even stream. what do i need to fix that", None, "access point"),
        # writers DM-DP: a screen to hold for video calls; being heard on calls; a dead laptop cam; music with no phone;
        # music at the beach
        ("my mum wants to video call the grandkids, she's never used a computer. something simple she can hold w a decent "
         "size screen", "computer", "tablet"),
        ("i'm on zoom calls all day from a noisy flat share, need something so ppl can actually hear me", None, "headset"),
        ("my laptop cam just died and ive got zoom interviews all next week, need something i can plug in", "camera", "webcam"),
        ("my son (10) wants to listen to music on the school bus but im not ready to give him a phone yet", "smartphone",
         "mp3 player"),
        ("something to play music at the beach w/ friends, needs to be portable. not huge money", None, "portable speaker"),
    ],
)
def test_a_stated_need_names_the_type(message: str, derived: str | None, wanted: str | None) -> None:
    category, phrase = with_need(message, derived)
    assert category == wanted
    assert (phrase is not None) == (wanted is not None and wanted != derived)  # the need's words, when it decided


def test_every_need_names_a_catalog_type() -> None:
    names = {c.name for c in TAXONOMY}
    for _, category in NEEDS:
        assert category in names, category
    assert need_category("usb stick 64gb") is None


def test_a_type_the_shopper_names_beside_the_need_is_asked_for_not_needed() -> None:
    """Found on writer K's set once printing at home was a need: "do you sell 3d printers? want to print little
    figurines ..." took the printer on the need's word, so the "3d printer" (not carried) was never checked."""
    assert with_need("do you sell 3d printers? want to print little figurines and spare parts at home", None) == ("printer", None)


def test_zoom_lectures_for_a_student_are_no_webcam() -> None:
    """Broke on a first rule from writer DB (zoom said with "do"): the student's laptop need wins."""
    assert with_need("my daughter starts uni in sept and needs something to write essays on and do zoom lectures", None)[0] \
        == "notebook"
