"""The words of a price floor: "$300 or more", "at least 150", "$350 is my floor", "nothing under 200", "anything below 100 is
too cheap for me", "bump the floor up to $200". Read by ``rag.understanding.prices``, beside the words of a cap."""

from __future__ import annotations

import re

from rag.understanding.amounts import CUR as _CUR
from rag.understanding.amounts import NUM as _NUM
from rag.understanding.amounts import UNIT_AFTER as _UNIT_AFTER

# "anything below 100 dollars is too cheap for me": the amount ruled out from below is the floor
CHEAP_OUT = re.compile(rf"(?:anything|everything|stuff|the\s+ones?|those|ones)\s+(?:under|below|less\s+than|cheaper\s+than)\s*{_CUR}?\s*{_NUM}{_UNIT_AFTER}"
                        # "the ones under $150 are toys for our purposes", "anything below $200 is probably a toy"
                        rf"(?=\s+(?:is|are|'s|'re|(?:would|will|'ll)\s+(?:probably\s+|likely\s+|definitely\s+|prob\s+)?be|seems?|looks?|feels?)\s+(?:just\s+|way\s+|probably\s+|prob\s+|all\s+|basically\s+|only\s+|pretty\s+much\s+|too\s+)*"
                        rf"(?:too\s+cheap|too\s+(?:dim|weak|small|slow|flimsy|basic|quiet|tinny)|junk|rubbish|out|a\s+no|(?:a\s+)?toys?\b|garbage|trash|crap|flimsy|useless|no\s+good|e-?waste|cheaply\s+made|low\s+quality|nasty)"
                        # ("anything under $2,000 probably won't cut it", set SA)
                        r"|\s+(?:probably\s+|just\s+|really\s+|simply\s+)?(?:won'?t|wont|will\s+not|doesn'?t|does\s+not|can'?t|isn'?t\s+going\s+to|aren'?t\s+going\s+to)"
                        r"\s+(?:cut\s+it|do\s+the\s+job|last|be\s+good\s+enough))"
                        # "if it's under $1,200 I'm not interested" (set SA)
                        rf"|if\s+(?:it'?s|its|it\s+is|it\s+costs?|they'?re|they\s+are)\s+(?:under|below|less\s+than|cheaper\s+than)\s*{_CUR}?\s*{_NUM}{_UNIT_AFTER}"
                        r"(?=,?\s+(?:(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+not\s+(?:interested|buying|bothered|having\s+it)|forget\s+it|no\s+(?:thanks|deal)))"
                        # "skip anything cheaper than $200", "ignore anything under 100": a floor
                        rf"|(?:skip|ignore|forget|exclude|rule\s+out|leave\s+out|no\s+need\s+for|filter\s+out|weed\s+out|cut\s+out|hide|remove|disregard|omit)\s+"  # (SK; TA)
                        rf"(?:anything|everything|the\s+ones?|stuff)\s+"
                        rf"(?:under|below|less\s+than|cheaper\s+than)\s*{_CUR}?\s*{_NUM}{_UNIT_AFTER}")
FLOOR = re.compile(
    # ("min budget 500": a floor on the budget)
    rf"(?:over|above|more\s+than|north\s+of|at\s+least|min(?:imum)?(?:\s+(?:budget|spend|price)(?:\s+(?:of|is))?|\.)?|start(?:ing|s)?\s+at|>=?|≥|"  # "min. 150" (set PR); "Start at $50." (QZ)
    rf"(?:price\s+)?floor(?:\s+(?:is|of|at))?\s*:?|"  # "price floor $200"
    # "bump the bottom to 300", "raise the floor up to 250": a floor moved
    rf"(?:bump(?:ed)?|rais(?:ed|e)|upp?(?:ed)?|push(?:ed)?|lift(?:ed)?|mov(?:e|ed)|set|drop(?:ped)?|lower(?:ed)?|bring|loosen(?:ed)?|relax(?:ed)?|"
    rf"eas(?:e|ed)|cut|reduc(?:e|ed))\s+(?:the\s+|my\s+|our\s+)?"  # ("loosen the floor to $150", set SA)
    rf"(?:bottom(?:\s+end)?|floor|minimum|min|low(?:er)?\s+(?:end|limit|bound))\s+(?:up\s+|down\s+)?(?:to|at)|"
    # "actually make the bottom 50", "make the floor $40" (set QX)
    rf"make\s+(?:it\s+|that\s+)?(?:the\s+)?(?:bottom(?:\s+end)?|floor|minimum|low(?:er)?\s+(?:end|limit|bound))\s+(?:(?:to|at|of)\s+)?|"
    # "the floor can drop to 200", "the bottom can come down to $10" (set PU)
    rf"(?:the\s+|my\s+|our\s+)(?:bottom(?:\s+end)?|floor|minimum|low(?:er)?\s+(?:end|limit|bound))\s+(?:can|could|may|will|should)\s+"
    rf"(?:(?:go|come|drop|move|fall|slide|be\s+(?:lowered|dropped|moved|raised|bumped))\s+)?(?:up\s+|down\s+)?(?:to|at))\s*{_CUR}?\s*{_NUM}{_UNIT_AFTER}"
    rf"|(?<![a-z0-9]){_CUR}?\s*{_NUM}\s*\+\s*{_UNIT_AFTER}"  # "50+ dollars"; "40+ inch" is a size (_UNIT_NEXT); "s20+" a model
    # "300 and up", "$300 or more": the floor after the number ("27 or more" with no currency is a
    # size in a follow-up, so "or more" needs one).
    rf"|{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s*(?:and\s+(?:up|above|over)|or\s+(?:above|over))\b"
    rf"|(?:{_CUR}\s*{_NUM}|{_NUM}\s*{_CUR})\s*(?:or|and)\s+upwards?\b"  # ("two hundred dollars or upwards", set TA)
    # "i expect to pay $100 minimum" (money said: "make that 64 minimum" is a size)
    rf"|(?:{_CUR}\s*{_NUM}|{_NUM}\s*{_CUR})\s*(?:minimum|min|floor|at\s+(?:the\s+)?(?:very\s+)?least|at\s+(?:a\s+)?minimum)\b"
    # "$350 is my floor", "$100 is the least I'd spend", "five hundred dollars is where I start" (set SA)
    rf"|{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+is\s+(?:(?:my|our|the)\s+(?:absolute\s+|bare\s+|very\s+)?(?:floor|minimum|min|bottom|starting\s+point|"
    rf"least\s+(?:i'?d|i\s+would|we'?d|we\s+would|i'?ll|i\s+will|i\s+can|we\s+can)\s+(?:spend|pay|go))|where\s+(?:i|we)\s+start)\b"
    # "priced from $300 up", "from 500 upwards"
    rf"|from\s+{_CUR}?\s*{_NUM}{_UNIT_AFTER}\s+(?:and\s+)?(?:up|upwards?|on)\b"
    # "I'm prepared to spend $250 but no more than $500": what the shopper will spend, before the cap, is the floor (set OJ)
    rf"|(?:prepared|willing|happy|ready|okay|ok|fine)\s+to\s+(?:spend|pay|put\s+down)\s+{_CUR}?\s*{_NUM}{_UNIT_AFTER}"
    rf"(?=\s*,?\s*but\s*(?:$|[,.;!?]|(?:no|not|nothing|never|under|below|less|max)\b))"  # (a cap read first is out of the text)
    rf"|(?:{_CUR}\s*{_NUM}|{_NUM}\s*{_CUR})\s*or\s+more\b"
    # ... or no size: over 100 and no size in GB ("gotta be 300 or more tho", "500 minimum"; "256 or more" may be storage)
    rf"|(?<![\w.$])(?!(?:128|256|512|1024|2048)\b)([1-9]\d{{2,4}})()\s*(?:or\s+more|minimum|min)\b"
    # ... or a floor said for its quality: "fifty at least so it's not garbage", "20 at least, the cheap ones break" (set PA)
    r"|(?<![\w.$])([1-9]\d)()\s+at\s+least\b(?=[^.;!?]{0,40}?\b(?:junk|garbage|trash|crap|rubbish|cheap\w*|flimsy|break\w*|die|dies|last)\b)"
    # ... said after it: "under 50 but not the bargain-bin stuff, so 35 minimum" (set PL)
    r"|\b(?:junk|garbage|trash|crap|rubbish|flimsy|bargain[\w-]*|knock-?offs?|cheapo\w*|no-?name)\b[^.;!?\d$]{0,40}?(?<![\w.$])([1-9]\d)()\s+"
    r"(?:at\s+least|minimum|min)\b"
)
# "graphics card, nothing under 200 i want a proper one": under a price, ruled out, is a floor
NOT_UNDER = re.compile(rf"(?:(?:nothing|not|none|never|no)\s+|(?:not|n'?t|cannot)\s+be\s+|"  # "It must not be cheaper than 300 dollar" (set PR)
                        # "we won't go below $100 (the cheap ones jam)": a cap's words, refused, are a floor
                        # ("i'd rather not go below $100 either", "don't want to go under 100", set PT)
                        rf"(?:won'?t|wont|will\s+not|wouldn'?t|would\s+not|can'?t|cannot|don'?t|dont|not|never)\s+(?:want\s+to\s+)?(?:go|going|spend|spending|pay|paying|drop|dip)\s+(?:any\s+)?|"
                        # "don't show me anything under $200", "don't show me anything that costs less than $300"
                        rf"(?:don'?t|dont|do\s+not|doesn'?t|does\s+not|won'?t|wont|wouldn'?t|would\s+not|not)\s+(?:[a-z']+\s+){{0,3}}?anything\s+(?:that\s+(?:costs?|is)\s+|priced\s+)?|"
                        # "don't show me the bottom-end ones under 80", "none of the tiny under-$100 units", "I don't want the little
                        # ones under $500" (set OW)
                        rf"(?:(?:don'?t|dont|do\s+not)\s+(?:show|give|want|need)\s+(?:me\s+|us\s+)?|none\s+of\s+|(?:no|not|skip|avoid)\s+)"
                        rf"(?:the|those|these|any)\s+(?:[a-z'-]+\s+){{0,2}}?(?:(?:ones?|models?|units?|versions?|kinds?|types?)\s+(?=under|below|less|cheaper|lower)"
                        rf"|[a-z'-]+\s+(?=(?:under|below)-)))"  # (not "none of the third party stuff under $500": the amount asked)
                        # ("nothing below the $300 mark, we've been burned by cheap ones")
                        rf"(?:under|below|less\s+than|cheaper\s+than|lower\s+than)[\s-]*(?:the\s+)?{_CUR}?\s*{_NUM}{_UNIT_AFTER}(?:\s+(?:mark|line|level|price\s+point))?"
                        # "from 80 dollar, not cheaper, up to 300" (set OG)
                        rf"|from\s+{_CUR}?\s*{_NUM}{_UNIT_AFTER}(?=\s*,?\s*(?:and\s+)?(?:not|nothing|no)\s+(?:cheaper|less|lower|below|under)\b(?!\s+than))")
