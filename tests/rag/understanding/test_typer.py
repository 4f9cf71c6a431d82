"""The learned type reader: its numpy inference, its decision beside the rules, its folder, its training."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from rag.offline import train_typer
from rag.settings import Settings
from rag.understanding import QueryParser
from rag.understanding.typer import TYPE_NOTE, Margins, TypeReader, TypeReading
from rag.wiring import make_type_reader
from tests.rag.understanding.fakes import FixedReader

CORPUS = [
    ("laptop for college with 16gb ram", "notebook"),
    ("a notebook for school under 800", "notebook"),
    ("lightweight laptop for travel", "notebook"),
    ("wireless mouse for my laptop", "mouse"),
    ("a quiet mouse for the office", "mouse"),
    ("gaming mouse with side buttons", "mouse"),
    ("a 27 inch monitor for photo editing", "monitor"),
    ("monitor for the office, 24 inch", "monitor"),
    ("curved gaming monitor please", "monitor"),
]


def _trained() -> tuple[TfidfVectorizer, LinearSVC, TypeReader]:
    vectorizer = TfidfVectorizer(min_df=1, sublinear_tf=True)
    x = vectorizer.fit_transform([m for m, _ in CORPUS])
    svm = LinearSVC(C=0.5).fit(x, [t for _, t in CORPUS])
    reader = TypeReader({w: int(i) for w, i in vectorizer.vocabulary_.items()}, vectorizer.idf_, svm.coef_,
                        svm.intercept_, tuple(svm.classes_), Margins(override=0.5, fill=0.0, min_words=8))
    return vectorizer, svm, reader


@pytest.mark.parametrize("message", ["Laptop, laptop for college!", "a mouse", "the office monitor 27 inch",
                                     "nothing known here zzz", "mouse mouse mouse for a laptop"])
def test_numpy_scores_are_scikit_learns_decision_function(message: str) -> None:
    vectorizer, svm, reader = _trained()
    expected = svm.decision_function(vectorizer.transform([message]))[0]
    assert np.allclose(reader.scores(message), expected)


def test_read_gives_the_best_type_and_its_margin_or_none_for_unknown_words() -> None:
    _, _, reader = _trained()
    reading = reader.read("I need a laptop for college")
    assert reading is not None and reading.type == "notebook" and reading.margin > 0
    assert reader.read("zzz qqq") is None


LONG = "my old one broke last week and I use it every day for work and for the kids homework in the evening"


@pytest.mark.parametrize(("reading", "rules", "message", "kwargs", "expected"), [
    (TypeReading("notebook", 0.9), "memory module", LONG, {}, "notebook"),  # wins by its margin
    (TypeReading("notebook", 0.3), "memory module", LONG, {}, "memory module"),  # too close: the rules' type
    (TypeReading("notebook", 5.0), "memory module", "laptop with 16gb", {}, "memory module"),  # short: the rules read it
    (TypeReading("mouse", 2.0), "mouse pad", LONG + " mouse pad", {}, "mouse pad"),  # a compound the rules read
    (TypeReading("tablet", 2.0), "ebook reader", LONG + " not a tablet", {"set_aside": ("tablet",)}, "ebook reader"),
    (TypeReading("notebook", 0.1), None, LONG, {}, "notebook"),  # a long message the rules read no type from
    (TypeReading("notebook", 0.9), None, "make it 16 gb", {}, None),  # a short one: no type added
    (TypeReading("toy", 0.9), None, LONG + " a gift", {"gift": True}, None),  # a gift is asked about, not guessed
    (None, "monitor", LONG, {}, "monitor"),
    # what the thing is for, named after it, is no thing asked for (follow-ups that name "it", sets NV-OC)
    (TypeReading("desktop pc", 2.0), "monitor", "and 2 monitors for the desktop pc, 22in, hp and nothing else", {}, "monitor"),
    (TypeReading("tv", 2.0), "monitor mount", "now a thing to hang the tv on the wall with, 150 left in the budget for the tv", {},
     "monitor mount"),
    (TypeReading("notebook", 2.0), "memory module", LONG + " and the notebook is old", {}, "notebook"),  # named of its own
    # ... but "looking for an X" is the thing wanted (set NZ), and so is a kind named before the rules' one
    (TypeReading("internal ssd", 2.0), "desktop pc", "Looking for an internal SSD to upgrade a CAD workstation, 960GB or bigger", {},
     "internal ssd"),
    (TypeReading("graphics card", 2.0), "desktop pc", "my son is building his first pc and I'm paying for the graphics card", {},
     "graphics card"),  # (sets KX, LW: what is paid for, or "to an SSD", is the thing wanted)
    (TypeReading("internal ssd", 2.0), "desktop pc", "Upgrading the editing workstation for my wedding business to an SSD", {},
     "internal ssd"),
])
def test_checked_keeps_the_rules_type_unless_the_model_wins(reading, rules, message, kwargs, expected) -> None:
    assert FixedReader(reading).checked(message, rules, **kwargs) == expected


def test_the_parser_takes_the_readers_type_in_a_long_message_and_says_so() -> None:
    message = "my wifi does not reach the bedroom upstairs"  # 8 words: long for the fake's margins
    rules = QueryParser().parse(message)
    with_reader = QueryParser(typer=FixedReader(TypeReading("network extender", 3.0))).parse(message)
    assert with_reader.filters.categories == ("network extender",) != rules.filters.categories
    assert any(n.startswith(TYPE_NOTE) for n in with_reader.notes) and not any(n.startswith(TYPE_NOTE) for n in rules.notes)
    # a need said as a sentence stays a need (no word of it is a product the shop lacks)
    assert [c.need for c in with_reader.constraints if c.kind == "category"] == \
        [c.need for c in rules.constraints if c.kind == "category"] == [True]
    short = QueryParser(typer=FixedReader(TypeReading("notebook", 3.0))).parse("wifi dies upstairs")
    assert short.filters.categories == QueryParser().parse("wifi dies upstairs").filters.categories


def test_the_reader_reads_the_normalized_message() -> None:
    seen: list[str] = []

    class Recording(FixedReader):
        def read(self, message: str) -> TypeReading | None:
            seen.append(message)
            return None

    QueryParser(typer=Recording(None)).parse("my lapptop died last week and I need a new one for work and for school")
    assert seen and "laptop" in seen[0]


def test_save_and_load_round_trip(tmp_path) -> None:
    _, _, reader = _trained()
    reader.with_margins(Margins(0.8, float("inf"), 40)).save(tmp_path / "m", note="x")
    loaded = TypeReader.load(tmp_path / "m")
    assert loaded.margins == Margins(0.8, 1e9, 40) and loaded.classes == reader.classes
    assert np.allclose(loaded.scores("laptop for college"), reader.scores("laptop for college"), atol=1e-5)
    assert json.loads((tmp_path / "m" / "meta.json").read_text())["note"] == "x"


def test_arrays_that_disagree_are_refused() -> None:
    with pytest.raises(ValueError):
        TypeReader({"a": 0, "b": 1}, np.ones(2), np.zeros((2, 3)), np.zeros(2), ("x", "y"), Margins(1, 1))


def test_wiring_falls_back_to_the_rules_without_a_model(tmp_path, caplog) -> None:
    with caplog.at_level(logging.WARNING):
        assert make_type_reader(Settings(type_model=str(tmp_path / "missing"))) is None
    assert "rules read product types alone" in caplog.text
    assert make_type_reader(Settings(learned_types=False)) is None
    assert isinstance(make_type_reader(Settings()), TypeReader)  # the shipped model loads


def test_training_writes_a_model_with_margins_chosen_by_cross_validation(tmp_path) -> None:
    files = []
    for k in range(2):
        conversations = [{"id": f"c{k}{i}", "turns": [{"user": m, "expect": {"outcome": "results", "types": [t]}}]}
                         for i, (m, t) in enumerate(CORPUS + CORPUS)]
        conversations.append({"id": f"r{k}", "turns": [{"user": "write my essay", "expect": {"outcome": "refuse"}}]})
        path = tmp_path / f"golden_chat_{k}.json"
        path.write_text(json.dumps({"conversations": conversations}))
        files.append(str(path))
    train_typer.main(["--golden", *files, "--index", str(tmp_path / "no-index"), "--output", str(tmp_path / "out"),
                      "--folds", "2", "--fold-models", str(tmp_path / "folds")])
    meta = json.loads((tmp_path / "out" / "meta.json").read_text())
    assert meta["figures"]["first_turns"] == 2 * (2 * len(CORPUS) + 1)
    assert set(meta["margins"]) == {"override", "fill", "min_words", "fill_min_words"}
    assert TypeReader.load(tmp_path / "out").read("a laptop for college").type == "notebook"
    for k in range(2):
        held = json.loads((tmp_path / "folds" / f"fold_{k}" / "meta.json").read_text())["held_out_files"]
        assert held == [f"golden_chat_{k}.json"]


def _category(parsed):
    return [(c.value, c.need) for c in parsed.constraints if c.kind == "category"]


def test_a_type_the_message_does_not_name_is_read_as_a_need_and_one_it_names_is_not() -> None:
    story = "the guy next to me on the train reads my laptop screen every single morning"
    assert _category(QueryParser(typer=FixedReader(TypeReading("privacy filter", 3.0))).parse(story)) == \
        [("privacy filter", True)]  # from the situation: no word of it is an item the shop lacks
    said = "we have a printer that works fine but my old monitor on the desk is flickering all day"
    assert _category(QueryParser(typer=FixedReader(TypeReading("printer", 3.0))).parse(said)) == [("printer", False)]
    # a short message is no situation: the type is a guess from a word or two, no need (a word no product holds,
    # "a sofa for the living room", then keeps the answer "the closest" or none, not "the best matches")
    short = FixedReader(TypeReading("tv", 3.0), Margins(0.5, 0.0, 8, fill_min_words=0))
    assert _category(QueryParser(typer=short).parse("a sofa for the living room")) == \
        [("tv", False)]


def test_the_shipped_model_reads_a_situation_the_rules_miss() -> None:
    reader = make_type_reader(Settings())
    assert reader is not None and (reader.margins.min_words, reader.margins.fill_floor) == (8, 0)
    parser = QueryParser(typer=reader)
    story = ("the power in our building cuts out like twice a week and last time my pc just died in the middle of "
             "a work file. want something that keeps it running a few min so i can save. 150 max")
    assert _category(parser.parse(story)) == [("ups", True)]
    assert parser.parse("screen protector for a phone").filters.categories == ("screen protector",)  # short: rules
    # a nickname in a few words is filled in, as a type (no need: the words are a name, not a situation)
    assert _category(parser.parse("black cans, nothing north of $30")) == [("headphones", False)]


def test_a_fill_floor_of_its_own_lets_the_model_name_a_type_in_a_short_message() -> None:
    """A nickname in a few words ("a clicker for my slides") has no type the rules know: the model may fill one from
    fewer words than it needs to override the rules."""
    margins = Margins(0.5, 0.5, min_words=8, fill_min_words=3)
    reader = FixedReader(TypeReading("presenter", 0.9), margins)
    assert reader.checked("a clicker for my slides", None) == "presenter"
    assert reader.checked("a clicker for my laptop", "notebook") == "notebook"  # overriding still needs 8 words
    assert reader.checked("clicker", None) is None  # under the fill floor
    assert margins.fill_floor == 3 and Margins(0.5, 0.5, 8).fill_floor == 8


def test_the_fill_floor_round_trips_and_old_model_files_still_load(tmp_path) -> None:
    _, _, reader = _trained()
    reader.with_margins(Margins(0.8, 0.5, 15, fill_min_words=5)).save(tmp_path / "m")
    assert TypeReader.load(tmp_path / "m").margins == Margins(0.8, 0.5, 15, 5)
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())
    del meta["margins"]["fill_min_words"]  # a model written before the fill floor existed
    (tmp_path / "m" / "meta.json").write_text(json.dumps(meta))
    assert TypeReader.load(tmp_path / "m").margins.fill_floor == 15


def test_a_kind_the_catalog_does_not_carry_is_left_to_the_rules() -> None:
    """Found on the older golden files at v4: "record player for my vinyl collection, doesnt need to be fancy" was read
    by the model as an MP3 player. The rules read a turntable, which the catalog files nothing as: the answer says it is
    not carried, and the model (which knows only carried kinds) has no say."""
    from rag.catalog.vocabulary import Vocabulary

    message = "record player for my vinyl collection, doesnt need to be fancy at all please"
    reader = FixedReader(TypeReading("mp3 player", 3.0))
    carried = Vocabulary(brands=(), price_bands={"*": (10.0, 50.0), "mp3 player": (20.0, 40.0)})
    assert QueryParser(carried, typer=reader).parse(message).filters.categories == ("turntable",)
    # a vocabulary that says nothing of its kinds leaves the model its say, as before
    assert QueryParser(typer=reader).parse(message).filters.categories == ("mp3 player",)


def test_a_type_named_by_a_phrase_of_three_words_stands_against_the_reader() -> None:
    # set MV, dev now: "hp all in one printer/scanner/copier thingy?? somewhere 100 to 250" was read as a scanner
    reader = FixedReader(TypeReading("scanner", 3.0))
    said = QueryParser(typer=reader).parse("hp all in one printer/scanner/copier thingy?? somewhere 100 to 250 please")
    assert said.filters.categories == ("multifunction printer",)
    # (a phrase of two words, or one joined by "and", still gives way: "his keyboard and mouse are both logitech")
    two = QueryParser(typer=FixedReader(TypeReading("monitor", 3.0))).parse("the standing desk i just bought cost me a fortune so 400 max")
    assert two.filters.categories == ("monitor",)


def test_a_refinements_parse_keeps_no_note_of_a_type_it_does_not_search(tiny_products) -> None:
    # Chromium, "black to match the kettle" after toasters: "How I found these" said "product type read by the learned
    # reader: kettle" while the refinement kept the toasters' search
    from rag.catalog.vocabulary import Vocabulary
    from rag.conversation import Conversation, Intent, Turn, resolve
    from rag.records import Filters

    by_id = {p.id: p for p in tiny_products}
    parser = QueryParser(Vocabulary.from_products(tiny_products), typer=FixedReader(TypeReading("speakers", 3.0)))
    assert any(TYPE_NOTE in n for n in parser.parse("in black please, so it matches the rest of the stuff on the kitchen counter").notes)  # the parse alone has the note
    held = Conversation("s1").with_turn(Turn("laptop", "search", "laptop", Filters(), tuple(p.id for p in tiny_products[:3])))
    resolved, parsed = resolve("in black please, so it matches the rest of the stuff on the kitchen counter", held, parser, lambda ids: [by_id[i] for i in ids if i in by_id])
    assert resolved.intent is Intent.REFINE and not any(TYPE_NOTE in n for n in parsed.notes)
    assert [c.kind for c in parsed.constraints] == ["colour"]
