"""Follow-up rules written after sets OZ (shoppers who tell a story) and PA (amounts and sizes in words and slang) were read
as dev: the budget held moved by an amount ("knock another twenty off that", "stretch that by another hundred fifty"), a
new thing said with "same brand as the router", "might as well replace the kettle too", "I've been meaning to get a
scanner" or "now I'm shopping for a Canon lens", and a brand said to make better ones is no wish for pricier ones."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.budget import budget_shift, shifted
from rag.conversation.letgo import keeps_brand
from rag.conversation.reasons import request_of
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("Rowenta", "TP-LINK", "Logitech", "Kensington", "Canon", "Philips"), words=frozenset()))


@pytest.mark.parametrize(("message", "shift"), [
    ("knock another twenty off that", -20),
    ("hmm, knock a hundred off that", -100),
    ("eh ok, stretch that by another hundred fifty", 150),
    ("actually I can go up another twenty on that", 20),
    ("nothing grabbing me. go up another fifteen", 15),
    ("I can do 100 more", 100),
    ("lower it by 50", -50),
    ("I need another 20 cables", None),  # (a count)
    ("show me 10 more", None),
    ("under 120 please", None),
])
def test_the_budget_moved_by_an_amount(message: str, shift: float | None) -> None:
    assert budget_shift(message) == shift


def test_a_budget_moved_keeps_its_floor_and_never_goes_below_it() -> None:
    assert shifted(NumericRange(None, 120), -20) == NumericRange(None, 100)
    assert shifted(NumericRange(50, 120), -100) == NumericRange(50, 50)
    assert shifted(NumericRange(150, None), 50) == NumericRange(200, None)


@pytest.mark.parametrize(("message", "price"), [
    ("knock another twenty off that", NumericRange(None, 100)),
    ("eh ok, stretch that by another hundred fifty", NumericRange(None, 270)),
])
def test_a_follow_up_that_moves_the_budget_refines_with_it(tiny_products, message: str, price: NumericRange) -> None:
    conv, lookup = shown_as(tiny_products, "vacuum cleaner", filters=Filters(brands=("Rowenta",), price=NumericRange(None, 120)))
    resolved, _ = resolve(message, conv, PARSER, lookup, None)
    assert resolved.intent is Intent.REFINE and resolved.filters.price == price and resolved.filters.brands == ("Rowenta",)


@pytest.mark.parametrize(("kind", "message", "wanted"), [
    ("router", "My husband also says the office upstairs has 4 things that need to be plugged in with cables and there's only "
               "one wall jack, so he wants a network switch. Same brand as the router please, and no more than $60 for the switch.",
     "network switch"),
    ("coffee maker", "Might as well replace the kettle too, for the same reason. Also black, same as the coffee maker.", "kettle"),
])
def test_a_new_thing_said_beside_the_thing_shown_is_a_new_search_whatever_the_reader_says(tiny_products, kind, message, wanted) -> None:
    conv, lookup = shown_as(tiny_products, kind)
    resolved, parsed = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and wanted in parsed.filters.categories


@pytest.mark.parametrize(("message", "asked"), [
    ("Different thing but I've been meaning to get a scanner so I can digitize the kids' art projects",
     "Different thing but I've been meaning to get a scanner"),
    ("He's giving her his old Canon body since he upgraded. So now I'm shopping for a Canon lens.",
     "So now I'm shopping for a Canon lens"),
])
def test_a_want_said_as_meaning_to_get_or_shopping_for_is_the_request(message: str, asked: str) -> None:
    assert request_of(message).text == asked


def test_a_brand_said_to_make_better_ones_keeps_the_budget(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "mouse", filters=Filters(brands=("Logitech",), price=NumericRange(None, 40)))
    message = "Hmm, my professor just told me Kensington makes better ones for your wrist. Let's swap Logitech for Kensington, same price ceiling."
    resolved, _ = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.filters.brands == ("Kensington",) and resolved.filters.price == NumericRange(None, 40)


@pytest.mark.parametrize("message", ["and a pair of headphones by the same folks, twenty-five or less", "from the same company please"])
def test_the_same_maker_said_in_other_words_keeps_the_brand(message: str) -> None:
    assert keeps_brand(message)


def test_a_budget_moved_is_no_bare_size(tiny_products) -> None:
    held = Filters(price=NumericRange(None, 450), numeric={"screen_in": NumericRange(27, None)})
    conv, lookup = shown_as(tiny_products, "monitor", filters=held)
    resolved, _ = resolve("hmm, knock a hundred off that", conv, PARSER, lookup, None)
    assert resolved.filters.price == NumericRange(None, 350) and resolved.filters.numeric["screen_in"] == NumericRange(27, None)


def test_on_second_thought_points_at_no_product_shown(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "ups", filters=Filters(price=NumericRange(100, 300)))
    resolved, _ = resolve("on second thought nothing under one-fifty, the cheap ones die too fast", conv, PARSER, lookup, None)
    assert resolved.intent is Intent.REFINE and resolved.filters.price == NumericRange(150, 300)


@pytest.mark.parametrize(("message", "asked"), [
    ("i'll need a screen to plug into it as well. a twenty-four incher, a hundred and a half at the very most",
     "i'll need a screen to plug into it as well. a twenty-four incher, a hundred and a half at the very most"),
    ("and i'd want a cover to protect it, nothing over forty", "and i'd want a cover to protect it, nothing over forty"),
])
def test_a_size_an_amount_and_a_want_said_with_would_are_asked(message: str, asked: str) -> None:
    assert request_of(message).text == asked


def test_the_head_word_of_the_kind_shown_names_no_new_thing(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "mobile phone case", filters=Filters(price=NumericRange(None, 25)))
    resolved, _ = resolve("the case should be samsung too", conv, QueryParser(Vocabulary(brands=("Samsung",))), lookup, None)
    assert resolved.intent is Intent.REFINE and resolved.filters.price == NumericRange(None, 25)


def test_one_of_the_shown_settled_on_is_set_aside_before_the_next_thing() -> None:
    request = request_of("mostly grills there but the silver toaster will do. now a kettle to match, same brand, 60 tops")
    assert request.text == "now a kettle to match, same brand, 60 tops"


def test_a_case_said_on_its_own_after_devices_is_theirs(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "tablet", filters=Filters(brands=("Samsung",)))
    parser = QueryParser(Vocabulary(brands=("Samsung",)))
    resolved, _ = resolve("Please also source protective cases in black, $30 or less each.", conv, parser, lookup, None)
    assert resolved.intent is Intent.SEARCH and "protective cases for the tablet" in resolved.search_text


@pytest.mark.parametrize("message", ["webcams too for the same people, 30 tops", "for the same company's new hires"])
def test_the_same_people_it_is_for_keep_no_brand(message: str) -> None:
    assert not keeps_brand(message)
