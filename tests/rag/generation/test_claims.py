"""Feature claims checked against real catalog records (tests/data/products.json)."""

import pytest

from rag.catalog.features import connectivity, has_connectivity, supports_battery
from rag.generation.claims import claim_issues, move_leading_citation, unsupported_claims
from rag.generation.context import build_context
from rag.generation.validate import Grounding, validate_answer


@pytest.fixture(scope="module")
def by_id(tiny_products):
    return {p.id: p for p in tiny_products}


def test_connectivity_is_read_from_the_record(by_id) -> None:
    assert connectivity(by_id["3794547"]) == {"wired"}  # Philips Earhook Headphones: "Wired"
    assert connectivity(by_id["1578266"]) == {"wireless"}  # Philips SHB1100 Bluetooth headset
    assert has_connectivity(by_id["2096357"], "wireless") is True  # HP mouse, "RF Wireless" interface
    assert has_connectivity(by_id["727946"], "wireless") is False  # CHERRY G80-3000, USB
    assert supports_battery(by_id["3794547"]) is False  # a wired headphone has no battery life


def test_claims_a_wired_headphone_cannot_carry(by_id) -> None:
    wired = by_id["3794547"]
    assert claim_issues("It has good battery life.", [wired])
    assert claim_issues("It is wireless.", [wired])
    assert claim_issues("It has a comfortable design.", [wired])
    assert claim_issues("It is water resistant.", [wired])
    assert claim_issues("It is noise cancelling.", [wired])
    assert not claim_issues("It is wired.", [wired])
    assert not claim_issues("It is not wireless.", [wired])  # negated: no claim


def test_a_claim_rests_on_the_product_cited_right_after_it(by_id) -> None:
    shown = [by_id["1578266"], by_id["3794547"]]
    ok = "The Philips SHB1100 is wireless [1]; the Earhook is a cheaper pick [2]."
    assert unsupported_claims(ok, shown) == []
    bad = "The Earhook is wireless [2]."
    assert len(unsupported_claims(bad, shown)) == 1
    quoted = "Here are matches for \u201cwireless headphones\u201d: Philips Earhook Headphones [2]."
    assert unsupported_claims(quoted, shown) == []  # the shopper's words quoted back are not a claim


def test_the_validator_rejects_an_unsupported_feature_claim(by_id) -> None:
    items = build_context([by_id["3794547"], by_id["1578266"]], 2)
    report = validate_answer("The Philips Earhook Headphones have great battery life [1].", items, Grounding())
    assert not report.ok and "battery" in report.issues[0]
    assert validate_answer("The Philips SHB1100 connects over Bluetooth [2].", items, Grounding()).ok


def test_a_product_named_twice_fails_and_a_leading_citation_moves(by_id) -> None:
    items = build_context([by_id["3794547"], by_id["1578266"]], 2)
    name = items[0].display_name
    report = validate_answer(f"The {name} is wired [1]. The {name} is also light [1].", items, Grounding())
    assert not report.sentences[0].issues and report.sentences[1].issues == ("names a product already named in this answer",)
    assert move_leading_citation("[1] The HP is light.") == "The HP is light [1]."
    assert move_leading_citation("[1][2] both are black!") == "Both are black [1][2]!"
