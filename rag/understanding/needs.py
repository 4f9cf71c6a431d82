"""Needs said in words that name a product type: "my wifi doesn't reach the bedroom" asks for a wireless access point.

Shoppers often describe the problem, not the product ("something so my pc doesn't die when the
power cuts out", "people say i look blurry on zoom calls"). The words of such a request rarely
name a catalog type, or name the wrong one ("camera" in "my laptop camera is awful" is not a
digital camera). :func:`need_category` reads a short list of common needs, each a family of
phrasings, and returns the catalog type that serves it; the parser uses it when the request
states one (a stated need wins over a type the words only brush against).

Rules, not a model, like the rest of query understanding: each need is checked on a fresh
conversational set before it ships (docs/conversation-quality.md), and a need that is not here
falls back to the open search.
"""

from __future__ import annotations

import re

from rag.catalog.categories import broader_category, type_spans

#: (pattern, catalog type). Order matters: the first need that matches decides.
NEEDS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), t) for p, t in (
    # the card inside a pc that makes games look better (set PI)
    (r"\bcards?\b[^.?!]{0,40}\b(?:inside|in|into)\s+(?:a|the|my|his|her|our)\s+(?:pc|computer|desktop|tower)\b[^.?!]{0,60}"
     r"\b(?:games?|gaming|graphics)\b", "graphics card"),
    # video calls for someone a phone is too small for and a laptop too much: a tablet
    (r"\b(?:phone|phone's|phones)\s+(?:screen\s+)?(?:is\s+)?too\s+small\b[^.?!]{0,80}\blaptops?\s+(?:are\s+|is\s+)?"
     r"(?:too\s+)?(?:confusing|complicated|fiddly|hard|much)|"
     # "my mum wants to video call the grandkids ... something simple she can hold w a decent size screen"
     r"\b(?:something|one)\s+(?:simple\s+|easy\s+|light\s+)?(?:she|he|they|i)\s+can\s+hold\b[^.?!]{0,40}\bscreen\b", "tablet"),
    # being heard on calls: "zoom calls all day from a noisy flat share, need something so ppl can actually hear me"
    (r"\b(?:so|that)\s+(?:people|ppl|they|others|colleagues|every\s*one|my\s+team|clients)\s+can\s+(?:actually\s+|properly\s+|"
     r"clearly\s+|finally\s+)?hear\s+me\b|\b(?:people|ppl|they|nobody|no\s+one)\s+(?:can'?t|cannot|never)\s+hear\s+me\b", "headset"),
    # video calls: a webcam, whatever else the sentence says about cameras
    (r"\b(?:video\s*(?:calls?|chats?|conferenc\w*|interviews?)|zoom\s+(?:calls?|meetings?|w/|with\b)|on\s+zoom|skype|facetime|"
     # "boss wants cameras on in every meeting now"
     r"cam(?:era)?s?\s+on\s+(?:in|for|during)\s+(?:every\s+|all\s+|the\s+)?(?:meetings?|calls?)|"
     r"(?:teams|google\s+meet)\s+(?:calls?|meetings?)|look\s+blurry|on\s+camera\s+for\s+work|"
     # "my laptop cam is potato quality", "laptop camera is awful on calls"
     r"(?:(?:laptop|built[- ]in|pc|computer)\s+(?:web)?cam(?:era)?|(?:web)?cam(?:era)?\s+(?:on|in)\s+(?:my|the|his|her)\s+"
     r"(?:laptop|pc|computer))\s+(?:is|looks?|quality\s+is)\s+(?:\w+\s+){0,2}?"
     r"(?:awful|terrible|rubbish|bad|potato|grainy|blurry|crap|useless|poor|dark|trash)|"
     # "the camera on my laptop died", "my laptop's webcam stopped working"
     r"(?:(?:web)?cam(?:era)?\s+(?:on|in)\s+(?:my|the|his|her)\s+(?:laptop|pc|computer)|(?:laptop|built[- ]in|pc|computer)'?s?\s+(?:web)?cam(?:era)?)"
     r"\s+(?:just\s+)?(?:died|broke|stopped\s+working|is\s+(?:dead|broken)))\b",
     "webcam"),
    # wifi that does not reach
    (r"\b(?:wi-?fi|signal|internet)\b[^.?!]{0,40}\b(?:doesn'?t|does\s+not|won'?t|can'?t|cannot|never|barely|"
     r"hardly|only\s+just)\s+(?:reach(?:es)?|gets?\s+to|works?\s+in|covers?)\b|\b(?:dead\s+(?:zone|spot)s?|weak\s+wi-?fi|extend\w*\s+(?:my\s+|the\s+)?wi-?fi|"
     r"wi-?fi\s+(?:range|coverage|booster)|"  # (a "wifi extender" is one: the network extenders, set PF)
     # "wifi is terrible in the back bedroom, cant even stream"
     r"(?:wi-?fi|signal)\s+is\s+(?:so\s+|really\s+|super\s+)?(?:terrible|awful|rubbish|bad|crap|weak|patchy|useless|non-?existent)\s+"
     r"(?:in|up|down|at)\b)", "access point"),
    # power cuts
    # ("every time the power blips the internet goes down ... a battery box ... so they stay on?", set PI)
    (r"\b(?:power\s+(?:cuts?|outages?|goes\s+(?:out|off)|fails?|failures?|blackouts?|blips?|dips?)|blackouts?|battery\s+box|"
     r"outages?|brown-?outs?|back-?up\s+power|battery\s+back-?up|"
     r"power\s+(?:keeps\s+)?(?:cut\w*|go\w*|went|drop\w*|fail\w*|trip\w*)\s+(?:out|off)|"
     r"(?:dies|shuts\s+(?:off|down)|turns\s+off)\s+when\s+the\s+(?:power|electricity|lights))\b|"
     # "the power flickers ... and my pc just dies": keeping it running, not a surge protector
     r"\b(?:power|lights|electricity)\b[^.?!]{0,40}\bflicker\w*[^?!]{0,120}(?:\b(?:pc|computer|desktop|it)\s+"
     r"(?:(?:doesn'?t|does\s+not|won'?t|wont|doesnt)\s+)?(?:just\s+)?(?:dies?|shuts?\s+(?:off|down)|turns?\s+off|goes\s+(?:off|down)|"
     r"switch(?:es)?\s+off)|"
     # "... i lose whatever im working on. need something so my pc stays on long enough to save"
     r"\b(?:pc|computer|desktop|it)\s+(?:stays?|keeps?\s+(?:running|going))\s+on|\blos[et]\s+(?:whatever|what|my\s+work|everything|all\s+my))\b",
     "ups"),  # "... so my pc doesnt just die when it happens"
    # music on the move with no cable in the way: headphones ("cables keep getting caught on my arm")
    (r"\b(?:cables?|wires?|cords?|leads?)\b[^.?!]{0,30}\b(?:caught|tangled?|tangling|snag\w*|in\s+the\s+way|pull\w*\s+out|yank\w*)\b",
     "headphones"),
    # flight and racing simulators: a joystick or a wheel
    (r"\bflight\s*sim\w*|\b(?:racing|driving)\s+(?:games?|sims?|simulators?)\b", "game controller"),
    # files for the whole household over the network: a NAS
    (r"\b(?:photos?|pictures?|files?|music|movies?|videos?|documents?)\b[^.?!]{0,60}\b(?:over|on|across)\s+the\s+(?:home\s+)?"
     r"(?:network|wifi|wi-fi)\b|\beveryone\s+(?:at\s+home\s+|in\s+the\s+house\s+)?can\s+(?:get\s+to|access|reach|use)\b[^.?!]{0,30}"
     r"\b(?:photos?|files?|network)\b", "nas"),
    # charging a phone away from a socket: a power bank
    (r"\bcharg\w*\s+(?:it|my\s+phone|my\s+smartphone|them)\s+on\s+the\s+go\b|\b(?:without|w/o|no)\s+(?:a\s+)?(?:plug|socket|outlet|power\s+point)\b|"
     r"\b(?:phone|smartphone)\s+(?:always\s+|keeps\s+)?(?:dies|dying|runs\s+out\s+of\s+(?:battery|charge))\b[^.?!]{0,40}\b(?:travel\w*|trips?|out\s+and\s+about|day\s+out|festival)",
     "power bank"),
    # backing up
    (r"\b(?:back\s*(?:ing\s+)?up|backups?)\b[^.?!]{0,40}\b(?:photos?|pictures?|files?|videos?|documents?|laptop|computer|pc)\b|"
     r"\b(?:laptop|computer|pc|phone)\s+is\s+(?:almost\s+|nearly\s+|getting\s+|completely\s+|totally\s+|basically\s+|"
     r"pretty\s+much\s+|literally\s+|already\s+|so\s+)?full\b|"
     r"\b(?:running\s+)?out\s+of\s+(?:storage|disk\s+space)\b", "external hard drive"),
    # printing and scanning (or copying) with one machine
    (r"\bprint\w*\s+(?:and|&|n|\+|,)\s+(?:scan|copy)\w*|\bprints?,?\s+scans?\b|\bscan\w*\s+(?:and|&|n|\+|,)\s+print\w*|"
     r"\bprint\w*\b[^.?!]{0,60}\bscan(?:s|ning)?\s+(?:forms?|documents?|papers?|receipts?|photos?|letters?)\b|"
     r"\bprint\w*\b[^.?!]{0,60}\bscan\w*\s+(?:\+|and|&|n|,)\s+cop(?:y|ies|ying)\b|"  # "print their homework ... scan + copy forms"
     # a printer that is to scan too ("oh it needs to scan as well" after printers)
     r"\b(?:also|too|and)\s+scan\w*|\bscan\w*\s+(?:as\s+well|too)\b", "multifunction printer"),
    # printing at home ("want to be able to print the kids homework and the odd photo at home")
    (r"\bprint(?:ing|ed|s)?\s+(?:[\w']+\s+){0,6}?(?:at\s+home|homework|school\s*work\w*|for\s+school|worksheets?|documents?|essays?|"
     r"assignments?|tickets|boarding\s+passes|recipes)\b", "printer"),
    # shipping labels
    (r"\b(?:shipping|address|postage|parcel|barcode)\s+labels?\b|\bprint\w*\s+(?:my\s+own\s+|\w+\s+){0,2}labels?\b", "label maker"),
    # a TV on the wall ("just bought a 55 inch tv, need something to hang it on the wall")
    (r"\b(?:tv|telly|television|monitor)\b[^.?!]{0,60}\b(?:hang|mount|put|stick|fix|get)\w*\s+(?:it|them)\s+(?:up\s+)?on\s+(?:the|a|my|our)\s+wall\b|"
     r"\b(?:hang|mount)\w*\s+(?:my|our|the|a|his|her)\s+(?:new\s+)?(?:\d+\s*(?:-?inch|in|\"|”)?\s+)?(?:tv|telly|television)\s+"
     r"(?:up\s+)?on\s+(?:the|a|our|my)\s+wall\b", "monitor mount"),
    # showing slides and films on a wall
    (r"\b(?:slides?|presentations?|movies?|films?)\b[^.?!]{0,40}\b(?:on|onto)\s+(?:the|a|our|my)\s+(?:\w+\s+){0,2}(?:wall|ceiling|screen)\b|"
     r"\bput\s+(?:\w+\s+){0,3}up\s+on\s+the\s+wall\b|"
     # "outdoor movie nights in the garden, project onto a sheet"
     r"\bproject\w*\s+(?:\w+\s+){0,3}(?:on|onto)\s+(?:a|the|our|my)\s+(?:\w+\s+)?(?:sheet|wall|screen|ceiling)\b|"
     r"\b(?:outdoor|backyard|back\s+yard|garden)\s+(?:movie|film|cinema)s?\b|"
     r"\b(?:show|present|display)\w*\s+(?:\w+\s+){0,3}(?:slides?|presentations?|movies?|films?)\s+(?:to|for|in\s+front\s+of)\s+"
     r"(?:a|the|our|my|\d+)\s+(?:\w+\s+){0,3}(?:room|class|group|audience|team|people|students|customers)\b", "projector"),
    # paper into files
    (r"\b(?:digiti[sz]e|scan(?:ning)?)\b[^.?!]{0,40}\b(?:documents?|papers?|receipts?|photos?|pictures?|negatives?)\b|"
     # "old family photos and letters ... want to get them onto the computer"
     r"\b(?:old|paper|printed|family|physical)\s+(?:\w+\s+){0,2}?(?:photos?|pictures?|letters|documents|negatives|slides)\b"
     r"[^.?!]{0,80}\b(?:on|onto|into)\s+(?:the|my|a|our)\s+"
     r"(?:computer|pc|laptop|mac)\b", "scanner"),
    # music for someone with no phone: "my son (10) wants to listen to music on the school bus but im not ready to give him a phone"
    (r"\b(?:music|songs|tunes)\b[^.?!]{0,80}\b(?:not\s+ready\s+to\s+(?:give|get)\s+(?:him|her|them)\s+a\s+phone|(?:without|w/o)\s+a\s+phone|"
     r"(?:doesn'?t|does\s+not)\s+have\s+a\s+phone|(?:too\s+young|not\s+old\s+enough)\s+for\s+a\s+phone)", "mp3 player"),
    # music out of doors with friends: "something to play music at the beach w/ friends, needs to be portable"
    (r"\b(?:play|playing|blast\w*)\s+(?:some\s+)?(?:music|tunes|songs|spotify)\b[^.?!]{0,40}\b(?:beach|garden|park|picnics?|"
     r"part(?:y|ies)|bbqs?|barbecues?|camping|pool|outside|outdoors)\b", "portable speaker"),
    # listening without disturbing others
    (r"\b(?:(?:earbuds?|earphones?|headphones?|buds)\s+(?:keep|always|just)\s+(?:falling|fall|slipping|slip)\s+out|"
     r"(?:without|w/o)\s+(?:annoying|disturbing|bothering|waking)|"
     r"(?:listen\w*|music|songs|podcasts?|audiobooks?|shows|films?|movies?)\b[^.?!]{0,30}\bon\s+the\s+(?:bus|train|plane|subway|tube|metro)|"
     r"while\s+(?:running|jogging|commuting)|block\w*\s+out\s+(?:the\s+|all\s+the\s+)?(?:\w+\s+)?noise|engine\s+noise|"
     # "my train to work is soooo loud, i want something to block it out"
     r"block\w*\s+(?:it|that|them|everything|every\s*one|everybody|people|the\s+world)\s+out|(?:commute|train|bus|tube|subway|flight)\b[^.?!]{0,60}\blisten\w*\s+to\s+(?:my\s+)?(?:podcasts?|music|audiobooks?)|(?:train|bus|commute|flight|plane|tube)\b[^.?!]{0,20}\bso+\s+loud)\b|"
     r"\b(?:neighbou?rs?|roommates?|flatmates?|housemates?|partner|wife|husband|family|baby)\s+(?:\w+\s+){0,2}"
     r"(?:complain\w*|can\s+hear|gets?\s+annoyed|(?:is|are)\s+(?:asleep|sleeping))\b[^.?!]{0,40}\b(?:music|games?|movies?|tv)\b", "headphones"),
    # charging away from a socket
    (r"\b(?:phone|battery)\s+(?:dies|runs\s+out|is\s+always\s+dead)\b|\bcharg\w*\s+(?:my\s+phone\s+)?on\s+the\s+go\b", "power bank"),
    # more screen than a laptop has
    (r"\b(?:bigger|second|extra|external|another|larger)\s+(?:(?:bigger|larger|big|proper|external|extra)\s+)?"
     r"(?:screen|display|monitor)\b|"  # "a second bigger screen"
     # "staring at a tiny laptop screen all day. want something 27in+ to plug it into" (the size is read apart)
     r"\b(?:tiny|small|little|cramped)\s+(?:laptop|notebook)\s+screen\b[^.?!]{0,40}(?:[.?!]\s*)?[^.?!]{0,30}\b(?:want|need|after)\s+"
     r"(?:a\s+|something\s+)?(?:\S+\s+){0,2}(?:to\s+plug|to\s+connect|to\s+hook|screen|display|monitor|for)\b", "monitor"),
    # a runner's watch ("she goes running every morning", "wants to track his pace n heart rate")
    (r"\b(?:goes|go|going|went|into|loves?|started|took\s+up|gets?\s+into|got\s+into|just\s+got\s+into)\s+(?:running|jogging)\b|"
     r"\b(?:runs|jogs)\s+every\b|\btrack\w*\s+(?:his|her|my|their|your)?\s*(?:pace|heart\s*rate|steps|runs|workouts?|fitness)\b",
     "smartwatch"),
    # a student's laptop ("my daughter starts uni in sept, needs something for essays and netflix")
    (r"\b(?:starts?|starting|going\s+to|off\s+to|heading\s+(?:off\s+)?to)\s+(?:uni|university|college)\b[^.?!]{0,60}"
     r"\b(?:essays?|assignments?|coursework|uni\s*work|lectures|notes|studying)\b", "notebook"),
    # notes in class ("going back to school at 40 lol, need something light to take notes in class")
    (r"\b(?:tak(?:e|ing)\s+(?:my\s+)?notes|note[- ]?taking)\b[^.?!]{0,30}\b(?:class|classes|lectures?|school|college|uni|"
     r"university|course|seminars?|meetings?)\b|\bnote[- ]?taking\b", "notebook"),
    # a bag for the commute ("need something to lug my stuff to work")
    (r"\b(?:lug|lugging|carry|carrying|haul)\s+(?:all\s+)?(?:my|our)\s+(?:stuff|things|gear|kit)\b", "backpack"),
    # a laptop carried about ("i cycle to work and need something to carry my laptop in")
    # (not the laptop asked for, carried about: "I'll be lugging a laptop to the library every day. Lenovo", set OP)
    # (nor what the shopper does with the laptop asked for: "A 14 inch screen please - I carry it between classrooms", set QL)
    (r"\b(?<!\bbe\s)(?:(?<!\bi\s)(?<!\bwe\s)(?:carry|carrying|lug|lugging)\s+the|(?:carry|carrying|lug|lugging)\s+(?:my|a|our|his|her))\s+(?:\d+(?:\.\d+)?\s*(?:-?inch|in|\")?\s+)?"
     r"(?:(?:work|school|uni|old|new|gaming|heavy|big|own)\s+)?(?:laptop|notebook|macbook|chromebook)\b", "notebook bag"),
    # a monitor raised ("my 24 inch monitor, it sits way too low on the desk. something that lifts it up to eye height", set OK)
    # (not where a laptop is there to raise: "my laptop lies flat next to the monitor ... a stand to raise it as well")
    (r"^(?!.*\b(?:laptop|notebook)s?\b).*?\b(?:monitor|display)\b[^?!]{0,120}?\b(?:rais|lift|elevat)\w*\s+(?:it|the\s+monitor|my\s+monitor)\b",
     "monitor mount"),
    # a laptop raised to eye level ("hunching over my laptop ... something to raise it up")
    # (not "a proper screen to project onto", set OE)
    (r"\b(?:rais\w*|lift\w*|prop(?:s|ped|ping)?|elevat\w*)\s+(?:my\s+|the\s+)?(?:laptop|notebook|it|screen)\b|"
     # "a stand to put the laptop higher" (set OG)
     r"\b(?:put|get|have|set|sit|keep)\w*\s+(?:my\s+|the\s+)?(?:laptop|notebook)\s+(?:up\s+)?(?:higher|up\s+high)\b|"
     r"\b(?:hunch\w*|neck|back)\b[^.?!]{0,40}\b(?:my|the|over)\s+(?:laptop|notebook)\b|"
     r"\b(?:laptop|notebook)\b[^.?!]{0,40}\b(?:neck|hunch\w*|eye\s+level)\b", "notebook stand"),
    # a camera for a hobby taken up ("finally getting serious about photography after years of just using my phone", set OE)
    (r"\b(?:getting|get|got|gotten|going)\s+(?:(?:really|more|a\s+bit|serious(?:ly)?)\s+)*(?:into|about|back\s+into)\s+photography\b", "camera"),
    # a screen for a projector ("we'll need a proper screen to project onto", set OE; "a big screen to throw the picture
    # onto", set OF)
    (r"\b(?:screen|surface)\s+to\s+(?:project|(?:beam|throw|cast|shine)\s+(?:it|them|(?:the\s+)?(?:films?|movies?|pictures?|images?)))\s+(?:on|onto)\b",
     "projection screen"),
    # one laptop, several screens ("a thing so my laptop can drive two screens at work", set OF)
    (r"\b(?:laptop|notebook|it)\s+(?:can\s+|could\s+|will\s+|to\s+)?(?:drive|run|power|connect\s+to|hook\s+up\s+to|use|output\s+to)\s+"
     r"(?:two|2|three|3|dual|multiple|both|several|extra)\s+(?:external\s+)?(?:screens|monitors|displays)\b", "docking station"),
    # a phone wrapped ("he will drop this one too. something to wrap it in so it survives", "it" named the phone; set OK)
    (r"\b(?:wrap|encase)\w*\s+(?:the|my|his|her|their|a)\s+(?:new\s+)?(?:smart)?phone\s+in\b", "mobile phone case"),
    # a phone's screen kept whole ("something to stop the screen cracking when i inevitably drop it", set OF)
    (r"\b(?:stop|keep|protect|save)\w*\s+(?:the|my|its|his|her)\s+screen\s+(?:from\s+)?(?:crack|scratch|break|shatter|smash)\w*", "screen protector"),
    # a camera's card ("one of those little cards to save the pics on", set OF)
    (r"\bcards?\s+(?:to|for|that)\s+(?:save|store|keep|put|hold|holds)\s+(?:the\s+|my\s+|all\s+the\s+|his\s+|her\s+)?"
     r"(?:pics|pictures|photos|videos|footage|shots)\b|"
     # ("one of those tiny cards the pictures get saved on", set OJ)
     r"\bcards?\s+(?:that\s+)?(?:the\s+)?(?:pics|pictures|photos)\s+(?:get|are)\s+(?:saved|stored|kept)\b|"
     # ("a card to slide in it for extra room" after phones, "it" named: set OJ)
     r"\b(?:a|an|another|extra|some)\s+(?:little\s+|tiny\s+|small\s+)?cards?\s+(?:to\s+(?:slide|put|pop|stick|go)|that\s+(?:slides|goes|fits))\s+"
     r"(?:in|into|inside)\s+(?:the|his|her|my)\s+(?:smartphone|phone|camera|tablet|mobile\s+phone)\b", "memory card"),
    # set OK (problems said, dev): "something on my wrist that buzzes when the phone does"
    (r"\b(?:something|one|a\s+thing)\s+(?:on|for|around)\s+(?:my|her|his|the)\s+wrist\b", "smartwatch"),
    # "something that spreads the weight on both shoulders", "something I can carry on both shoulders"
    (r"\b(?:spread\w*\s+the\s+weight|both\s+shoulders|two\s+straps|on\s+my\s+back)\b", "backpack"),
    # "I'd love to clamp the screen to the edge of the desk", "the tv itself up on the wall"
    (r"\bclamp\w*\s+(?:the|my|our|a)\s+(?:screen|monitor|display)|\b(?:tv|telly|television)\s+(?:itself\s+)?(?:up\s+)?on\s+the\s+wall\b",
     "monitor mount"),
    # "a little thing that plugs into usb and reads them", "my laptop has no slot for those tiny cards" (set OK)
    (r"\b(?:thing|gadget|something|adapter|adaptor|device|dongle)\s+that\s+(?:plugs?\s+in(?:to)?\s+(?:the\s+|a\s+)?usb\s+and\s+)?reads?\s+"
     r"(?:them|those|(?:the\s+|those\s+)?(?:sd\s+|memory\s+|tiny\s+|little\s+)?cards?)\b", "card reader"),
    # "it has a slot for a card so I need one with 128GB"
    # (not "my laptop has no slot for those tiny cards": a card reader)
    (r"\b(?<!no\s)(?<!without\s)(?<!without\sa\s)slot\s+for\s+(?:a|an|the)\s+(?:memory\s+|sd\s+|micro\s*sd\s+)?card\b", "memory card"),
    # "the mouse skates all over my glass desk so I'll need a pad under it"
    (r"\bmouse\b[^.?!]{0,60}\b(?:pad|mat)\s+(?:to\s+go\s+)?(?:under|beneath|for)\s+it\b|\b(?:pad|mat)\s+(?:under|beneath|for)\s+(?:the|my)\s+mouse\b",
     "mouse pad"),
    # "something small to listen to the stations on", "to listen to the news"
    (r"\bto\s+listen\s+to\s+(?:the\s+)?(?:stations?|radio|news|the\s+football\s+commentary)\b", "radio"),
    # set OJ (parents and grandparents who do not know the names, dev): "one of those little gadgets that holds the songs, the
    # sort you clip onto your jacket"
    (r"\b(?:holds?|keeps?|plays?)\s+(?:the\s+|his\s+|her\s+|all\s+(?:the\s+|his\s+|her\s+)?)?(?:songs|music|tunes)\b[^.?!]{0,60}\bclip\w*\b|"
     r"\bclip\w*\s+(?:it\s+)?on(?:to)?\s+(?:your|his|her|my|a)\s+(?:jacket|shirt|belt|pocket)\b", "mp3 player"),
    # "The box kind that sits under the table, not a laptop", "computer ..., the kind with a separate screen"
    (r"\b(?:box|tower)\s+(?:kind\s+|one\s+)?(?:that\s+)?(?:sits|goes|stands)\s+(?:under|on|beside|next\s+to)\s+(?:the|a)\s+(?:table|desk)\b|"
     r"\bkind\s+with\s+(?:a\s+)?separate\s+(?:screen|monitor|keyboard)\b", "desktop pc"),
    # "the flat thing the mouse goes on so it glides better"
    (r"\b(?:thing|mat|pad)\s+(?:that\s+)?the\s+mouse\s+(?:goes|sits|glides|runs|moves)\s+on\b", "mouse pad"),
    # "a screen in his bedroom to plug his games console into"
    (r"\b(?:a|an|another|second|new|big)\s+(?:\w+\s+)?(?:screen|display)(?!\s+protector)\b[^.?!]{0,40}\bto\s+(?:plug|connect|hook)\s+"
     r"(?:his|her|my|the|their|our)\s+(?:\w+\s+)?(?:console|playstation|xbox|switch|laptop|computer|pc)\b", "monitor"),
    # "the shiny paper to print the photos on"
    (r"\b(?:shiny|glossy)\s+paper\b|\bpaper\s+(?:to|for)\s+print(?:ing)?\s+(?:the\s+|my\s+|his\s+|her\s+)?(?:photos|pictures|pics)\b",
     "photo paper"),
    # "the headphones with a microphone on them", "the headphones with the little microphone sticking out"
    (r"\b(?:headphones?|earphones?)\s+with\s+(?:a|the)\s+(?:little\s+|small\s+)?(?:mic|microphone)\b", "headset"),
    # "one of those pads that sit underneath with the fans in" (a laptop's cooling stand)
    # (not a cooling pad named in a reason: "south of 2k, I still need to buy a cooling pad and a headset")
    (r"\bpads?\s+(?:that\s+)?(?:sits?|goes?|go)\s+underneath\b[^.?!]{0,30}\bfans?\b", "notebook stand"),
    # "a few things for the doll, clothes or a little bed"
    (r"\b(?:things?|bits|stuff|clothes|bed)\s+for\s+(?:the|her|his|a)\s+doll\b|\bdoll'?s\s+(?:clothes|bed|pram|buggy)\b", "doll accessory"),
    # "the pen thing he can draw on the screen with"
    (r"\bpen\b[^.?!]{0,30}\b(?:draw|write)\w*\s+on\s+(?:the\s+|his\s+|her\s+|my\s+)?screen\b", "stylus"),
    # "one of those little boxes that gives you more usb holes"; "short of usb sockets, is there a thing that turns one into
    # four?" (set PI)
    (r"\bmore\s+usb\s+(?:holes|ports|sockets|slots|plugs)\b|\busb\s+(?:holes|ports|sockets|slots|plugs)\b[^.?!]{0,60}\bturns?\s+one\s+into\b",
     "usb hub"),
    # "an extension lead with lots of sockets that also protects stuff from power surges" (set PI)
    (r"\bprotect\w*\s+(?:\w+\s+){0,3}(?:from|against)\s+(?:power\s+|electrical\s+)?(?:surges?|spikes?)\b", "surge protector"),
    # "the little card that goes inside to save the photos on" (set PI)
    (r"\bcard\s+(?:that\s+|which\s+)?(?:goes|fits|slots|slides)\s+(?:in|inside|into)\b[^.?!]{0,40}\b(?:save|store|hold|keep)s?\s+"
     r"(?:the\s+|my\s+|all\s+)?(?:photos|pictures|pics|videos|files)\b", "memory card"),
    # "use one keyboard, mouse and screen and flick between the two with a button" (set PI)
    (r"\bone\s+(?:keyboard|screen|monitor)\b[^.?!]{0,60}\b(?:flick|switch|toggle|swap|go)\w*\s+(?:back\s+and\s+forth\s+)?between\b", "kvm switch"),
    # "a spare clicker for the tv"
    (r"\bclicker\s+for\s+(?:the|my|his|her|our)\s+(?:tv|telly|television)\b", "remote control"),
    # "the thing that holds the phone in the car so he's not holding it while driving"
    (r"\b(?:thing|something|one)\s+(?:that\s+)?holds?\s+(?:the|my|his|her)\s+(?:smart)?phone\b", "phone holder"),
    # "something to boost the signal out there" (set OK), "the little box that makes the wifi reach my son's room" (set OJ)
    (r"\bboost\w*\s+(?:the\s+|my\s+|our\s+)?(?:wi-?fi\s+)?(?:signal|wi-?fi|internet|range|coverage)\b|"
     r"\bmakes?\s+the\s+(?:wi-?fi|signal|internet)\s+(?:reach|get\s+to|work\s+in)\b", "network extender"),
    # "the little thing you hold and push around to move the arrow" (set OJ)
    (r"\bmove\w*\s+(?:the\s+)?(?:arrow|pointer|cursor)\b", "mouse"),
    # "A watch that talks to the phone, for my 16 yr old, counts her steps" (set OJ)
    (r"\bwatch\w*\s+(?:that\s+)?(?:talks?|connects?|syncs?|links?|pairs?)\s+(?:to|with)\s+(?:the|her|his|my|your)\s+(?:smart)?phone\b", "smartwatch"),
    # "something to play video games on the tv" (set OK)
    (r"\b(?:something|one|a\s+thing)\s+(?:\w+\s+)?to\s+play\s+(?:video\s+|computer\s+)?games\s+on\b", "game console"),
    # a NAS's drives ("plus drives to fill it", set OF)
    (r"\b(?:hard\s+)?drives?\s+to\s+(?:fill|go\s+in|put\s+in|populate)\b", "internal hard drive"),
    # a film night at home ("make the living room into a proper movie night setup, big picture")
    (r"\bmovie\s+nights?\b[^.?!]{0,40}\b(?:big\s+picture|big\s+screen|living\s+room|lounge)\b|"
     r"\b(?:living\s+room|lounge)\b[^.?!]{0,40}\bmovie\s+nights?\b", "tv"),
    # the match or a film on something big ("want to watch the football on something big in the living room")
    (r"\bwatch\w*\s+(?:the\s+|a\s+|my\s+)?(?:football|soccer|match|matches|game|games|sport|sports|movies?|films?|netflix|"
     r"f1|rugby|cricket|boxing|tv\s+shows?|series|footy|telly)\b[^.?!]{0,40}\b(?:something\s+big|bigger|big\s+screen|living\s+room|"
    r"kitchen|bedroom|garage|shed|spare\s+room|conservatory|"
     r"lounge|front\s+room)\b", "tv"),
    # hair and crumbs off the floor ("2 cats, hair EVERYWHERE. need something to get it off the floor and sofa")
    (r"\b(?:pet|cat|dog)\s+hair\b|\bhair\s+everywhere\b|\b(?:get|suck|pick)\w*\s+(?:it|them|the\s+\w+)\s+(?:up\s+)?off\s+"
     r"(?:the\s+|my\s+|our\s+)?(?:floors?|carpets?|rugs?|sofa|couch)\b", "vacuum cleaner"),
    # louder than a phone or laptop plays ("my phone speaker just doesnt cut it lol. something louder?")
    (r"\b(?:(?:smart)?phone|laptop|tablet|tv)\s+speakers?\s+(?:just\s+|really\s+)?(?:doesn'?t|does\s+not|isn'?t|is\s+not|don'?t|aren'?t)\s+"
     r"(?:cut\s+it|loud\s+enough|enough|good\s+enough)|\b(?:(?:smart)?phone|laptop|tablet)\s+speakers?\s+(?:is|are)\s+(?:too\s+)?"
     r"(?:quiet|tinny|rubbish|useless|weak)\b", "portable speaker"),
    # waking up without the phone: a clock radio (the catalog's clock radios are radios; its two alarm clocks beside them)
    (r"\b(?:(?:smart)?phone|mobile)\s+as\s+an?\s+alarm\b|\b(?:sleep\w*|slept)\s+(?:straight\s+)?(?:through|thru)\s+(?:my\s+|the\s+)?"
     r"(?:(?:smart)?phone\s+)?alarm|\bwake\s+(?:me|her|him|them|us)\s+up\b|\balarm\s+clock\b", "radio"),
    # a kitchen's appliances ("anything from philips for the kitchen?"), when no type is named
    # (a range asked for, not a thing to do there: "something for the kitchen counter so i can listen to the news")
    (r"\b(?:anything|stuff|things|(?:what|wat)\s+(?:do\s+)?(?:you|u)\s+(?:have|got))\b[^.?!]{0,30}\b(?:for|in)\s+(?:the|my|our)\s+"
     r"kitchen\s*(?:[?.!]|$)|\bkitchen\s+(?:stuff|things|gear|gadgets|appliances|bits)\b", "home appliance"),
    # coffee
    (r"\b(?:coffee|espresso|cappuccino|latte)\b", "coffee maker"),
    # someone into music
    (r"\b(?:into|loves?|likes?|enjoys?|crazy\s+about)\s+(?:his\s+|her\s+|their\s+)?music\b", "headphones"),
    # recording a voice
    (r"\b(?:podcasts?|record(?:ing)?\s+(?:my\s+)?(?:voice|vocals)|voice[- ]?overs?)\b", "microphone"),
))


#: Words before a type that make it the thing the need is about, not the thing wanted ("my laptop
#: is almost full", "my pc has no camera", "the built-in one", "paper documents"); not "the", which
#: also starts what is wanted ("the best laptop for zoom calls").
_SERVED_BEFORE = re.compile(
    r"\b(?:my|our|his|her|their|no|built[- ]in|old|paper|own|without|w/o|lacks?|has\s+no|keeps?|keeping|blasts?|blasting|blares?|"
    r"(?:on|at|off|over|from|of)\s+the|(?:on|from)\s+an?|"  # a place: "hunching over my laptop on the kitchen table", "on a tiny laptop screen"
    # what the thing must take ("fits a 15.6\" laptop", "a wall bracket that can hold a 55\" tv") and whose picture ("a
    # picture of the baby") (set OK)
    r"(?:fits?|takes?|holds?)(?:\s+an?)?|"
    # a part the shopper's thing has ("the laptop only has two plugs on the side", set OJ)
    r"(?:has|have|had)\s+(?:only\s+)?(?:one|two|three|four|\d+)|"
    r"(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+have(?:\s+an?)?|"
    r"(?:hasn'?t|has\s+not|haven'?t|have\s+not)\s+got(?:\s+an?)?)\s+(?:\w+\s+){0,2}$")  # "it hasnt got a camera built in"


def need_phrase(text: str) -> tuple[str, str] | None:
    """(the catalog type the need stated in ``text`` calls for, the words that state it), or None."""
    for pattern, category in NEEDS:
        if (m := pattern.search(text)) is not None:
            return category, m.group(0)
    return None


def need_category(text: str) -> str | None:
    """The catalog type the need stated in ``text`` (lower-cased) calls for, or None."""
    found = need_phrase(text)
    return found[0] if found else None


#: Words after a type that make it the subject of the problem, not the thing wanted ("laptop is
#: nearly full", "my pc just dies", "desktop has no camera").
_SERVED_AFTER = re.compile(r"\s+(?:is|keeps|just|has|had|doesn'?t|does\s+not|won'?t|can'?t|cannot|dies|died|crashes|runs|gets?|got|"
                           r"(?:we|i)\s+(?:have|own|got)|"  # "the tv we have is way too small for 12 ppl"
                           r"stopped|broke|(?:on|in|of)\s+(?:my|our|his|her|their)|built[- ]?in|"
                           # "on the home network so all the laptops can reach it": the devices the need serves
                           r"(?:can|could)\s+(?:all\s+)?(?:reach|get\s+to|access|see|connect\s+to|use|share))\b")  # "the camera on my old laptop stopped"


def with_need(text: str, derived: str | None) -> tuple[str | None, str | None]:
    """The product type of a request and, when a need decided it, the words that said the need.

    ``derived`` (the type its words name) stands, unless the request states a need and the words
    name no type, or name it only as the thing the need is about ("my laptop", "no camera"). A
    type the shopper asks for keeps its place: "laptop for zoom calls" is a laptop."""
    found = need_phrase(text)
    if found is None:
        return derived, None
    category, phrase = found
    # The need's type named by the shopper too ("do you sell 3d printers? want to print little figurines
    # at home"): the type is asked for, and so checked as a named item, not taken on the need's word.
    at = text.find(phrase)
    named = any(kind == category and not at <= start < at + len(phrase) and not _SERVED_BEFORE.search(text[:start])
                for start, _, kind in type_spans(text))
    if derived is None:
        return category, None if named else phrase
    # "something to" the need is what is asked for; a type elsewhere is the story ("want something to
    # block out the engine noise and the crying babies": no baby care)
    if re.search(r"\bsomething\s+(?:to|that\s+(?:can|will|would)|for)\s+$", text[: max(text.find(phrase), 0)]):
        return category, phrase
    spans = [(start, end) for start, end, kind in type_spans(text) if kind == derived]
    # The need's own words are what it is about, not what is wanted: the photo printed in "print the
    # kids homework and the odd photo at home" asks for no photo paper.
    if spans and all(at <= start and end <= at + len(phrase) for start, end in spans):
        return category, None if named else phrase
    # No span: the type came from words no type phrase holds (a bare "desktop"); the need is surer.
    # ... or said as a verb ("what does she need to plug in": no plug is asked for)
    # ... or a duration, not a warranty ("back up like 10 years of family photos")
    # ... or said as a verb ("something i can just plug in": no plug is asked for)
    if all(_SERVED_BEFORE.search(text[:start]) or _SERVED_AFTER.match(text, end) or re.search(r"\b(?:to|can|could|just)\s+$", text[:start])
           or text[start:end] in ("year", "years") or at <= start < at + len(phrase) for start, end in spans):
        return category, phrase
    if broader_category(category) == derived:
        return category, None  # the kind of it the need names: "carry my 15.6\" work laptop ... a Targus bag" (set OE)
    return derived, None
