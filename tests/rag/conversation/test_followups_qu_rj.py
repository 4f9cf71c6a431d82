"""Follow-up rules written after sets QU and QV became dev: "Same budget as the phone" after headphones is the phone's budget,
and "it doesn't have to be samsung" lets the brand held go."""

from __future__ import annotations

from rag.conversation.earlier import with_earlier_budget
from rag.conversation.letgo import lets_brand_go_of
from rag.conversation.memory import Conversation, Turn
from rag.records import Filters, NumericRange


def _phone_then_headphones() -> Conversation:
    return Conversation("s").with_turn(
        Turn("He needs a simple phone with a big screen, under $150", "search", "he needs a simple smartphone with a big screen",
             Filters(price=NumericRange(None, 150.0)), ("p1",))).with_turn(
        Turn("and some cheap headphones, black, under 20", "search", "and cheap headphones, black,",
             Filters(price=NumericRange(None, 20.0)), ("h1",)))


def test_same_budget_as_an_earlier_kind_is_its_budget() -> None:
    said = with_earlier_budget("Last thing, a fitness band to count his steps. Same budget as the phone.", _phone_then_headphones())
    assert said == "Last thing, a fitness band to count his steps. under $150."


def test_same_budget_as_the_kind_shown_last_is_left_to_the_kept_budget() -> None:
    message = "and a case for them, same budget as the headphones"
    assert with_earlier_budget(message, _phone_then_headphones()) == message


def test_doesnt_have_to_be_the_brand_held_lets_it_go() -> None:
    assert lets_brand_go_of("hmm it doesn't have to be samsung. just keep it below $250", ("Samsung",))
    assert not lets_brand_go_of("it doesn't have to be black. just keep it below $250", ("Samsung",))


def test_a_difference_something_made_asks_no_comparison() -> None:
    from rag.conversation.cues import COMPARE

    assert not COMPARE.search("he's also got speakers hooked up to it that made a massive difference. what do you have in speakers")
    assert COMPARE.search("what's the difference between the first two")


def test_both_said_of_what_must_hold_points_at_nothing_shown() -> None:
    from rag.conversation.subject import refs_by_ordinal

    assert refs_by_ordinal("And a kettle as well, same budget. Both have to fit in one cupboard", ("a", "b", "c")) == ()
    assert refs_by_ordinal("compare both please", ("a", "b", "c")) == ("a", "b")


def test_a_thing_that_might_be_better_is_asked_for(tiny_products) -> None:
    from rag.conversation import Intent, resolve
    from rag.understanding import QueryParser, Vocabulary
    from tests.rag.conversation.fakes import says_refine, shown_as

    parser = QueryParser(Vocabulary(brands=(), words=frozenset()))
    conv, lookup = shown_as(tiny_products, "projector", "projector", Filters(price=NumericRange(None, 400.0)))
    resolved, parsed = resolve("actually a pull-down screen might be better than my lumpy wall. got one under $100?", conv, parser,
                               lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and "projection screen" in parsed.filters.categories


def test_the_old_one_a_story_undid_is_not_the_last_shown() -> None:
    from rag.conversation.subject import refs_by_ordinal

    message = "lightning took out the last one through the phone line. want a surge protector as well, Tripp Lite"
    assert refs_by_ordinal(message, ("a", "b", "c")) == ()
    assert refs_by_ordinal("can you check out the last one", ("a", "b", "c")) == ("c",)


def test_both_said_of_people_points_at_nothing_shown() -> None:
    from rag.conversation.subject import refs_by_ordinal

    assert refs_by_ordinal("scrap the black, they've both decided they want white now. same price limit", ("a", "b", "c")) == ()
    assert refs_by_ordinal("and school backpacks, they both want blue ones", ("a", "b", "c")) == ()
    assert refs_by_ordinal("tell me more about both", ("a", "b", "c")) == ("a", "b")


def test_a_big_difference_asked_about_is_still_a_comparison() -> None:
    from rag.conversation.cues import COMPARE

    assert COMPARE.search("is there a big difference between the first two?")
