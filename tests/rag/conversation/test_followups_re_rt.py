"""Follow-up rules written after sets RE (gift lists) and RF became dev: a thing the shopper will "grab" or "throw in" after
"so" is asked for, a size said on its own is the request's, the brand a reason names and the request points back at ("one of
theirs") is searched, "capped" asks, and a present the thing "feels like" is no new gift."""

from __future__ import annotations

from rag.catalog.categories import type_spans
from rag.conversation.cues import REASON, THIS_IS_A_GIFT
from rag.conversation.reasons import request_of, takes_a_thing
from rag.conversation.request_kept import with_brand_kept
from rag.generation.head_named import head_names
from rag.records import Product
from rag.understanding import QueryParser, Vocabulary

PARSER = QueryParser(Vocabulary(brands=("Philips", "Senseo"), words=frozenset()))


def test_a_thing_taken_after_so_is_no_reason() -> None:
    assert REASON.search("they still watch all their old westerns on dvd so i'll grab a dvd player too") is None
    assert REASON.search("philips if poss so it works w the same remote") is not None


def test_a_thing_thrown_in_is_taken() -> None:
    assert takes_a_thing("Awesome. I'll throw in a headset so he can actually talk to his friends")


def test_a_size_on_its_own_is_the_request() -> None:
    request = request_of("And a digital photo frame for the new grandma so she can see them, the 7 inch size")
    assert "the 7 inch size" in request.text and "the 7 inch size" not in request.set_aside


def test_capped_asks() -> None:
    request = request_of("Got roped into the warehouse team's exchange too, also capped at $20. My guy there is impossible "
                         "to shop for so probably just a USB flash drive")
    assert "also capped at $20" in request.text


def test_the_brand_a_reason_names_is_searched_when_the_request_points_at_it() -> None:
    message = "Dad is easier, he just wants a new electric shaver. He's used Philips his whole life so it has to be one of theirs"
    request = request_of(message)
    assert "He's used Philips his whole life" in request.set_aside
    searched = with_brand_kept(request.text, PARSER.parse(message), PARSER.parse(request.text))
    assert searched.endswith(", philips")
    assert with_brand_kept("a new coffee machine", PARSER.parse("a new coffee machine"), PARSER.parse("a new coffee machine")) \
        == "a new coffee machine"


def test_a_present_the_thing_feels_like_is_no_new_gift() -> None:
    assert THIS_IS_A_GIFT.search("and make it over $30 so it feels like a proper two-in-one present")
    assert not THIS_IS_A_GIFT.search("a present for my nephew, he loves lego")


def _product(category: str) -> Product:
    return Product(id="1", title="x", brand="HP", category=category, price=10.0, currency="USD", description="")


def test_a_type_at_the_head_of_a_so_clause_is_named() -> None:
    query = "dad does the household budget by hand every month, so a desk calculator for him."
    assert type_spans("calculator")
    assert head_names(query, [_product("calculator")] * 3)
    assert not head_names("dad does the household budget by hand every month", [_product("calculator")] * 3)


def test_a_thing_the_shopper_should_wear_too_is_taken() -> None:
    assert takes_a_thing("Great. Apparently I should wear headphones while recording too? Black ones please, less than 40.")


def test_a_kind_named_by_its_own_name_after_a_colon_is_named() -> None:
    query = "first step into the world: a security camera for the front of the house. i'll pay"
    assert head_names(query, [_product("security camera")] * 3)


def test_a_brand_of_the_shown_is_not_searched_for_a_new_thing() -> None:
    message = "ok that acer works. need a usb stick too 32gb 15 bucks or less"
    request = request_of(message)
    acer = QueryParser(Vocabulary(brands=("Acer",), words=frozenset()))
    assert "acer" not in with_brand_kept(request.text, acer.parse(message), acer.parse(request.text)).lower()


def test_one_like_the_old_one_is_asked_for() -> None:
    request = request_of("Aunt Linda just wants a new coffee machine, a Senseo pod one like her old one")
    assert "Senseo" in request.text


def test_what_is_done_with_a_thing_names_nothing_the_catalog_lacks() -> None:
    from rag.generation.relevance import in_name_position

    assert not in_name_position("adoption", "we print adoption contracts and scan vet records all day. need an all-in-one printer")
    assert not in_name_position("seriou", "cat hair everywhere. i need a serious vacuum cleaner")


def test_what_holds_a_thing_together_is_no_maker() -> None:
    from rag.generation.relevance import in_name_position

    assert not in_name_position("hope", "need a network switch, the office network is currently held together by hope and tape")
    assert in_name_position("bose", "noise cancelling headphones by bose")


def test_a_pet_sleeping_on_the_desk_is_a_statement() -> None:
    request = request_of("one of the resident cats sleeps on that desk so it can't be a massive one. 14 inch screen")
    assert request.set_aside == ("one of the resident cats sleeps on that desk",) and request.text.endswith("14 inch screen")


def test_a_thing_for_the_shown_said_first_is_wanted() -> None:
    from rag.conversation.subject import kinds_of

    parser = QueryParser()
    named = "tapes for the label maker too, stick with the same brand"
    assert kinds_of(parser.parse(named), wanted_in=named) == {"label tape"}
    assert kinds_of(parser.parse("the label maker with tapes"), wanted_in="the label maker with tapes") == set()
