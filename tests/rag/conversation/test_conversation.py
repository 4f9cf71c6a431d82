"""Conversation memory and follow-up resolution."""

from __future__ import annotations

import re

import pytest

from rag.conversation import (
    Conversation,
    InMemoryConversationStore,
    Intent,
    SqlConversationStore,
    Turn,
    resolve,
)
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine, shown_as


@pytest.fixture(scope="module")
def parser(tiny_products):
    return QueryParser(Vocabulary.from_products(tiny_products))


@pytest.fixture(scope="module")
def by_id(tiny_products):
    return {p.id: p for p in tiny_products}


@pytest.fixture
def conv(tiny_products):
    # Shown: [1] HP Pavilion dv7 (17", $109.95) [2] Lenovo Legion (15.6", $1,325.95) [3] HP Compaq (15.4", $74.95)
    shown = tuple(p.id for p in tiny_products[:3])
    turn = Turn("laptop under $2000", "search", "laptop", Filters(price=NumericRange(None, 2000)), shown)
    return Conversation("s1").with_turn(turn)


def go(message, conv, parser, by_id):
    resolved, _ = resolve(message, conv, parser, lambda ids: [by_id[i] for i in ids if i in by_id])
    return resolved


def test_first_message_is_a_search(parser, by_id) -> None:
    r = go("cheaper ones?", Conversation("new"), parser, by_id)
    assert r.intent is Intent.SEARCH


def test_cheaper_refines_below_the_shown_prices(conv, parser, by_id) -> None:
    # Below the median shown price (one cheap outlier must not make "cheaper" impossible).
    r = go("cheaper ones?", conv, parser, by_id)
    assert r.intent is Intent.REFINE and r.query == "laptop"
    assert r.filters.price.max == pytest.approx(109.94)


def test_cheaper_with_a_stated_price_takes_the_price(conv, parser, by_id) -> None:
    """Found on a fresh set: "anything cheaper? like under 200" capped below the shown prices instead."""
    r = go("anything cheaper? like under 500", conv, parser, by_id)
    assert r.intent is Intent.REFINE and r.filters.price.max == pytest.approx(500.0)


def test_pricier_refines_above(conv, parser, by_id) -> None:
    r = go("something more expensive", conv, parser, by_id)
    assert r.intent is Intent.REFINE and r.filters.price.min == pytest.approx(1325.96)


# "lenovo if possible": found on a fresh set, where "samsung if possible" after a TV search started a new
# search (for phones); a brand said as a wish refines like "only Lenovo".
@pytest.mark.parametrize("message", ["only Lenovo", "lenovo if possible"])
def test_a_brand_replaces_nothing_else(conv, parser, by_id, message: str) -> None:
    r = go(message, conv, parser, by_id)
    assert r.intent is Intent.REFINE and r.filters.brands == ("Lenovo",)
    assert r.filters.price.max == 2000  # carried over


def test_a_type_word_inside_a_brand_name_is_no_new_search(conv, parser, by_id) -> None:
    # "Case Logic" parses a product type from "case"; it is still a brand refinement (of a brand that
    # sells what was shown: one that sells none of it starts over, below).
    vocab_parser = QueryParser(Vocabulary(brands=("Case Logic", "HP"), brand_categories={"Case Logic": ("bag", "notebook")}))
    r = go("only Case Logic", conv, vocab_parser, by_id)
    assert r.intent is Intent.REFINE and r.filters.brands == ("Case Logic",)


def test_a_new_budget_overrides_the_old_one(conv, parser, by_id) -> None:
    r = go("under $100 please", conv, parser, by_id)
    assert r.intent is Intent.REFINE and r.filters.price.max == 100


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("compare the first two", [0, 1]),
        ("compare 1 and 3", [0, 2]),
        ("which is better, the second or the third?", [1, 2]),
    ],
)
def test_comparisons_resolve_to_shown_ids(conv, parser, by_id, message, expected) -> None:
    r = go(message, conv, parser, by_id)
    shown = conv.last_shown
    assert r.intent is Intent.COMPARE and list(r.referenced) == [shown[i] for i in expected]


@pytest.mark.parametrize(
    ("message", "index"),
    [("the second one", 1), ("tell me more about the third", 2), ("what about the 17 inch one?", 0), ("the last one", 2)],
)
def test_references_resolve_to_one_product(conv, parser, by_id, message, index) -> None:
    r = go(message, conv, parser, by_id)
    assert r.intent is Intent.DETAIL and r.referenced == (conv.last_shown[index],)


def test_a_new_product_type_starts_over(conv, parser, by_id) -> None:
    assert go("what about speakers?", conv, parser, by_id).intent is Intent.SEARCH
    assert go("bluetooth speaker", conv, parser, by_id).intent is Intent.SEARCH


def test_stores_round_trip(tmp_path, conv) -> None:
    from personalization.store import ConversationMessageRow, open_store

    sql = SqlConversationStore(open_store(f"sqlite:///{tmp_path / 's.sqlite'}"), ConversationMessageRow.__table__)
    for store in (InMemoryConversationStore(), sql):
        store.save(conv)
        back = store.load("s1")
        assert back.turns == conv.turns
        store.delete("s1")
        assert store.load("s1").turns == ()


def test_session_ids_are_checked(tmp_path) -> None:
    from personalization.store import ConversationMessageRow, open_store

    store = SqlConversationStore(open_store(f"sqlite:///{tmp_path / 's.sqlite'}"), ConversationMessageRow.__table__)
    for bad in ("../x", "a/b", "", ".hidden"):
        with pytest.raises(ValueError, match="session id"):
            store.load(bad)


def test_memory_is_bounded() -> None:
    store = InMemoryConversationStore(max_sessions=2)
    for sid in ("a", "b", "c"):
        store.save(Conversation(sid).with_turn(Turn("hi", "greet", "")))
    assert store.load("a").turns == () and store.load("c").turns
    long = Conversation("x", max_turns=3)
    for i in range(5):
        long = long.with_turn(Turn(str(i), "search", "q"))
    assert [t.message for t in long.turns] == ["2", "3", "4"]


@pytest.mark.parametrize("message", ["wireless only", "wireless"])
def test_a_message_of_constraints_alone_refines_and_carries_wired_or_wireless(conv, parser, by_id, message) -> None:
    # Wired/wireless has no filter field: it travels in the refined query's words.
    resolved = go(message, conv, parser, by_id)
    assert resolved.intent is Intent.REFINE
    assert resolved.query == "laptop wireless"
    assert resolved.filters.price == NumericRange(None, 2000)


@pytest.mark.parametrize(("message", "key", "low"), [
    ("17 inch or bigger", "screen_in", 17.0),  # found on a fresh set: "or bigger" read as a new search
    ("at least 8 gigs of ram", "memory_gb", 8.0),
    ("256 gig", "storage_gb", 256.0),  # "gig" is a size unit
    ("oh and at least 8gb ram and a 512 ssd", "storage_gb", 512.0),  # writer BM: the drive is the laptop's spec
])
def test_a_size_said_the_way_shoppers_say_it_refines(conv, parser, by_id, message, key, low) -> None:
    resolved = go(message, conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.query == "laptop"
    assert resolved.filters.numeric[key].min == pytest.approx(low)
    assert resolved.filters.price == NumericRange(None, 2000)


def test_a_brand_with_a_polite_word_refines(conv, parser, by_id) -> None:
    resolved = go("lenovo pls", conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.brands == ("Lenovo",)


@pytest.mark.parametrize(("message", "brands", "key", "low"), [
    # Found on writers' sets: chat words and a remark about the results started a new search.
    ("prefer lenovo tbh", ("Lenovo",), None, None),
    ("at least 17 inch tho", (), "screen_in", 17.0),
    ("need 16gb ram at least for work stuff", (), "memory_gb", 16.0),  # laptops with 16 GB, not RAM modules
    ("do they come in black", (), None, None),
])
def test_chat_words_and_remarks_refine(conv, parser, by_id, message, brands, key, low) -> None:
    resolved = go(message, conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.query in ("laptop", "laptop lenovo")
    assert resolved.filters.brands == brands
    if key:
        assert resolved.filters.numeric[key].min == pytest.approx(low)


def test_a_brand_or_price_refining_travels_in_the_query_so_the_type_filters(conv, parser, by_id) -> None:
    """Found on writer AR: "samsung pls" after "need a new phone, dropped mine ..." searched the phone words
    filtered to Samsung only (a bare type boosts, it does not filter), so Samsung screen protectors came
    first and the turn abstained; said at once ("samsung phone") the brand makes the type a filter."""
    resolved = go("lenovo pls", conv, parser, by_id)
    assert resolved.query == "laptop lenovo" and parser.parse(resolved.query).filters.categories == ("notebook",)
    assert go("under $900 then", conv, parser, by_id).query == "laptop under $900"


def test_a_colour_and_size_asked_of_a_new_one_refine_not_pick_a_shown_one(conv, parser, by_id) -> None:
    """Found on writer AQ: "a blue one with 64gb or more" after Motorola phones picked the first shown 64 GB phone
    (black) as "the one" meant; "the 17 inch one" still is a shown product."""
    assert go("a blue one with 16gb or more", conv, parser, by_id).intent is Intent.REFINE
    assert go("the 17 inch one", conv, parser, by_id).intent is Intent.DETAIL


def test_thats_pricey_asks_for_cheaper(conv, parser, by_id) -> None:
    resolved = go("hmm thats pricey", conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.price.max == pytest.approx(109.94)


def test_a_new_type_still_starts_over_with_chat_words(conv, parser, by_id) -> None:
    assert go("what about tablets tbh", conv, parser, by_id).intent is Intent.SEARCH


def test_the_shoppers_own_device_in_a_follow_up_is_no_new_type(conv, parser, by_id) -> None:
    """Found on writer T: "white if possible, to match my phone" after headphones searched phones."""
    resolved = go("white if possible, to match my phone", conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.query == "laptop"


@pytest.mark.parametrize("message", ["has to be 17 inch at least", "lenovo would be best, my dad says theyre easy to fix"])
def test_a_size_or_a_brand_with_the_shoppers_reasons_refines(conv, parser, by_id, message) -> None:
    """Found on writers U and V: both started a new search (printing paper; desktops)."""
    assert go(message, conv, parser, by_id).intent is Intent.REFINE


@pytest.mark.parametrize("message", ["at least 16gb ram, i run a lot of stuff at once",
                                     "it should have 16gb of ram, my course uses some heavy software"])
def test_a_spec_with_the_shoppers_reasons_refines(conv, parser, by_id, message) -> None:
    """Found on writers W and X: both searched anew (memory modules; software)."""
    resolved = go(message, conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.query == "laptop"
    assert resolved.filters.numeric["memory_gb"].min == pytest.approx(16.0)


def test_a_gift_or_a_brand_that_sells_nothing_shown_starts_over(conv, parser, by_id) -> None:
    """Found driving the app in Chromium: after phone cases, "my son wants an electric guitar for xmas, beginner
    one is fine" refined the cases ("one" is a cue word); after UPSes, "anything by thule? love their stuff"
    filtered UPSes to Thule and abstained."""
    assert go("my son wants an electric guitar for xmas, beginner one is fine", conv, parser, by_id).intent is Intent.SEARCH
    sells = QueryParser(Vocabulary(brands=("Thule", "Lenovo"),
                                   brand_categories={"Thule": ("backpack",), "Lenovo": ("notebook",)}))
    assert go("anything by thule? love their stuff", conv, sells, by_id).intent is Intent.SEARCH
    assert go("lenovo", conv, sells, by_id).intent is Intent.REFINE  # it sells what was shown: a refinement


def test_only_a_brand_whose_name_holds_a_type_word_starts_over_when_it_sells_nothing_shown(conv, by_id) -> None:
    """Noticed in Chromium: "only case logic" after laptops filtered laptops to Case Logic (which sells bags;
    "case" in its name read as a type) and answered "couldn't find anything" with nothing shown."""
    sells = QueryParser(Vocabulary(brands=("Case Logic", "Lenovo"),
                                   brand_categories={"Case Logic": ("notebook bag", "bag"), "Lenovo": ("notebook",)}))
    assert go("only case logic", conv, sells, by_id).intent is Intent.SEARCH
    assert go("only lenovo", conv, sells, by_id).intent is Intent.REFINE


def test_a_bigger_screen_after_laptops_asks_for_bigger_laptops(conv, parser, by_id) -> None:
    """Found on writer AM: "and a bigger screen would be good, 15 inch or more" after laptops searched monitors."""
    resolved = go("and a bigger screen would be good, 15 inch or more, his eyes arent great", conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.query == "laptop"
    assert resolved.filters.numeric["screen_in"].min == pytest.approx(15.0)


def test_a_new_type_said_by_its_product_line_starts_over(conv, by_id) -> None:
    """Found in Chromium: "lenvo thinkpad w/ 16 gig ram pls" after a gift's picks refined the picks to Lenovo
    with 16 GB and abstained: the notebook was read from the line ("thinkpad"), not from a type word."""
    lines = QueryParser(Vocabulary(brands=("Lenovo", "HP"), line_kinds={"thinkpad": "notebook"}))
    picks = tuple(i for i, p in by_id.items() if p.category != "notebook")[:3]  # the gift's picks: no notebooks
    gift = Conversation("s2").with_turn(Turn("a gift for my dad", "search", "headphones smartwatch", Filters(), picks))
    assert go("lenvo thinkpad w/ 16 gig ram pls", gift, lines, by_id).intent is Intent.SEARCH


def test_a_need_in_the_follow_ups_own_words_is_a_new_search(conv, parser, by_id) -> None:
    """Found on writer AW: "he just got into running, something to track his runs maybe? 300 max" after a gift's
    starting picks refined the picks (coffee makers under $300): the smartwatch was read from the need."""
    assert go("he just got into running, something to track his runs maybe? 300 max", conv, parser, by_id).intent \
        is Intent.SEARCH


def test_a_new_type_said_by_another_of_its_phrases_starts_over(conv, parser, by_id) -> None:
    """Found in Chromium: "we're finally replacing the old telly - want a 65\\" one ..." after Thule's range refined
    the Thule search ("one" is a cue; the TV was found by "telly", not by the word "tv") and abstained."""
    assert go("replacing the old telly, want a 65 inch one under 800", conv, parser, by_id).intent is Intent.SEARCH


def _after(tiny_products, said: str, query: str, filters: Filters) -> Conversation:
    """A conversation after one search (``said``, searched as ``query`` with ``filters``) that showed three products."""
    return Conversation("s1").with_turn(Turn(said, "search", query, filters, tuple(p.id for p in tiny_products[:3])))


def _holding(tiny_products, **numeric):
    shown = tuple(p.id for p in tiny_products[:3])
    filters = Filters(price=NumericRange(None, 2000), numeric={k: NumericRange(*v) for k, v in numeric.items()})
    return Conversation("s2").with_turn(Turn("laptop", "search", "laptop", filters, shown))


@pytest.mark.parametrize(("message", "held", "key", "expected"), [
    # writer KA: a bare number in the unit of the spec the search holds
    ("make it 16", {"memory_gb": (8.0, None)}, "memory_gb", NumericRange(16.0, None)),
    ("actually bigger, 15.6", {"screen_in": (13.5, 14.95)}, "screen_in", NumericRange(15.55, 15.65)),
    ("hmm bigger, 17 at least", {"screen_in": (13.5, 14.95), "memory_gb": (8.0, None)}, "screen_in", NumericRange(17.0, None)),
    ("make that 1000", {"storage_gb": (500.0, None)}, "storage_gb", NumericRange(960.0, None)),
    # writer KD: a bare GB after a RAM size, with no storage word, is RAM ("desktop pc 8gb ram" then "make that 16gb")
    ("make that 16gb", {"memory_gb": (8.0, None)}, "memory_gb", NumericRange(16.0, None)),
    ("make it 32gb", {"memory_gb": (16.0, None), "storage_gb": (512.0, None)}, "memory_gb", NumericRange(32.0, None)),
    # constraint set KH: "minimum" with no money is the spec's, and "the files are huge" names no file folders
    ("actually make that 64 minimum, the files are huge", {"storage_gb": (32.0, None)}, "storage_gb", NumericRange(64.0, None)),
])
def test_a_bare_number_refines_the_spec_the_search_holds(tiny_products, parser, by_id, message, held, key, expected) -> None:
    resolved = go(message, _holding(tiny_products, **held), parser, by_id)
    assert resolved.intent is Intent.REFINE
    got = resolved.filters.numeric[key]
    assert (got.min, got.max) == pytest.approx((expected.min, expected.max))
    assert resolved.filters.price == NumericRange(None, 2000)


@pytest.mark.parametrize(("message", "check"), [
    # constraint sets KY-LA: "last time" is a time, no product shown; a clause about "it" and a reason in brackets name
    # no new type; amounts with "to" between them are a price
    ("in BLACK. the blue one I ordered last time came out purple-ish", lambda f: f.text.get("colour") == "black"),
    ("and white, it goes on a white desk", lambda f: f.text.get("colour") == "white"),
    ("hp branded only (warranty)", lambda f: f.brands == ("HP",)),
    ("ok fine I can stretch, 300 to 1200", lambda f: f.price == NumericRange(300.0, 1200.0)),
    # constraint sets KX, KV (after their read): the device it is for, a size in words
    ("it's for a 17 inch laptop", lambda f: f.numeric["screen_in"].min is not None),
    ("keep it to $50", lambda f: f.price == NumericRange(None, 50.0)),
    # constraint set LC: a sentence about how things are names no new type ("the desks are small")
    ("also the desks are small so it needs to be exactly 24 inches", lambda f: f.numeric["screen_in"].min is not None),
])
def test_a_follow_up_with_the_shoppers_story_refines(tiny_products, parser, by_id, message, check) -> None:
    resolved = go(message, _holding(tiny_products), parser, by_id)
    assert resolved.intent is Intent.REFINE, resolved
    assert check(resolved.filters), resolved.filters


def test_a_bare_gb_after_devices_sized_by_their_ram_is_ram(tiny_products, parser, by_id) -> None:
    """Found probing follow-ups: "16 gigs minimum" after "lenovo laptop" read 16 GB of storage (no RAM size was held)."""
    shown = tuple(p.id for p in tiny_products if p.category == "notebook")[:3]
    assert shown
    held = Conversation("s2").with_turn(Turn("lenovo laptop", "search", "lenovo laptop", Filters(), shown))
    resolved = go("16 gigs minimum", held, parser, by_id)
    assert resolved.filters.numeric["memory_gb"] == NumericRange(16.0, None)
    assert "storage_gb" not in resolved.filters.numeric
    assert go("256gb", held, parser, by_id).filters.numeric["storage_gb"].min == pytest.approx(256, rel=0.05)  # no RAM size


@pytest.mark.parametrize("message", [
    "cheaper, 300?",  # money
    "show me 16 more",  # a count
    "make it 20",  # no RAM comes in 20 GB
    "make it 16 and 32",  # two numbers: which is which is not said
])
def test_a_bare_number_that_is_no_spec_changes_no_spec(tiny_products, parser, by_id, message) -> None:
    resolved = go(message, _holding(tiny_products, memory_gb=(8.0, None)), parser, by_id)
    assert resolved.filters.numeric.get("memory_gb") == NumericRange(8.0, None)


@pytest.mark.parametrize(("message", "categories", "numeric"), [
    ("128gb", ("smartphone",), {"memory_gb": (6.0, None)}),  # past a phone's RAM: its storage
    ("make it 256gb storage", (), {"memory_gb": (8.0, None)}),  # said to be storage
    ("and 128gb", (), {"memory_gb": (8.0, None), "storage_gb": (256.0, None)}),  # near the storage held
])
def test_a_bare_gb_that_cannot_be_the_ram_is_storage(tiny_products, parser, by_id, message, categories, numeric) -> None:
    shown = tuple(p.id for p in tiny_products[:3])
    filters = Filters(categories=categories, numeric={k: NumericRange(*v) for k, v in numeric.items()})
    resolved = go(message, Conversation("s2").with_turn(Turn("x", "search", "x", filters, shown)), parser, by_id)
    assert resolved.filters.numeric["memory_gb"] == NumericRange(*numeric["memory_gb"])
    assert resolved.filters.numeric["storage_gb"].min == pytest.approx(int(re.search(r"\d+", message).group()), rel=0.05)


@pytest.mark.parametrize(("held", "message", "expected"), [
    # constraint set KG: "but nothing under 100" after "my budget is 300" keeps the cap
    ((None, 300.0), "but nothing under 100, the cheap ones are junk", (100.0, 300.0)),
    ((100.0, None), "and under 300 please", (100.0, 300.0)),
    ((300.0, None), "hmm under 200 then", (None, 200.0)),  # the floor cannot hold: dropped
])
def test_a_price_said_on_one_side_keeps_the_other(tiny_products, parser, by_id, held, message, expected) -> None:
    shown = tuple(p.id for p in tiny_products[:3])
    conversation = Conversation("s2").with_turn(Turn("laptop", "search", "laptop", Filters(price=NumericRange(*held)), shown))
    resolved = go(message, conversation, parser, by_id)
    assert resolved.intent is Intent.REFINE
    assert resolved.filters.price == NumericRange(*expected)


def test_a_type_in_the_shoppers_reason_is_no_new_search(conv, parser, by_id) -> None:
    """Found on writer DF: "philips if poss so it works w the same remote as downstairs" after 32 inch TVs searched
    remote controls."""
    for message in ("hp if poss so it works w the same charger as my other one", "hp pls cause my mouse is hp too"):
        resolved = go(message, conv, parser, by_id)
        assert resolved.intent is Intent.REFINE and resolved.filters.brands == ("HP",), message
    # constraint set KG: a later clause about the person it is for ("8 won't run her design software": no software asked for)
    assert go("she says it needs 16 gigs of memory minimum, 8 won't run her design software", conv, parser, by_id).intent \
        is Intent.REFINE
    # constraint sets KE and KN: the price said once, as it now stands ("up to 30" after "15 bucks max" loosens it; "cap it
    # at a thousand" names no lens cap)
    first = Conversation("s3").with_turn(Turn("philips earbuds, 15 bucks max", "search", "philips earbuds, 15 bucks max",
                                              Filters(), conv.last_shown))
    loosened = go("ok i can go up to 30 but they gotta be white", first, parser, by_id)
    assert loosened.filters.price == NumericRange(None, 30.0) and "15" not in loosened.query and "under $30" in loosened.query
    # constraint set KK: the price of one names no new type ("no more than $350 a handset" after phones)
    handset = go("and procurement says no more than $350 a handset", conv, parser, by_id)
    assert handset.intent is Intent.REFINE and handset.filters.price == NumericRange(None, 350.0)
    # constraint sets KH, KI and KJ: a room it is for, a later clause saying how things are, "switch" as a verb
    assert go("it's for the server room, so nothing under 300", conv, parser, by_id).intent is Intent.REFINE
    switched = go("nah switch that to black", conv, parser, by_id)
    assert switched.intent is Intent.REFINE and switched.filters.text.get("colour") == "black"
    # constraint set KE: "thats what" gives the reason ("15.6in screen, thats what fits his bag" after laptops)
    assert go("15.6in screen, thats what fits his bag", conv, parser, by_id).intent is Intent.REFINE
    assert go("what about a mouse, since i have the laptop now", conv, parser, by_id).intent is Intent.SEARCH


@pytest.mark.parametrize("message", [
    "only hp. my printer's an hp deskjet and I want one driver setup for both",  # "both" is no pick of two shown
    "under 1,000 please - our speakers and the monitor are all HP and it was a pain to set up",
    "black please. everything on that desk is black, the monitor, the speakers, even the mouse",
])
def test_the_shoppers_reasons_start_no_new_search(conv, parser, by_id, message: str) -> None:
    """Found on set MF (follow-ups that say why): the reason's own things ("our soundbar is a samsung") were read as
    a new search, its "both" as the two products shown, a "cooler" in it as Cooler Master."""
    r, parsed = resolve(message, conv, parser, lambda ids: [by_id[i] for i in ids if i in by_id])
    assert r.intent is Intent.REFINE and r.query.startswith("laptop") and r.set_aside
    assert "set_aside" in r.describe()
    # nor does the parse (shown in "How I found these") list a type the reasons name
    assert not any(c.kind == "category" for c in parsed.constraints)


def test_a_new_request_after_a_thank_you_still_starts_over(conv, parser, by_id) -> None:
    r = go("thanks. do you have any monitors?", conv, parser, by_id)
    assert r.intent is Intent.SEARCH and not r.set_aside


@pytest.mark.parametrize("message", [
    "the soundbar in that room is philips and i'd love one remote for everything, so a philips laptop please",
    "lenovo for the laptop too, my dock is a thinkpad one",
])
def test_the_kind_just_shown_named_again_refines(conv, parser, by_id, message: str) -> None:
    """Found on set MM (follow-ups that say why): "... so a philips tv please" after 32-inch TVs started a new
    search and lost the size; naming the kind just shown again refines it."""
    r = go(message, conv, parser, by_id)
    assert r.intent is Intent.REFINE and r.filters.price.max == 2000


def test_a_birthday_in_the_shoppers_reason_is_no_gift(conv, parser, by_id) -> None:
    """Found on set MO: "ok so grandma just slipped 400 into my birthday card lol so i can stretch to 1.2k now" after
    laptops was read as a gift and searched for "slipped card now" (point-of-sale terminals)."""
    r = go("ok so grandma just slipped 400 into my birthday card lol so i can stretch to 1.2k now", conv, parser, by_id)
    assert r.intent is Intent.REFINE and r.filters.price.max == 1200


def test_the_kind_shown_named_in_the_request_with_its_reason_refines(conv, parser, by_id) -> None:
    """Found on set MM: "turns out the router from our ISP and the mesh kit my dad gave us are both tp-link, so let's go
    tp-link for the switch too" after switches searched routers; naming the kind shown in the request is no subject of
    its own."""
    r = go("my laptop bag and the dock my dad gave me are both lenovo, so let's go lenovo for the laptop too", conv, parser, by_id)
    assert r.intent is Intent.REFINE and r.filters.price.max == 2000 and r.set_aside


def test_a_new_search_reads_its_request_not_its_reasons(conv, parser, by_id) -> None:
    """A new search with reasons searches for what the request asks, not for the things the reasons name."""
    r, parsed = resolve("my old printer jammed every day and the scanner died too, so I want a mouse now", conv, parser,
                        lambda ids: [by_id[i] for i in ids if i in by_id])
    assert r.intent is Intent.SEARCH and r.set_aside and "printer" not in r.query
    assert [c.value for c in parsed.constraints if c.kind == "category"] == ["mouse"]


def test_a_colour_said_only_of_the_shoppers_things_is_no_filter(conv, parser, by_id) -> None:
    """Found on set MO: "HyperX ones only, my motherboard and cpu cooler are both red and black gaming stuff" filtered
    on red."""
    r = go("lenovo ones only, my desk and the stand are both red and I want it all to match", conv, parser, by_id)
    assert r.intent is Intent.REFINE and "colour" not in r.filters.text and r.filters.brands == ("Lenovo",)


@pytest.mark.parametrize("message", ["eh forget the brand, just keep it under $900", "any brand is fine", "brand doesn't matter really",
                                     "open to other brands"])
def test_the_brand_held_is_dropped_when_the_shopper_lets_it_go(tiny_products, parser, by_id, message) -> None:
    # set MS, dev now: "eh forget the brand, just keep it under $20" kept Kingston and found nothing
    held = _after(tiny_products, "lenovo laptop", "lenovo laptop", Filters(brands=("Lenovo",)))
    resolved = go(message, held, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.brands == ()
    assert "lenovo" not in resolved.query and "any brand" in resolved.note


def test_a_brand_named_beside_any_brand_is_the_one_asked(tiny_products, parser, by_id) -> None:
    held = _after(tiny_products, "lenovo laptop", "lenovo laptop", Filters(brands=("Lenovo",)))
    assert go("any brand as long as it's hp", held, parser, by_id).filters.brands == ("HP",)


def test_a_bare_size_beside_someone_elses_is_the_one_asked(parser, by_id, tiny_products) -> None:
    # set MR, dev now: "make it 16 gigs at least - ... his buddy's 8 gig machine chokes" read 16 GB of storage
    held = _after(tiny_products, "laptop 8gb ram", "laptop", Filters(numeric={"memory_gb": NumericRange(8, None)}))
    resolved = go("scratch that, make it 16 gigs at least - my son's gonna run modded minecraft on it and his buddy's 8 gig machine chokes",
                  held, parser, by_id)
    assert resolved.intent is Intent.REFINE and dict(resolved.filters.numeric) == {"memory_gb": NumericRange(16, None)}


def test_the_old_one_of_a_reason_points_at_no_shown_product(conv, parser, by_id) -> None:
    # set MQ, dev now: "and 24 inches at the very least, the old one was 22" picked a shown monitor
    resolved = go("and 17 inches at the very least, the old one was 15 and it felt cramped", conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.numeric["screen_in"].min == 17


@pytest.mark.parametrize("message", [
    "oh and it needs 16 gigs of ram at least, photoshop eats memory",  # set MW: the spec's noun in a reason
    "hmm ok i can go up to 900 actually, birthday money lol",  # set MW: an occasion's money is a budget
    "And please keep it below 900, there are presents for the rest of the family too",  # set NA: a statement with "there are"
    "black frame",  # set NH (dev): "frame" read as a new type
    "Black units only - it sits in a black rack.",  # set NF (dev): the reason after a dash named a rack
    "I'm not spending over $900 on a laptop",  # set NC (dev): the kind shown, named again with the price
    "blue would be nice... actually it has to be blue, it's a gift and she loves blue",  # set NK (dev): a new search
    "eh switch to lenovo, same money",  # set NK (dev): "switch" read as a network switch
    "wait, facilities only services lenovo units. switch to lenovo, same budget",  # set NM (dev): "services" a warranty
])
def test_a_follow_up_about_the_shown_thing_refines(conv, parser, by_id, message) -> None:
    # a reason that names a spec, a type or an occasion, or a colour, price or brand said of the shown kind: no new search
    resolved = go(message, conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.query.startswith("laptop")


def test_a_bare_size_said_twice_is_one_size(tiny_products, parser, by_id) -> None:
    # set MZ at its read: "there's room for a 27 instead. Let's go 27." after a 24 inch monitor read no size
    held = _after(tiny_products, "15 inch laptop", "laptop", Filters(numeric={"screen_in": NumericRange(14.5, 15.95)}))
    resolved = go("ok a 17 then. let's go 17", held, parser, by_id)
    assert resolved.filters.numeric["screen_in"].min >= 16.5


@pytest.mark.parametrize(("message", "cap"), [
    # set NB (dev): "and actually cut that budget in half" read a soft "cheaper" cap at the median shown price
    ("and actually cut that budget in half", 1000.0), ("halve my budget", 1000.0), ("ok double the budget", 4000.0)])
def test_a_follow_up_scales_the_budget_held(conv, parser, by_id, message, cap) -> None:
    resolved = go(message, conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.price == NumericRange(None, cap)
    assert ("halved" if cap < 2000 else "doubled") in resolved.note


@pytest.mark.parametrize("message", ["make it 16gb ram and forget the price limit, I'll pay whatever it takes",
                                     "price doesn't matter", "money is no object"])
def test_the_price_held_is_dropped_when_the_shopper_lets_it_go(conv, parser, by_id, message) -> None:
    # set NH (dev): "forget the price limit" kept the $1,500 cap
    resolved = go(message, conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and not resolved.filters.price.bounded and "any price" in resolved.note


def test_a_brand_let_go_with_never_mind_is_replaced(tiny_products, parser, by_id) -> None:
    # set NH (dev): "Never mind HP, a colleague has a Philips and loves it. Philips please" kept HP beside Philips
    held = _after(tiny_products, "hp laptop", "hp laptop", Filters(brands=("HP",)))
    resolved = go("Never mind HP, a friend has a Lenovo and loves it. Lenovo please, same budget", held, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.brands == ("Lenovo",)


def test_a_first_clause_about_the_shoppers_own_thing_refines(tiny_products, parser, by_id) -> None:
    # set MZ (dev): "Actually I measured my desk again and there's room for a 27 instead" read a desk, a new search
    held = _after(tiny_products, "15 inch laptop", "laptop", Filters(numeric={"screen_in": NumericRange(14.5, 15.95)}))
    resolved = go("Actually I measured my desk again and there's room for a 17 instead. Let's go 17.", held, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.numeric["screen_in"].min >= 16.5


def test_a_size_ruled_out_is_not_the_one_asked(tiny_products, parser, by_id) -> None:
    # set NG (dev): "just measured the wall between the windows, 42 is way too big. 32 instead" kept 42
    held = _after(tiny_products, "17 inch laptop", "laptop", Filters(numeric={"screen_in": NumericRange(16.5, 17.95)}))
    resolved = go("17 is way too big for my bag. 14 instead", held, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.numeric["screen_in"].max < 15


def test_what_a_thing_needs_said_as_a_sentence_refines(conv, parser, by_id) -> None:
    # set ND (dev): "The practice software needs 8GB of memory at a minimum." after Lenovo desktops started a new search
    resolved = go("The practice software needs 8GB of memory at a minimum.", conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.numeric["memory_gb"].min == 8


def test_what_money_is_kept_for_names_no_brand(tiny_products, parser, by_id) -> None:
    # set NK (dev): "bring the upper end down to 300, I need money left for a cooler" searched Cooler Master
    held = _after(tiny_products, "lenovo laptop", "lenovo laptop", Filters(brands=("Lenovo",)))
    resolved = go("hmm actually bring the upper end down to 300, I need money left for a new bag from Philips", held, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.brands == ("Lenovo",) and resolved.filters.price.max == 300

def test_a_size_taken_back_is_not_the_one_asked(tiny_products, parser, by_id) -> None:
    # set NM (dev): "actually scratch the 24, make it 27" kept 24 inches
    held = _after(tiny_products, "14 inch laptop", "laptop", Filters(numeric={"screen_in": NumericRange(13.5, 14.95)}))
    resolved = go("actually scratch the 14, make it 17. I'll go up to nine hundred for the bigger screen", held, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.numeric["screen_in"].min >= 16.5 and resolved.filters.price.max == 900


def test_a_refinements_parse_says_no_type_it_does_not_search(tiny_products, parser, by_id) -> None:
    # Chromium, "make that 32 gigs and forget the price limit" after MSI laptops: "How I found these" said it read "category:
    # memory module" (from the size read as RAM) while the refinement kept the laptops
    resolved, parsed = resolve("you know what, make that 32 gigs and forget the price limit", _holding(tiny_products, memory_gb=(16.0, None)),
                               parser, lambda ids: [by_id[i] for i in ids if i in by_id])
    assert resolved.intent is Intent.REFINE and resolved.filters.numeric["memory_gb"].min == 32
    assert [c.kind for c in parsed.constraints] == ["memory_gb"]


def test_a_price_let_go_with_a_new_one_said_is_the_new_one(conv, parser, by_id) -> None:
    # set NQ (read once, dev since): "Forget the 150 limit, show me ones over $200." read conflicting prices and kept the cap
    resolved = go("On second thought, every cheap one I've owned broke. Forget the 2000 limit, show me ones over $2500.", conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.price == NumericRange(2500, None)


def test_a_size_said_with_of_ssd_is_the_spec_of_the_shown(conv, parser, by_id) -> None:
    # set NQ (read once, dev since): "oh and it needs 512GB of SSD or bigger" after laptops searched internal SSDs
    resolved = go("oh and it needs 512GB of SSD or bigger, our old family computer was always full", conv, parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.numeric["storage_gb"].min == 512


def test_a_new_search_keeps_the_budget_or_brand_it_says_is_the_same(conv, parser, by_id, tiny_products) -> None:
    lookup = lambda ids: [by_id[i] for i in ids if i in by_id]  # noqa: E731
    resolved, parsed = resolve("and a bag for it, same budget", conv, parser, lookup)
    assert resolved.intent is Intent.SEARCH and resolved.search_text.endswith("under $2000")
    assert parsed.filters.price == NumericRange(None, 2000) and "keeping under $2000" in resolved.note
    # the brand held, kept; a price said again is the shopper's, not the one held
    shown = tuple(p.id for p in tiny_products[:3])
    hp = Conversation("s2").with_turn(Turn("hp laptop under $900", "search", "laptop", Filters(brands=("HP",), price=NumericRange(None, 900)), shown))
    resolved, parsed = resolve("and a bag for it, same brand, under 40", hp, parser, lookup)
    assert parsed.filters.brands == ("HP",) and parsed.filters.price == NumericRange(None, 40)
    # a budget the last search had to let go of (nothing matched it) is the one its message said
    relaxed = Conversation("s3").with_turn(Turn("laptop under $900", "search", "laptop", Filters(), shown))
    assert resolve("and a bag for it, same budget", relaxed, parser, lookup)[1].filters.price == NumericRange(None, 900)
    # no "same": nothing carried (the search names what "it" is, and no more)
    assert resolve("and a bag for it", conv, parser, lookup)[0].search_text == "and a bag for the notebook"


@pytest.mark.parametrize(("kind", "message", "intent"), [
    # sets NV-OC (dev): a screen wanted after a thing that feeds one is the next thing, not a spec of it
    ("projector", "and a screen to project onto, 100 inches or bigger", Intent.SEARCH),
    ("projector", "and a pull down screen to go with it, 100 inch or bigger", Intent.SEARCH),
    ("desktop pc", "and a screen for it, 24-inch, no more than $200", Intent.SEARCH),
    ("notebook", "a bigger screen, 15 inch at least", Intent.REFINE),  # (a laptop has its own)
])
def test_a_screen_wanted_after_a_thing_that_feeds_one_is_a_new_search(tiny_products, parser, kind, message, intent) -> None:
    from dataclasses import replace as changed

    shown = [changed(p, category=kind) for p in tiny_products[:3]]
    by_id = {p.id: p for p in shown}
    conv = Conversation("s1").with_turn(Turn(f"{kind} under $900", "search", kind, Filters(price=NumericRange(None, 900)),
                                             tuple(by_id)))
    assert resolve(message, conv, parser, lambda ids: [by_id[i] for i in ids if i in by_id])[0].intent is intent


@pytest.mark.parametrize("message", ["hp, to go w the hp mouse in there", "HP, the office buys HP toner in bulk"])
def test_a_thing_it_goes_with_or_the_office_buys_is_no_new_search(tiny_products, parser, by_id, message) -> None:
    """Sets NW, NV (dev): "philips, to go w the philips kettle in there" after coffee makers searched kettles."""
    resolved = go(message, _holding(tiny_products), parser, by_id)
    assert resolved.intent is Intent.REFINE and resolved.filters.brands == ("HP",)


def test_a_thing_for_it_said_by_its_use_is_a_new_search_that_names_it(conv, parser, by_id) -> None:
    """Sets NV-OC (dev): "ok and smth to carry it in" after laptops refined the laptops; "a case for it" searched bags."""
    resolved = go("ok and smth to carry it in. black, nothing above 40 bucks", conv, parser, by_id)
    assert resolved.intent is Intent.SEARCH and resolved.search_text == "ok and smth to carry the notebook in. black, nothing above 40 bucks"
    # a refinement that says "it" of the thing shown stays one, and so does one that names things that go with it in passing
    assert go("and keep it under 900, we already blew a chunk on the gaming monitor and headset that go with it", conv, parser,
              by_id).intent is Intent.REFINE
    assert go("make it black, under 900", conv, parser, by_id).intent is Intent.REFINE
    assert go("black to match it, under 900", conv, parser, by_id).intent is Intent.REFINE


@pytest.mark.parametrize(("kind", "message"), [
    ("desktop pc", "For this computer i need also keyboard, cherry brand only, it should stay below $50 please"),
    ("nas", "plus drives to fill it, at least 2TB each, no more than 275 each"),
])
def test_a_thing_for_the_one_shown_or_a_need_of_another_kind_is_a_sure_switch(tiny_products, kind, message) -> None:
    """Sets OF, OG (dev): the learned reader read these as refinements of the desktops and the NAS boxes."""
    parser = QueryParser(Vocabulary(brands=("CHERRY", "Lenovo"), words=frozenset()))
    conv, lookup = shown_as(tiny_products, kind)
    assert resolve(message, conv, parser, lookup, says_refine())[0].intent is Intent.SEARCH


def test_a_kind_as_its_brand_sells_it_is_a_new_type(tiny_products) -> None:
    """Set OG (dev): "the earphones from Samsung" read a headset (Samsung files none as headphones), which the rules did
    not count as a type the message names."""
    parser = QueryParser(Vocabulary(brands=("Samsung",), brand_categories={"Samsung": ("smartphone", "headset")}, words=frozenset()))
    conv, lookup = shown_as(tiny_products, "smartphone")
    resolved, parsed = resolve("For the same phone I want the earphones from Samsung, my limit for them is 170.", conv, parser, lookup)
    assert resolved.intent is Intent.SEARCH and parsed.filters.price.max == 170


def test_a_cover_for_the_thing_shown_is_a_new_search(tiny_products, parser) -> None:
    """Set OG (dev): "a cover for the phone" after phones refined them ("cover" is no phrase of phone cases)."""
    conv, lookup = shown_as(tiny_products, "smartphone")
    assert resolve("Ok and then a cover for the phone, transparent one please, under 20$", conv, parser, lookup)[0].intent is Intent.SEARCH
    assert resolve("make it black, under 300", conv, parser, lookup)[0].intent is Intent.REFINE


def test_a_bare_range_after_a_size_is_a_range_of_sizes(tiny_products, parser, by_id) -> None:
    """Set OF (dev): "24 to 27 is fine too, budget the same" after 27-inch monitors under $400 was a new search of no
    constraint (and "budget" a cheap cap)."""
    held = _after(tiny_products, "dell display, 27 inch, below 400", "dell display, 27 inch,",
                  Filters(price=NumericRange(None, 400), numeric={"screen_in": NumericRange(26.5, 27.95)}))
    resolved = go("24 to 27 is fine too, budget the same, my desk is quite shallow", held, parser, by_id)
    size = resolved.filters.numeric["screen_in"]
    assert resolved.intent is Intent.REFINE and size.min < 24 < 27 < size.max < 28 and resolved.filters.price.max == 400


@pytest.mark.parametrize("message", ["a second one, nothing fancy, under sixty", "something to protect this one so it lasts longer than the last"])
def test_one_more_or_the_shoppers_last_is_no_product_shown(tiny_products, parser, by_id, message) -> None:
    """Set OK (dev): "a second one" showed the second product; "longer than the last" the last one."""
    assert go(message, _holding(tiny_products), parser, by_id).intent is not Intent.DETAIL


def test_a_cap_after_a_floor_keeps_the_floor(tiny_products, parser, by_id) -> None:
    """Set OK (dev): "anything past 25 inches won't fit" after 24 inches or bigger is 24 to 25 inches."""
    held = _after(tiny_products, "monitor 24 or bigger", "monitor", Filters(numeric={"screen_in": NumericRange(24, None)}))
    size = go("oh wait, I measured and anything past 25 inches won't fit", held, parser, by_id).filters.numeric["screen_in"]
    assert (size.min, size.max) == (24, 25.05)


def test_the_size_of_the_shoppers_own_device_after_bags_is_the_bags(tiny_products, parser) -> None:
    """Set OK (dev): "my laptop is a 15.6in so it has to fit that" after laptop bags was said of the laptop, and dropped."""
    conv, lookup = shown_as(tiny_products, "notebook bag")
    resolved, parsed = resolve("my laptop is a 15.6in so it has to fit that", conv, parser, lookup)
    assert resolved.intent is Intent.REFINE and resolved.filters.numeric["screen_in"].min == 15.6
    assert "the size of your own, which it must fit: 15.6in" in parsed.notes  # (not "said of your own, not asked for")


def test_a_refinement_with_words_of_its_own_carries_its_new_search(tiny_products, parser) -> None:
    """Set OJ (dev): "and the flat thing the mouse goes on so it glides better" after mice refined them and found nothing;
    a refinement that says no more than constraints carries none."""
    conv, lookup = shown_as(tiny_products, "mouse")
    assert resolve("and the flat thing the mouse goes on so it glides better. not paying more than 30 bucks for a mat",
                   conv, parser, lookup)[0].or_search
    assert not resolve("under 30 please", conv, parser, lookup)[0].or_search


def test_a_refinement_whose_own_words_name_no_other_kind_carries_no_new_search(tiny_products, parser) -> None:
    """The older files: "ok budget reality check - 8GB min is acceptable" after desktops ran its words as a new search."""
    conv, lookup = shown_as(tiny_products, "desktop pc")
    assert not resolve("ok budget reality check - 8GB min is acceptable, we'll upgrade them later", conv, parser, lookup)[0].or_search


def test_a_price_said_in_a_reason_goes_with_the_new_search(tiny_products, parser) -> None:
    """Set OK (dev): "speakers to hook up to it, philips, I'm capping it at 100" set the price aside with its clause."""
    conv, lookup = shown_as(tiny_products, "tv")
    resolved, parsed = resolve("the tv's own sound is so weak we have subtitles on all the time. speakers to hook up to it, I'm "
                               "capping it at 100", conv, parser, lookup)
    assert resolved.intent is Intent.SEARCH and parsed.filters.price.max == 100


def test_a_need_read_from_normalised_words_is_a_sure_switch(tiny_products) -> None:
    """Set OJ (dev): "the thing that holds the phone in the car" reads "holds the smartphone"; its need was not found in
    the words said, and the learned reader's refinement won."""
    parser = QueryParser(Vocabulary(brands=("Samsung",), words=frozenset()))
    conv, lookup = shown_as(tiny_products, "smartphone")
    resolved, _ = resolve("and the thing that holds the phone in the car so he's not holding it while driving. Under 50.", conv, parser,
                          lookup, says_refine())
    assert resolved.intent is Intent.SEARCH
