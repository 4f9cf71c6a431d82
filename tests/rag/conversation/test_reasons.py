"""A follow-up's request read without the reasons the shopper gives (rag.conversation.reasons)."""

from __future__ import annotations

import pytest

from rag.conversation.reasons import request_of
from rag.conversation.request_kept import in_request
from rag.understanding.parsed import Constraint


@pytest.mark.parametrize(("message", "asked", "set_aside"), [
    # written for set MF (follow-ups that say why): the reason names other things the shopper owns or buys
    ("samsung only - our soundbar is a samsung and I'm tired of juggling two remotes", "samsung only",
     ("our soundbar is a samsung and I'm tired of juggling two remotes",)),
    ("drop the top end to 250, I still have to pay for a motherboard and a cooler out of the same pot",
     "drop the top end to 250", ("I still have to pay for a motherboard and a cooler out of the same pot",)),
    # a list that goes on with the statement is set aside with it
    ("black please. everything on that desk is black, the webcam, the mic arm, even the mousepad", "black please",
     ("everything on that desk is black", "the webcam", "the mic arm", "even the mousepad")),
    ("oh and black please, the desk frame, the arm and my keyboard are all black", "oh and black please",
     ("the desk frame", "the arm and my keyboard are all black")),
    # the request after the reason is kept
    ("Forgot to mention: I buy HP ink in bulk already, so it should be an HP.", "Forgot to mention, so it should be an HP",
     ("I buy HP ink in bulk already",)),
    ("Grandma sent me birthday money so I can go up to fifty now.", "so I can go up to fifty now",
     ("Grandma sent me birthday money",)),
    ("ok i can go up to 800, my parents chipped in $200", "ok i can go up to 800", ("my parents chipped in $200",)),
    # a thousands comma is no clause
    ("keep it under 1,200, i also have to pay for a microsoft 365 license and a mouse", "keep it under 1,200",
     ("i also have to pay for a microsoft 365 license and a mouse",)),
    # written for set MG: what others did or gave, and a verb that is no request ("the switch", "i'd like to reuse")
    ("but cap it at 1500, the boss already approved two new monitors this quarter", "but cap it at 1500",
     ("the boss already approved two new monitors this quarter",)),
    ("actually make it a lenovo. work gave me a thinkpad dock and i'd like to reuse it", "actually make it a lenovo",
     ("work gave me a thinkpad dock and i'd like to reuse it",)),
    ("don't bother with anything less than 500 dollars if it's going to carry the server and the switch",
     "don't bother with anything less than 500 dollars", ("if it's going to carry the server and the switch",)),
    ("huawei - my phone is a huawei", "huawei", ("my phone is a huawei",)),
    # after sets MM and MO were read: a statement without "I", someone else's rule, a budget spent, "anything else",
    # a list's last items, an amount's bound that is no amount
    ("just found six unopened HP 301 cartridges in the drawer, so it should be an HP", "so it should be an HP",
     ("just found six unopened HP 301 cartridges in the drawer",)),
    ("It's going into an HP ProLiant, and they only honour the warranty with HP-branded disks, so HP", "so HP",
     ("It's going into an HP ProLiant", "and they only honour the warranty with HP-branded disks")),
    ("ugh the mesh extender I had to buy ate most of my budget, 50 is the absolute limit for the switch now",
     "50 is the absolute limit for the switch now", ("ugh the mesh extender I had to buy ate most of my budget",)),
    ("It has to be HP. All our office laptops are HP and our IT guy refuses to support anything else", "It has to be HP",
     ("All our office laptops are HP and our IT guy refuses to support anything else",)),
    ("nothing above 25 please, we've already forked out for her compass set, exercise books and a new backpack",
     "nothing above 25 please", ("we've already forked out for her compass set", "exercise books and a new backpack")),
    ("they need to be black, everything on my desk is black, monitor, keyboard, lamp", "they need to be black",
     ("everything on my desk is black", "monitor", "keyboard", "lamp")),
    ("it needs 256 GB of storage at the very least, I'm moving family photos over from my old hp tower",
     "it needs 256 GB of storage at the very least", ("I'm moving family photos over from my old hp tower",)),
    ("I just added a 24-port switch to the rack, so I want something beefier", "so I want something beefier",
     ("I just added a 24-port switch to the rack",)),
    ("my son just got a black galaxy for his birthday, so blue for me", "so blue for me",
     ("my son just got a black galaxy for his birthday",)),
])
def test_statements_are_set_aside(message: str, asked: str, set_aside: tuple[str, ...]) -> None:
    found = request_of(message)
    assert (found.text, found.set_aside) == (asked, set_aside)


@pytest.mark.parametrize(("message", "asked"), [
    # found on the older golden files at 5642b22: a request said these ways was set aside as a reason
    ("the standing desk I just bought cost me a fortune, so $400 is the most I'll pay for the monitor",
     "so $400 is the most I'll pay for the monitor"),
    ("Forgot to say, I want MSI, I've heard good things about their cooling.", "Forgot to say, I want MSI"),
    ("she'd like a lenovo, and at least 8gb ram", "she'd like a lenovo, and at least 8gb ram"),
    ("I find it ought to be 24'' exactly, for the shelf above my desk will take nothing larger",
     "I find it ought to be 24'' exactly, for the shelf above my desk will take nothing larger"),
    ("her brother's motorola has survived three years, so let's go moto", "so let's go moto"),
])
def test_a_request_said_as_a_wish_a_rule_or_a_decision_is_kept(message: str, asked: str) -> None:
    assert request_of(message).text == asked


@pytest.mark.parametrize("message", [
    "samsung if possible",  # a wish, no statement
    "thanks. what about tablets?",  # a new request after a thank-you
    "ok. I also need a mouse",  # nothing asked but the statement: it is the request
    "under 300 please",
    "my wife says it's too small",  # only a statement: nothing else to read
])
def test_a_message_with_no_statement_beside_its_request_is_read_whole(message: str) -> None:
    assert request_of(message).text == message and request_of(message).set_aside == ()


def test_a_brand_colour_or_size_said_only_of_the_shoppers_things_is_no_constraint() -> None:
    from rag.understanding.owned import tells_of_mine

    request = request_of("but at least a hundred dollars, the $40 one my cousin gave me can't drive my two 24 inch monitors")
    said = (Constraint("price", None, "at least a hundred dollars", 0.9), Constraint("screen_in", None, "24 inch", 0.75))
    assert [c.kind for c in in_request(said, request, (), tells_of_mine)] == ["price"]  # a price stays wherever it is said
    black = request_of("black please. everything on that desk is black")
    assert [c.kind for c in in_request((Constraint("colour", "black", "black", 0.5),), black, (), tells_of_mine)] == ["colour"]
    # a wish said in a reason stays ("she'd like a lenovo"), and so does a brand the request says again in other words
    wish = request_of("and at least 8gb ram. she's into lenovo, her old one was great")
    assert [c.kind for c in in_request((Constraint("brand", "Lenovo", "lenovo", 0.9),), wish, (), tells_of_mine)] == ["brand"]
    moto = request_of("her brother's motorola has survived three years, so let's go moto")
    brand = Constraint("brand", "Motorola", "motorola", 0.9)
    assert in_request((brand,), moto, (Constraint("brand", "Motorola", "moto", 0.9),), tells_of_mine) == (brand,)
    # sets NV, NX (dev): a brand said of something someone has, in a reason ("beside my lenovo dock")
    for message, name in [("oh and black only please, it's going on my desk right beside my lenovo dock", "lenovo"),
                          ("it's for my gaming rig with an ASUS board, keep it under 130", "asus")]:
        owned = Constraint("brand", name.upper(), name, 0.95)
        assert in_request((owned,), request_of(message), (), tells_of_mine) == ()
    # ... not what someone likes (set NH), nor a size a thing of theirs fits (set MZ)
    liked = Constraint("brand", "Netgear", "netgear", 0.95)
    assert in_request((liked,), request_of("hmm my neighbour swears by netgear, show me those instead"), (), tells_of_mine) == (liked,)
    fits = Constraint("screen_in", None, "42-inch", 0.75)
    assert in_request((fits,), request_of("their TV cabinet fits a 42-inch exactly, so that size"), (), tells_of_mine) == (fits,)


@pytest.mark.parametrize(("message", "asked"), [
    # sets NZ, OC (dev): a brand said again for the new thing, after a reason
    ("and a docking station so I can plug in my two monitors at the desk. Also HP, under 200", "and a docking station, Also HP, under 200"),
    ("plus a dock so I can plug it into my monitors with one cable. also from HP, and less than a hundred and fifty",
     "plus a dock, also from HP, and less than a hundred and fifty"),
])
def test_a_brand_said_again_after_a_reason_is_asked_for(message: str, asked: str) -> None:
    assert request_of(message).text == asked
    # (a list going on in a statement stays set aside)
    assert "also the mousepad" in request_of("black please. everything on that desk is black, the webcam, also the mousepad").set_aside


@pytest.mark.parametrize(("message", "kept"), [
    # set OE (dev): the next thing asked for after a reason, with "I'd like to", "we'll need", "could you find"
    ("That's the one, she'll love it. The earbuds that come with those are never comfortable for her, so I'd like to get her a "
     "pair of JVC headphones as well. $20 is plenty for those", "so I'd like to get her a pair of JVC headphones as well"),
    ("Great. The hall walls are a bumpy beige, so we'll need a proper screen to project onto.", "so we'll need a proper screen to project onto"),
    ("Thanks, that one looks sensible. I'd like to add an extra internal drive as a backup", "I'd like to add an extra internal drive as a backup"),
    ("OK, we'll order that. We're also nearly out of paper for it, so could you find some printer paper?", "so could you find some printer paper"),
])
def test_the_thing_wanted_after_a_reason_is_asked_for(message: str, kept: str) -> None:
    assert kept in request_of(message).text


def test_a_first_clause_that_opens_a_statements_list_is_the_statements() -> None:
    """ "The desk, the walls and the printer on it are all white, so white please" after surge protectors searched
    furniture."""
    request = request_of("The desk, the walls and the printer on it are all white, so white please, so it blends in.")
    assert request.text == "so white please, so it blends in"
    assert "The desk" in request.set_aside
    # (a first clause that asks stays: "and a docking station so I can plug in my two monitors. Also HP")
    assert request_of("and a docking station so I can plug in my two monitors at the desk. Also HP, under 200").text.startswith(
        "and a docking station")
    # ... and so does one that is no list's item (set LP: "also 15.6in screen, my 14 inch dell at work is too cramped")
    assert request_of("also 15.6in screen, my 14 inch dell at work is too cramped").text == "also 15.6in screen"


def test_a_later_clause_that_wants_a_thing_names_a_new_type() -> None:
    from rag.conversation.reasons import wants

    assert wants("She also asked for a USB flash drive")
    assert wants("I'd like to add an extra internal drive as a backup")
    assert not wants("we already blew a chunk on the gaming monitor and headset that go with it")
    assert not wants("I just need somewhere to plug them all in")  # a use, not a thing (set MO: a hub's)
    assert not wants("we need it for a four-screen trading desk")  # the thing shown (set NC: graphics cards)


@pytest.mark.parametrize(("message", "asked"), [
    # sets OF, OG (dev): the want behind "for this computer", said of her, with its object first, or as what the one must do
    ("For this computer i need also keyboard, cherry brand only, it should stay below $50 please",
     "For this computer i need also keyboard, cherry brand only, it should stay below $50 please"),
    ("Very good. Now for that camera I want a small bag also, black colour, not more as 40 dollars.",
     "Very good. Now for that camera I want a small bag also, black colour, not more as 40 dollars."),
    ("She also need a new electric kettle, Philips also, under fifty.", "She also need a new electric kettle, Philips also, under fifty."),
    ("she'll also need one of those screen filters so nobody can read over her shoulder, 80 bucks at most",
     "she'll also need one of those screen filters, 80 bucks at most"),
    ("I have Philips webcam already, so the headset I want Philips also.", "so the headset I want Philips also"),
    ("oh and something to carry it in between lectures, kensington too, one that takes a 15.6 inch",
     "oh and something to carry it in between lectures, kensington too, one that takes a 15.6 inch"),
])
def test_a_want_said_after_what_it_is_for_or_of_someone_is_the_request(message: str, asked: str) -> None:
    assert request_of(message).text == asked


@pytest.mark.parametrize(("message", "asked"), [
    # set OK (dev): a sentence after a statement starts no list; what happens meanwhile makes no statement
    ("also the laptop's charger is held together with electrical tape at this point. a new charger, HP, less than 50 dollars",
     "a new charger, HP, less than 50 dollars"),
    ("and the thing I boil water in for tea leaks all over the counter. replacement kettle, same brand so they match, 40 max",
     "replacement kettle, same brand, 40 max"),
    ("and more ram while the case is open. 16GB stick, hyperx, no more than 120",
     "and more ram while the case is open. 16GB stick, hyperx, no more than 120"),
    # set OJ (dev): a thing described by what it does is asked for, whoever's room it is for
    ("and the little box that makes the wifi reach my son's room upstairs. white please, same budget as the router",
     "and the little box that makes the wifi reach my son's room upstairs. white please, same budget as the router"),
])
def test_a_sentence_after_a_statement_is_the_request(message: str, asked: str) -> None:
    assert request_of(message).text == asked


def test_where_it_will_live_is_a_statement_and_what_it_will_need_a_request() -> None:
    assert request_of("less than 550, itll live in the kitchen next to the coffee machine").text == "less than 550"
    message = "It'll need a screen too: a 24-inch one, and no more than $200 for that."
    assert request_of(message).text == message
