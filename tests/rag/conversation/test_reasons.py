"""A follow-up's request read without the reasons the shopper gives (rag.conversation.reasons)."""

from __future__ import annotations

import pytest

from rag.conversation.reasons import request_of


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
])
def test_statements_are_set_aside(message: str, asked: str, set_aside: tuple[str, ...]) -> None:
    found = request_of(message)
    assert (found.text, found.set_aside) == (asked, set_aside)


@pytest.mark.parametrize("message", [
    "samsung if possible",  # a wish, no statement
    "thanks. what about tablets?",  # a new request after a thank-you
    "ok. I also need a mouse",  # nothing asked but the statement: it is the request
    "under 300 please",
    "my wife says it's too small",  # only a statement: nothing else to read
])
def test_a_message_with_no_statement_beside_its_request_is_read_whole(message: str) -> None:
    assert request_of(message).text == message and request_of(message).set_aside == ()
