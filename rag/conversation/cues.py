"""The words that cue how a follow-up is read (``rag.conversation.followups``): a comparison, "cheaper", a refinement's
opening words, a reason the shopper gives, the thing shown named as what a new thing is for, a thing added, the shopper's
own thing, the part of the thing shown a colour is said of. Rules, so the trace can say what was read."""

from __future__ import annotations

import re

from rag.understanding.features import COLOURS

# (not a difference something made: "speakers hooked up to it that made a massive difference", set RI; "is there a big
# difference between them" still asks)
_MADE_A = "".join(rf"(?<!\b{verb}\sa\s{size})" for verb in ("made", "makes", "make") for size in ("", r"massive\s", r"huge\s", r"big\s", r"real\s", r"great\s"))
COMPARE = re.compile(rf"\b(?:compare|comparison|versus|vs\.?|{_MADE_A}differences?|which is better|better one)\b", re.I)

CHEAPER = re.compile(r"\b(?:cheaper|less expensive|lower[- ]priced|more affordable|budget ones?|too expensive|cheaper ones?|"
                     r"pricey|pricy|(?:too|so|kinda|bit|thats|that's)\s+(?:expensive|much))\b", re.I)

# (not a brand said to make better ones: "my professor just told me Kensington makes better ones for your wrist", set OZ)
PRICIER = re.compile(r"\b(?:more expensive|pricier|higher[- ]end|premium ones?|(?<!makes\s)(?<!make\s)(?<!made\s)better ones?|high[- ]end)\b", re.I)

REFINE_CUE = re.compile(
    r"^(?:and\s+|but\s+|ok(?:ay)?,?\s+|then\s+|now\s+)?(?:only|just|what about|how about|any|show me|with|without|under|below|"
    r"less than|over|above|more than|between|in|from|by|made by|in\s+\w+\s+colou?r|same but|instead)\b",
    re.I,
)

PRONOUN = re.compile(r"\b(?:ones?|them|those|these|it|they|that one|this one)\b", re.I)

ONE = re.compile(r"\b(?:one|model|version)\b", re.I)

#: A reason the shopper gives, to the clause's end: "so it works w the same remote as downstairs", "cause my desk is small".
# ("15.6in screen, thats what fits his bag": the reason names the shopper's bag, no new search)
# ... and the room it is for ("it's for the server room, so nothing under 300")
#: ("so I'd like a proper projection screen as well" asks, set OM; "so I'll need a separate keyboard as well", set PI)
REASON = re.compile(r"\b(?:so\s+(?:that\s+)?(?:it|they|i|we|she|he)(?!(?:'d|\s+would)\s+(?:like|love|rather)\b|(?:'ll|\s+will)?\s+(?:also\s+)?(?:want|need)\b|(?:'ll|\s+will)\s+(?:also\s+|just\s+)?(?:grab|get|buy|pick\s+up|order|throw\s+in|add)\s+(?:a|an|some|one|two|the)\b)|because|cause|cuz|coz|since(?!\s+(?:i'?m|im|we'?re)\s+(?:here|at\s+it)\b)|"
                    r"that'?s\s+what|as\s+that'?s)\b[^,.;!?]*"
                    r"|\b(?:for|in)\s+(?:the|our|my|his|her|their)\s+[a-z]+\s+room\b"
                    r"|\bto\s+(?:go\s+(?:with|w/?)|match|sit\s+(?:with|beside|next\s+to))\s+(?:the|our|my|his|her|their)\s+[^,.;!?]*"  # "philips, to go w the philips kettle"
                    r"|\bper[- ][a-z]+")  # (what a price is of: "The per-handset budget is $600 maximum", set PC)

#: The thing shown, named as what a new thing's limits are the same as: "Same brand as the router please" (set OZ)
SAME_AS_THE = re.compile(r"\bsame\s+(?:brand|make|maker|budget|price(?:\s+limit)?|colou?r|size|spend)\s+as\s+(?:the|my|our|that|this)\s+[a-z]", re.I)
#: A thing of the shopper's own replaced too: "Might as well replace the kettle too" after coffee makers (set OZ)
MIGHT_AS_WELL = re.compile(r"\b(?:might|may)\s+as\s+well\s+(?:also\s+)?(?:replace|upgrade|get|grab|buy|do)\b", re.I)
#: The thing shown, named as what a new thing is for: "for this computer", "for that camera", "for the same phone"
FOR_THIS = re.compile(r"\bfor\s+(?:this|that|the\s+same|these|those)\s+(?!(?:price|money|budget|amount|much|reason|purpose|job)\b)[a-z]+", re.I)

FOR_THE = re.compile(r"\bfor\s+(?:this|that|the|my|his|her|our|their)\s+(?:same\s+|new\s+)?([a-z]+(?:\s+[a-z]+)?)", re.I)

#: The parts of a product a colour is said of ("black frame", "grey chassis", set OX)
_PARTS = r"frame|body|chassis|finish|casing|bezel|trim|shell|housing"
#: What follows a constraint's words as the part of the shown product it is said of: "a 512 ssd", "black frame"
OF_IT = {"storage_gb": r"(?:\s+(?:of\s+)?(?:ssd|hdd|drive|storage))?",  # ("it needs 512GB of SSD or bigger")
         "colour": rf"(?:\s+(?:{_PARTS}|colou?r|version|model))?"}

#: A computer's own drive named with what it must be: "the hard disk should be minimum 256 GB" after desktops (set PR) asks
#: for desktops with that storage, no hard disk (:data:`COMPUTERS`)
ITS_DRIVE = re.compile(r"\b(?:the|its|their)\s+(?:hard\s+(?:disk|drive)|hdd|ssd|disk|drive)\s+(?=(?:should|must|has\s+to|needs?\s+to|shall)\b)", re.I)
COMPUTERS = frozenset({"notebook", "desktop pc", "all-in-one pc", "workstation", "server"})

#: The next thing after one taken: "I'll take the second one. now a mouse, also logitech" is a new search (set PB)
THEN_A_THING = re.compile(r"[.,;!]\s*(?:now|next|then|and|also|plus)\s+(?:i\s+need\s+|i\s+want\s+)?(?:a|an|some)\s+[a-z]", re.I)

#: The colour of a part of the thing shown: "grey chassis, that one's a must" after laptops is no new search (set OX)
PART_COLOUR = re.compile(rf"\b(?:{'|'.join(COLOURS)}|gr[ae]y)\s+(?:{_PARTS})\b", re.I)

#: A clause that adds a thing: "oh right, and speakers to go with it" (set OH; not "and it's black", "and my desk is white")
AND_A_THING = re.compile(r"\s*(?:oh,?\s+)?(?:and|plus|also)\s+(?:also\s+|then\s+)?(?!(?:i|i'?m|im|my|our|we|it|its|it'?s|they|their|theyre|she|he|her|his|the|that|"
                         r"this|then|so|yes|no|ok|okay|maybe|make|keep|same|only|just|not|any|under|over|below|above|less|more)\b)[a-z]", re.I)

#: The shopper's own thing by its possessive: "my desk", "our old printer".
# (not the brand's: "and one of their surge protector strips too, same brand" after Tripp Lite UPSes, set OU)
MY_THING = re.compile(r"\b(?:my|our|his|her|(?<!\bof\s)their)\s+(?:old\s+|current\s+|new\s+)?[a-z]+")

# (or feels like one: "make it over $30 so it feels like a proper two-in-one present", set RE)
THIS_IS_A_GIFT = re.compile(r"\b(?:it'?s|its|it\s+is|this\s+is|they'?re|they\s+are|it'?ll\s+be|it\s+(?:feels|looks)\s+like)\s+"
                            r"(?:a|for\s+a|meant\s+as\s+a)\s+(?:(?:proper|real|nice|big|decent)\s+)?(?:[\w-]+\s+)?(?:gift|present)\b", re.I)
