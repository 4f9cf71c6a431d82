"""The request in a follow-up, without the reasons the shopper gives for it.

A follow-up often says what to change and then why, naming other things the shopper owns, buys or was
given: "samsung only - our soundbar is a samsung and I'm tired of juggling two remotes", "drop the top end
to 250, I still have to pay for a motherboard and a cooler", "black please. everything on that desk is
black, the webcam, the mic arm, even the mousepad". Read whole, the soundbar, the cooler (a brand) and the
mousepad look like a new search. So before a follow-up is resolved, its statements about the shopper's
world are set aside and only its request is read.

The message is cut into clauses (at sentence ends, colons, spaced dashes, commas and "so", "because",
"since", "if"). A clause is a statement when it has a subject of its own ("i", "my", "our", "she", "the
desk is" ...) and no word of a request ("please", "only", "should", "needs", "can go", "up to", "max",
"make it" ...); a clause with neither goes with the one before it when it goes on with it ("the webcam", "and
the mic arm") and is a request of its own otherwise ("maybe one of those watch things?"); the first clause is a
request unless it is a statement. Rules, so the trace can say what was set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.catalog.categories import type_spans
from rag.understanding.needs import need_category

# Where a clause ends: a sentence's end, a colon, a spaced dash, a comma, or a word that starts a reason.
# (an emoji ends a clause too: "also my laptop only has 2 ports 😭 a usb hub from startech", set PK)
# (and before "but" and a want: "We've got a 40 inch at the moment but want a 50 inch this time", set QM)
_CUT = re.compile(r"[.!?;:]+(?:\s+|$)|\s+[-–—]+\s+|,(?!\d)\s*|\s*[()]\s*|\s+(?=(?:so|because|cause|cuz|coz|since|if)\b)"
                  r"|\s+(?=but\s+(?:i\s+|we\s+)?(?:really\s+)?(?:want|need|would\s+like|'d\s+like)\b)"
                  r"|\s*[\u2600-\u27bf\U0001f000-\U0001faff][\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d]*\s*", re.I)
#: A clause about someone or something: the shopper, the people around them, their things.
_SUBJECT = re.compile(
    r"\b(?:i|i'm|im|i've|ive|i'd|me|my|we|we're|we've|our|us|he|she|he's|she's|his|her|they|they're|their|them|"
    r"it's|it'll|itll|everything|everyone)\b|^\s*(?:and\s+|but\s+)?there(?:'s|\s+is|\s+are|\s+were|\s+was)\b|\b(?:the|that|this|these|those|a|an)\s+(?:[\w$'-]+\s+){0,4}(?:is|are|was|were|has|have|had|"
    r"says|said|cost|costs|ate|broke|buys|uses|orders|turns?|keeps?|goes|comes?|looks?|eats?|gets?|takes?|runs?|works?|paid|sent|gave|"
    r"got|bought|told|made|took|went|came|lost|spent|left|found|kept|sold|won|look|(?<!\bto\s)(?:sits?|stays?|lives?|stands?|sleeps?|naps?)|(?!hundred\b)\w+ed)\b"
    # ("HP, the office printer is HP so the software's already on the PC", set RB)
    # (not what a thing has got to be: "and the screen's got to be 10 inches or bigger", set QI)
    r"|\b(?:the|that|this)\s+(?:[\w-]+\s+){0,3}[\w-]+['’]s\s+(?:already|still|just|not|never|been|got(?!\s+to\b)|on|in)\b"
    # ... or the shopper's, said without "I": "just found six HP cartridges in the drawer", "already spent 300 on the case"
    r"|^\s*(?:and\s+)?(?:just\s+|already\s+|finally\s+|recently\s+)?(?:found|got|bought|spent|dropped|added|paid|picked\s+up|"
    r"ordered|lost|broke|moved|tried|received|blew)\b",
    re.I,
)
#: Words that ask for something: a clause with one is the request, whatever its subject.
_ASK = re.compile(
    # ("it's only a dashcam, I'd rather not go over 30 bucks": what the thing is for, set OM)
    # ("My friend has a Netgear in his rack and swears by it, so Netgear for me too": for me too, set ON)
    r"\b(?:please|pls|plz|(?<!\bit's\s)(?<!\bits\s)(?<!\bit\sis\s)(?<!\bthat's\s)(?<!\bthats\s)only(?!\s+(?:honou?rs?|works?|takes?|accepts?|supports?|fits?|has|have|had|came|lasted|costs?|uses?|services?|repairs?|fix(?:es)?|stocks?|approves?|allows?)\b)|(?:black|white|silver|grey|gray|blue|red|pink|green|gold|purple)\s+for\s+(?:me|him|her|them|us)|(?:get|give|find|show|grab|buy|order|pick)\s+(?:me|us)|or\s+(?:less|under|below|cheaper|lower)|make\s+(?:it|that|them)|should\s+be|must\s+be|(?:has|have|needs?)\s+to\s+be|needs|also\s+need\b|standardi[sz]\w*\s+on|(?:is|are)\s+a\s+must\b|(?:i'?d|i\s+would)\s+say(?=\s*(?:\$|\d|$))|(?:i'?m|im|i\s+am)\s+thinking\s+(?:of\s+|about\s+)?(?:an?\s+)?[\w-]+\s*$|"  # (SK: "I'm standardizing on Tripp Lite"; SR: "I'd say $1500-2500"; SI: "I'm thinking ASUS")
    r"(?:i'd|i\s+would|would|\w+'d)\s+(?:also\s+|really\s+)?(?:like(?!\s+to\b)|love\s+(?:a|an|some|one\s+of\s+those)\b)|(?:she|he|they|(?:my|our|her|his)\s+(?:grand)?(?:son|daughter|husband|wife|neighbou?r|friend|dad|mum|mom|brother|sister|nephew|niece))\s+(?:likes|loves|prefers|wants|trusts|recommends|swears\s+by)\s+(?!to\b)|(?:is|are)\s+what\s+(?:my|our|his|her)\s+[\w'-]+\s+(?:uses|has|recommends|likes|trusts|swears\s+by)|like\s+it|prefers?|rather|wants|wanted|asked\s+for|"
    r"asking\s+for|insists?|(?:is|'s|are|'re|am|'m)\s+(?:dead\s+)?set\s+on|(?:has|have|had)\s+(?:her|his|their|my|our)\s+heart\s+set\s+on|instead|ideally|keep\s+it|for\s+(?:me|us)\s+(?:too|as\s+well)|stick|go\s+with|(?<!port\s)(?<!network\s)(?<!the\s)(?<!a\s)(?:switch|swap|change)\s+(?:it|that|to|them)|"
    r"scratch|forget|drop|bump|raise|lower|bring|stretch|(?:can|could)\s+(?:go|do|spend)|budget|limit|"
    r"ceiling|cap(?:ped)?|max|maximum|min|minimum|at\s+(?:the\s+)?(?:very\s+)?most|spend|at\s+least|something|up\s+to|tops|no\s+more|nothing|anything(?!\s+else)|"
    # "It'll need a screen too" (a statement's "it'll" asks here); "The man who runs the club says she'll also need" (set OJ)
    r"(?:it'?ll|itll|it\s+will|they'?ll|she'?ll|he'?ll|she\s+will|he\s+will)\s+(?:also\s+)?(?:need|want)|"
    r"(?:don't|dont|do\s+not)\s+(?:want|need|go|show)|not\s+(?:over|under|above|below|more|less)|"
    # (an amount's bound, not "moving photos over from my old tower", "still under warranty")
    r"(?:under|below|over|above)(?=\s+(?:\$|£|€|\d|a\s+(?:hundred|grand|thousand)|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|that|this|it))|"
    r"less\s+than|more\s+than|between|what\s+about|how\s+about|do\s+you\s+have|got\s+any|"
    r"(?:can|could|would)\s+you\s+(?:please\s+|also\s+)*(?:find|get|show|recommend|suggest|look|pick|add)|"
    r"in\s+(?:black|white|silver|grey|gray|blue|red|pink|green|gold)|"
    # (after sets MM and MO: "... so $400 is the most I'll pay", "it ought to be 24'' exactly", "24\" would fit my desk
    # better", "we've decided on 24 inch screens", "they gotta be white", "let's go moto", "my boss say better tripp lite")
    r"the\s+most|(?:i'?ll|i\s+will|i'?d|i\s+would|we'?ll|we'?d)\s+(?:pay|spend|go|take)|ought\s+to|"
    # ("64GB or more would be enough I think?", set QP)
    # ("actually a pull-down screen might be better than my lumpy wall", set RG)
    r"(?:would|might|may|could)\s+(?:fit|suit|work|be\s+(?:better|enough|plenty|fine))|(?:decided|settled)\s+on|gotta|got\s+to\s+be|let'?s\s+(?:go|get|do|stick|try|make)|"
    r"says?\s+(?:better|best|go|get|only)|(?:said|says|reckons|thinks)\s+(?:an?\s+)?\d+(?:\.\d)?\s*(?:-?\s*inch\w*|\"|gb|tb|gigs?)\s+(?:one\s+)?(?:would|will|should|is)\b|"  # ("He said a 24 inch one would be kind to my eyes", PZ)
    r"says?\s+(?:\d+\s*(?:gb|tb|gigs?|inch\w*)|[\w-]+)\s+(?:is|are|would\s+be)\s+(?:better|best|needed|required)|"
    # a size or a spec said relative to a thing named: "the same size as the 32 inch one in our bedroom" (set OQ)
    r"same\s+(?:screen\s+)?size\s+as|(?:twice|double)\s+(?:the|what|that)|as\s+much\s+(?:ram|memory|storage)\s+as|"
    # "Next on the list is a spare black toner" (set OR), "also on the list is a printer" (set QI)
    r"(?:next\s+(?:item\s+|thing\s+)?|also\s+)(?:on\s+(?:the|my|our)\s+(?:list|requisition|order)|up)\s*(?:is|:)|"
    # what the person it is for said: "Philips she says", "her photography teacher told her 64GB or bigger" (set OS)
    r"(?<=\s)(?:she|he|they)\s+(?:says|said)\s*$|^\s*[\w-]+\s+(?:she|he|they)\s+(?:says|said)\b|told\s+(?:me|her|him|us|them)\s+(?:\d+\s*(?:gb|tb|gigs?|inch\w*)?|to|it\s+(?:has|needs|should|must))|"
    # which one, by who named it: "the HDMI one his dad mentioned" (set OJ)
    r"(?<=\bthe\s)[\w-]+\s+ones?\s+(?:(?:my|his|her|our|their|the)\s+)?[\w-]+\s+(?:mentioned|said|recommended|suggested|asked\s+for)|"
    # a thing asked about, hedging: "would a label maker be overkill?", "would a little portable speaker work?" (set QP)
    r"would\s+(?:an?|some)\s+(?:[\w-]+\s+){1,3}(?:work|do|help|suit|be\s+(?:overkill|enough|ok|okay|fine|better|worth\s+it|any\s+good))|"
    # what the one wanted must do: "one that takes a 15.6 inch" (set OF)
    r"ones?\s+(?:that|which)\s+(?:takes?|fits?|holds?|has|have|goes|comes|works?))\b"
    # a thing wanted, described by what it does: "and the little box that makes the wifi reach my son's room upstairs" (set OJ)
    r"|^\s*(?:and\s+|plus\s+|also\s+)?(?:the|a|an|one\s+of\s+those)\s+(?:little\s+|small\s+|tiny\s+|big\s+)?(?:box|thing|gadget|device)(?:es|s)?\s+"
    r"(?:that|which|you)\b"
    # ... or by what it does, whatever it is called: "and a cover that goes round the back" (set OJ)
    r"|^\s*(?:and\s+|plus\s+|also\s+)?(?:a|an)\s+[\w-]+\s+(?:that|which)\s+(?!(?:i|we|you|he|she|they|my|our)\b)"
    # (a brand said again for the new thing: "and a docking station so I can plug in my monitors. Also HP, under 200",
    # "also from HP", "dell too"; not a list going on: "also the mousepad")
    r"|^\s*(?:and\s+)?(?:also|again)\s+(?:from\s+|by\s+|made\s+by\s+)?[\w.&-]+\s*$|^\s*[\w.&-]+\s+(?:too|again|as\s+well)\s*$"
    # (what the thing is called, by whoever named it: "..., HDMI i think she called it?", set PZ)
    r"|\b(?:she|he|they|you|people)\s+(?:called|calls?)\s+(?:it|them)\b"
    # (one of a make or a colour on its own: "An APC one, he said", set PZ)
    r"|^\s*(?:and\s+)?(?:an?|the)\s+[\w.&-]+\s+ones?\s*$"
    # (a colour on its own: "needs to be under 100. and blue, my old one was blue and I miss it", set OU)
    r"|^\s*(?:and\s+|also\s+|plus\s+|but\s+)?(?:in\s+)?(?:black|white|silver|grey|gray|blue|red|pink|green|gold|purple)(?:\s+(?:ones?|please|pls|too))?\s*$"
    # (one like the old one: "Aunt Linda just wants a new coffee machine, a Senseo pod one like her old one", set RE)
    r"|^\s*(?:and\s+)?(?:an?|the)\s+(?:[\w.&-]+\s+){1,3}ones?\s+like\s+(?:my|her|his|our|their)\s+(?:old|last|current|previous)\s+ones?\s*$"
    # (a size on its own: "..., so she can see them, the 7 inch size", set RE)
    r"|^\s*(?:and\s+)?(?:the|a|an)\s+\d+(?:\.\d+)?\s*(?:-?\s*inch(?:es)?|\"|in)\s+(?:screen\s+)?(?:size|model|version)\s*$",
    re.I,
)


#: A clause that opens with the shopper's want is the request: "... the scanner died too, so I want a mouse now", "Forgot to
#: say, I want MSI" (inside a statement it may be a reason: "my printer's a canon and I want one driver setup for both")
_SO_I_WANT = re.compile(r"\s*(?:(?:different|other|another|separate|unrelated)\s+(?:thing|topic|item|question)\s+(?:but\s+)?|separately,?\s+)?"
                        r"(?:so\s+(?:now\s+)?|and\s+|but\s+|also\s+|next,?\s+|then,?\s+|now,?\s+|(?:and\s+)?that\s+(?=(?:i|we)'))?"  # ("Next I need a printer", OQ; "Also the screen I want 14 inch", OT;
                        # "now i also need a bag to carry it", PJ; "and that I'd need one of those booster things", PZ)
                        # (set OG: "For this computer i need also keyboard", "Now for that camera I want a small bag also", "She
                        # also need a new electric kettle")
                        r"(?:(?:now\s+|then\s+|also\s+)?for\s+(?:this|that|these|those|the|my|his|her|our|their)\s+(?:same\s+)?[\w-]+\s+"
                        # ("For drawing on it I also want a stylus", set PR)
                        r"|for\s+[a-z]+ing(?:\s+(?:on|with|in|at))?(?:\s+(?:it|them|this|that))?\s+)?"
                        # ("so the headset I want Philips also", set OG)
                        # ("and I think I also need a network switch?", set QP)
                        r"(?:(?:i|we)\s+(?:think|guess|suppose|reckon)\s+|maybe\s+|probably\s+|perhaps\s+)?"
                        r"(?:(?:the|this|that)\s+[\w-]+\s+)?(?:(?:i|we)(?:'ll|\s+will|'d|\s+would)?\s+(?:really\s+|just\s+|do\s+|\w+\s+)?(?:want|need)\b|"
                        # ("Cool. Also need a headset with a mic so chat can actually hear me", set QF: no "I")
                        r"(?:also\s+)?(?:really\s+)?(?:need|want)\s+(?:an?|some|another)\s|(?:she|he|they)(?:'ll|\s+will)?\s+(?:also\s+)?needs?\b"
                        # (sets OD, OE: "..., so I'd like to get her a pair of JVC headphones as well", "I'd like to add an
                        # extra internal drive as a backup", "so we'll need a proper screen to project onto")
                        r"|(?:i|we)(?:'d|\s+would)\s+(?:also\s+|really\s+)?like\s+to\s+(?:also\s+)?(?:get|buy|add|order|grab|pick\s+up|find)\b"
                        # ("Different thing but I've been meaning to get a scanner", set OZ)
                        r"|(?:i|we)(?:'ve|\s+have)\s+been\s+(?:meaning|wanting|planning|hoping)\s+to\s+(?:get|buy|add|order|grab|pick\s+up|find)\b"
                        # ("So now I'm shopping for a Canon lens", set OZ)
                        r"|(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+(?:now\s+|also\s+)?(?:(?:shopping|looking|searching|hunting)\s+for|after\s+(?:an?|some|another)\s)\b)",  # ("I'm also after a network switch", SB)
                        re.I)
#: A clause of what happens meanwhile: "while the case is open", "when it runs out"
_MEANWHILE = re.compile(r"(?<=\S)\s+(?:while|whilst|when|whenever|once)\b.*", re.I)  # (not a clause of its own: "while I'm at it")
#: The shopper's being here, said on its way to the request: "since I'm here", "while I'm at it", "oh and while we're at it"
_HERE = re.compile(r"\s*(?:oh\s+|and\s+|oh\s+and\s+|also\s+)?(?:since|while|as)\s+(?:i'?m|im|i\s+am|we'?re|we\s+are|you'?re|youre|you\s+are)\s+"
                   r"(?:here|at\s+it|shopping|on\s+here|ordering|buying)\s*", re.I)
#: A budget spent is a statement, not a request: "the mesh extender I had to buy ate most of my budget"
SPENT = re.compile(r"\b(?:ate|eaten|eats|blew|blown|used\s+up|took|taken|wiped\s+out|went\s+on)\b(?:\s+\w+){0,4}\s+budget\b"
                    # ... and so is money kept for something else: "I need money left for a cooler", "saving up for a case"
                    r"|\b(?:need|want|have)\s+(?:some\s+)?(?:money|cash|funds|budget)\s+(?:left\s+)?(?:for|over)\b|\bsaving\s+(?:up\s+)?for\b", re.I)


#: Words that say nothing on their own: a request of only these is no request ("ok", "thanks").
_CHAT = frozenset([
    "ok", "okay", "k", "thanks", "thank", "you", "thx", "ty", "cool", "great", "perfect", "nice", "sure", "yes", "yeah",
    "yep", "no", "nope", "hmm", "hm", "oh", "ah", "well", "so", "and", "also", "hi", "hey", "alright", "right", "got",
    "it", "sounds", "good",
])


@dataclass(frozen=True, slots=True)
class Request:
    """A follow-up's request, and the statements set aside from it."""

    text: str
    set_aside: tuple[str, ...] = ()


_SAYS_I_NEED = re.compile(r"\b(?:says|said|reckons|thinks|insists)\s+(?:that\s+)?(?:i|we)\s+(?:really\s+)?(?:need|should\s+get|ought\s+to\s+get)\s+(?:a|an|some)\b",
                          re.I)
#: A thing added at a clause's head, whatever the clause goes on to say: "and a smaller SSD for windows + whatever I'm currently
#: playing" (set QK)
_AND_A = re.compile(r"\s*(?:oh,?\s+)?(?:and|plus|also)\s+(?:also\s+)?(?:a|an|some)\s+", re.I)


def asks(clause: str) -> bool:
    """Whether a clause asks for something ("she also asked for a USB flash drive", "so I'd like to get her a spare")."""
    return (_ASK.search(clause) is not None or _SO_I_WANT.match(clause) is not None or so_a_thing(clause) or _here_a_thing(clause)
            or _taken(clause) or _SAME.fullmatch(clause) is not None or the_thing_that(clause)
            or _UPGRADE_MINE.search(clause) is not None  # ("Also replacing my phone", set QZ)
            or _SAYS_I_NEED.search(clause) is not None  # ("She also says I need a little handheld vacuum", set QL)
            or (_AND_A.match(clause) is not None and bool(type_spans(clause.lower(), weak=True)))) and not SPENT.search(clause)


#: A thing of the shopper's that gives out as well: "the kettle is on its last legs as well", "My iron's also packed up" (set PY)
_FAILING = re.compile(r"\b(?:on\s+(?:its|their)\s+last\s+legs|(?:packed|given|gave|conked|packing|giving)\s+(?:up|in|out)|dying|died|"
                      r"broken|broke|kaput|(?:stopped|quit)\s+working|playing\s+up|falling\s+apart|worn\s+out|done\s+for|"
                      r"(?:has|have|had)\s+(?:had\s+it|gone))\b", re.I)
_TOO = re.compile(r"\btoo\b(?=\s*(?:[,.;!?]|$))|\b(?:also|as\s+well)\b", re.I)  # (not "too old": a reason)


def takes_a_thing(text: str) -> bool:
    """Whether ``text`` says the shopper will take, replace or needs another thing it names ("We're also replacing the
    router", "the kettle is on its last legs as well"): no refinement, whatever the learned reader reads."""
    return _taken(text) or _failing_too(text)


def _failing_too(clause: str) -> bool:
    """Whether ``clause`` tells of another thing of the shopper's giving out too (``_FAILING``), a thing it names."""
    return _FAILING.search(clause) is not None and _TOO.search(clause) is not None and bool(type_spans(clause.lower(), weak=True))


#: A clause that only leads in to the next: "Next, a regular spinning hard drive ...", "While I'm here, the kettle ..." (set PY)
_LEAD_IN = re.compile(r"\s*(?:(?:and|oh|ok(?:ay)?)\s+)*(?:next(?:\s+up)?|then|"
                      r"(?:since|while|as)\s+(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+(?:here|at\s+it|shopping|on\s+here|ordering|buying))\s*", re.I)


#: A thing added by what it does, or one someone said to get: "and the little card that goes inside to save the photos on",
#: "he also said to add more memory sticks while I'm in there" (set PI)
_THE_THING_THAT = re.compile(r"\s*(?:and|plus|also)\s+(?:the|a|an)\s+(?:little\s+|small\s+|tiny\s+)?[a-z-]+\s+(?:that|which|you)\b"
                             r"|\b(?:he|she|they)\s+(?:also\s+)?(?:said|says|told\s+me|reckons|suggested)\s+(?:to|i\s+should)\s+"
                             r"(?:add|get|buy|grab|pick\s+up)\b", re.I)


def the_thing_that(clause: str) -> bool:
    """Whether ``clause`` adds a thing by what it does or says someone said to get one (``_THE_THING_THAT``)."""
    return _THE_THING_THAT.search(clause) is not None and bool(type_spans(clause.lower(), weak=True) or need_category(clause.lower()))


#: A thing the shopper will take or requires: "I'll grab a lens for it too", "Sure I'll get a monitor too", "Also I require
#: one cover for the tablet", "Along with this one monitor is also required" (set OT)
_TAKE = re.compile(r"\b(?:(?:i|we)(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to)|i'?m\s+gonna)\s+(?:also\s+|just\s+|probably\s+)?"
                   r"(?:get|grab|take|buy|pick\s+up|order|need|want|throw\s+in)\s+(?:a|an|one|some|two|2|the)\b|"
                   # said formally: "I shall also require a carrying case", "I should like a keyboard", "He would also like a rucksack",
                   # "My wife further asks that I procure a steam iron" (set TA)
                   r"\b(?:i|we|he|she)\s+(?:shall|should|would)\s+(?:also\s+|naturally\s+|further\s+|likewise\s+|additionally\s+)?"
                   r"(?:like|require|want|need|procure|obtain|purchase)\s+(?:a|an|some|one|the)\b|\basks?\s+that\s+(?:i|we)\s+(?:procure|buy|get|obtain|purchase|find)\b|"
                   # ("I'm probably going to swap the CPU too", set QF)
                   r"\b(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+(?:probably\s+|also\s+|definitely\s+|likely\s+)?(?:going\s+to|gonna)\s+(?:also\s+)?"
                   r"(?:swap(?:\s+out)?|replace|upgrade|change)\s+(?:the|my|our)\b|"
                   # ("thinking I should get a small UPS too", set PL)
                   # ("Apparently I should wear headphones while recording too?", set RT)
                   r"\b(?:i|we)\s+should\s+(?:probably\s+|also\s+|just\s+)?(?:get|grab|buy|pick\s+up|order|wear|use|have)\s+(?:a|an|one|some|headphones|earplugs)\b|"
                   r"\b(?:i|we)\s+(?:also\s+)?(?:require|am\s+requiring|am\s+needing|am\s+wanting)\b|\b(?:is|are)\s+(?:also\s+)?(?:required|needed|wanted)\b|"
                   # ("We're also replacing the router", "I may as well get a new kettle while I'm at it", set PY)
                   # (not "I'm also buying a keyboard cover for it" after a cap: what the money goes on, sets MF, MG)
                   r"\b(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+also\s+(?:replacing|upgrading|swapping\s+out)\b|"
                   r"\b(?:might|may)\s+as\s+well\s+(?:also\s+)?(?:get|grab|buy|replace|upgrade|pick\s+up|order)\b|"
                   # ("can you find him a mouse from the same brand?", "The older one would rather have a phone", set QH)
                   # ("Could you also find a mouse? Stick to Logitech", set QZ)
                   r"\b(?:can|could|would)\s+you\s+(?:please\s+|also\s+)*(?:find|get|show|recommend|suggest|pick)\s+(?:(?:me|us|him|her|them)\s+)?(?:a|an|some)\b|"
                   r"\b(?:would|'d)\s+rather\s+(?:have|get|go\s+for)\s+(?:a|an|some)\b|"
                   # ("also thinking of upgrading my phone to go with it", "my mum asked me to grab her a scanner", set QP)
                   r"\b(?:thinking|thought)\s+(?:of|about)\s+(?:also\s+)?(?:upgrading|replacing|getting|buying|swapping)\s+(?:my|our|a|an|the)\b|"
                   r"\basked\s+(?:me|us)\s+to\s+(?:grab|get|buy|pick\s+up|order|find)\s+(?:(?:her|him|them|me|us)\s+)?(?:a|an|some)\b|"
                   # ("also want a cordless home phone so my gran can ring me", set QO: no "I")
                   r"^\s*(?:(?:oh|ok|okay|cool|great),?\s+)?(?:and\s+|plus\s+)?also\s+(?:really\s+)?(?:want|need)\s+(?:a|an|some|another)\b|"
                   # ("She's also been on at me about a clock radio", "What speakers could go with it?", set QT)
                   r"\b(?:on\s+at\s+(?:me|us)|nagging\s+(?:me|us)|pestering\s+(?:me|us)|asking\s+(?:me|us))\s+(?:about|for)\s+(?:a|an|some|one\s+of\s+those)\b|"
                   r"\b(?:what|which)\s+[a-z]+\s+(?:could|would|can|might|will)\s+go\s+with\s+(?:it|them|that|this)\b|"
                   # ("oh and I could use a new mouse pad, mine is literally falling apart", set QP)
                   r"\b(?:i|we)\s+could\s+(?:really\s+|also\s+)?(?:use|do\s+with)\s+(?:a|an|some|another)\b", re.I)


def _taken(clause: str) -> bool:
    """Whether ``clause`` says the shopper will take or requires a thing it names."""
    return (_TAKE.search(clause) is not None or _ALSO_TOO.fullmatch(clause) is not None) and bool(type_spans(clause.lower(), weak=True))


#: ... or adds one: "and one of their surge protector strips too" (set OU), "so now I'm covering a kettle as well" (set OP, its
#: own clause where an emoji ends it, set PK)
_ALSO_TOO = re.compile(r"\s*(?:and|plus|also|(?:so\s+)?now)\b.*\b(?:too|as\s+well)\s*", re.I)
#: The same brand or colour as before is asked for: "..., same brand, white"
_SAME = re.compile(r"\s*(?:and\s+)?(?:the\s+)?same\s+(?:brand|make|colou?r|size)(?:\s+(?:please|pls|again|too))?\s*", re.I)


def _here_a_thing(clause: str) -> bool:
    """Whether ``clause`` names a thing after "while I'm at it": "While I'm at it the keyboard is dying too" asks for one (set OW)."""
    return (m := _HERE.match(clause)) is not None and bool(type_spans(clause[m.end():].lower(), weak=True))


#: (and who it is for first: "And for me a pair of headphones for the TV", set QM)
#: "so" and a thing right after it: "they'll fight over the sound so a pair of headphones each" (set OK); a clause that
#: opens with a thing, or adds one: "and a memory card for my camera while I'm at it", "an electric shaver so ..." (set OP)
_SO_A = re.compile(r"(?:\bso|^\s*(?:oh,?\s+)?(?:and|plus|also)(?:\s+then)?(?:\s+for\s+(?:me|myself|him|her|us|them))?|^)\s*(?:a|an|some|another|two|2|three|3)\s+(?:(?:pair|couple|set)s?\s+of\s+)?"
                   r"(?:(?:ream|pack|box|roll)s?\s+of\s+)?"  # ("oh and a ream of printer paper while I'm here", set QN)
                   r"(?:(?:new|little|small|good|decent|cheap|proper|electric|spare)\s+)?"
                   r"|^\s*(?:oh,?\s+)?(?:and|plus|also)\s+(?=[a-z])", re.I)  # ("And headphones for me while you're at it", set OT)


_LOOKS = re.compile(r"^(?:(?:black|white|silver|grey|gray|blue|red|pink|green|gold|purple|wireless|wired|\d+(?:\.\d)?\s*-?\s*(?:\"|inch|in|gb|tb))\s+)+")  # ("And a 24-inch display to go with it", set QN)


def so_a_thing(clause: str) -> bool:
    """Whether ``clause`` asks for a thing by naming it first or after "so" ("so a pair of headphones each", "and a memory
    card for my camera"): a kind right after it."""
    for m in _SO_A.finditer(clause):  # (its colour or size may come first: "And black ink cartridges for them", set PC)
        spans = type_spans(_LOOKS.sub("", clause[m.end():].lower()), weak=True)
        if spans and spans[0][0] == 0:
            return True
    return False


_WANTS = re.compile(r"\b(?:asked|asking)\s+for\b|\b(?:she|he|they)\s+(?:also\s+|really\s+)?(?:needs|wants)\s+(?:a|an|some|new)\b|\b(?:grab|get|find|order|pick\s+up)\s+(?:me|us)\b|\b(?:can|could|would)\s+you\s+(?:please\s+|also\s+)*(?:find|get|show|recommend|suggest|pick|add)\b", re.I)


def wants(clause: str) -> bool:
    """Whether a clause says the shopper wants a thing, whoever speaks: "she also asked for a USB flash drive", "I'd like to
    add an extra internal drive" (narrower than :func:`asks`: no "go with" of "the headset that goes with it")."""
    return (_SO_I_WANT.match(clause) is not None or _WANTS.search(clause) is not None) and not SPENT.search(clause) \
        and not _A_USE.search(clause)


#: A use wanted, not a thing: "I just need somewhere to plug them all in" (a hub's, set MO), "we need it for a four-screen
#: trading desk" (the thing shown, set NC)
_A_USE = re.compile(r"\b(?:want|need)s?\s+(?:to|it|them|this|that|these|those|one|(?:somewhere|something|someplace|a\s+(?:way|place|spot))\s+to)\b", re.I)


#: What the shopper says of the products shown, complaining: "umm why are there HPs and an MSI in here??", "you're showing
#: me 24 inch screens", "half of these are 256gb monsters", "the 16gb one is useless to me", "the casio ones aren't what I
#: want", "all black ones?" (set PB): its brands, colours and sizes are the shown products', not asked for
_OF_THE_SHOWN = re.compile(
    r"\s*(?:(?:umm*|hmm*|uh+|um+|so|but|and|no|nope|ugh|erm)\b[,.]?\s*)*"
    r"(?:(?:why|how\s+come)\s+(?:are|is|do|did|does)\s+(?:there|these|those|you|they|it|half|all|most|so\s+many|everything)\b"
    r"|(?:you(?:'re|\s+are)?|u)\s+(?:keep\s+|kept\s+|just\s+|only\s+)?(?:showing|giving|suggesting|sending|showed|gave|suggested)\b"
    r"|(?:half|most|all|some|several|a\s+lot|lots|none|two|three|both)\s+of\s+(?:these|those|them|the\s+(?:results|ones|options))\b"
    # ("the lenovo reviews on here are awful", set PH)
    r"|(?:the|these|those|that|this)\s+(?:[\w$.\"'-]+\s+){0,3}(?:ones?|options?|results?|models?|reviews?|ratings?)\s+(?:(?:on\s+)?here\s+)?"
    r"(?:(?:is|are|was|were|'s|'re)\s+(?:all\s+|so\s+|really\s+)?"
    r"(?:useless|no\s+good|wrong|rubbish|junk|overkill|not|too|awful|terrible|horrible|bad|poor|garbage|trash)\b|isn'?t|aren'?t|won'?t|don'?t|doesn'?t)"
    r"|all\s+(?:the\s+)?(?:[\w-]+\s+){0,2}ones\s*$"
    # ("no, that's an LG and a Toshiba, I said Philips": what the shown ones are, set PB)
    r"|(?:that|those|these)(?:'s|'re|\s+is|\s+are)\s+(?:an?\s+|all\s+|just\s+)?[\w-]+(?:\s+(?:and|or)\s+(?:an?\s+)?[\w-]+)*\s*$"
    # ("that one's like 400, too pricey, I said 250 tops")
    r"|(?:that|this)\s+one(?:'s|\s+is|\s+was)\s+(?:like\s+|about\s+|around\s+)?(?:\$?\d|too|way|not|no\s+good|useless|wrong)|(?:(?:way|far|a\s+bit|much|all|they'?re|it'?s)\s+)?too\s+(?:pricey|expensive|dear|much|big|small|cheap)\s*$"
    # ... or settles on one of them: "mostly grills there but the silver toaster will do" (set PB)
    r"|.*\b(?:the|that|this)\s+(?:[\w-]+\s+){0,3}(?:will|'ll|would)\s+do\s*$)", re.I)


def of_the_shown(clause: str) -> bool:
    """Whether ``clause`` complains of the products shown, or settles on one of them (``_OF_THE_SHOWN``)."""
    return _OF_THE_SHOWN.match(clause) is not None


#: A request for "one" of the thing a statement before it named: "my mouse mat is shredded at the corners. find me one"
_ONE_ASKED = re.compile(r"\b(?:'d|would)\s+like\s+(?:a\s+new\s+|another\s+)one\b|\b(?:find|get|grab|need|want|order|buy)\s+(?:me\s+|us\s+|him\s+|her\s+|them\s+)?(?:a\s+(?:new\s+|universal\s+|spare\s+|replacement\s+|cheap\s+|better\s+)?|another\s+)?one\b(?!\s+of\b)"
                        # a clause of its own after the story: "my kettle just broke rip 💀 new one, black, 80 max" (set SX)
                        r"|(?:[.,;!?]|[\u2600-\u27bf\U0001f000-\U0001faff])\s*(?:so\s+)?(?:a\s+)?(?:brand\s+)?new\s+one\b(?!\s+of\b)", re.I)
# (a statement that opens with the shopper's thing: "my mouse mat ...", "Now the keyboard I have is ...", set PZ)
_MINE_OPENS = re.compile(r"\s*(?:(?:now|and|also|well)\s+)?(?:(?:my|our)\s+[a-z]|the\s+[a-z]+\s+(?:i|we)\s+(?:have|had|use|own|got)\b)", re.I)
#: ... or one someone said is needed: "The man at the photo shop told me these cameras need one of those tiny memory cards" (set PZ)
_TOLD_NEEDED = re.compile(r"\b(?:told\s+(?:me|us|her|him)|says?|said|mentioned)\b.*\bneeds?\b", re.I)
#: ... or of the thing lost: "He also keeps losing the TV remote so can you find him a universal one?" (set PO)
_LOSES = re.compile(r"\b(?:keeps?\s+losing|lost|broke|has\s+broken|dropped|cracked)\s+(?:the|his|her|my|their|our)\s+[a-z]", re.I)
#: ... or one of the thing told of: "he says the power box ... won't cope, so one of those too" (PI), "so I should replace that too" (RO)
_THOSE_TOO = re.compile(r"\s*(?:so\s+)?(?:(?:i'?ll\s+need\s+|i\s+need\s+|need\s+)?(?:one|a\s+new\s+one)\s+of\s+(?:those|them|these)(?:\s+(?:too|as\s+well)\b|\s*(?:$|[-–—,.;!?]))"
                        r"|(?:i|we)\s+(?:should|'ll|will|need\s+to|ought\s+to|might\s+as\s+well)\s+replace\s+(?:that|it)(?:\s+one)?\s+(?:too|as\s+well)\b)", re.I)


#: ... or a new one of the shopper's own: "also thinking of upgrading my phone to go with it" (set QP)
_UPGRADE_MINE = re.compile(r"(?:\b(?:thinking\s+(?:of|about)|want\s+to|going\s+to|gonna|time\s+to|(?:might|may)\s+as\s+well)\s+(?:also\s+)?|"  # (ST)
                           # ("I'm replacing our old printer at the same time", set RD)
                           r"\b(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+(?:also\s+)?(?=replacing)|"
                           r"^\s*(?:(?:oh|ok|okay),?\s+)?(?:and\s+|plus\s+)?also\s+)"  # ("Also replacing my phone, same brand", set QZ)
                           r"(?:upgrad(?:e|ing)|replac(?:e|ing))\s+(?:my|our)\s+(?:old\s+)?[a-z]", re.I)


def asks_for_one(text: str) -> bool:
    """Whether ``text`` asks for "one" of a thing said elsewhere ("find me one for under 15"), or a new one of the shopper's
    own (``_UPGRADE_MINE``)."""
    return _ONE_ASKED.search(text) is not None or _THOSE_TOO.search(text) is not None \
        or _UPGRADE_MINE.search(text) is not None  # ("... so I'll need one of those too", PY)


#: How a question that asks for a thing opens: "got a blue one?", "any in black?", "is there a white one?"
_ASKING = re.compile(r"\s*(?:and\s+|also\s+|so\s+)?(?:got|have\s+you|any|anything|is\s+there|are\s+there|do\s+(?:you|u)|does\s+it|"
                     r"can\s+(?:you|i|u)|could\s+(?:you|i)|what\s+about|how\s+about|which)\b", re.I)


def request_of(message: str) -> Request:
    """``message`` without its statements; unchanged when it has none, or when nothing else is left."""
    # the clauses, each with whether it starts a sentence after another (which then goes on with no list: "... held together
    # with electrical tape at this point. a new charger, HP, less than 50 dollars", set OK)
    pieces = re.split(f"({_CUT.pattern})", message, flags=re.I)
    clauses: list[str] = []
    opens: list[bool] = []
    questions: list[bool] = []  # (a question asks: "do you carry Samsung-brand phone cases too? got a blue one?", set OO)
    for at in range(0, len(pieces), 2):
        if pieces[at].strip():
            opens.append(bool(clauses) and re.match(r"[.!?;]", pieces[at - 1]) is not None)
            clauses.append(pieces[at])
            questions.append(at + 1 < len(pieces) and pieces[at + 1].startswith("?") and _ASKING.match(pieces[at]) is not None)
    if len(clauses) < 2:
        return Request(message)
    asked = [(asks(c) or q or (i > 0 and _LEAD_IN.fullmatch(clauses[i - 1]) is not None and bool(type_spans(c.lower(), weak=True))))
             and not of_the_shown(c) for i, (c, q) in enumerate(zip(clauses, questions, strict=True))]
    # (another thing giving out too is asked for, unless another clause names what is: "the scanner died too, so a mouse")
    others = any(a and type_spans(c.lower(), weak=True) for c, a in zip(clauses, asked, strict=True))
    asked = [a or (not others and _failing_too(c)) for c, a in zip(clauses, asked, strict=True)]
    # (what happens meanwhile is no statement of the clause: "and more ram while the case is open", set OK)
    # (nor is the shopper's being here: "oh and since I'm here - a network switch for the office too", set OH)
    tells = [not a and not _HERE.fullmatch(c) and (_SUBJECT.search(_MEANWHILE.sub(" ", c)) is not None or of_the_shown(c))
             for c, a in zip(clauses, asked, strict=True)]
    kept: list[str] = []
    dropped: list[str] = []
    keep = True
    for i, clause in enumerate(clauses):
        # (a first clause that opens a statement's list is the statement's: "The desk, the walls and the printer on it are
        # all white, so white please")
        if asked[i] or (i == 0 and not tells[i] and not (tells[1] and _LIST_ITEM.match(clauses[0]) and _LIST_ITEM.match(clauses[1])
                                                          and _opens_statement(clauses, asked, tells, 0))):
            keep = True
        elif tells[i] or _opens_statement(clauses, asked, tells, i):
            keep = False
        elif opens[i] or (not _CONTINUES.match(clause) and not _LIST_TAIL.match(clause)):
            keep = True  # a clause of its own, no list going on: "..., maybe one of those watch things?"
        if keep and dropped and dropped[-1] == clauses[i - 1].strip() and (
                (_ONE_ASKED.search(clause) and (_MINE_OPENS.match(dropped[-1]) or _LOSES.search(dropped[-1])
                                                or (_TOLD_NEEDED.search(dropped[-1]) and type_spans(dropped[-1].lower()))))
                or (_THOSE_TOO.match(clause) and type_spans(dropped[-1].lower()))):
            kept.append(dropped.pop())  # the thing "one" is: "my mouse mat is shredded at the corners. find me one for under 15" (set OM)
        (kept if keep else dropped).append(clause.strip())
    if not dropped or not set(re.findall(r"[a-z0-9']+", " ".join(kept).lower())) - _CHAT:
        return Request(message)  # no statement, or nothing but chat without them ("ok. I also need a mouse")
    return Request(", ".join(kept), tuple(dropped))


#: A list's items or its last ones: "everything on my desk is black, monitor, keyboard, lamp, even the desk", "... forked out for
#: her compass set, exercise books and a new backpack"
_LIST_TAIL = re.compile(r"\s*(?!(?:so|then|but|because|cause|since|if|and)\b)(?:[\w'-]+(?:\s+[\w'-]+)?\s*$|(?:[\w'-]+\s+){1,3}(?:and|&)\s+)", re.I)
#: A list's next item: "the walls and the printer on it are all white" after "The desk"
_LIST_ITEM = re.compile(r"\s*(?:and\s+|even\s+)?(?:the|my|our|his|her|their|this|that|these|those)\b", re.I)
#: How a clause that goes on with the one before begins: "the webcam, the mic arm, even the mousepad".
_CONTINUES = re.compile(r"\s*(?:and|or|plus|also|even|the|a|an|my|our|his|her|their|this|that|these|those)\b", re.I)


def _opens_statement(clauses: list[str], asks: list[bool], tells: list[bool], i: int) -> bool:
    """A bare noun phrase that starts the list a statement goes on with: "the desk frame, the arm and my
    keyboard are all black"."""
    if not _CONTINUES.match(clauses[i]):
        return False
    for j in range(i + 1, len(clauses)):
        if asks[j] or tells[j]:
            return tells[j]
    return False


__all__ = ["SPENT", "Request", "asks", "of_the_shown", "request_of", "takes_a_thing", "wants"]
