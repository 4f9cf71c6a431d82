"""The relevance tiers behind abstaining, hedging and the HyDE trigger."""

from __future__ import annotations

from rag.generation.relevance import assess
from rag.records import NO_FILTERS, FusedHit, Hit, LegEvidence
from rag.retrieval import RetrievalMode, RetrievalResult


def result(products, dense_score: float) -> RetrievalResult:
    hits = tuple(FusedHit(p.id, 1.0 / (i + 1), {"dense": LegEvidence(i + 1, dense_score)}) for i, p in enumerate(products))
    dense = tuple(Hit(p.id, dense_score, "dense", i + 1) for i, p in enumerate(products))
    return RetrievalResult("q", NO_FILTERS, RetrievalMode.HYBRID_RRF, hits, {"dense": dense})


def test_tiers(tiny_products) -> None:
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    by_id = {p.id: p for p in tiny_products}
    assert assess("notebook", result(notebooks, 0.6), by_id).tier == "good"
    assert assess("gaming notebook", result(notebooks, 0.45), by_id).tier == "weak"
    assert assess("sofa", result(notebooks, 0.45), by_id).tier == "none"
    assert assess("notebook", result(notebooks, 0.2), by_id).tier == "none"  # too dissimilar, words or not
    assert assess("notebook", result([], 0.9), by_id).tier == "none"


def test_a_hyde_listing_can_only_lift_none_to_weak(tiny_products) -> None:
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    by_id = {p.id: p for p in tiny_products}
    first = result(notebooks, 0.45)
    assert assess("something for work trips", first, by_id).tier == "none"
    lifted = assess("something for work trips", first, by_id, expansion="HP notebook, 14 inch, light notebook for work")
    assert lifted.tier == "weak" and "HyDE" in lifted.reason
    unrelated = assess("sofa", first, by_id, expansion="Three-seat fabric sofa with cushions")
    assert unrelated.tier == "none"


def test_a_word_no_product_holds_makes_a_good_match_the_closest(tiny_products, tmp_path) -> None:
    from rag.catalog.vocabulary import Vocabulary
    from rag.generation.relevance import unknown_words

    vocabulary = Vocabulary.from_products(tiny_products)
    vocabulary.save(tmp_path)
    words = Vocabulary.load(tmp_path).words  # stored beside the index, read back
    assert words == vocabulary.words and "notebook" in words
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    by_id = {p.id: p for p in tiny_products}
    first = result(notebooks, 0.6)
    assert assess("notebook", first, by_id, catalog_words=words).tier == "good"
    verdict = assess("zqbrand notebook", first, by_id, catalog_words=words)
    assert verdict.tier == "weak" and "no product of the catalog" in verdict.reason
    assert "zqbrand" not in verdict.reason  # the shopper's words are not repeated
    assert assess("zqbrand notebook", first, by_id).tier == "good"  # no word list (an older index): no check
    # Typos of catalog words, plurals, soft words and numbers are not unknown items.
    assert unknown_words("notebooks", words) == []
    assert unknown_words("noteboook", words) == []
    assert unknown_words("a notebook for my dad, 15 inch", words) == []
    assert unknown_words("zqbrand notebook", words) == ["zqbrand"]
    assert unknown_words("zqbrand notebook", frozenset()) == []


def test_an_index_without_the_word_list_loads(tmp_path) -> None:
    import json

    from rag.catalog.vocabulary import VOCABULARY_FILE, Vocabulary

    (tmp_path / VOCABULARY_FILE).write_text(json.dumps({"brands": ["HP"], "price_bands": {}, "brand_categories": {}}))
    assert Vocabulary.load(tmp_path).words == frozenset()


def test_the_two_one_edit_checks_agree() -> None:
    from rag.catalog.vocabulary import one_edit_variants, within_one_edit

    for word in ("samsung", "headphones", "ipad"):
        variants = one_edit_variants(word)
        assert "samsnug" in one_edit_variants("samsung") and "hedphones" in one_edit_variants("headphones")
        assert all(within_one_edit(word, v) for v in variants)
        assert not within_one_edit(word, word[::-1] + "xy")


def test_coverage_is_what_one_product_covers(tiny_products) -> None:
    by_id = {p.id: p for p in tiny_products}
    mouse = next(p for p in tiny_products if p.title.startswith("HP NU566AA"))
    keyboard = next(p for p in tiny_products if p.category == "keyboard")
    # "cherry" on the keyboard and "mouse" on the mouse: no product is a cherry mouse.
    split = assess("cherry mouse", result([mouse, keyboard], 0.45), by_id)
    assert split.coverage == 0.5 and split.tier == "weak"
    assert assess("hp mouse", result([mouse, keyboard], 0.45), by_id).tier == "good"


def test_a_type_word_and_a_filtered_constraint_cover_themselves(tiny_products) -> None:
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    # "laptop" names the notebooks' type; "1tb storage" was a filter every hit honours.
    assert assess("laptop", result(notebooks, 0.45), by_id).coverage == 1.0
    assert assess("laptop with 1tb storage", result(notebooks, 0.45), by_id).tier == "weak"
    assert assess("laptop with 1tb storage", result(notebooks, 0.45), by_id, enforced=["1tb storage"]).tier == "good"


def test_a_search_filtered_to_the_asked_type_is_no_abstention_when_one_product_covers_every_word(tiny_products) -> None:
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    assert assess("notebook", result(notebooks, 0.2), by_id, none_below=0.36).tier == "none"
    assert assess("notebook", result(notebooks, 0.2), by_id, none_below=0.36, typed=True).tier == "good"
    # a word the catalog lacks where a name goes ("zork notebook") is another item: no answer at so low a similarity
    catalog = frozenset({"notebook", "for", "movie", "nights"})
    assert assess("zork notebook", result(notebooks, 0.2), by_id, none_below=0.36, typed=True, catalog_words=catalog).tier == "none"
    # ... while the type named by its own word, with the shopper's use beside it, is the answer (set MT: "beamer for
    # movie nights, from 300 to 600" abstained at a similarity of 0.32)
    assert assess("notebook for movie nights", result(notebooks, 0.2), by_id, none_below=0.36, typed=True,
                  catalog_words=catalog).tier == "good"
    # ... and so is one asked for by a verb in a long story (set MV: "... got the council to approve a projector for the
    # hall so we can put the hymn lyrics up on the wall ..." abstained at 0.26)
    story = "we finally got the council to approve a notebook for the hall so we can put the movie nights up"
    assert assess(story, result(notebooks, 0.2), by_id, none_below=0.36, typed=True,
                  catalog_words=catalog | frozenset(story.split())).tier == "good"
    assert assess("we finally got the council to look at the notebook for the hall", result(notebooks, 0.2), by_id,
                  none_below=0.36, typed=True, catalog_words=catalog).tier == "none"  # named, not asked for


def test_a_contraction_typed_without_its_apostrophe_is_no_unknown_item() -> None:
    """Found on a fresh set: "headphones that wont fall out" was hedged as not carried because of "wont"."""
    from rag.generation.relevance import unknown_words

    words = frozenset({"headphones", "fall", "out", "running", "gym", "when"})
    assert unknown_words("headphones for the gym that wont fall out when running", words) == []
    assert unknown_words("headphones that dont fall out", words) == []
    assert unknown_words("bose headphones", words) == ["bose"]  # a name the catalog lacks still counts
    # constraint set KF: words that describe where a name goes ("whatever samsung tablet you carry", "our ancient file server")
    assert unknown_words("whatever samsung tablet you carry", frozenset({"samsung", "tablet", "you"})) == []
    assert unknown_words("replacing our ancient file server", frozenset({"replacing", "file", "server"})) == []
    # sets OB, OC (dev): words said as spoken ("gonna"), and "goes", which stems to "goe"
    assert unknown_words("gonna want some arctic fans too", frozenset({"want", "some", "arctic", "fans", "too"})) == []
    assert unknown_words("my son goes through headphones like crazy", frozenset({"son", "through", "headphones", "like", "crazy"})) == []
    # constraint set KH: sizes and tastes said of the item ("after a massive telly", "he's very particular")
    assert unknown_words("after a massive tv, 50 inches minimum", frozenset({"after", "tv", "inches", "minimum"})) == []
    assert unknown_words("the blue one, he's very particular", frozenset({"blue", "one", "very"})) == []


def test_a_typed_search_with_the_shoppers_own_words_is_no_hedge(tiny_products) -> None:
    """Found on the fresh set: "24in monitor somewhere between $100 and $200" showed three 24-inch monitors
    in the range as "the closest products" because no title says "somewhere"."""
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    untyped = assess("notebook somewhere pls", result(notebooks, 0.4), by_id, none_below=0.36, weak_below=0.5)
    assert untyped.tier == "weak"
    typed = assess("notebook somewhere pls", result(notebooks, 0.4), by_id, none_below=0.36, weak_below=0.5, typed=True)
    assert typed.tier == "good" and "filtered to the asked type" in typed.reason
    # a name the catalog does not carry still makes it the closest (see the next test)
    named = assess("zork notebook", result(notebooks, 0.4), by_id, none_below=0.36, weak_below=0.5, typed=True,
                   catalog_words=frozenset({"notebook", "somewhere"}))
    assert named.tier == "weak"


def test_a_type_read_from_a_need_is_the_answer_not_the_closest(tiny_products) -> None:
    """Found on a fresh set: "something to listen to music on the bus" abstained although the need names headphones."""
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    words = "something to work on the train without wifi"
    assert assess(words, result(notebooks, 0.2), by_id, none_below=0.36, typed=True).tier == "none"
    needed = assess(words, result(notebooks, 0.2), by_id, none_below=0.36, typed=True, needed=True)
    assert needed.tier == "good"


def test_in_a_typed_search_only_a_word_where_names_go_is_a_missing_item(tiny_products) -> None:
    """Found on the last fresh set: "dell monitor somewhere between 24 and 27 inches" was "the closest" for
    "somewhere", a word no product holds; "bose headphones" must still be (the catalog has no Bose)."""
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    words = frozenset({"notebook", "hp", "dell"})
    filler = assess("notebook somewhere cheapish", result(notebooks, 0.6), by_id, typed=True, catalog_words=words)
    assert filler.tier == "good"
    named = assess("bose notebook", result(notebooks, 0.6), by_id, typed=True, catalog_words=words)
    assert named.tier == "weak" and "appear in no product" in named.reason
    by_brand = assess("notebook by acme", result(notebooks, 0.6), by_id, typed=True, catalog_words=words)
    assert by_brand.tier == "weak"
    # the parser read "philps" as a brand: a constraint's own words are no unknown item
    held = assess("philps notebook", result(notebooks, 0.6), by_id, typed=True, catalog_words=words, enforced=["philps"])
    assert held.tier == "good"


def test_unknown_words_and_where_names_go() -> None:
    """Found on writers' sets: "gave up" read "up" as a UPS, so "gave" was a name; "drone" passed as a
    typo of "done"; "bose noise cancelling headphones" lost "bose" once it was no longer right before the type."""
    from rag.generation.relevance import in_name_position, type_named, unknown_words

    assert type_named("up") is None and type_named("laptop") == "notebook"
    assert not in_name_position("gave", "the washer gave up after 12 years")
    assert in_name_position("bose", "bose noise cancelling headphones")
    assert not in_name_position("least", "laptop with at least 8gb ram")  # a size between, not describing words
    assert not in_name_position("grandkid", "video call the grandkids. desktop, 8gb ram")  # across a full stop
    assert not in_name_position("fancy", "need a new phone, nothing fancy")
    assert in_name_position("drone", "do you sell drones? want one with a camera")
    assert in_name_position("drone", "looking for a drone with a 4k camera for filming my hikes")  # the item asked for
    assert in_name_position("drone", "a drone with a 4k camera")  # as the search reads it
    assert not in_name_position("weak", "msi gaming laptops, i just dont want a weak one")
    assert not in_name_position("hike", "looking for a camera for filming my hikes")
    assert not in_name_position("moving", "usb stick, just for moving files between work and home")  # writer AW: a verb
    words = frozenset({"done", "camera", "photograph"})
    assert unknown_words("drones with a camera", words) == ["drone"]  # a word of the language is no typo of another
    assert unknown_words("photography camera", words) == []  # ... but may be of its own stem
    # a superlative grades the request: "whats the biggest tv u got" names no "biggest"
    assert unknown_words("biggest camera", words) == [] and unknown_words("largest camera", words) == []


def test_a_bare_type_whose_top_products_are_of_it_ignores_the_shoppers_words(tiny_products) -> None:
    """"need a new phone, nothing fancy": the open search's top products are phones; "fancy" is no missing item,
    and a weak tier is lifted ("need a new phone, mine cracked again"); none only when every word is covered."""
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    words = frozenset({"notebook", "new"})
    assert assess("new notebook nothing fancy", result(notebooks, 0.6), by_id, catalog_words=words).tier == "weak"
    assert assess("new notebook nothing fancy", result(notebooks, 0.6), by_id, catalog_words=words, of_type=True).tier == "good"
    assert assess("new notebook", result(notebooks, 0.2), by_id, of_type=True).tier == "good"  # every word covered
    assert assess("new notebook zork", result(notebooks, 0.2), by_id, of_type=True).tier == "none"
    cracked = dict(catalog_words=words)
    assert assess("new notebook mine cracked again", result(notebooks, 0.45), by_id, **cracked).tier == "weak"
    assert assess("new notebook mine cracked again", result(notebooks, 0.45), by_id, of_type=True, **cracked).tier == "good"


def test_a_story_without_a_type_hedges_only_for_a_word_where_names_go(tiny_products) -> None:
    """Found on writer AE: "my beard has gotten ridiculous ... want to sort it out myself at home" showed
    beard trimmers as "the closest" for "gotten", "ridiculous" and "sort"; a treadmill must still be."""
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    words = frozenset({"notebook", "home"})
    story = "my notebook has gotten ridiculous and i cant get it fixed for like 3 weeks, want to sort it out at home"
    assert assess(story, result(notebooks, 0.6), by_id, catalog_words=words).tier == "weak"
    assert assess(story, result(notebooks, 0.6), by_id, catalog_words=words, story=True).tier == "good"
    named = "gym is too expensive so im thinking of getting a treadmill for the garage, what have u got"
    assert assess(named, result(notebooks, 0.6), by_id, catalog_words=words, story=True).tier == "weak"
    asked = "my grandma wants to start making her own clothes again, do u have sewing machines"
    assert assess(asked, result(notebooks, 0.6), by_id, catalog_words=words | {"machines"}, story=True).tier == "weak"


def test_a_gift_hedges_for_the_item_the_person_wants_not_for_words_about_them(tiny_products) -> None:
    """Found on writer AC: "my son wants an electric guitar for xmas" showed shavers as a good answer."""
    from rag.generation.relevance import asked_for

    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    words = frozenset({"notebook", "electric", "one"})
    wants = assess("wants electric guitar beginner one", result(notebooks, 0.4), by_id, catalog_words=words, gift=True)
    assert wants.tier == "weak"
    about = assess("basically lives garden shed listening football commentary", result(notebooks, 0.4), by_id,
                   catalog_words=words, gift=True)
    assert about.tier == "good"
    assert asked_for("guitar", "my son wants an electric guitar") and not asked_for("shed", "lives in his garden shed")


def test_insisting_and_counting_words_are_no_unknown_items() -> None:
    """Found on writers O and V: "the actual samsung galaxy tab itself" and "i already have a few lenses" were
    "the closest products" for "itself" and "few"."""
    from rag.generation.relevance import unknown_words

    words = frozenset({"samsung", "galaxy", "tab", "canon", "camera", "lenses", "already"})
    assert unknown_words("the actual samsung galaxy tab itself", words) == []
    assert unknown_words("a canon camera, i already have a few lenses", words) == []


def test_a_type_and_two_more_enforced_constraints_are_the_request_however_chatty(tiny_products) -> None:
    """Found on writer AJ: "we're finally replacing the old telly - want a 65\\" one and dont want to spend more than
    800" abstained (similarity 0.26) although the search held TVs of 65" under $800."""
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    chatty = "finally replacing the old one, want a big one and dont want to spend much"
    low = result(notebooks, 0.25)
    assert assess(chatty, low, by_id, none_below=0.36, typed=True, enforced=["under 800"]).tier == "none"
    two = assess(chatty, low, by_id, none_below=0.36, typed=True, enforced=["under 800", "17 inch"])
    assert two.tier == "good"
    assert assess(chatty, low, by_id, none_below=0.36, enforced=["under 800", "17 inch"]).tier == "none"  # not typed


def test_a_typed_search_whose_words_the_catalog_all_holds_is_the_answer(tiny_products) -> None:
    """Found on writer BY: "my phone screen just cracked, time for a new phone" abstained (similarity 0.33) although
    the search held phones; a word the catalog lacks where names go still keeps it from the answer."""
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    words = frozenset({"notebook", "screen", "time", "new"})
    low = result(notebooks, 0.3)
    story = assess("my notebook screen cracked, time for a new notebook", low, by_id, none_below=0.36, typed=True,
                   catalog_words=words)
    assert story.tier == "good"  # "cracked" is no name: it sits where no name goes
    named = assess("time for a new zorblax notebook", low, by_id, none_below=0.36, typed=True, catalog_words=words)
    assert named.tier == "none"
    dash = assess("need a dash notebook for my car", low, by_id, none_below=0.36, typed=True,
                  catalog_words=words | {"dash", "car"})
    assert dash.tier == "none"  # a word before the type makes another item ("a dash cam"), catalog words or not
    # writer CL: the type alone at a sentence's start, the story before it; but not a kind of two words ("dash cam")
    alone = assess("my daughter starts uni and needs it for essays. notebook, around 600", low, by_id, none_below=0.36,
                   typed=True, catalog_words=words | {"daughter", "starts", "uni", "needs", "essays", "around"})
    assert alone.tier == "good"
    assert assess("my notebook screen cracked", low, by_id, none_below=0.36, catalog_words=words).tier == "none"  # not typed


def test_a_gift_of_a_named_kind_still_hedges_for_the_item_the_person_wants(tiny_products) -> None:
    """Found on writer CA: "my son wants a drone with a camera for his birthday" showed cameras as the answer: a gift
    of a named kind (the camera) dropped every unknown word, the drone too."""
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    words = frozenset({"notebook", "son", "birthday", "beginner", "friendly"})
    drone = assess("my son wants a drone with a notebook for his birthday", result(notebooks, 0.5), by_id, typed=True,
                   needed=True, catalog_words=words)
    assert drone.tier == "weak" and drone.unknown == ("drone",)
    asked = assess("do u sell drones? my son wants one with a notebook for his birthday", result(notebooks, 0.5), by_id,
                   typed=True, needed=True, catalog_words=words | {"sell", "one"})
    assert asked.tier == "weak" and asked.unknown == ("drone",)  # writer CM: asked the shop for by name
    person = assess("my son is obsessed with minecraft, a notebook for his birthday", result(notebooks, 0.5), by_id,
                    typed=True, needed=True, catalog_words=words)
    assert person.tier == "good"


def test_people_are_no_unknown_items() -> None:
    """Found on writer CY: "so she stops running out of space for grandkid pics" hedged for "grandkid"."""
    from rag.generation.relevance import unknown_words

    assert unknown_words("space for grandkid pics", frozenset({"space", "pics"})) == []
    assert unknown_words("space for zorblax pics", frozenset({"space", "pics"})) == ["zorblax"]


def test_the_shoppers_own_one_worn_out_asks_for_a_new_one(tiny_products) -> None:
    """Found on writer DA: "she drinks tea like all day and her kettle is ancient. around 50 maybe" abstained
    (similarity 0.26) although the search held kettles of the price."""
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    low = result(notebooks, 0.3)
    words = frozenset({"notebook", "day", "around"})
    for worn in ("she works all day and her notebook is ancient. around 500 maybe",
                 "my notebook is falling apart, around 500"):
        assert assess(worn, low, by_id, none_below=0.36, typed=True, catalog_words=words).tier == "good", worn
    # the shopper's own one, not said to be worn out, is no request for a new one
    assert assess("she works all day and her notebook is fine. around 500 maybe", low, by_id, none_below=0.36,
                  typed=True, catalog_words=words).tier == "none"


def test_where_and_how_a_shopper_works_names_no_item() -> None:
    """Found on writer DH: "a black monitor 27 inch or bigger for my wfh desk" hedged for "wfh"."""
    from rag.generation.relevance import unknown_words

    assert unknown_words("monitor for my wfh desk", frozenset({"monitor", "desk"})) == []
    # constraint set KY: "need it by tomorrow" names no maker ("by")
    assert unknown_words("black headset, need it by tomorrow", frozenset({"black", "headset", "need"})) == []


def test_the_shoppers_own_device_a_device_is_for_names_no_item(tiny_products) -> None:
    """Found on writer DB: "moniter 27 inh for my ps5" hedged for "ps5" though a monitor, not a PS5, was asked for."""
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    words = frozenset({"notebook"})
    mine = assess("notebook for my zx5", result(notebooks, 0.6), by_id, typed=True, catalog_words=words)
    assert mine.tier == "good"
    # constraint set KT: what a device is for, said with "the" ("flash drives for the conference goodie bags")
    bags = assess("notebook for the conference zx5 bags", result(notebooks, 0.6), by_id, typed=True, catalog_words=words)
    assert bags.tier == "good"
    asked = assess("zx5 notebook", result(notebooks, 0.6), by_id, typed=True, catalog_words=words)
    assert asked.tier == "weak"  # a name asked for, where names go
    cases = [p for p in tiny_products if p.category == "mobile phone case"][:3]
    served = assess("case for my zx5", result(cases, 0.6), by_id, typed=True, catalog_words=frozenset({"case"}))
    assert served.tier == "weak"  # an accessory's device must be carried for the case to fit it


def test_a_kind_of_two_words_at_the_head_is_no_type_named_alone(tiny_products) -> None:
    """Found on the older golden files: "dash cam for my car" (a camera phrase; the catalog has no dash cams) was
    answered with cameras once a type named at the head lifted a low similarity; only a type's one word does."""
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    catalog = frozenset({"notebook", "for", "my", "car", "dash"})
    low = result(notebooks, 0.2)
    assert assess("notebook for my car", low, by_id, none_below=0.36, typed=True, catalog_words=catalog).tier == "good"
    # ... a phrase of two words ("dash cam" is one of the camera's) lifts nothing
    assert assess("laptop computer for my car", low, by_id, none_below=0.36, typed=True, catalog_words=catalog | {"laptop", "computer"}).tier == "none"


def test_a_number_said_in_words_names_no_item() -> None:
    """Found on set MV at its read: "my old HP printer finally gave up after nine years" hedged as "the closest" for
    "nine" (before "years", which reads as a warranty's word)."""
    from rag.generation.relevance import unknown_words

    words = frozenset({"printer", "old", "up", "after", "years"})
    assert "nine" not in unknown_words("my old hp printer finally gave up after nine years", words)


def test_a_nickname_of_a_type_is_no_item_the_catalog_lacks() -> None:
    """Found on the older golden files once "hoover" named vacuum cleaners: "i need a hoover but specifically a rowenta
    one" was answered as "the closest" vacuums, since no title holds "hoover"; a product's own name still counts."""
    from rag.generation.relevance import unknown_words

    words = frozenset({"need", "but", "specifically", "rowenta", "one", "vacuum"})
    assert unknown_words("i need a hoover but specifically a rowenta one", words) == []
    assert unknown_words("i need a kindle but specifically a rowenta one", words) == ["kindle"]


def test_the_shoppers_own_things_and_words_of_the_language_are_no_names() -> None:
    # set ND (dev): each of these hedged the answer as "the closest products"
    from rag.generation.relevance import in_name_position, unknown_words

    assert not in_name_position("dorm", "setting up my dorm desk and want computer speakers, black")
    assert not in_name_position("refreshing", "refreshing workstations at our dental practice")
    assert not in_name_position("homelab", "homelab rack needs battery backup. apc ups")
    assert unknown_words("desktop tower. brand agnostic.", frozenset({"desktop", "tower", "brand"})) == []
    assert unknown_words("i've always had samsung televisions", frozenset({"samsung", "televisions", "always"})) == []
    assert in_name_position("bose", "bose headphones")  # a name before a type still is one


def test_the_one_type_named_with_a_stated_price_is_the_answer_however_long_the_story(tiny_products) -> None:
    # set ND (dev): "... raised exactly $500. That's every penny we have for a projector, so it can't cost more than that."
    # abstained (similarity 0.34) although the search held projectors under $500
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    story = "our club held a bake sale and raised exactly 500. that's every penny we have for a notebook, so no more than that"
    words = frozenset({"notebook"}) | frozenset(story.split())
    assert assess(story, result(notebooks, 0.3), by_id, none_below=0.36, typed=True, catalog_words=words,
                  enforced=["500"]).tier == "good"
    assert assess(story, result(notebooks, 0.3), by_id, none_below=0.36, typed=True, catalog_words=words).tier == "none"


def test_whose_it_is_and_how_one_is_about_brands_are_no_names() -> None:
    # sets NJ, NL (dev): "the new hires' desks", "has to be philips (brand loyal, sorry)" hedged the answer
    from rag.generation.relevance import in_name_position

    assert not in_name_position("hire", "our office manager wants the new hires' desks to match. need cherry keyboards")
    assert not in_name_position("loyal", "a little radio. has to be philips (brand loyal, sorry) and under fifty")


def test_the_shoppers_thing_said_with_an_apostrophe_names_no_item() -> None:
    # set NQ (read once, dev since): "my laptop's just shoved in a grocery bag. need a bag for a 15.6 inch laptop" hedged
    from rag.understanding.owned import without_mine

    assert "grocery" not in without_mine("started commuting by bike and my laptop's just shoved in a grocery bag. need a bag for a 15.6 inch laptop")
    # ... but a possessive is no "is": "3d printer for my son's school design project" still asks for a 3D printer
    # (the 108 older golden files, after the rule above first read every "'s" as "is")
    message = "3d printer for my son's school design project, whats good? need it by friday"
    assert without_mine(message) == message


def test_a_thing_said_to_be_in_trouble_is_no_name_but_one_said_wanted_is() -> None:
    # set LN: "our Star Micronics receipt printer is toast. looking for an epson" hedged for "micronics"; a thing said to
    # be what someone wants is still named ("a vr headset is what he wants")
    from rag.generation.relevance import in_name_position

    assert not in_name_position("micronic", "the register is fine but our star micronics receipt printer is toast. looking for an epson")
    assert in_name_position("vr", "a vr headset is what he wants for his birthday")


def test_a_thing_the_product_is_for_is_no_second_type_named(tiny_products) -> None:
    # set OM (dev): "And a label maker for the filing cabinets, less than 150" abstained ("cabinets" read a rack)
    by_id = {p.id: p for p in tiny_products}
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    query = "and a notebook for the filing cabinets,"
    words = frozenset(query.replace(",", "").split())
    assert assess(query, result(notebooks, 0.3), by_id, none_below=0.36, typed=True, catalog_words=words,
                  enforced=["under 150"]).tier == "good"
    both = "and a notebook and a filing cabinet,"
    assert assess(both, result(notebooks, 0.3), by_id, none_below=0.36, typed=True, catalog_words=words | {"cabinet"},
                  enforced=["under 150"]).tier == "none"


def test_mobo_is_a_nickname_not_an_item_the_catalog_lacks() -> None:
    # set OL (dev): "building a pc, need cpu mobo ram the whole lot" answered "the closest" Intel processors
    from rag.generation.relevance import unknown_words

    assert unknown_words("need cpu mobo ram the whole lot", frozenset({"cpu", "ram", "need", "lot", "whole"})) == []
    assert unknown_words("need cpu zorbo ram the whole lot", frozenset({"cpu", "ram", "need", "lot", "whole"})) == ["zorbo"]


def test_words_of_the_story_are_no_names() -> None:
    # sets OJ, OK (dev): "the ones that flick through photos by themselves", "I work from cafes a lot", "flickering like a
    # horror film" answered "the closest" though every product matched
    from rag.generation.relevance import in_name_position, unknown_words

    assert unknown_words("the ones that flick through photos by themselves", frozenset({"ones", "flick", "through", "photo"})) == []
    assert not in_name_position("cafe", "i work from cafes a lot. one of those privacy screens you stick on")
    assert not in_name_position("horror", "and the monitor there is flickering like a horror film. a new one, hp")
    assert in_name_position("bose", "headphones from bose")
