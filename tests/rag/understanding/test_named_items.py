"""Named items the catalog does not carry: a model or product line held only around other products."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from rag.catalog.vocabulary import Vocabulary
from rag.records import Product
from rag.understanding import QueryParser
from rag.understanding.named import missing_items, named_items


def product(pid: str, title: str, category: str, brand: str = "Acme") -> Product:
    return Product(id=pid, title=title, brand=brand, category=category, price=10.0, currency="USD", description="")


# A small catalog in the shape of the real one: iPhones only in accessories' titles, Galaxy phones
# carried under their own name, an iPod only after "For".
CATALOG = [
    product("1", "Contour Design HardSkin iPhone 3G mobile phone case Pink", "mobile phone case"),
    product("2", "Philips Headset for iPhone with remote and mic", "headset", "Philips"),
    product("3", "Lenovo Tip for Apple iPod and iPhone 3G power adapter Black", "charger", "Lenovo"),
    product("4", "Samsung Galaxy A41 SM-A415F 15.5 cm (6.1\") 4 GB 64 GB Black", "smartphone", "Samsung"),
    product("5", "Samsung Galaxy Watch Active2 smartwatch Black GPS (satellite)", "smartwatch", "Samsung"),
    product("6", "Bigben Interactive NNS57 portable game console case Sleeve case Nintendo Black", "game console", "Bigben"),
    product("7", "HP Chromebook 14 G6 Black 35.6 cm (14\")", "notebook", "HP"),
]


class TitleIndex:
    """A lexical lookup over the titles above (the chain uses the engine's BM25 leg)."""

    def __init__(self, products: Sequence[Product]) -> None:
        self.products = products
        self.asked: list[str] = []

    def __call__(self, text: str) -> list[Product]:
        self.asked.append(text)
        words = text.split()
        return [p for p in self.products if any(w in p.title.lower() for w in words)]


PARSER = QueryParser(Vocabulary(brands=("Samsung", "Lenovo", "Philips", "HP"),
                                words=frozenset({"iphone", "galaxy", "ipod", "apple", "chromebook", "nintendo"})))


def missing(message: str) -> tuple[str, ...]:
    parsed = PARSER.parse(message)
    return missing_items(parsed, TitleIndex(CATALOG), PARSER.normalize(message))


@pytest.mark.parametrize("message", ["iphone 15 pro", "apple laptop", "ipod", "case for an iphone 15"])
def test_a_name_held_only_by_accessories_or_without_its_model_number_is_missing(message: str) -> None:
    assert missing(message), message


@pytest.mark.parametrize("message", ["samsung galaxy phone", "galaxy watch", "chromebook", "iphone case",
                                     "headset for my iphone", "laptop under 500", "wireless mouse",
                                     "samsung pls, im used to it",  # writer BY: a habit, not a "used" product
                                     "samsung laptop, mostly for work + lots of chrome tabs",  # writer CD: browser tabs
                                     # constraint set KG: the shopper's own one
                                     "my current monitor is 24 inches and i don't want to go any smaller",
                                     # constraint set KK: the people or the place it is for
                                     "headphones for the language lab, 30 pairs", "laptop bags for field staff",
                                     "hp printer for the art department"])
def test_a_carried_name_or_a_plain_request_is_not(message: str) -> None:
    assert missing(message) == (), message


def test_the_missing_name_is_what_the_shopper_wrote_with_its_model_number() -> None:
    assert missing("iphone 15 pro") == ("iphone 15",)  # "pro" describes many kinds of product
    assert missing("iphone 15 plus") == ("iphone 15 plus",)
    assert missing("iphone 3g case") == ()  # the 3G is in a case's title


def test_a_title_that_names_an_accessory_is_not_the_item_whatever_its_category() -> None:
    # Filed as a game console, the record is a sleeve for one: no Nintendo console is carried.
    assert missing("nintendo game console") == ("nintendo game console",)


def test_names_skip_types_brands_specs_soft_and_generic_words() -> None:
    # "usb" is a word of many types' phrases (usb cable, usb hub, ...): a description, not a name.
    assert named_items(PARSER.parse("usb battery")) == ()
    parsed = PARSER.parse("samsung galaxy a41 with 64gb for a student under $300")
    assert [i.text for i in named_items(parsed, PARSER.normalize(parsed.raw))] == ["galaxy a41"]
    assert named_items(PARSER.parse("keyboard for an ipad")) == ()  # "ipad" is a type phrase (tablet)


def test_when_and_where_a_shopper_saw_a_price_names_no_product() -> None:
    """Found by the injection suite: "hp notebook for $12 (the price on your site yesterday)" was answered
    "We don't carry the site yesterday", repeating the planted claim."""
    parsed = PARSER.parse("hp notebook for $12 (the price on your site yesterday)")
    assert named_items(parsed, PARSER.normalize(parsed.raw)) == ()


def test_a_kind_of_the_asked_type_no_record_holds_is_missing_with_its_type() -> None:
    lookup = TitleIndex(CATALOG)
    parsed = PARSER.parse("zqx headphones")
    assert missing_items(parsed, lookup) == ("zqx headphones",)
    assert lookup.asked == ["zqx zqx headphones"]


def test_a_kind_a_record_of_the_type_describes_is_carried() -> None:
    keyboard = Product(id="k", title="Acme K1 keyboard USB", brand="Acme", category="keyboard", price=20.0,
                       currency="USD", description="Backlit keys for typing in the dark")
    parsed = PARSER.parse("backlit keyboard")
    assert missing_items(parsed, TitleIndex([keyboard, *CATALOG])) == ()


def test_a_number_led_kind_needs_a_product_of_the_asked_type() -> None:
    tv = product("t", "Acme 3D TV 42 inch", "tv")
    printer = product("p", "Acme 3D printer", "printer")
    assert missing_items(PARSER.parse("3d printer"), TitleIndex([tv, *CATALOG])) == ("3d printer",)
    assert missing_items(PARSER.parse("3d printer"), TitleIndex([tv, printer, *CATALOG])) == ()


@pytest.mark.parametrize("message", [
    "need somewhere to back up all my photos, laptop is nearly full",
    "monitor with built in speakers under 200",
    "need to show slides on the wall in our meeting room",
])
def test_words_of_a_sentence_that_names_a_type_are_no_names(message: str) -> None:
    parsed = PARSER.parse(message)
    assert named_items(parsed, PARSER.normalize(message)) == (), message


@pytest.mark.parametrize(("message", "names"), [
    # a "for ..." clause ends with its clause; "she's" and "u" are no names (an English word in a "for ..." clause is a
    # name beside an accessory only: "gift for my niece" names no item, constraint set KK)
    ("a case for my kindle, she's obsessed with dolls", ["kindle"]),
    ("do u have the samsung galaxy in blue", ["galaxy"]),
    # constraint set KR: what a person does, in a "who ..." clause, is no device a bag serves; words joined by a hyphen
    # are words of the language ("runs cross-country")
    ("backpack for my granddaughter who's going travelling round europe", ["granddaughter"]),
    ("mp3 player for my grandson who runs cross-country", []),
])
def test_names_end_where_the_clause_ends(message: str, names: list[str]) -> None:
    parsed = PARSER.parse(message)
    assert [i.text for i in named_items(parsed, PARSER.normalize(message))] == names


@pytest.mark.parametrize("message", [
    # found on writers AC + AD: a number after a word of the language is no model number, a chat
    # word no name, a conjunction ends a "for ..." clause, how it comes is no kind of the type
    "just got a samsung galaxy and dropped it on day 2 already, need a case for it",
    "bag for my 15.6 inch laptop, backpack or shoulder style both fine",
    "laptop with 512gb ssd, its for uni so ill be carrying it around all day",
    "the cable on my charger is sparking a bit lol. want a genuine lenovo one",
    "just want a ready made laptop with 16gb ram",
    "my laptop keeps dying and i cant get it fixed for 3 weeks, want to sort it out myself at home",  # writer AF
    # writers AK + AL: one more of what the shopper has, and a size said with "-ish"
    "got a canon dslr for xmas, want a second lens for it, no more than 300",
    "smallish laptop 13 to 14 inch w/ a 512gb ssd, under 1200",
    "need a 15 inch-ish laptop with a 512gb ssd, cant go over 700",  # writer AS
    # constraint sets KY-LB: a place or people before the type, an ordinal, a count of a part, a plural of a title's word
    "boardroom tv: samsung; 55 inch or larger",
    "field tech phones; samsung; 128gb storage at minimum",
    "2nd year compsci student here, need a laptop with 16 gigs of ram",
    "building a 4-bay nas box, need internal hard drives that are 2 tb or larger each",
    "looking at samsung galaxy watches, I can do three hundred max",
])
def test_words_of_the_shoppers_story_are_no_missing_items(message: str) -> None:
    assert missing(message) == (), message


def test_a_letter_after_a_name_is_its_model() -> None:
    parsed = PARSER.parse("xbox series x")
    # (the maker's line is part of the name: it was "series x" while "xbox" read as a type word only)
    assert [i.text for i in named_items(parsed, PARSER.normalize(parsed.raw))] == ["xbox series x"]


def test_a_comma_ends_a_name() -> None:
    parsed = PARSER.parse("black case for my samsung galaxy, dropped it twice already")
    assert "galaxy dropped" not in [i.text for i in named_items(parsed, PARSER.normalize(parsed.raw))]
    assert missing("black case for my samsung galaxy, dropped it twice already") == ()



def test_a_device_an_accessorys_record_says_it_serves_is_carried() -> None:
    """"case for my galaxy s20" (ten turns over the writers' sets) said the S20 was not carried: the
    cases' titles give Samsung's model code (EF-PG980), their compatibility gives "Galaxy S20"."""
    case = Product(id="9", title="Samsung EF-PG980 mobile phone case 15.8 cm (6.2\") Cover Black", brand="Samsung",
                   category="mobile phone case", price=20.0, currency="USD", description="",
                   attributes={"compatibility": "Galaxy S20"})
    catalog = [*CATALOG, case]
    for message in ("case for my galaxy s20, black pls", "need a case for my galaxy s20, i keep dropping it"):
        parsed = PARSER.parse(message)
        assert missing_items(parsed, TitleIndex(catalog), PARSER.normalize(message)) == (), message
    parsed = PARSER.parse("case for my galaxy s99")
    assert missing_items(parsed, TitleIndex(catalog), PARSER.normalize(parsed.raw)) == ("galaxy s99",)


def test_a_makers_line_said_as_a_type_is_still_checked_against_the_titles() -> None:
    """Found on writer AM: "nintendo switch console pls, the actual console not a case" showed game consoles
    as the answer ("nintendo switch" is a phrase of the game-console type, so it was never checked); the
    catalog has only a case for it. "playstation 5" read as carried beside PlayStation 4s (an earlier note)."""
    ps4 = product("8", "Sony PlayStation 4 Pro 1TB White", "game console", "Sony")
    index = TitleIndex([*CATALOG, ps4])

    def missing_here(message: str) -> tuple[str, ...]:
        return missing_items(PARSER.parse(message), index, PARSER.normalize(message))

    assert missing_here("nintendo switch console pls, the actual console not a case") == ("nintendo switch",)
    assert missing_here("do you have the playstation 5") == ("playstation 5",)
    assert missing_here("a kindle paperwhite") == ("kindle paperwhite",)  # no title holds it at all
    assert missing_here("playstation 4 pro") == ()
    assert missing_here("a playstation") == ()


def test_when_and_where_in_a_sentence_name_nothing() -> None:
    """Found on writer DN: "blutooth speeker for the garden when we have bbqs" was hedged for "garden when"."""
    parsed = PARSER.parse("bluetooth speaker for the garden when we have bbqs")
    assert all("when" not in item.words for item in named_items(parsed, PARSER.normalize(parsed.raw)))


def test_a_word_of_the_sentence_after_a_name_is_none_of_it() -> None:
    # constraint set LL (after its read): "we don't carry the playstation obviously / gtx 1060 stays / macbook already"
    parser = QueryParser(Vocabulary(brands=("Sony",)))
    for message, name in (("a sony console, playstation obviously", "playstation"), ("the gtx 1060 stays too", "gtx 1060")):
        assert [i.text for i in named_items(parser.parse(message), parser.normalize(message))] == [name], message


def test_the_shoppers_own_named_is_no_item_asked_for() -> None:
    # constraint set LN (after its read): "we don't carry the nintendo switch / old dell u2412 died you asked for"; a device
    # an accessory is for stays a name ("my galaxy s20 needs a case")
    parser = QueryParser(Vocabulary(brands=("Sony", "Philips", "Samsung")))
    for message in ("already have a nintendo switch and an xbox one s. want a sony console, 1tb",
                    "my old dell u2412 died. looking for a philips monitor, 22 inches minimum"):
        assert named_items(parser.parse(message), parser.normalize(message)) == (), message
    message = "my galaxy s20 needs a case"
    assert [i.text for i in named_items(parser.parse(message), parser.normalize(message))] == ["galaxy s20"]


def test_the_subject_of_what_is_said_is_no_item_asked_for() -> None:
    # set ND (dev): "homelab rack needs battery backup. APC UPS, $300 cap." said the catalog has no "homelab rack"
    parser = QueryParser(Vocabulary(brands=("APC",)))
    message = "homelab rack needs battery backup. apc ups, $300 cap."
    assert named_items(parser.parse(message), parser.normalize(message)) == ()


def test_a_count_of_time_a_fleet_and_a_thing_in_trouble_name_no_item() -> None:
    # sets NJ, NL (dev): "we don't carry the finally digitising 40 years / elitebook fleet / isp router"
    parser = QueryParser(Vocabulary(brands=("HP", "TP-Link")))
    for message, names in (("I'm finally digitising 40 years of family photos. Looking for an HP scanner", []),
                           ("HP docking stations for our EliteBook fleet", ["elitebook"]),
                           ("ISP router drops the connection every evening. want a tp link router", [])):
        assert [i.text for i in named_items(parser.parse(message), parser.normalize(message))] == names, message


def test_a_conjunction_after_a_name_is_none_of_it() -> None:
    # set NN (read once, dev since): "we don't carry the ddr4 ideally but"
    parser = QueryParser(Vocabulary(brands=("Kingston",)))
    message = "need ram for my build. kingston, 16gb sticks or bigger, ddr4 ideally but whatever you've got"
    assert [i.text for i in named_items(parser.parse(message), parser.normalize(message))] == ["ddr4"]
    # ... but a thing said to be what someone wants is still asked for
    message = "a vr headset is what he wants for his birthday"
    assert [i.text for i in named_items(parser.parse(message), parser.normalize(message))] == ["vr"]


@pytest.mark.parametrize("message", ["and a screen to project onto, 100 inches or bigger",
                                     "We'll need something to project onto as well - a Da-Lite screen, 100\" or bigger."])
def test_what_a_thing_is_for_said_with_a_verb_names_no_item(message: str) -> None:
    """Sets NV-OC (dev): "We don't carry the project onto you asked for" over a page of projection screens."""
    parser = QueryParser(Vocabulary(brands=("Da-Lite",)))
    assert named_items(parser.parse(message), parser.normalize(message)) == ()


@pytest.mark.parametrize("message", ["need a high-speed document scanner, $600 or more",
                                     "Next I'm replacing the ISP router, it runs hot. Looking at a router, $100 or less"])
def test_a_compound_of_the_language_or_the_provider_is_no_name(message: str) -> None:
    assert not any(item.text in ("high-speed", "isp") for item in named_items(PARSER.parse(message), PARSER.normalize(message)))


def test_a_port_is_no_model() -> None:
    message = "Looking for a laptop that'll run off the USB-C monitor I have at work, 16GB RAM minimum"
    assert not any("usb-c" in item.text for item in named_items(PARSER.parse(message), PARSER.normalize(message)))
