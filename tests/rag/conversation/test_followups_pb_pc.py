"""Follow-up rules written after dev sets PB (shoppers who react to what was shown) and PC (formal purchasers) were read:
what the shopper says of the products shown, complaining ("you're showing me 24 inch screens", "why are there HPs in
here??"), is set aside with its brands, colours and sizes; a number said as a screen's size after screens is its size."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.reasons import of_the_shown, request_of
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("Lenovo", "HP", "MSI", "DELL", "Casio", "Kingston Technology"), words=frozenset()))


@pytest.mark.parametrize(("message", "asked", "aside"), [
    ("umm why are there HPs and an MSI in here?? lenovo only please. 16 gigs, 1100 max", "lenovo only please, 16 gigs, 1100 max",
     ("umm why are there HPs and an MSI in here",)),
    ("you're showing me 24 inch screens, I need 27. and Dell, not the other brands", "I need 27, and Dell, not the other brands",
     ("you're showing me 24 inch screens",)),
    ("the 16gb one is useless to me, it needs at least 64gb of storage", "it needs at least 64gb of storage",
     ("the 16gb one is useless to me",)),
    ("half of these are 256gb monsters I don't need to pay for - kingston only, and under 40", "kingston only, and under 40",
     ("half of these are 256gb monsters I don't need to pay for",)),
    ("all black ones? it needs to be blue", "it needs to be blue", ("all black ones",)),
    ("no, the casio ones aren't what I want, HP please. under 40", "no, HP please, under 40", ("the casio ones aren't what I want",)),
])
def test_what_the_shopper_says_of_the_products_shown_is_set_aside(message: str, asked: str, aside: tuple[str, ...]) -> None:
    request = request_of(message)
    assert (request.text, request.set_aside) == (asked, aside)


@pytest.mark.parametrize(("kind", "message", "held", "brands", "colour"), [
    ("notebook", "umm why are there HPs and an MSI in here?? lenovo only please. 16 gigs, 1100 max", Filters(), ("Lenovo",), None),
    ("calculator", "no, the casio ones aren't what I want, HP please. under 40", Filters(), ("HP",), None),
    ("usb flash drive", "all black ones? it needs to be blue", Filters(), (), "blue"),
])
def test_the_brands_and_colours_of_a_complaint_are_not_asked(tiny_products, kind, message, held, brands, colour) -> None:
    conv, lookup = shown_as(tiny_products, kind, filters=held)
    resolved, _ = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.REFINE and resolved.filters.brands == brands and resolved.filters.text.get("colour") == colour


def test_the_size_of_a_complaint_is_not_asked(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "tablet", filters=Filters(brands=("Samsung",), price=NumericRange(None, 550)))
    resolved, _ = resolve("the 16gb one is useless to me, it needs at least 64gb of storage", conv, PARSER, lookup, says_refine())
    assert resolved.filters.numeric["storage_gb"].min == 64 and "memory_gb" not in resolved.filters.numeric


@pytest.mark.parametrize(("kind", "message", "size"), [("monitor", "hmm, I need a 27", 27), ("tv", "a 55 would be better", 55)])
def test_a_number_said_as_a_screens_size_after_screens_is_its_size(tiny_products, kind, message, size) -> None:
    conv, lookup = shown_as(tiny_products, kind, filters=Filters(price=NumericRange(None, 500)))
    resolved, _ = resolve(message, conv, PARSER, lookup, says_refine())
    screen = resolved.filters.numeric["screen_in"]
    assert screen.min <= size <= screen.max and resolved.filters.price.max == 500


@pytest.mark.parametrize(("kind", "message", "wanted"), [
    ("coffee maker", "perfect, ordering that. oh and a kettle while I'm at it, under $40", "kettle"),
    ("projector", "one of those will do. now a clicker to flip through the slides, below 40", "presenter"),
])
def test_the_next_thing_after_a_verdict_on_the_shown_is_a_new_search(tiny_products, kind, message, wanted) -> None:
    conv, lookup = shown_as(tiny_products, kind)
    resolved, parsed = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and parsed.filters.categories == (wanted,)


def test_a_product_taken_then_the_next_thing_is_a_new_search_not_the_products_detail(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "keyboard")
    resolved, parsed = resolve("I'll take the second one. now a mouse, also logitech", conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and parsed.filters.categories == ("mouse",)


def test_a_complaint_of_the_price_shown_is_set_aside() -> None:
    request = request_of("that one's like 400, too pricey, I said 250 tops. philips, 100 to 250")
    assert request.set_aside == ("that one's like 400", "too pricey")


def test_an_exclamation_is_no_typo_of_a_product(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "notebook", filters=Filters(brands=("MSI",)))
    resolved, parsed = resolve("ouch. nothing over 2500 then", conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.REFINE and resolved.filters.price.max == 2500 and "bag" not in parsed.filters.categories


def test_what_a_price_is_of_names_no_new_thing(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "smartphone", filters=Filters(brands=("Samsung",)))
    resolved, _ = resolve("The per-handset budget is $600 maximum.", conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.REFINE and resolved.filters.price.max == 600 and resolved.filters.brands == ("Samsung",)


@pytest.mark.parametrize(("kind", "message", "wanted"), [
    ("printer", "Next item on the requisition is black toner, 16 cartridges, also HP, at $120 or less per cartridge.", "toner cartridge"),
    ("multifunction printer", "And black ink cartridges for them, same brand, under $35 per cartridge.", "ink cartridge"),
])
def test_the_next_item_of_an_order_is_asked_beside_the_same_brand(tiny_products, kind, message, wanted) -> None:
    assert request_of(message).set_aside == ()
    conv, lookup = shown_as(tiny_products, kind)
    resolved, parsed = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and parsed.filters.categories == (wanted,)


def test_switching_the_requirement_names_no_network_switch(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "router", filters=Filters(price=NumericRange(None, 100)))
    resolved, _ = resolve("Please switch the requirement to TP-LINK; colour no longer matters.", conv,
                          QueryParser(Vocabulary(brands=("TP-LINK",), words=frozenset())), lookup, says_refine())
    assert resolved.intent is Intent.REFINE and resolved.filters.brands == ("TP-LINK",)


@pytest.mark.parametrize(("kind", "message", "wanted"), [
    # set PD: chatty shoppers
    ("smartphone", "yay thank you! I've clearly learned nothing, so could you also find me a case for it? same brand as the phone, "
                   "and under $30 please", "mobile phone case"),
    ("calculator", "Great, that's sorted 👍 He also needs a USB hub for his laptop because it only has two ports 🙄 under $40", "usb hub"),
    # set PE: a size's point is no clause's end
    ("desktop pc", "plus a 21.5 inch monitor, same brand as the PC", "monitor"),
])
def test_a_thing_asked_amid_chatter_is_a_new_search(tiny_products, kind, message, wanted) -> None:
    conv, lookup = shown_as(tiny_products, kind)
    resolved, parsed = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and wanted in parsed.filters.categories


@pytest.mark.parametrize("message", ["and actually cut that budget in half", "halve my budget"])
def test_a_budget_scaled_refines(tiny_products, message) -> None:
    conv, lookup = shown_as(tiny_products, "notebook", filters=Filters(price=NumericRange(None, 1000)))
    resolved, _ = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.REFINE and resolved.filters.price.max == 500


def test_the_size_asked_beside_a_complaint_of_the_size_shown(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "monitor", filters=Filters(price=NumericRange(None, 300)))
    resolved, _ = resolve("you're showing me 24 inch screens, I need 27. and Dell, not the other brands", conv, PARSER, lookup, says_refine())
    screen = resolved.filters.numeric["screen_in"]
    assert screen.min <= 27 <= screen.max and resolved.filters.brands == ("DELL",)


def test_a_spec_of_a_part_said_first_in_a_clause_refines(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "notebook", filters=Filters(numeric={"memory_gb": NumericRange(16, None)}))
    resolved, _ = resolve("forgot one thing, SSD has to be 512GB minimum", conv, PARSER, lookup, says_refine())  # (in sample, set LG)
    assert resolved.intent is Intent.REFINE and resolved.filters.numeric["storage_gb"].min == 512


@pytest.mark.parametrize(("clause", "complains"), [
    ("this one is fine", False), ("you show me the 27 inch ones", False),  # (a verdict, a request)
    ("that one's like 400", True), ("you keep giving me 24 inch ones", True),
])
def test_a_verdict_or_a_request_about_the_shown_is_no_complaint(clause: str, complains: bool) -> None:
    assert of_the_shown(clause) is complains
