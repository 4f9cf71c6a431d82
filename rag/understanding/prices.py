"""Prices in a shopper's message: "under $50", "between 100 and 200 dollars", "€80-120", "700 max",
"300 and up", "around 500", "cheap".

:func:`read_price` returns at most one price range (several stated bounds intersect; bounds that
cannot all hold are a note, and no price), the text with the price words taken out, and notes.
A number followed by a unit ("at least 40 inches", "over 16gb") is a size, left to the spec rules. The one amount
a message says with no bound's words is a cap ("epson printer, $300"); said loosely ("about 300", "$300 or so") it
is a band around the amount. The words of a floor are in ``rag.understanding.floors``, the words of an amount (its
currency, its number) in ``rag.understanding.amounts``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.records import NumericRange
from rag.understanding.amounts import CAP_NOUN as _CAP_NOUN
from rag.understanding.amounts import CUR as _CUR
from rag.understanding.amounts import NUM as _NUM
from rag.understanding.amounts import ONE_OF as _ONE_OF
from rag.understanding.amounts import PER as _PER
from rag.understanding.amounts import PER_SHORT as _PER_SHORT
from rag.understanding.amounts import UNIT_AFTER as _UNIT_AFTER
from rag.understanding.amounts import amount_value
from rag.understanding.cheap import cheap_word
from rag.understanding.elsewhere import THAT_PRICE
from rag.understanding.english import english_words
from rag.understanding.fees import extras
from rag.understanding.floors import CHEAP_OUT as _CHEAP_OUT
from rag.understanding.floors import FLOOR as _MIN
from rag.understanding.floors import NOT_UNDER as _NOT_UNDER
from rag.understanding.funds import funds
from rag.understanding.offers import FOR_THE_THING, OFFER
from rag.understanding.owned import seen_elsewhere
from rag.understanding.spoken import TEENS, UNITS

_BETWEEN = re.compile(
    rf"(?:between|from)\s+(?:like\s+|about\s+|around\s+|maybe\s+|roughly\s+)?{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+(?:and|to|-|up\s+to|until|till|til)\s+{_CUR}?\s*{_NUM}{_UNIT_AFTER}"
)
_DASH_RANGE = re.compile(
    rf"{_CUR}\s*{_NUM}\s*(?:-|–|to)\s*{_CUR}?\s*{_NUM}{_UNIT_AFTER}(?:\s+(?:price\s+)?(?:range|bracket))?|{_NUM}\s*(?:-|–|to)\s*{_NUM}\s*{_CUR}(?:\s+(?:price\s+)?(?:range|bracket))?"
    # "in the 150 to 400 range", "thinking 100-200", "budget 300-500": a bare range said as money
    rf"|{_NUM}\s*(?:-|–|to)\s*{_NUM}\s+(?:{_CUR}\s+)?(?:price\s+)?(?:range|budget|ish|bracket)\b"
    rf"|(?:budget|thinking|spend(?:ing)?|price|prices|priced|costs?|around|about|roughly|somewhere)\s+(?:of\s+|is\s+|in\s+the\s+|like\s+|at\s+)?"
    rf"{_NUM}\s*(?:-|–|to)\s*{_NUM}"
)
_MAX = re.compile(
    # "can't go over 400", "don't want to spend more than 1500": a floor's words, negated, are a cap
    rf"(?:(?:can'?t|cannot|can\s+not|don'?t|do\s+not|doesn'?t|does\s+not|won'?t|will\s+not|wouldn'?t|shouldn'?t|should\s+not|mustn'?t|must\s+not|"
    # "id rather not go over 1500", "im not going over 1500 tho"
    rf"rather\s+not|not\s+going\s+to|not\s+gonna|(?:i'?m|am)\s+not(?:\s+going)?|"
    rf"not\s+(?:willing|able|looking)\s+to)"
    rf"\s+(?:really\s+|honestly\s+|actually\s+)?(?:(?:want|like|wanna|afford)\s+(?:to\s+)?)?(?:go|spend|pay|be|do|cost|afford|"
    # "i can't justify more than 250 on a watch"
    rf"justify|stomach|swing|manage|splash(?:\s+out)?|fork\s+out)?\s*(?:me\s+|us\s+)?"  # "won't cost me more than 150"
    # "cannot exceed $450", "that wont break 50"
    rf"(?:over|above|more\s+than|higher\s+than|beyond|past|exceed|break|top)"
    # "if its over 150 im in trouble": a price the shopper dreads is past the cap
    rf"|if\s+(?:it'?s|its|it\s+is|it\s+costs?|they'?re|it\s+goes)\s+(?:over|above|more\s+than|past)"
    # "won't spend a cent over $300", "dont wanna drop more than 200 on ram": a floor's words after a refusal, a few
    # words between them in one clause (not "don't mind paying over")
    # ("nothing that costs more than 300 dollars please", constraint set LC)
    rf"|(?:can'?t|cant|cannot|don'?t|dont|won'?t|wont|wouldn'?t|wouldnt|shouldn'?t|shouldnt|mustn'?t|mustnt|never|not|nothing|refuses?\s+to)\s+(?!mind\b|care\b)(?:[a-z']+\s+){{1,4}}?"
    rf"(?:over|above|more\s+than|higher\s+than|beyond|past|north\s+of)"
    # "they wont reimburse anything over 400", "i cant justify anything above 300"
    rf"|(?:won'?t|wont|can'?t|cant|cannot|not|don'?t|dont|doesn'?t|doesnt|never)\s+(?:[a-z']+\s+){{0,3}}?anything\s+(?:over|above|more\s+than|past|beyond|pricier\s+than|more\s+expensive\s+than)"
    rf"|(?:cap(?:s|ped|ping)?|ceiling)\s+(?:(?:it|us|me|them|him|her|that|this|spending|things|on\s+(?:spend(?:ing)?|price|budget|cost))\s+)?(?:is\s+|at\s+|of\s+)?"  # "capping it at 500"
    # "smartphone. my max is 500", "the cap's 300"
    rf"|(?:(?:my|the|our|his|her)\s+(?:absolute\s+|hard\s+)?(?:max(?:imum)?|top\s+end|upper\s+limit)|(?<![\w-]\s)(?:upper|top)\s+end)(?:\s*(?:is|=|:|'s)|\s+would\s+be)\s*"
    rf"|tops?\s+out\s+(?:at|around|about)|maxes\s+out\s+at|(?:wallet|purse|budget|money|spending)\s+(?:stops|ends|runs\s+out)\s+at|(?:budget|price|spend(?:ing)?)\s+(?:tops?|maxes)(?:\s+out)?(?:\s+(?:at|around|about))?|"
    # (not "three kids under 8": an age)
    rf"(?<!kids\s)(?<!children\s)(?<!ages\s)(?<!aged\s)(?<!boys\s)(?<!girls\s)(?:under|below)|"
    # "sub $100", "sub 100": under (not "sub 100w", a size: _is_size)
    rf"sub-?(?=\s*{_CUR}?\s*\d)|south\s+of|les{{1,2}}\s+than(?:\s+the)?|cheaper\s+than(?:\s+the)?|max(?:imum)?(?:\s+(?:of|is|=)|\.|:)?|(?<!floor\s)(?<!bottom\s)up\s+to|at\s+most|no\s+more\s+than|"
    # "must not exceed 250", "shouldn't go past 60"
    rf"(?:not|n'?t|never)\s+(?:[a-z]+\s+){{0,2}}?(?:to\s+)?(?:exceed|go\s+(?:over|above|beyond|past)|pass(?:ing)?)|"  # "not passing 200" (set OG)  # "we're not allowed to exceed $600"
    # "max I'll pay is $300", "budget caps out at $150"
    rf"max(?:imum)?\s+(?:i'?ll|i\s+will|i\s+can|we\s+can|i'?d|we'?ll)\s+(?:pay|spend|do|go)(?:\s+is)?|caps?\s+out\s+at|"
    # "the most we'll spend is 700", "most I can do is 200" (set QB)
    rf"(?:the\s+)?most\s+(?:i|we)(?:'ll|\s+will|'d|\s+would|\s+can|\s+could)?\s+(?:spend|pay|go|do|afford)(?:\s+on\s+(?:it|this|that|one))?\s+is|"
    # "keep it to $50" (not a floor said so: "can you keep it at 200 minimum?", set QP)
    rf"keep\s+(?:it|them|that|this|the\s+price)\s+(?:to|at|within)(?!\s*\$?\s*\d[\d,.]*\s*(?:dollars?|bucks|usd)?\s*(?:minimum|min\b|at\s+least|or\s+(?:more|above|over)))|"
    rf"(?:get\s+|want\s+|have\s+)?change\s+(?:back\s+)?from|"  # "I want change back from a hundred" (set OJ)
    rf"(?:go|spend|pay)\s+as\s+(?:high|much)\s+as|"  # "we can go as high as $500"
    rf"within(?:\s+(?:a|my|our|the))?|(?:(?:hard|absolute|strict|firm|upper|top)\s+)?(?:(?:price|spending|spend|budget)\s+)?limit\s*(?:for\s+(?:it|them|this|that|these|those|one|each)\s+)?(?:is\s+|of\s+|(?:set\s+)?at\s+|[:=]\s*|(?=\$|\d))|"
    rf"(?:max(?:imum)?|top)\s+(?:budget|price|spend|cost)\s*(?:is\s+|of\s+|[:=]\s*)?|"  # "max budget: 20", "Max price: 40" (set PN)
    rf"<=?|≤|(?:not|nothing|none|never|no|without|w/o|(?:forget|exclude|disregard|ignore|omit)\s+(?:about\s+)?anything(?:\s+(?:priced|costing))?)\s+(?:(?:paying|spending|going)\s+)?(?:a\s+(?:penny|cent|dime|dollar)\s+)?(?:over|above|past|beyond|north\s+of|more\s+than|higher\s+than|pricier\s+than|more\s+expensive\s+than|dearer\s+than|costlier\s+than)|"
    # "can stretch to 1300": how far the shopper will go is the cap
    rf"stretch(?:\s+(?:it|that|this|up|(?:the|my|our)\s+{_CAP_NOUN}))?\s+to|"
    # "I'd settle for a cheaper one before I'd stretch past 500" (set OR)
    rf"before\s+(?:i'?d|i\s+would|we'?d|we\s+would)\s+(?:stretch|go|pay|spend)\s+(?:past|over|beyond|above|more\s+than)|"
    # "no, go back to 200, but nothing under a hundred": the cap said before, said again (set OH)
    rf"(?:go|going|get|goes|put\s+it|set\s+it)\s+back\s+(?:up\s+|down\s+)?to|"  # "ok I can stretch the top end to a grand"
    # "finance bumped the limit to $1,200"
    rf"(?:bump(?:ed)?|rais(?:ed|e)|upp?(?:ed)?|increas(?:ed|e)|push(?:ed)?|lift(?:ed)?|mov(?:e|ed)|loosen(?:ed)?|relax(?:ed)?|widen(?:ed)?)\s+(?:(?:the\s+|my\s+|our\s+)?{_CAP_NOUN}|that|it)\s+(?:up\s+)?to|"
    # "take the max down to 60" (set PL)
    rf"(?:take|bring|drop|lower|cut|knock|put|move|pull)\s+(?:(?:the\s+|my\s+|our\s+)?{_CAP_NOUN}|that|it)\s+down\s+to|"
    rf"(?:i|we|(?:the\s+|my\s+|our\s+)?{_CAP_NOUN}|it)\s+(?:can|could|may|might)\s+go\s+(?:up\s+)?to|"  # "I can go to 60 for that", "the budget can go to 100" (OU)
    # "nah 128 gig, i can do 45": an amount the shopper can manage, the clause ending on it (set OD, dev)
    rf"(?:i|we)\s+(?:can|could)\s+(?:only\s+|just\s+)?(?:do|manage|swing)(?=\s+{_CUR}?\s*\d[\d,.]*\s*k?\s*{_CUR}?\s*(?:$|[,.;!?]|\s+(?:tops|max|now|then|for\s+(?:the|a|an|one|it|that))\b))|"
    rf"(?:i|we)\s+only\s+(?:want|wanna|plan|mean|intend)\s+to\s+(?:spend|pay)|"  # "but then I only want to spend 30" (set QH)
    # "she just cut it to 150", "finance dropped the budget to 400", "bring the ceiling down to 400": a lower cap
    rf"(?<!floor\scan\s)(?<!floor\scould\s)(?<!floor\swill\s)(?<!bottom\scan\s)(?<!bottom\scould\s)(?<!minimum\scan\s)"  # ("the floor can drop to 200")
    rf"(?:cut|lower(?:ed)?|drop(?:ped)?|reduc(?:ed|e)|slash(?:ed)?|trim(?:med)?|brought|bring|knock(?:ed)?|pull(?:ed)?)\s+(?:(?:it|that|(?:the|my|our|his|her)\s+{_CAP_NOUN})\s+)?(?:back\s+|down\s+)?to)\s*"
    rf"(?:a\s+budget\s+of\s+)?{_CUR}?\s*{_NUM}{_UNIT_AFTER}"
    # "700 max", "$50 tops", "300 or less": a number (not a size) with the cap after it.
    rf"|{_CUR}?\s*{_NUM}{_UNIT_AFTER}{_PER}"  # "20 bucks a pair tops", "80 each at most"
    rf"\s*(?:(?:absolute|absolutely|hard|total|tops|very)\s+)?"  # "2500 absolute max"
    rf"(?:max(?:imum)?|tops|limit|cap|ceiling|(?:or|and)\s+(?:less|under|below|cheaper|lower)(?!\s+(?:\$\s*)?\d)|at\s+(?:the\s+)?(?:very\s+)?most)\b"
    # "the committee gave us $500 and that's all there is", "signed off on $200 and not a cent more"
    # "$50 per card, no more", "collected $300 so that's all we have"
    rf"|{_CUR}?\s*{_NUM}{_UNIT_AFTER}{_PER}(?:\s+for\s+it)?\s*(?:,\s*|and\s+)?(?:so\s+)?(?:that'?s\s+(?:all|it|(?:the|my|our|her|his)\s+(?:budget|limit|max))\b|not\s+a\s+(?:cent|penny|dollar|buck)\s+more"
    rf"|no\s+(?:more|higher)\b(?!\s+than\s+\$?\d))"
    # "so 25 at the outside" (set QT)
    rf"|{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+at\s+the\s+(?:very\s+)?outside\b"
    # "250 as the top", "200 as my max" (set QR)
    rf"|{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+as\s+(?:the|my|our)\s+(?:top(?:\s+end)?|max(?:imum)?|limit|cap|ceiling)\b"
    # "120 is where I stop", "400 is where we draw the line" (set OR)
    rf"|{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+is\s+where\s+(?:i|we)\s+(?:stop|draw\s+the\s+line|top\s+out)\b"
    # "550 is my limit", "1000 is the absolute max"
    # "50 is all ive got", "under the 300 mark"
    rf"|{_CUR}?\s*{_NUM}{_UNIT_AFTER}{_PER}\s+is\s+(?:literally\s+|really\s+|honestly\s+|basically\s+|just\s+|pretty\s+much\s+)?all\b"
    rf"|(?:under|below|beneath)\s+the\s+{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+(?:mark|line|level|price\s+point)\b"
    rf"|{_CUR}?\s*{_NUM}{_UNIT_AFTER}{_PER}\s+(?:is|would\s+be|being)\s+"  # "a hundred dollars each is the limit"
    # "2500 is absolutely the limit", "800 is really my max"
    rf"(?:(?:absolutely|really|definitely|honestly|seriously|basically|pretty\s+much|kind\s+of|kinda|sort\s+of)\s+)?(?:my|the|our|his|her)\s+"
    rf"(?:absolute\s+|upper\s+|hard\s+|top\s+|new\s+)?(?:limit|max(?:imum)?|cap|ceiling|budget|whole\s+(?:pot|budget|amount)|top(?:\s+end)?|"
    # "300 bucks is the most im spending", "a thousand is absolutely the most"
    rf"most(?=\s*(?:$|[,.;!?]|i\b|i'?m\b|im\b|we\b|i'?ll\b|ill\b|i'?d\b|id\b|they\b|he\b|she\b)))\b"
)
# "anything past 500 is out", "anything over 200 is too much": the amount ruled out is the cap
_RULED_OUT = re.compile(rf"(?:anything|(?:purchase\s+)?orders?|purchases?|spend(?:ing)?|expenses?|invoices?)\s+(?:over|above|more\s+than|past|beyond|north\s+of)\s*{_CUR}?\s*{_NUM}{_UNIT_AFTER}"
                        rf"(?=\s+(?:is|'s|would\s+be|will\s+be)\s+(?:just\s+|way\s+|def(?:initely)?\s+)?(?:out|too\s+\w+|a\s+no|off|over\s+budget|not\s+happening|a\s+stretch|a\s+rip-?off|ripoff|robbery|overpriced|ridiculous|insane|crazy)"
                        # "anything over $1,500 needs a second sign-off", "finance says anything over $250 gets rejected"
                        rf"|\s+(?:needs?|requires?|gets?|will\s+get|would\s+need|has\s+to\s+go)\s+(?:a\s+|an\s+|the\s+|my\s+|our\s+)?(?:[a-z]+'s\s+)?(?:second\s+|extra\s+|another\s+|special\s+|separate\s+)?"
                        rf"(?:sign-?off|signed\s+off|approv\w+|reject\w*|refused|bounced|denied|flagged|kicked\s+back|escalated|purchase\s+orders?|po\b)"
                        # "anything over 150 and my boss will kill me"
                        rf"|,?\s+and\s+(?:my|the|our)\s+[a-z]+\s+(?:will|would|'ll|is\s+gonna|is\s+going\s+to)\s+(?:kill|murder|fire|freak|flip|lose\s+it))"
                        # "paying more than fifty for a mouse is insane", "spending over 300 on a kettle would be crazy"
                        rf"|(?:paying|spending|to\s+pay|to\s+spend)\s+(?:more\s+than|over|above)\s*{_CUR}?\s*{_NUM}{_UNIT_AFTER}"
                        rf"(?=[^,.;!?]{{0,30}}?\s(?:is|would\s+be|'s)\s+(?:just\s+|way\s+|absolutely\s+|frankly\s+)?(?:insane|crazy|nuts|ridiculous|too\s+much|madness|silly|absurd|a\s+rip-?off))"
                        # "don't show me anything that costs $600 or more"
                        rf"|(?:don'?t|do\s+not|never)\s+(?:show|give|send|recommend)\s+(?:me\s+)?anything\s+(?:that\s+)?(?:costs?|priced\s+at|at|for)\s*{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+or\s+(?:more|above|over|higher)\b"
                        # "if it's 3k or more it won't get signed off": the amount refused is the cap
                        rf"|if\s+(?:it'?s|its|it\s+is|it\s+costs?)\s+{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+or\s+(?:more|above|over)(?=,?\s+(?:it\s+)?(?:won'?t|wont|will\s+not|can'?t|doesn'?t))")
# "graphics card 200-400": a bare range at a clause's end, no unit after it, up to 100 or more, is money ("tv 40-50"
# is a size: a range under 100 is left to the spec rules)
# ("ok fine I can stretch, 300 to 1200": "to" between amounts of 100 or more; "8 to 16" is a spec's)
# ("60 to 150 for that", "20-60ish is my band for that": a clause's end after what it is for, set PU)
_RANGE_END = (rf"(?={_PER}(?:ish)?\s*(?:(?:for\s+(?:that|it|this|them|those|these)(?:\s+one)?|is\s+(?:my|the|our)\s+(?:band|range|budget)"
              r"(?:\s+for\s+(?:that|it|this|them))?|instead)\s*)?(?:$|[,;!?]|\.(?!\d)|pls\b|please\b|plz\b|to\s+(?:spend|play\s+with)\b"
              # ... or said to be fine: "15 to 30 is fine" (set QV)
              r"|(?:is|would\s+be|sounds)\s+(?:fine|ok|okay|good|great|perfect|alright)\b|works\b|will\s+do\b))")
_BARE_RANGE = re.compile(r"(?<![\w.$£€])(?:((?:[2-9]\d|[1-9]\d{2,4}))(k)?\s*(?:-|–)\s*([1-9]\d{2,4})(k)?|([1-9]\d{1,4})(k)?\s+(?:to|through|thru)\s+([1-9]\d{2,4})(k)?|"
                         r"(\d{1,3}(?:\.\d)?)(k)\s*(?:-|–|to)\s*(\d{1,3}(?:\.\d)?)(k))"  # "1.5k-3k"
                         # ("i've got 200-400 to spend")
                         + _RANGE_END)
# ... and one under 100 ("black, 20 to 60", "a toaster, 30-70", "a microSD card, 10-40") where no screen is said: "tv 40-50"
# is a size (set PU)
_SMALL_RANGE = re.compile(r"(?<![\w.$£€])([1-9]\d)()\s*(?:-|–|to)\s*([1-9]\d)()" + _RANGE_END)
_AGES = re.compile(r"\b(?:ages?|aged|kids|children|boys|girls|grades?|years?|yrs?)\b")
# ... and one said to be fine is money only after a word of money in its sentence ("doesnt need to be that cheap actually, 15 to
# 30 is fine", set QV; "24 to 27 is fine too, budget the same" is screen sizes, set OF)
_FINE_AFTER = re.compile(r"\s*(?:(?:is|would\s+be|sounds)\s+(?:fine|ok|okay|good|great|perfect|alright)|works|will\s+do)\b")
_MONEY_BEFORE = re.compile(r"\b(?:cheap\w*|pric\w*|expensive|budget|spend\w*|pay|cost\w*|dollars?|bucks)\b[^.!?]*$")
_SCREENS = re.compile(r"\b(?:tvs?|telly|monitors?|screens?|displays?|inch\w*|laptops?|notebooks?|tablets?|projectors?|smartphones?|"
                      r"phones?|watch\w*|bags?|sleeves?|backpacks?|cases?)\b|\d\s*(?:\"|”|in\b)")
_PER_UNIT = re.compile(rf"\s*\b(?:(?:a|an|each)\s+{_ONE_OF}|per\s+[a-z]+)\b|\s*\b(?:each|apiece)\b|{_PER_SHORT}")
# The words before an amount, left behind once the amount is read ("budget is 1200 tops", "my budget: under 500")
_LEAD_IN = re.compile(r"\b(?:my\s+|the\s+|our\s+|a\s+)?(?:budget|price|spend(?:ing)?)(?:'?s|\s+is|\s+of|\s*[:=])?(?=\s*(?:$|[,.;!?]|\s\s))")
_AROUND = re.compile(rf"(?:around|about|approximately|roughly|~)\s*{_CUR}?\s*{_NUM}{_UNIT_AFTER}")
_BUDGET = re.compile(rf"(?:budget\s+(?:of\s+)?|for\s+){_CUR}\s*{_NUM}|{_CUR}\s*{_NUM}\s+budget|"
                     # "got maybe 300 to spend", "have $250 to play with"
                     rf"{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+to\s+(?:spend|play\s+with)\b|"
                     # "i only have a twenty dollar bill to spend"
                     rf"{_CUR}?\s*{_NUM}\s*{_CUR}?\s+(?:bill|note)s?\s+to\s+spend\b|"
                     # "i literally have 25$ to my name", "300 bucks saved up", "school only gives us 500 dollars for it"
                     rf"{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+(?:to\s+(?:my|our)\s+name|saved(?:\s+up)?)\b|"
                     # "only got 300 on a gift card", "i have 200 on a voucher": what a card holds is what there is to spend
                     rf"{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+(?:left\s+)?(?:(?:on|in)\s+(?:a|an|my|the|our)\s+(?:gift\s+card|voucher|gift\s+voucher|store\s+card)|"
                     rf"in\s+(?:petty\s+cash|cash|savings|store\s+credit))\b|"  # "we've got 100 in petty cash for it"
                     # "we've only got two hundred bucks for it", "we can do forty bucks per agent"
                     # (money said: "laptop only has 1 usb port", "i can do 2 monitors" are counts)
                     rf"(?:only|just)\s+(?:got|have|has|had)\s+(?:like\s+|about\s+)?(?:{_CUR}\s*{_NUM}|{_NUM}\s*{_CUR}|{_NUM}(?=\s+(?:for\s+(?:it|this|that|one)|to\s+spend|left)\b)|"
                     # ("i only got 500": an amount of 20 or more at the clause's end; "only has 1 usb port" is a count)
                     rf"((?:[2-9]\d|[1-9]\d{{2,4}}))()(?=\s*(?:$|[,;!?]|\.(?!\d)|\s+(?:tho|though|rn|lol|atm)\b)))|"
                     rf"(?:we|i)\s+can\s+(?:only\s+)?(?:do|spend|afford|manage)\s+(?:up\s+to\s+)?(?:{_CUR}\s*{_NUM}|{_NUM}\s*{_CUR})|"
                     rf"(?:gives?|gave|given|allows?|allotted|approved|budgeted)\s+(?:us|me|them|him|her)\s+(?:only\s+)?{_CUR}?\s*{_NUM}{_UNIT_AFTER}|"
                     # "pooled 400 total so thats the ceiling"
                     rf"{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+(?:in\s+)?(?:total|combined|altogether|all\s+in)\b|"
                     rf"{_CUR}?\s*{_NUM}{_UNIT_AFTER}(?=\s+for\s+(?:all|the\s+lot|everything|the\s+whole\s+(?:lot|order))\b)|"
                     # "saved up 2500 so thats the limit", "the group raised another 400 for that" (set OE)
                     rf"saved\s+(?:up\s+)?(?:like\s+|about\s+)?{_CUR}?\s*{_NUM}{_UNIT_AFTER}|"
                     rf"(?:raised|collected|put\s+aside|set\s+aside|chipped\s+in|pooled)\s+(?:another|an?\s+(?:extra|further))?\s*{_CUR}?\s*{_NUM}{_UNIT_AFTER}"
                     rf"(?=\s+for\s+(?:that|it|this|them|the\s+[a-z]+)\b)|"
                     # "there's 150 left in the budget for it, no more"
                     rf"{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+(?:left|remaining)\s+(?:in|of|on)\s+(?:the|my|our|his|her|their)\s+budget\b|"
                     rf"budget(?:'?s\b|\s+(?:is|of|around|about|like|now|currently|still)|\s*[:=])*\s*{_CUR}?\s*{_NUM}{_UNIT_AFTER}|"
                     # "Budget per unit 400" (set OI)
                     rf"budget\s+(?:per|each|a)\s+[a-z]+\s*(?:is\s+|of\s+|[:=]\s*)?{_CUR}?\s*{_NUM}{_UNIT_AFTER}|"
                     # "budget line is 1.2k", "the budget for this one is 500", "budget on the laptop: 900"
                     # ... "budget per machine is 700", "budget for each laptop: 650"
                     rf"budget\s+(?:(?:line|cap|limit|number|figure|amount|allocation|for|on|this|that|the|one|it|per|each|a)(?:\s+|(?=[:=])))"
                     rf"{{1,4}}(?:[a-z]+(?:\s+|(?=[:=])))?"
                     rf"(?:is|=|:|'?s|at)\s*{_CUR}?\s*{_NUM}{_UNIT_AFTER}")
# Words beside a bare amount that make it loose ("approx. $150", "$300 or so", "300ish bucks", "$40 give or take")
_LOOSE_WORDS = re.compile(r"\b(?:approx|approximately|around|about|roughly|circa|ish|or\s+so|give\s+or\s+take|more\s+or\s+less|ballpark)\b|-ish\b|~")
# What was paid before a bare amount ("my old one cost me $900", "paid 40 bucks for it")
_PAID = re.compile(r"\b(?:cost|costs|paid|spent|got\s+(?:it|mine|one)\s+for|bought\s+(?:it|mine|one)\s+for"
                   # "Our Senseo pod machine, which was only $80", "my motorola was $180 four years ago" (set OM)
                   r"|(?:which|that)\s+(?:was|were)|(?:my|our|his|her)\s+(?!budget|limit|max|cap)(?:[a-z]+\s+){1,2}?(?:was|were))"
                   r"(?:\s+(?:me|us|him|her|them|only|just|like|about|a|an))*\s*$")  # ("my work headset was a $25 philips", set RL)
# The price of the ones seen and judged, no price asked for: "the 40 dollar ones look kinda cheap" (set RY), "the ones around
# 200 are older than my 2 year old" (set SP)
_VERDICT = r"(?:too\b|older|old|ancient|outdated|dated|junk|cheap|flimsy|rubbish|crap|nasty|plasticky|underpowered|weak|slow)"
_JUDGED_ONES = re.compile(r"\s*(?:ones?|models?|versions?)\s+(?:i'?ve\s+seen\s+|you\s+showed\s+(?:me\s+)?)?"
                          rf"(?:look|looks|looked|seem|seems|feel|feels|are|were)\s+(?:[a-z]+\s+){{0,2}}?{_VERDICT}")
_ONES_AT = re.compile(r"\b(?:the|those)\s+ones?\s+$")
_JUDGED = re.compile(rf"\s*(?<=\s)(?:are|were|look|looked|seem|seemed|feel|felt)\s+(?:(?:all|way|a\s+bit|kinda|pretty|really|just)\s+)*{_VERDICT}")
_ANOTHER = re.compile(r"\b(?:another|an\s+extra|an\s+additional|a\s+further)\s+$")
_COUNTED = re.compile(r"\s*(?<=\s)(?!(?:dollars?|bucks|quid|usd|aud|cad|nzd|gbp|eur|euros?|pounds?|each|apiece|tops|max|or|ish|in|for|on|and|to|at|plus)\b)"
                      r"([a-z][a-z-]*[a-rt-z]s?)\b(?![.,]?\d)", re.IGNORECASE)
_BARE_PRICE = re.compile(rf"{_CUR}\s*{_NUM}|{_NUM}\s*(?:usd|eur|euros?|dollars?|bucks)\b")
# What follows a number that makes it a size, not a price ("at least 40 inches", "over 16gb"); not a
# bare "in" after a space, which also starts "under 300 in black" (see _is_size).
_UNIT_NEXT = re.compile(r"\s*(?:-\s*)?(?:\+\s*)?(?:(?:x|×|by)\s*\d+(?:\.\d+)?\s*(?:cm|mm|inch(?:es)?|in|\"|ft|feet|m)\b|(?:hrs?|hours?|mins?|minutes?|days?|weeks?|months?|years?|yrs?)\b|inch(?:es)?\b|\"|”|''|″|gb\b|tb\b|mb\b|gigs?\b|g\b|hz\b|mp\b|mm\b|cm\b|kg\b|w\b(?!/)(?!\s+(?:\d|an?\b|the\b|my\b|some\b|at\b))|watts?\b|"
                        # a count of things, not money: "freezes when I open more than 10 tabs"
                        r"(?:(?:old|new|family|digital|printed|more|other|different)\s+)?"  # ("about 10,000 old photos", set OZ)
                        r"(?:tabs|songs|albums|photos|pics|pictures|apps|people|users|players|tracks|files|pages|episodes|movies|videos|"
                        r"guests|times|discs|cups|sheets|kids|students)\b"
                        r"|of\s+(?:them|these|those)\s+(?:saved|stored|already|so\s+far|on\s+(?:my|the|it)|in\s+(?:my|the))\b"  # ("about 200 of them saved")
                        # a room's or a distance's measure: "about 1,800 square feet", "18 by 22 feet", "12 feet from the wall" (set OZ)
                        r"|(?:square\s+|sq\.?\s*)?(?:feet|foot|ft|meters?|metres?|miles?|km)\b|(?:by|x)\s*\d{1,3}(?:\.\d)?\s*(?:feet|foot|ft|m|meters?|metres?|')(?![\w]))")
# Hours of the day after a range: "from 8 to 9 before lights out", "from 9 to 5 every day"
_CLOCK = re.compile(r"\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock|before|after|until|till|at\s+night|in\s+the\s+(?:morning|evening|afternoon)|"
                    r"every\s+(?:day|night|morning|evening|afternoon|weekday)s?|daily)\b")  # (not "between 10 and 20 each": a price)
# A recurring cost after an amount: "5 bucks for coffee every morning", "$30 a month".
_RECURRING = re.compile(r"(?:\s+(?:for|on|at)\s+(?:[\w']+\s+){0,3}?)?\s*(?:every|each|per|a)\s+"
                        r"(?:day|morning|night|week|month|time|cup|visit|year)s?\b")
# Words that make a bare amount in their sentence the most the shopper will pay, however the sentence runs ("$300 is
# what the committee allotted", "the limit they gave me: $200 a unit", "we can afford $50 per card"): money's words only
# ("at least", "max" may be a size's)
_CAP_CUE = re.compile(r"\b(?:limit|ceiling|capped|cap\s+(?:is|of|at)|(?:is|'s)\s+(?:the|my|our)\s+top(?:\s+end)?\b|top\s+end|no\s+more\b(?!\s+than)|not\s+a\s+(?:cent|penny|dime|dollar|buck)\s+more|"
                      r"all\s+(?:we|i|they)\s+(?:have|got|can|had)|that'?s\s+(?:all|it)\b|only\s+(?:have|got|has|had)|afford|allowance|"
                      r"allott?ed|approved|reimburs\w*|should\s+cover\s+it|can'?t\s+(?:go|spend|pay)|won'?t\s+(?:go|spend|pay)|not\s+(?:going|spending|paying)\s+(?:any\s+)?more)")
_SENTENCE_END = re.compile(r"[!?;]|\.(?!\d)")


# ... or anywhere, a refusal that points back at the amount ("got about 2k back from my tax return ... not spending a cent
# over what the irs gave me")
_BACK_CAP = re.compile(r"\b(?:over|more\s+than|past|beyond|above)\s+what\b"
                       # "Should be cheaper than what I paid for the old one, which was 100 dollars" (set ND)
                       r"|\b(?:cheaper|less)\s+than\s+what\b"
                       # "no more than my old one cost, which was $40", "can't exceed the $2000 we spent on the last one", "Don't
                       # want to spend more than my sister did on hers, she paid $400" (set OQ)
                       r"|\b(?:no|not|never)\s+more\s+than\s+(?:what\s+)?(?:my|our|his|her|their|the|we|i)\s+(?:[a-z]+\s+){0,3}?(?:cost|costs|did|paid|spent)\b"
                       r"|\b(?:can'?t|cannot|won'?t|shouldn'?t|mustn'?t|must\s+not|not\s+to)\s+(?:exceed|go\s+(?:over|above|past))\s+(?:the|what|my|our)\b"
                       r"|\b(?:spend|pay)\s+more\s+than\s+(?:my|our|his|her|their)\s+[a-z]+\s+(?:did|does|paid|spent)\b"
                       # "I paid about $150 for the last one and I don't want to spend more than that again"
                       r"|\b(?:don'?t|do\s+not|won'?t|not)\s+(?:want\s+to\s+|wanna\s+)?(?:spend|pay|go)\s+(?:more\s+than|over|above|past)\s+that\b"
                       # "A twenty should cover it, I don't want anything pricier than that"
                       r"|\b(?:anything|nothing)\s+(?:pricier|dearer|more\s+expensive|costlier)\s+than\s+that\b")


def _capped_sentence(m: re.Match[str]) -> bool:
    """Whether the sentence around the amount ``m`` read says it is the most the shopper will pay (``_CAP_CUE``)."""
    text = m.string
    if _BACK_CAP.search(text):
        return True
    start = max((e.end() for e in _SENTENCE_END.finditer(text, 0, m.start())), default=0)
    end = e.start() if (e := _SENTENCE_END.search(text, m.end())) else len(text)
    return _CAP_CUE.search(text, start, end) is not None


# A total for several items: "$600 total for 12 headsets", "need 5 laptops, 5k for all of them" is a price of one of 50 and
# of 1000 (a price said of one, "each" or "per", is one's already)
# ("for all her tiktoks" is what the thing holds, not a total; "for all the kids", "for all our staff" are totals)
# ("$500 has to cover both of them", "The whole batch can't come to more than $400", "$1000 for both", "600 for the two", set SF;
# said right after the amount: not "for the two of us", "one radio for both rooms", "one receiver for both")
_FOR_BOTH = r"\d[\d,.]*k?\s*(?:dollars?|bucks)?\s+for\s+(?:both|the\s+(?:two|pair|set))\b(?!\s+(?:of\s+us|(?:[a-z]+\s+)?[a-z]+s\b))"
_TOTAL = re.compile(r"\b(?:total|in\s+all|altogether|combined|all\s+in|overall|the\s+whole\s+(?:batch|lot|order)|cover(?:s|ing)?\s+(?:both|all)|"
                    rf"{_FOR_BOTH}|for\s+(?:all(?!\s+(?:her|his|my|their|your)\b)|the\s+lot|"
                    r"everything)|"
                    r"between\s+(?:them|all)|for\s+(?:the\s+)?(?:both|all)\s+of\s+(?:them|these|those))\b")
_COUNT_WORDS = {**{w: i for w, i in UNITS.items() if i >= 2}, **TEENS, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                "a dozen": 12, "dozen": 12, "a couple of": 2, "a pair of": 2, "a matched pair of": 2, "a matching pair of": 2}
_COUNT = re.compile(rf"(?:(?:class|team|group|staff|office|crew)\s+of\s+(\d{{1,2}})()\b)|(?<![\w.$£€])(?:(\d{{1,2}})\s*x?|x\s*(\d{{1,2}})|({'|'.join(sorted(_COUNT_WORDS, key=len, reverse=True))}))\s+"
                    r"(?!(?:gb|tb|mb|gigs?|inch\w*|in\b|hours?|hrs?|days?|weeks?|months?|years?|yrs?|minutes?|mins?|ports?|bays?|"
                    r"dollars?|bucks|usd|k\b|grand|hundred|thousand|times?|ways|of\s+(?:my|our|the)\s+(?:old|current))\b)"  # ("splitting it four ways", QL)
                    r"(?:of\s+(?:them|these|those)\b|(?:(?:new|more|identical|matching|of)\s+)?(?:[\w\"”.-]+\s+){0,2}?"
                    r"(?!(?:thats|its|this|was|has|is|us|plus|less|unless)\b)[a-z]{2,}s\b)")


#: Two said with no noun after: "keep the matching pair under $600 all in", "$300 for the pair", "600 for the two" (set SF)
_PAIR = re.compile(rf"\b(?:the|a)\s+(?:matching\s+|matched\s+)?pair\b|{_FOR_BOTH}|\bcover\s+both\b")


def _per_item(price: NumericRange, words: str, said: str) -> NumericRange:
    """``price`` of one item when the shopper gave a total for several ("$600 total for 12 headsets": up to 50)."""
    if _PER_UNIT.search(words) or not _TOTAL.search(said) or ((m := _COUNT.search(said)) is None and not _PAIR.search(said)):
        return price
    digits = m and (m.group(1) or m.group(3) or m.group(4))
    n = int(digits) if digits else _COUNT_WORDS[" ".join(m.group(5).split())] if m else 2
    if n < 2:
        return price
    return NumericRange(None if price.min is None else round(price.min / n, 2), None if price.max is None else round(price.max / n, 2))


_PATTERNS = ((_BETWEEN, "range"), (_DASH_RANGE, "range"), (_BARE_RANGE, "range"), (_SMALL_RANGE, "range"), (_NOT_UNDER, "min"), (_CHEAP_OUT, "min"), (_RULED_OUT, "max"), (OFFER, "max"), (FOR_THE_THING, "max"), (_MAX, "max"), (_MIN, "min"),
             (_AROUND, "around"), (_BUDGET, "max"), (_BARE_PRICE, "around"))


@dataclass(frozen=True, slots=True)
class PriceRead:
    price: NumericRange | None  # None: no price stated (or bounds that cannot all hold)
    words: str  # the words that said it
    confidence: float
    text: str  # the message without them
    notes: tuple[str, ...] = ()
    loose: tuple[str, ...] = ()  # the sides said loosely ("min", "max"): "around 500" both, "around 500, under 600" its floor


# An amount to the tenth with no currency ("up to 15.6") is a size: money is said in whole units or cents, or in
# thousands ("1.2k")
_TENTHS = re.compile(r"(?<![\d.])\d{1,3}\.\d(?![\d.]|\s*k\b)")


def _is_size(text: str, end: int) -> bool:
    """Whether the number ending at ``end`` is a size: a unit after it, or "in" typed onto it ("24in")."""
    return bool(_UNIT_NEXT.match(text, end)) or (text[end - 1:end].isdigit() and re.match(r"in\b", text[end:]) is not None)


def _near_the_bounds(loose: list[tuple[NumericRange, str, float]],
                     bounds: list[tuple[NumericRange, str]]) -> list[tuple[NumericRange, str]]:
    """The loose amounts that still say the price beside stated bounds: all of them when no bound is
    stated; else those inside the bounds and at least half the cap ("around 500, under 600", "over
    300, ideally around 400"). An amount far from them is the shopper's story ("spending like 5
    bucks every morning at the cafe ... under 100", "my old one cost $900, want one under 500"),
    not a second price; nor is the very amount of a bound said again ("below 500 dollars? ... $500 is all we
    raised")."""
    if not bounds:
        return [(rng, words) for rng, words, _ in loose]
    lo = max((r.min for r, _ in bounds if r.min is not None), default=0.0)
    hi = min((r.max for r, _ in bounds if r.max is not None), default=float("inf"))
    kept = []
    for rng, words, amount in loose:
        centre = ((rng.min or 0.0) + (rng.max or 0.0)) / 2
        if amount not in (lo, hi) and lo <= centre <= hi and (hi == float("inf") or centre >= hi / 2):
            kept.append((rng, words))
    return kept


# A bound taken back: "forget the 150 limit", "scratch that $300 budget", "never mind the 50 cap"
_LET_GO = re.compile(rf"\b(?:forget(?:\s+about)?|scratch|ditch|drop|scrap|ignore|never\s*mind|nvm|set\s+aside|disregard)\s+(?:the|that|my|our)\s+{_CUR}?\s*\d[\d,.]*k?[\s-]*{_CUR}?[\s-]*"
                     rf"(?:price\s+|spending\s+)?(?:limit|cap|max(?:imum)?|ceiling|budget|floor|minimum)\b")


#: A bound the shopper would have set, had it been theirs to set
_WOULD_HAVE = re.compile(r"\b(?:would|i'?d|we'?d)\s+have\s+(?:(?:capped|kept|stopped|gone|spent|paid|set)\b[^.;!?]*)?$")


def read_price(text: str, cheap_below: float | None = None, *, per_unit: bool = True) -> PriceRead:
    """The price ``text`` states; ``cheap_below`` is the cap "cheap" stands for (the 25th
    percentile of the asked type's prices), or None to read no cap from it. ``per_unit``: the unit a price is of
    ("$350 a handset") is the price's words too (False keeps it in the text: the unit may be the type asked for).
    The costs said around it (``rag.understanding.fees``: "$50 with shipping included, and shipping is $5") are no price,
    and move the cap by what it has to cover."""
    costs = extras(text)
    read = _read_price(costs.without(text), cheap_below, per_unit=per_unit)
    if read.price is None or read.price.max is None or not costs.spans:
        return read
    cap = round(costs.moved(read.price.max), 2)
    if cap == read.price.max or cap <= (read.price.min or 0):
        return read
    return replace(read, price=NumericRange(read.price.min, cap), notes=(*read.notes, costs.note(read.price.max, cap)))


def _read_price(text: str, cheap_below: float | None, *, per_unit: bool) -> PriceRead:
    said_in = text
    text = _LET_GO.sub(" ", text)  # "forget the 150 limit, show me ones over $200": no 150 cap
    found: list[tuple[NumericRange, str]] = []
    loose: list[tuple[NumericRange, str, float]] = []  # "around 500", "5 bucks": an amount said, no bound
    bare: list[tuple[float, str]] = []  # of them, those said with no word that makes them loose ("$300", not "about $300")
    for pattern, kind in _PATTERNS:
        for m in pattern.finditer(text):  # (each match read where it was said: ``m.string``, as ``text`` loses what is read)
            money = re.search(_CUR, m.group(0)) is not None  # (a currency said with the amount)
            if _is_size(m.string, m.end()) or (_TENTHS.search(m.group(0)) and not money):
                continue  # "at least 40 inches", "around 24in": a size, read by the spec rules; so is "fits up to 15.6"
            if pattern is _SMALL_RANGE and (_SCREENS.search(m.string) or int(m.group(3)) <= int(m.group(1))
                                            or _AGES.search(m.string, max(0, m.start() - 20), m.start())
                                            or (_FINE_AFTER.match(m.string, m.end()) and not _MONEY_BEFORE.search(m.string, 0, m.start()))):
                continue  # "a 40-50 inch tv", "tv 40-50": sizes; "headphones for kids aged 10 to 14": ages
            if pattern is _BARE_PRICE and _ANOTHER.search(m.string, max(0, m.start() - 20), m.start()) \
                    and len(re.findall(r"\d+", said_in)) > len(re.findall(r"\d+", m.group(0))):
                continue  # "my boss approved another $300 for it, so $1,500 is the new max": an amount added (set SS)
            if _WOULD_HAVE.search(m.string, max(0, m.start() - 40), m.start()):
                continue  # "I would have capped it at $1,000 myself, but he says he can go up to $1,500" (set OS)
            seen = seen_elsewhere(m.string, m.start())  # "Costco has the asus zenbook 14 for $899" (set ON) is no price here ...
            if seen and not THAT_PRICE.search(text):
                continue
            if (kind == "around" or not money) and _RECURRING.match(m.string, m.end()):
                continue  # "paying 5 bucks for coffee every morning": what the shopper spends now, not a price
            # "$300 is what the committee allotted", "we can afford $50 per card"; a price seen, pointed back at ("for less than that")
            role = "max" if (seen and kind == "around") or (pattern in (_BARE_PRICE, _AROUND) and _capped_sentence(m)) else kind
            nums = [g for g in m.groups()]
            values = [amount_value(nums[i], nums[i + 1]) for i in range(0, len(nums), 2) if nums[i]]
            if not values:
                continue
            if len(values) == 1 and not money \
                    and re.search(rf"(?<![\d.]){values[0]:g}\s*(?:gb|tb|gigs?|inch(?:es)?\b|\")", said_in):
                continue  # a size said again bare: "1TB or more. well 960GB counts too I guess, so 960 and up" (set OU)
            if role == "range" and max(values) <= 24 and not money and _CLOCK.match(m.string, m.end()):
                continue  # "she listens every night from 8 to 9 before lights out": hours of the day (set OZ)
            if role == "range":
                lo, hi = sorted(values[:2]) if len(values) > 1 else (values[0], values[0])
                rng = NumericRange(lo, hi)
            elif role == "max":
                rng = NumericRange(None, values[0])
            elif role == "min":
                rng = NumericRange(values[0], None)
            else:
                # "around 600": every writer's cap for such words is at least 1.167 times the amount (the golden sets)
                rng = NumericRange(round(values[0] * 0.8, 2), round(values[0] * 1.15, 2))
            # "no more than $350 a handset", "under $1000 each": the price of one, the unit no item asked for
            said = m.group(0) + (per.group(0) if per_unit and (per := _PER_UNIT.match(m.string, m.end())) else "")
            if role == "around" and pattern is _BARE_PRICE and _PAID.search(m.string, max(0, m.start() - 30), m.start()):
                continue  # "my old laptop cost $1200": what the shopper paid once, not a price asked for
            if role == "around" and m.string[max(0, m.start() - 4):m.start()] in ("the ", "ose ") \
                    and _JUDGED_ONES.match(m.string, m.end()):
                continue  # "the 40 dollar ones look kinda cheap" (set RY)
            if role == "around" and _ONES_AT.search(m.string, 0, m.start()) and _JUDGED.match(m.string, m.end()):
                continue  # "the ones around 200 are older than my 2 year old": the ones seen at a price, judged (set SP)
            if role == "around" and not money and (counted := _COUNTED.match(m.string, m.end())) \
                    and (counted.group(1)[-1] == "s" or counted.group(1).lower() not in english_words()):
                continue  # "IT already supports about 40 ThinkCentres" (read "thinkcentre"): how many things, no price (set SP)
            if role == "around" and pattern is _BARE_PRICE and not _LOOSE_WORDS.search(m.string, max(0, m.start() - 12), m.end() + 14):
                bare.append((values[0], said.strip()))  # "epson printer, $300": the budget, if nothing else says the price
            if role == "around":
                loose.append((rng, said.strip(), values[0]))
            else:
                found.append((rng, said.strip()))
            text = text.replace(said, " ")
    if (have := funds(text, said_in)) is not None and (have.total or not any(r.max is not None for r, _ in found)):
        # "I've got 50 from doing chores"; "Grandma gave me 400 ... they'd add 150 to that. so 550" (rag.understanding.funds)
        found = [*((r, w) for r, w in found if r.max is None or not have.total), (NumericRange(None, have.amount), have.words)]
        loose = [] if have.total else loose  # (the amounts it adds up: "my $150 amazon refund plus 50 ..., that's 200")
        text = text.replace(have.words, " ")
    if found or loose:
        # "budget is 1200 tops" leaves "budget is": the lead-in of an amount read, no "cheap" when the text is read again
        text = _LEAD_IN.sub(" ", text)
    if not found and len(loose) == 1 and len(bare) == 1:
        # The one amount said, bare ("epson printer, $300", "max I'll pay is $300", "anything past sixty dollars is a
        # rip-off"): what the shopper means to spend at most. The golden sets' writers read every such amount as a cap
        # but a story's ("not some flimsy $40 thing", beside a stated range, or an amount "approx.")
        value, words = bare[0]
        return PriceRead(_per_item(NumericRange(None, value), words, said_in), words, 0.7, text)
    # A stated bound wins its side over an amount said loosely: "around 500, under 600" is 400 to 600
    capped, floored = any(r.max is not None for r, _ in found), any(r.min is not None for r, _ in found)
    near = _near_the_bounds(loose, found)
    sides = tuple(side for side, stated in (("min", floored), ("max", capped)) if near and not stated)
    found += [(NumericRange(None if floored else r.min, None if capped else r.max), w) for r, w in near]
    if len(found) > 1:
        lo = max((r.min for r, _ in found if r.min is not None), default=None)
        hi = min((r.max for r, _ in found if r.max is not None), default=None)
        words = " / ".join(w for _, w in found)
        if lo is not None and hi is not None and lo > hi:
            return PriceRead(None, "", 0.0, text, (f"conflicting prices ({', '.join(w for _, w in found)}): price ignored",))
        return PriceRead(_per_item(NumericRange(lo, hi), words, said_in), words, 0.9, text, loose=sides)
    if found:
        # an amount said loosely alone ("coffee machine ~100ish, black") is the weakest constraint: its band is widened
        # before a colour is dropped
        confidence = 0.45 if len(sides) == 2 else 0.9
        return PriceRead(_per_item(found[0][0], found[0][1], said_in), found[0][1], confidence, text, loose=sides)
    if (cheap := cheap_word(text)) and cheap_below is not None:
        return PriceRead(NumericRange(None, cheap_below), cheap.group(0), 0.4, text.replace(cheap.group(0), " "))
    return PriceRead(None, "", 0.0, text)
