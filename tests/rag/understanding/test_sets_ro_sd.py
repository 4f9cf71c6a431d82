"""Rules written after held-out sets RO (eco-conscious) and RP (a room's look) became dev, and dev sets SA (high-end shoppers),
SB (talking to a store clerk), SC (pasting listings) and SD (students on tight money) were first read: a floor said as
"$350 is my floor" or "if it's under $1,200 I'm not interested", a passage quoted from a listing, an option of two, a
spec or a colour let go of in more words, and words of the sentence that name no product."""

from __future__ import annotations

import pytest

from rag.conversation.letgo import keeps_brand, keeps_price, specs_let_go_of
from rag.conversation.reasons import request_of
from rag.generation.relevance import in_name_position
from rag.understanding import QueryParser
from rag.understanding.features import read_features
from rag.understanding.quoted import without_quoted
from rag.understanding.spelling import as_said
from tests.rag.understanding.fakes import category_read, price_bounds


@pytest.mark.parametrize(("message", "bounds"), [
    ("I've been burned by cheap plasticky machines before, so if it's under $1,200 I'm not interested.", (1200.0, None)),
    ("After a Canon SLR kit, a step above the beginner bodies. $350 is my floor.", (350.0, None)),
    ("The actual console, not a game, so presumably $300 at minimum for the real thing.", (300.0, None)),
    ("Proper hi-fi headphones, please. $100 is the least I'd spend.", (100.0, None)),
    ("the cheap ones are dim and noisy, so five hundred dollars is where I start.", (500.0, None)),
    ("A real one, not a toy, and $150 is my minimum.", (150.0, None)),
    ("Actually, bump the floor up to $200, the ones under that look plasticky.", (200.0, None)),
    ("Actually, loosen the floor to $150.", (150.0, None)),
    ("I'm happy to spend up to 2k on it, but I wouldn't go under $500.", (500.0, 2000.0)),
    ("Cheap earbuds sound dreadful, so eighty bucks is my absolute minimum.", (80.0, None)),
    ("Netgear, and $300 is the floor for anything going in our rack.", (300.0, None)),
    ("I wouldn't trust anything cheaper than $300 with our data.", (300.0, None)),
    ("I know they're pricey and that's fine; anything under $2,000 probably won't cut it anyway.", (2000.0, None)),
    # still caps
    ("I can go up to 300", (None, 300.0)),
    ("i have 150 left from my summer job", (None, 150.0)),
    # no price: a size across
    ("only about 15 x 20 cm left on the tray", None),
])
def test_floors_said_many_ways(message: str, bounds: tuple[float | None, float | None] | None) -> None:
    assert price_bounds(QueryParser().normalize(message)) == bounds


def test_a_passage_quoted_from_a_listing_is_set_aside_when_the_words_around_it_ask() -> None:
    said = ('office manager forwarded me this - "HP LaserJet Pro M404dn, duplex, 38 ppm, Ethernet". we need an HP printer, '
            'something between 200 and 500 dollars')
    assert "LaserJet" not in without_quoted(said) and "between 200 and 500" in without_quoted(said)
    # (an inch mark inside the passage is no quote's end)
    tab = 'the Galaxy Tab listing says "26.4 cm (10.4") display, Wi-Fi, Android 10". Samsung tablet, the 10.4 inch screen is a must'
    assert without_quoted(tab) == "the Galaxy Tab listing says . Samsung tablet, the 10.4 inch screen is a must"
    assert without_quoted('do you have the "Galaxy Tab S6"?') == 'do you have the "Galaxy Tab S6"?'  # a name asked about
    assert without_quoted('a 27" monitor and a 24" one') == 'a 27" monitor and a 24" one'


def test_wireless_said_of_one_option_is_no_requirement() -> None:
    assert read_features("thinking of a robot vacuum or a serious cordless one, premium end") == []
    assert [c.value for c in read_features("a cordless vacuum")] == ["wireless"]


def test_a_spec_or_colour_let_go_of_in_more_words() -> None:
    assert specs_let_go_of(as_said("hmm, pricier than I hoped. forget the 512GB bit, but let's drop the ceiling to $600")) == {"storage_gb"}
    assert specs_let_go_of(as_said("forget the 16gb part")) == {"memory_gb"}
    assert specs_let_go_of("eh, the colour isn't that important after all. but I do want it to be a Logitech") == {"colour"}
    assert not any(c.kind == "storage_gb" for c in QueryParser().parse("forget the 512GB bit, drop the ceiling to 600").constraints)


def test_a_new_thing_keeps_the_floor_or_the_brand_said_so() -> None:
    assert keeps_price("Now a mouse, same brand. Same floor as well, I don't want a cheap-feeling one.")
    assert keeps_brand("would also like a kettle from them")
    assert not keeps_brand("a gift from them to their teacher")


def test_a_thing_the_shopper_is_after_is_asked_for() -> None:
    assert request_of("I'm also after a network switch from the same brand, under $40").set_aside == ()


@pytest.mark.parametrize(("word", "query"), [
    ("whole", "surge protector with an on/off switch so i can kill standby power to the whole tv corner at night."),
    ("trying", "trying to stop buying bottled water. is there a brita filter jug?"),
    ("survive", "a keyboard that'll survive years of heavy typing. cherry, they're the best."),
    ("visitor", "so i also need a locking tablet enclosure, kensington, and , i don't want a visitor can pry open"),
])
def test_words_of_the_sentence_are_no_names(word: str, query: str) -> None:
    assert not in_name_position(word, query)


@pytest.mark.parametrize(("message", "kind"), [
    ("Then some serious glass to go on it, L-series. Canon as well", "camera lens"),
    ("Need cards for my cinema camera. Cheap ones drop frames", "memory card"),
    ("anything on the shelf for canon cameras?", "camera"),
    ("not dropping more than 30 on a bag that fits a 15.6 inch laptop", "notebook bag"),
])
def test_a_thing_said_the_way_its_users_say_it(message: str, kind: str) -> None:
    assert category_read(QueryParser(), message) == kind


def test_words_that_name_no_brand_colour_or_cap() -> None:
    from rag.understanding import Vocabulary

    parser = QueryParser(Vocabulary(brands=("Brother", "CHERRY", "Kingston"), words=frozenset()))
    assert not any(c.kind == "brand" for c in parser.parse("cheap desktop for me and my brother to share").constraints)
    assert not any(c.kind == "colour" for c in parser.parse("CHERRY, they're the gold standard. At least $150.").constraints)
    assert not any(c.kind == "price" for c in parser.parse("kingston only please, a friend's cheap no-name card corrupted all her photos").constraints)


@pytest.mark.parametrize(("word", "query"), [
    ("guy", "i'm shopping for a monitor and it has to be hp because that's the only thing our it guy will support"),
    ("plasticky", "a lenovo laptop. i've been burned by cheap plasticky machines before"),
    ("audiophile-grade", "audiophile-grade headphones. cheap earbuds sound dreadful"),
])
def test_people_looks_and_grades_are_no_names(word: str, query: str) -> None:
    assert not in_name_position(word, query)


def test_a_passage_pointed_back_at_stays() -> None:
    said = ('The spec line on one I liked read "8 GB DDR4-SDRAM / 256 GB SSD / Mini Tower" and I don\'t want less than that '
            'for either memory or drive space. Price has to stay below $900.')
    assert without_quoted(said) == said


def test_the_colour_the_thing_has_to_be_is_asked() -> None:
    said = read_features("we just painted the lounge a deep grey and the tv has to be black so it melts into the wall")
    assert [c.value for c in said if c.kind == "colour"] == ["black"]
    parsed = QueryParser().parse("my desk is all white + brushed aluminium so I'm hunting for a silver monitor. 22 inch")
    assert [c.value for c in parsed.constraints if c.kind == "colour"] == ["silver"]


def test_a_new_one_of_the_thing_told_of_is_asked_for() -> None:
    from rag.conversation.reasons import asks_for_one

    assert asks_for_one("our kettle is limescaled beyond saving too, so a new one of those - Philips, under 40")
    assert asks_for_one("my power supply is 10 years old so I should replace that too before it takes something with it")


@pytest.mark.parametrize(("message", "kind"), [
    ("it'll need a drive too - 1TB minimum, and $200 at most", "internal hard drive"),
    ("Board next. We only run Supermicro in our racks, and not their entry-level stuff", "motherboard"),
])
def test_a_part_said_short(message: str, kind: str) -> None:
    assert category_read(QueryParser(), message) == kind


def test_money_kept_back_for_later_asks_for_nothing_now() -> None:
    message = "I'd rather not spend past 600 - I want to leave money for a battery replacement down the line"
    assert category_read(QueryParser(), message) is None


@pytest.mark.parametrize(("message", "bounds"), [
    ('Setting up a dual-screen desk and want a matched pair of 27" monitors. $500 has to cover both of them', (None, 250.0)),
    ("eh, I could do 600 for the two if it gets me something nicer", (None, 300.0)),
    ("Office refresh - ten CHERRY keyboards. The whole batch can't come to more than $400.", (None, 40.0)),
    ("two projectors for our conference rooms, $1000 for both", (None, 500.0)),
    ("let's keep the matching pair under $600 all in", (None, 300.0)),
    ("also a couple of big spinning hard drives for bulk storage, 1TB at least, $300 for the pair", (None, 150.0)),
    ('a 27" monitor under 300 total', (None, 300.0)),
])
def test_a_total_for_a_pair_or_a_batch_is_split(message: str, bounds: tuple[float | None, float | None]) -> None:
    assert price_bounds(QueryParser().normalize(message)) == bounds


@pytest.mark.parametrize(("message", "kind"), [
    ("the memory sticks that go in the computer to make it faster, RAM? Kingston, 16gb or bigger", "memory module"),
    ("for work I need a portable computer, the clamshell kind. HP, 14 inch screen, 8gb ram minimum", "notebook"),
    ("Got tickets for the test match way up in the cheap seats. Any Canon binoculars under $1,400?", "binoculars"),
    ("and refill cassettes for the label maker, same brand obviously, under 20 each", "label tape"),
])
def test_more_things_said_the_way_their_users_say_them(message: str, kind: str) -> None:
    assert category_read(QueryParser(), message) == kind


def test_splitting_an_output_asks_for_a_splitter() -> None:
    said = QueryParser().normalize("I need to split my laptop's VGA output to two projectors in the classroom, StarTech")
    assert said.startswith("i need a vga splitter")


def test_a_colour_of_a_part_or_a_port_is_no_colour_asked() -> None:
    assert read_features("the clicker you hold to change slides in a presentation, with the red laser dot") == []
    assert read_features("PC speakers for my desktop, the sound card has the usual green 3.5mm out") == []
    assert not any(c.kind == "price" for c in QueryParser().parse("any canon binoculars? we sit in the cheap seats").constraints)


def test_the_device_it_goes_with_and_its_ports_are_no_names() -> None:
    assert not in_name_position("ps5", "what 27\" monitors have you got that'd work with a ps5? it does hdmi out")
    assert not any(c.kind == "category" and c.value == "bag" for c in QueryParser().parse("and keep each bag at $60 or less").constraints)


def test_fixes_after_the_whole_run() -> None:
    assert price_bounds(QueryParser().normalize("canon lens, thinking $500 minimum up to a thousand")) == (500.0, 1000.0)
    assert QueryParser().normalize("a memory card for my camera") == "a memory card for my camera"


@pytest.mark.parametrize(("message", "rules", "model"), [
    ("I pulled the drive out of my old laptop and want to use it over USB with my PC. Need an enclosure for it, black",
     "storage enclosure", "usb flash drive"),
    ("Our fibre modem only has one ethernet port, so I need a router to sit behind it. Netgear, up to $200", "router", "network switch"),
])
def test_a_type_asked_outright_for_it_or_to_do_something_stands_against_the_learned_reader(message: str, rules: str, model: str) -> None:
    from rag.understanding.typer import TypeReading
    from tests.rag.understanding.fakes import FixedReader

    assert FixedReader(TypeReading(model, 9.0)).checked(message, rules) == rules


def test_a_switch_box_to_flip_between_devices_is_an_av_switch() -> None:
    assert category_read(QueryParser(), "also a switch box so I can flip between the cable box and the PlayStation") == "av switch"


@pytest.mark.parametrize(("message", "bounds"), [
    ("I'd like a logitech keyboard, my mouse is already Logitech and I want one receiver for both. $80 or under please.", (None, 80.0)),
    ("Ordering mice for the six desks in our front office. each unit needs to come in at $50 or less.", (None, 50.0)),
    ("Nothing over $50. It's only for the three PCs in my garage workshop.", (None, 50.0)),
    ("and a jigsaw puzzle for the two of us on rainy evenings, no more than 12 dollars", (None, 12.0)),
    ("a Philips radio, something between 20 and 60 dollars. one radio for both rooms rather than two", (20.0, 60.0)),
])
def test_both_or_the_two_said_away_from_the_amount_is_no_total(message: str, bounds: tuple[float | None, float | None]) -> None:
    assert price_bounds(QueryParser().normalize(message)) == bounds


def test_a_drive_wanted_for_a_computer_is_its_storage() -> None:
    assert category_read(QueryParser(), "Also want a drive of 512GB at minimum.") != "internal hard drive"
