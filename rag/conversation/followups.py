"""Resolve a follow-up message against the conversation so far.

"cheaper ones?", "only Sony", "under $300 please" refine the previous search
(its text and filters, plus the new constraint); "compare the first two",
"the second one", "what about the 17 inch one?" point at products shown
before and resolve to their ids. A message that names a product type of its
own ("what about tablets?") starts a new search. Rules, so every resolution
is explainable in the trace; they only look at the message and the last
search, never at the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from textwrap import shorten

from rag.catalog.categories import is_accessory, main_kind, type_spans
from rag.conversation.back import returned_to
from rag.conversation.bare import bare_gb, bare_price, bare_spec, twice_held
from rag.conversation.budget import (
    budget_shift,
    first_budget_again,
    held_price,
    in_words,
    kept_of_last,
    range_now,
    share_of_held,
    shifted,
    with_kept,
)
from rag.conversation.cues import (
    AND_A_THING,
    CHEAPER,
    COMPARE,
    COMPUTERS,
    FOR_THIS,
    ITS_DRIVE,
    MIGHT_AS_WELL,
    MY_THING,
    OF_IT,
    ONE,
    PART_COLOUR,
    PRICIER,
    PRONOUN,
    REASON,
    REFINE_CUE,
    SAME_AS_THE,
    THEN_A_THING,
)
from rag.conversation.earlier import with_earlier_brand, with_earlier_budget
from rag.conversation.letgo import (
    budget_scale,
    lets_brand_go_of,
    lets_floor_go_of,
    lets_price_go_of,
    specs_let_go_of,
)
from rag.conversation.memory import Conversation, Turn
from rag.conversation.reasons import (
    Request,
    asks_for_one,
    request_of,
    so_a_thing,
    takes_a_thing,
    the_thing_that,
    wants,
)
from rag.conversation.refine_reader import READ_NOTE, SWITCH_NOTE, FollowupReader, for_the_shown
from rag.conversation.request_kept import of_request, request_words, with_price
from rag.conversation.subject import (
    NEXT_ON_LIST,
    WHILE_HERE,
    a_thing_first,
    adds_a_thing,
    case_for_the_shown,
    for_the_shown_thing,
    has_own_subject,
    kinds_of,
    match_spec,
    named_short,
    names_shown,
    refs_by_ordinal,
    screen_of_the_shown,
    spec_noun_only,
    starts_over,
    wants_a_screen,
)
from rag.records import NO_FILTERS, Filters, NumericRange, Product
from rag.understanding.brand_kinds import brand_kind
from rag.understanding.constraints import Constraint, ParsedQuery, QueryParser, filters_from
from rag.understanding.described import asks_for_described
from rag.understanding.fits import FITS_UP_TO, as_floor, holder_kind
from rag.understanding.lines import named_line
from rag.understanding.owned import OWN_NOTE
from rag.understanding.panel import merge_filters
from rag.understanding.prices import read_price
from rag.understanding.sizes import screen_sizes
from rag.understanding.specs import read_specs
from rag.understanding.spelling import as_said
from rag.understanding.spoken import spelled_numbers
from rag.understanding.story import describes_a_thing
from rag.understanding.typer import TYPE_NOTE


class Intent(StrEnum):
    SEARCH = "search"  # a new search
    REFINE = "refine"  # the previous search with changed constraints
    COMPARE = "compare"  # products shown before, side by side
    DETAIL = "detail"  # one product shown before


@dataclass(frozen=True, slots=True)
class Resolved:
    intent: Intent
    query: str  # search text (the previous one when refining)
    filters: Filters = NO_FILTERS  # constraints carried over or added by the follow-up
    referenced: tuple[str, ...] = ()  # product ids the message points at
    note: str = ""  # what was resolved, for the trace
    set_aside: tuple[str, ...] = ()  # the shopper's reasons, not read as a request (rag.conversation.reasons)
    search_text: str = ""  # the words a new search reads instead of the message ("a case for it": for the tablet)
    or_search: str = ""  # a refinement's: the words a new search reads if it finds nothing (the learned reader doubted it)
    let_go: tuple[str, ...] = ()  # a refinement's: brands let go of that its query's words still name (none read from them)

    def describe(self) -> dict[str, object]:
        return {
            "intent": self.intent.value,
            "query": self.query,
            "filters": self.filters.describe(),
            "referenced": list(self.referenced),
            "note": self.note,
            **({"set_aside": list(self.set_aside)} if self.set_aside else {}),
            **({"search_text": self.search_text} if self.search_text else {}),
            **({"or_search": self.or_search} if self.or_search else {}),
            **({"let_go": list(self.let_go)} if self.let_go else {}),
        }


def _plural(word: str) -> str:
    """A pattern of ``word`` and its plural ("battery", "batteries")."""
    return f"{re.escape(word[:-1])}(?:y|ies)" if word.endswith("y") else f"{re.escape(word)}(?:e?s)?"


def resolve(
    message: str,
    conversation: Conversation,
    parser: QueryParser,
    lookup: Callable[[Sequence[str]], Sequence[Product]],
    reader: FollowupReader | None = None,
) -> tuple[Resolved, ParsedQuery]:
    """What the message asks for, given the conversation; also returns its parse. ``reader``, the learned
    reader of follow-ups (rag.conversation.refine_reader), may read a message the rules take for a new search
    as a refinement, or one they take for a refinement as a new search of the whole message."""
    last = conversation.last_search
    shown = conversation.last_shown
    if (back := returned_to(parser.normalize(message), conversation, lookup)) is not None:  # "ok back to the laptops ..." (set PS)
        resolved, parsed = resolve(message, conversation.with_turn(back), parser, lookup, reader)  # (read against that search)
        return replace(resolved, note="; ".join(n for n in (f'back to the earlier search "{shorten(back.message, 60, placeholder="...")}"', resolved.note) if n)), parsed
    if not shown:
        parsed = parser.parse(message)
        return Resolved(Intent.SEARCH, parsed.text or message), parsed
    # The constraints are read from the whole message; the type asked for and the products pointed at from its request,
    # without the reasons the shopper gives: "samsung only - our soundbar is a samsung" asks for Samsung TVs.
    said = message
    message = first_budget_again(message, conversation)  # "go back to my original budget": its amount (set OH)
    message = with_earlier_budget(message, conversation)  # "same budget as the phone" after headphones (QU), in the words said
    message = with_earlier_brand(as_said(message), conversation)  # a form said as words (PN); "same brand as the ups" (PG)
    if last is not None:  # "half of what the projector is allowed to cost", "twice that at the very least" (set OQ)
        message = twice_held(share_of_held(message, last), last.filters)
    request = request_of(message)
    parsed = parser.parse(message)
    # (the parse of the request alone: what the shopper's reasons name is no subject of the request)
    asked = parser.parse(request.text) if request.set_aside else parsed
    parsed = of_request(parsed, request, asked)
    if request.set_aside and (own := {c.text: c for c in asked.constraints if c.kind == "screen_in"}) \
            and any(c.kind == "screen_in" and c.text in own and c.value != own[c.text].value for c in parsed.constraints):
        # (a size as the request says it, not as its reasons' kind reads it: "go 27-inch - the wall arm out there is rated
        # for 27" is 27 inches, no arm's floor, set OI)
        kept = tuple(own.get(c.text, c) if c.kind == "screen_in" else c for c in parsed.constraints)
        parsed = replace(parsed, constraints=kept, filters=filters_from(kept))
    products = cache(lambda: tuple(lookup(shown)))  # the products shown, fetched once and only when a rule needs them
    if any(n.startswith(OWN_NOTE) for n in parsed.notes) and (fits := _own_size_it_fits(message, parsed, parser, main_kind(products()))):
        notes = tuple(f"the size of your own, which it must fit: {fits[0].text}" if n.startswith(OWN_NOTE) else n for n in parsed.notes)
        parsed = replace(parsed, constraints=(*parsed.constraints, *fits), filters=filters_from((*parsed.constraints, *fits)), notes=notes)
    resolved, parsed = _resolve(message, request, parsed, asked, last, shown, parser, products, reader)
    if resolved.intent is Intent.SEARCH and not resolved.search_text and message != said:
        resolved = replace(resolved, search_text=request.text if request.set_aside else message)  # (a new search searches the words said)
    if resolved.intent is Intent.SEARCH and last is not None and (kept := kept_of_last(message, parsed, last)):
        # a new search that keeps the budget or brand held: "and a usb hub, same budget" (said in its words)
        base = resolved.search_text or (request.text if request.set_aside else message)
        resolved = replace(resolved, search_text=with_kept(base, kept),
                           note="; ".join(n for n in (resolved.note, f"a new search, keeping {kept}") if n))
    if resolved.or_search and (kept := kept_of_last(message, parsed, last)):  # (the same for the search a refinement may be)
        resolved = replace(resolved, or_search=f"{resolved.or_search} {kept}")
    if resolved.search_text:  # a new search of its own words: no reasons set aside
        searched = parser.parse(resolved.search_text)
        if (priced := with_price(resolved.search_text, parsed, searched)) != resolved.search_text:  # (but a price said in one, set OK)
            resolved, searched = replace(resolved, search_text=priced), parser.parse(priced)
        return resolved, searched
    if request.set_aside:
        resolved = replace(resolved, set_aside=request.set_aside)
        if resolved.intent is Intent.SEARCH:  # a new search is the request's, not its reasons' (retrieval reads the query)
            resolved = replace(resolved, query=request_words(request.text, parsed, asked))
        if resolved.intent in (Intent.REFINE, Intent.SEARCH):  # the type its reasons name was not asked for: the parse says so too
            kept = (*(c for c in parsed.constraints if c.kind != "category"),
                    *(c for c in asked.constraints if c.kind == "category"))
            parsed = replace(parsed, constraints=kept, filters=filters_from(kept))
    if resolved.intent is Intent.REFINE and any(c.kind == "category" for c in parsed.constraints):
        # a refinement keeps the search's type: a type its words read ("make that 32 gigs": memory) is not said as read
        kept = tuple(c for c in parsed.constraints if c.kind != "category")
        notes = tuple(n for n in parsed.notes if not n.startswith(TYPE_NOTE))  # ("black to match the kettle": no kettle note)
        parsed = replace(parsed, constraints=kept, filters=filters_from(kept), notes=notes)
    return resolved, parsed


def _own_size_it_fits(message: str, parsed: ParsedQuery, parser: QueryParser, kind: str | None) -> tuple[Constraint, ...]:
    """The size of the shopper's own device, after things that fit one: "my laptop is a 15.6in so it has to fit that"
    after laptop bags is a bag for 15.6 inches (set OK)."""
    if kind not in FITS_UP_TO or any(c.kind == "screen_in" for c in parsed.constraints):
        return ()
    return tuple(as_floor(c, kind) for c in screen_sizes(parser.normalize(message))[0][:1])


def _resolve(
    message: str,
    request: Request,
    parsed: ParsedQuery,
    asked: ParsedQuery,
    last: Turn | None,
    shown: Sequence[str],
    parser: QueryParser,
    products: Callable[[], Sequence[Product]],
    reader: FollowupReader | None = None,
) -> tuple[Resolved, ParsedQuery]:
    asking = request.text
    refs = refs_by_ordinal(asking, shown)
    if COMPARE.search(asking):
        if len(refs) < 2:  # "which is better, 1 or 3?"
            bare = [int(d) for d in re.findall(r"(?<![\w$.])([1-9])(?![\w.%$])", asking)]
            refs = tuple(dict.fromkeys([*refs, *(shown[n - 1] for n in bare if n <= len(shown))]))
        targets = refs if len(refs) >= 2 else tuple(shown[:2])
        return Resolved(Intent.COMPARE, last.query if last else "", referenced=targets,
                        note=f"compare {len(targets)} products shown before"), parsed
    # (not "that one" of another thing the message takes: "the kettle is on its last legs as well. Same $100 limit for that one
    # please" after coffee makers, set QW)
    if (refs and ONE.search(asking) and not THEN_A_THING.search(asking) and not takes_a_thing(asking)) or (refs and not has_own_subject(asked)):
        return Resolved(Intent.DETAIL, last.query if last else "", referenced=refs[:1],
                        note="a product shown before"), parsed
    # The kinds shown, read once and only when a rule needs them.
    shown_kinds = cache(lambda: frozenset(p.category for p in products() if p.category))
    shown_kind = cache(lambda: main_kind(products()))
    scale, shift = budget_scale(message), budget_shift(message)  # how the budget held is scaled or moved, if it is
    # (no amount the budget moves by: "hmm, knock a hundred off that" after 27-inch monitors, set PA)
    if last is not None and shift is None and (spelled := bare_spec(
            spelled_numbers(message.lower()), parsed, last.filters, screens=shown_kind() in ("monitor", "tv"))
                             or bare_gb(message, parsed, last.filters, shown_kinds)):
        parsed = parser.parse(spelled)  # "make it 16" after "desktop with 8gb ram": 16 GB of RAM
        # (the request's own, when reasons were set aside: "make it 16 gigs at least - ... his buddy's 8 gig machine")
        asked = parsed if not request.set_aside else (
            parser.parse(again) if (again := bare_gb(request.text, asked, last.filters, shown_kinds)) else asked)
        parsed = of_request(parsed, request, asked)  # (and still none of its reasons': "why are there HPs in here?? ... 16 gigs")
    elif last is not None and (spelled := bare_price(spelled_numbers(message.lower()), parsed, last.filters, lambda: held_price(last))):
        parsed = asked = parser.parse(spelled)  # "ok 150 then" after "$110 or less": under $150 (set OH)
    if last is None or starts_over(asked, shown_kinds, parser) or (  # (a gift said in a reason is no gift asked for)
            NEXT_ON_LIST.match(asking) and any(c.kind == "category" and c.value not in shown_kinds() for c in asked.constraints)) or (  # "last one is the bag" (set OY)
            # a thing wanted, described by what it does: "also my mum wants a machine to play her old movies on disc" (set PI); "and the gadget you poke camera cards into" (RF)
            describes_a_thing(asking) and _WANTS_ONE.search(asking) and not any(c.kind == "category" for c in asked.constraints)) or asks_for_described(asking):
        # (a case on its own after a computer's part is the computer's: "Last thing is a case, black" after PSUs, set PQ)
        named = case_for_the_shown(asking, shown_kind()) if last is not None else asking
        return Resolved(Intent.SEARCH, parsed.text or message, search_text=named if named != asking else ""), parsed
    is_cue = bool(REFINE_CUE.search(message) or CHEAPER.search(message) or PRICIER.search(message) or PRONOUN.search(message))
    # "the 17 inch one" is a shown product; "a blue one with 64gb or more" asks for more of them
    # (not "the old one" of a reason: "and 24 inches at the very least, the old one was 22")
    if parsed.filters.numeric and ONE.search(request.text) and not has_own_subject(asked) \
            and not re.search(r"\b(?:a|an|any|another|some)\s+(?:[\w-]+\s+){0,3}(?:one|model|version)\b", message, re.I):
        hits = match_spec(parsed, products())
        if hits:
            return Resolved(Intent.DETAIL, last.query, referenced=hits[:1],
                            note="the shown product matching the spec"), parsed
    # A new product type needs words of its own: "only Case Logic" parses a type
    # ("case" → bag) from inside the brand name, which is no new search.
    # Nor does a type word inside another constraint: "need 16gb ram at least" after laptops asks
    # for laptops with 16 GB, not for memory modules.
    outside_brands = asked.text.lower()
    for c in asked.constraints:
        if c.kind != "category":
            # (a drive said with its size is the spec of what was shown: "oh and at least 8gb ram and a 512 ssd")
            outside_brands = re.sub(re.escape(c.text.lower()) + OF_IT.get(c.kind, ""), " ", outside_brands)
    # The shopper's own device is no new type either: "white if possible, to match my phone", nor a
    # word of a later clause about the shopper ("16gb of ram, my course uses some heavy software").
    # ... nor a word of the shopper's reason ("philips if poss so it works w the same remote as downstairs")
    outside_brands = REASON.sub(" ", outside_brands)
    # ... nor what someone only does ("facilities only services tripp lite units")
    # (read in the message: its parse drops "only")
    for verb in re.findall(r"\b(?:only|just)\s+(services|supports|repairs|fixes|stocks|approves|allows)\b", message.lower()):
        outside_brands = re.sub(rf"\b{verb}\b", " ", outside_brands)
    outside_brands = re.sub(r"\([^)]*\)", " ", outside_brands)  # ... nor a reason in brackets: "HP branded only (warranty)"
    # ... nor what a sentence says how things are ("also the desks are small so it needs to be exactly 24 inches") or what
    # they need ("the practice software needs 8gb of memory at a minimum")
    # (not the thing in trouble said while here: "While I'm at it the keyboard is dying too" asks for one, set OW)
    # ("my mouse mat is shredded at the corners. find me one for under 15" asks for a mat, set OM; "... so I'd like a new one", PZ)
    one_of_mine = asks_for_one(message)
    if not WHILE_HERE.search(asking.lower()) and not takes_a_thing(asking) and not one_of_mine:
        outside_brands = re.sub(r"\b(?:the|these|those|their)\s+(?:[a-z]+\s+)?[a-z]+\s+(?=(?:are|is|were|was|have|has|needs?|requires?)\b)", " ", outside_brands)
        outside_brands = ITS_DRIVE.sub(" ", outside_brands) if shown_kind() in COMPUTERS else outside_brands
    # ... nor the device it is for: "it's for a 17 inch laptop" after bags (constraint set KX)
    outside_brands = re.sub(r"\b(?:it'?s|its|it\s+is|they'?re|theyre|they\s+are)\s+for\s+[^,.;!?]*", " ", outside_brands)
    if (kind := shown_kind()) is not None and is_accessory(kind):  # ... "still for a 17 inch laptop" after laptop bags
        # (or what it must fit: "I need it to fit a 15.6\" laptop" after backpacks, set ON)
        outside_brands = re.sub(r"\b(?:for|(?:(?:it|them|one)\s+)?(?:to\s+|has\s+to\s+|needs\s+to\s+|must\s+|should\s+)?(?:fit|hold|take)s?)\s+"
                                r"(?:a|an|my|our|the|his|her|their)\s+[^,.;!?]*", " ", outside_brands)
    first, *later = re.split(r"[,.;!?]|\s[-–—]\s", outside_brands)  # ("black units only - it sits in a black rack")
    while later and _CHAT_ONLY.fullmatch(first):  # (a word of chat first: "great. i also want ... one of those arm mounts", PT)
        first, *later = later
    # (or about the person it is for: "16 gigs of memory minimum, 8 won't run her design software")
    # (nor a later clause saying how things are: "make that 64 minimum, the files are huge")
    # (or adds a thing in a story: "my cousin dropped out of the group gift so now I'm covering a kettle as well", set OP)
    outside_brands = " , ".join([first, *(c for c in later if wants(c) or takes_a_thing(c) or AND_A_THING.match(c) or a_thing_first(c) or (one_of_mine and MY_THING.search(c))
                                           or adds_a_thing(c, asked, shown_kinds(), said_after=True) or not re.search(r"\b(?:my|our|i|we|her|his|their|she|he|they|it|its|is|are|was|were)\b", c))])
    if not one_of_mine:
        outside_brands = MY_THING.sub(" ", outside_brands)
        first = MY_THING.sub(" ", first)  # (its first clause too: "i measured my desk again ... let's go 27")
    # ... nor the spec's own noun in a reason: "16 gigs of ram at least, photoshop eats memory"
    # (not a thing of its own: "and some ram same brand sixteen gig" after SSDs, set PG)
    if any(c.kind in ("memory_gb", "storage_gb") for c in asked.constraints) and not re.search(r"\bsome\s+(?:ram|memory)\b", message, re.I):
        outside_brands, first = (re.sub(r"\b(?:memory|ram|storage|space)\b(?!\s+(?:cards?|sticks?|modules?)\b)", " ", t) for t in (outside_brands, first))  # ("RAM 8GB min", PN)
    # (by its words or by any phrase of its kind: "the old telly" is a TV though "tv" is not said)
    said = {kind for *_, kind in type_spans(outside_brands, weak=True)}
    # ... or by a product line ("lenvo thinkpad w/ 16 gig ram" after a gift's picks is a notebook search)
    said.add(named_line(outside_brands, parser.vocabulary.line_kinds) or "")
    said |= {holder_kind(k, asking.lower(), ()) or "" for k in said}  # ... or by the holder's ("metal arms ... the screen": monitor mounts, set PI)
    # (a need said in the message's own words counts: "he just got into running, something to track his runs")
    # (a need's words as the parser read them: "the thing that holds the phone" reads "holds the smartphone", set OJ)
    said_asking = cache(lambda: f"{asking.lower()} {parser.normalize(asking)}")  # (read only where a need asks)
    # (or as its brand sells it: "For the same phone I want the earphones from Samsung" reads a headset, set OG)
    brands = [str(c.value) for c in asked.constraints if c.kind == "brand"]
    # (the kind shown by the shopper's word for it: "arms" of "monitor arms"; read only where a kind is named)
    short = cache(lambda: named_short(asked.text, last.query, shown_kind()))
    # (or by its head word, added: "And a case so ..." after phones reads "case" a bag, the parse a phone case; set OM)
    new_type = any(c.kind == "category" and (c.text.lower() in outside_brands or c.value in said
                                             or (said - {""} and re.match(rf"\s*(?:and|plus|also)\s+(?:a|an|some)\s+(?:[\w-]+\s+)?{re.escape(str(c.value).split()[-1])}s?\b", outside_brands))
                                             or ((c.need or (c.text.lower() not in asking.lower() and " " in c.text and not re.search(
                                                 rf"\b(?:my|our|his|her|their)\s+(?:\w+\s+)?{re.escape(c.text.lower())}", said_asking())))
                                                 and c.text.lower() in said_asking())
                                             or (brands and any(brand_kind(k, outside_brands, brands, parser.vocabulary.brand_categories) == c.value
                                                                for k in said if k)))
                   and not screen_of_the_shown(c, shown_kinds) and not names_shown(str(c.value), shown_kind())
                   and c.value not in short()
                   for c in asked.constraints)
    # ... and so does a screen wanted after a thing that feeds one ("and a screen to project onto, 100 inches" after projectors)
    screen = wants_a_screen(outside_brands, shown_kind())
    new_type = new_type or screen
    # A message of constraints alone ("wireless only", "in black") refines, cue word or not;
    # wired/wireless has no filter field, so it counts here by its constraint.
    # A brand or a spec with the shopper's reasons is a refinement: "hp would be best, my dad says theyre
    # easy to fix", "at least 16gb ram, i run a lot of stuff at once".
    # (Not when the first clause names a type of its own: "bluetooth speaker" after laptops.)
    # (naming the kind shown is no other type: "i'm not spending over $200 on memory" after RAM)
    if not [kind for *_, kind in type_spans(first) if not names_shown(kind, shown_kind()) and kind not in short()]:
        is_cue = is_cue or any(c.kind != "category" for c in parsed.constraints)
    lets_brand_go = lets_brand_go_of(message, last.filters.brands)  # "eh forget the brand, just keep it under $20"
    lets_price_go = lets_price_go_of(message)  # "make that 32 gigs and forget the price limit"
    specs_go = specs_let_go_of(message)  # "forget the 512 storage requirement" (set OH)
    # (the brand held said to be wrong: "Actually her printer is an Epson not HP" after HP ink, set OJ)
    corrects_brand = any(re.search(rf"\bnot\s+(?:an?\s+|the\s+)?{re.escape(b.lower())}\b", message.lower()) for b in last.filters.brands)
    is_cue = is_cue or lets_brand_go or lets_price_go or bool(specs_go) or corrects_brand or scale is not None or shift is not None
    learned = False
    if new_type or (has_own_subject(asked, shown_kind()) and not is_cue) or (not is_cue and not parsed.constraints):
        # (the learned reader may read it as a refinement when it says something to refine with)
        terms = any(c.kind != "category" for c in parsed.constraints) or lets_brand_go or lets_price_go \
            or scale is not None or shift is not None or bool(CHEAPER.search(message) or PRICIER.search(message))
        # (a thing "for this computer" of another kind is sure: "For this computer i need also keyboard, cherry brand only", set OG;
        # and so is a need of another kind said in the request's words: "plus drives to fill it, at least 2TB each", set OF)
        # (a need the rules read: not one the learned type reader filled in, "gotta match my keyboard" after mice)
        sure = new_type and (FOR_THIS.search(asking) is not None or SAME_AS_THE.search(asking) is not None or MIGHT_AS_WELL.search(asking) is not None
                             or re.search(r"\bone\s+of\s+those\b", asking, re.I) is not None or (not any(n.startswith(TYPE_NOTE) for n in asked.notes) and any(
            c.kind == "category" and c.need and c.text.lower() in said_asking() and c.value not in shown_kinds() for c in asked.constraints))
            or adds_a_thing(parser.normalize(asking), asked, shown_kinds()) or the_thing_that(asking) or takes_a_thing(asking) or asks_for_one(asking)
            or so_a_thing(asking)  # ("oh and a ream of printer paper while I'm here" after scanners, set QN)
            # (a thing of another kind added by its own name: "and a smaller SSD for windows" after hard drives, set QK)
            # ("oh and a big pack of AA batteries for all the remotes" after clock radios, set RB)
            or any(c.kind == "category" and c.value not in shown_kinds() and re.match(
                rf"\s*(?:oh,?\s+)?(?:and|plus|also)\s+(?:a|an|some)\s+(?:[\w-]+\s+){{0,4}}{_plural(str(c.value).split()[-1])}\b", asking, re.I)
                   for c in asked.constraints)
            # (a kind named by the shown one's, added: "and what's the cheapest black camera bag" after cameras, set PW; not "under
            # $200, I still need a monitor arm" after monitors, set MF)
            or (_ADDED.match(asking) is not None and any(c.kind == "category" and (k := shown_kind()) and k.split()[-1] in str(c.value).split()[:-1]
                                                         for c in asked.constraints)))
        if reader is None or not terms or screen or sure or not reader.refines(message, shown_kinds()):
            # (its words with "it" named as the kind shown: "a black case for it" after tablets searches tablet cases; not
            # where the name is then read as the thing asked for)
            named = for_the_shown(asking, kind := shown_kind())
            named = case_for_the_shown(asking, kind) if named == asking else named  # ("protective cases in black" after tablets)
            wanted = kinds_of(parser.parse(named)) if named != asking else set()
            return Resolved(Intent.SEARCH, parsed.text or message, search_text=named if wanted and kind not in wanted else ""), parsed
        learned = True
    elif reader is not None and not short() and not corrects_brand and not PART_COLOUR.search(message) \
            and not spec_noun_only(parsed, shown_kind()) and not (parsed.set_aside and not kinds_of(parsed)) and reader.switches(message, shown_kinds()):
        # ("and i'm gonna need a headset for voice chat, up to $100" after laptops: the headset is no reason)
        return Resolved(Intent.SEARCH, message, note=SWITCH_NOTE, search_text=for_the_shown(message, shown_kind())), parsed
    # (or named as what the thing is for: "Ok and then a cover for the phone, transparent one please" after phones, set OG)
    elif ((named := for_the_shown(asking, shown_kind())) != asking or for_the_shown_thing(asking, shown_kind(), parser)) \
            and (needs := kinds_of(parser.parse(named), wanted_in=named)) \
            and shown_kind() not in needs:  # a thing for it: "ok and smth to carry it in", "one of those cases for it too"
        return Resolved(Intent.SEARCH, message, note=f"a new search: {', '.join(sorted(needs))} for the {shown_kind()}",
                        search_text=named), parsed
    filters = merge_filters(last.filters, _without_category(parsed.filters))
    if one_sided := {k: range_now(last.filters.numeric[k], v) for k, v in parsed.filters.numeric.items() if k in last.filters.numeric}:
        filters = replace(filters, numeric={**filters.numeric, **one_sided})
    if dropped := {k for k in specs_go if k in filters.numeric and k not in parsed.filters.numeric}:
        filters = replace(filters, numeric={k: v for k, v in filters.numeric.items() if k not in dropped})
    if colour_go := "colour" in specs_go and "colour" not in parsed.filters.text:  # "any colour is fine": the colour held is dropped
        filters = replace(filters, text={k: v for k, v in filters.text.items() if k != "colour"})
    any_brand = lets_brand_go and bool(filters.brands) and not parsed.filters.brands
    # (and stays dropped: the search's words read it no more, now or in later refinements; a brand named again is held)
    let_go = tuple(b for b in dict.fromkeys((*last.let_go, *(filters.brands if any_brand else ()))) if b not in parsed.filters.brands)
    if any_brand:  # the brand held is dropped
        filters = replace(filters, brands=())
    # The price held: the last search's filter, or the price its words said ("smartphone. my max is 500")
    earlier = read_price(spelled_numbers(last.query.lower()))
    held = held_price(last, earlier)
    if lets_price_go and not parsed.filters.price.bounded:
        held = NumericRange()  # the price held is dropped
    elif lets_floor_go_of(message):  # "screw the floor, anything under 1.5k" (set PF)
        held = NumericRange(None, held.max)
    filters = replace(filters, price=range_now(held, parsed.filters.price))
    note = "refined the previous search"
    stated_price = any(c.kind == "price" for c in parsed.constraints)
    if scale is not None and held.max is not None:  # "and actually cut that budget in half"
        filters = replace(filters, price=NumericRange(held.min, round(held.max * scale, 2)))
        note = f"your budget {'halved' if scale < 1 else 'doubled'} (now up to {held.max * scale:.2f})"
    elif shift is not None and held.bounded:  # "knock another twenty off that" (set PA)
        filters = replace(filters, price=(now := shifted(held, shift)))
        note = f"your budget {'raised' if shift > 0 else 'lowered'} by {abs(shift):g} (now {in_words(now)})"
    elif lets_price_go and not stated_price:
        note = "refined the previous search, any price"
    elif stated_price:
        note = "refined the previous search with the price you gave"  # "cheaper? like under 200": the number wins
    elif CHEAPER.search(message):
        prices = [p.price for p in products() if p.price is not None]
        if prices:
            # Below the median shown price, so one cheap accessory among the results
            # doesn't make "cheaper" impossible; below the cheapest when few were shown.
            ceiling = round(min(prices) - 0.01, 2) if len(prices) < 3 else round(sorted(prices)[len(prices) // 2] - 0.01, 2)
            low = filters.price.min  # (a floor held at or above it is let go: "cheaper" wins, no empty range)
            filters = replace(filters, price=NumericRange(low if low is not None and low < ceiling else None, ceiling))
            note = f"cheaper than the products shown (below {ceiling:.2f})"
    elif PRICIER.search(message):
        prices = [p.price for p in products() if p.price is not None]
        if prices:
            floor = round(max(prices) + 0.01, 2)
            filters = replace(filters, price=NumericRange(floor, None))
            note = f"pricier than the products shown (above {floor:.2f})"
    # Constraints checked on the records, not in the filters, travel in the query's words; so do a brand and the
    # price, which make the last search's type a filter as they would have said at once ("samsung pls" after
    # "need a new phone ..." searched every Samsung product, screen protectors first, and abstained). The price is
    # said once, as it now stands: the words said before would hold it where it was ("up to 30" after "15 max"), and a
    # price's own words can read as a type ("cap it at a thousand": no lens cap).
    words = last.query if earlier.price is None else " ".join(earlier.text.split())  # (the price's words left out)
    if any_brand:  # (nor is it said again in the search's words)
        said = {w for b in last.filters.brands for w in b.lower().split()}  # (kept where it names the kind: "cherry boards", OX)
        kept = " ".join(w for w in words.split() if w.lower() not in said)
        words = kept if kinds_of(parser.parse(kept)) >= kinds_of(parser.parse(words)) else words
        note += ", any brand"
    if dropped:  # (nor a spec let go of: "forget the 512 storage requirement")
        for c in read_specs(words)[0]:
            words = words.replace(c.text, " ") if c.kind in dropped else words
        words = " ".join(words.split())
        note += f", any {' or '.join(sorted(k.split('_')[0] for k in dropped))}"
    if colour_go and (colour := last.filters.text.get("colour")):
        words, note = " ".join(re.sub(rf"\b(?:in\s+)?{re.escape(colour).replace('grey', 'gr[ae]y')}\b", " ", words).split()), f"{note}, any colour"
    words += "," if re.search(r"\b(?:nothing|not|no|none|never|anything|one|ones)$", words) else ""  # ("... like nothing" + "under $30", QB; "... don't need the latest one" + "under $500", SE)
    query = " ".join([words, *(c.text for c in parsed.constraints if c.kind in ("connectivity", "brand") and c.text not in last.query),
                      in_words(filters.price) if stated_price or earlier.price is not None else ""]).strip()
    # (a refinement the reader doubts carries the new search it would be: run if the refinement finds nothing of its kind; so
    # does one with words of its own, "and the flat thing the mouse goes on so it glides better. not paying more than 30
    # bucks for a mat" after mice, set OJ)
    # (words of its own that name another kind: not "ok budget reality check - 8GB min is acceptable" after desktops)
    named = for_the_shown(message, shown_kind())
    instead = named if not learned and ((reader is not None and reader.doubts(message, shown_kinds())) or (
        has_own_subject(asked, shown_kind()) and bool(kinds_of(parser.parse(named)) - {shown_kind(), None}))) else ""
    return Resolved(Intent.REFINE, query, filters, note=f"{note} ({READ_NOTE})" if learned else note, or_search=instead, let_go=let_go), parsed


_WANTS_ONE = re.compile(r"\b(?:wants?|needs?|after|like|looking\s+for|is\s+there|got\s+any|do\s+you\s+have)\b", re.I)


_ADDED = re.compile(r"\s*(?:and|also|plus|now|what|which|got|any|do\s+you)\b", re.I)
_CHAT_ONLY = re.compile(r"\s*(?:(?:ok(?:ay)?|great|nice|cool|perfect|awesome|thanks|thank\s+you|sweet|lovely|good|right|alright|sure|"
                        r"yes|yeah|yep|hmm+|hi|hey|wow)\s*)+", re.I)  # (at least one: a clause blanked of its price is no chat)


def _without_category(filters: Filters) -> Filters:
    return replace(filters, categories=())
