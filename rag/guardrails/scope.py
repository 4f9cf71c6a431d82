"""Is a message about shopping for electronics?

Rules over the message: topics the assistant must not advise on (medical,
legal, financial, dangerous) are refused whatever else the message says;
clearly unrelated requests (write code, a poem, the weather, politics) are
refused unless the message also names something to buy. Everything else is
treated as shopping: retrieval and the abstention check decide the rest, so
an odd but honest shopping request is never refused here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Scope(StrEnum):
    SHOPPING = "shopping"
    GREETING = "greeting"
    SENSITIVE = "sensitive"  # medical, legal, financial advice: refuse always
    HARMFUL = "harmful"  # someone else's account or network, fraud, weapons, malware: refuse always
    OFF_TOPIC = "off_topic"  # unrelated: refuse unless it also asks for a product
    EMPTY = "empty"


def _rx(words: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


_SENSITIVE = _rx(
    r"diagnos\w*|symptoms?|dosage|dose|prescri\w+|medication|medicine|antibiotics?|ibuprofen|paracetamol|"
    r"cancer|diabetes|infection|pregnan\w+|rash|fever|migraine|depress\w+|suicid\w*|self[- ]harm|"
    r"lawsuit|sue\b|legal advice|lawyer|attorney|divorce|custody|visa|immigration|contract law|tax (?:advice|return|evasion)|"
    r"invest(?:ing|ment)? advice|stocks? to buy|crypto(?:currency)? to buy|mortgage|loan advice|"
    # ... "forget the shopping, what stock should i put 5k into rn"
    r"(?:which|what) (?:crypto\w*|coins?|stocks?|shares|funds?) (?:should|to|do|would)(?: \w+){0,2}? (?:buy|invest\w*|put|pick|get)|(?:put|invest) (?:all )?(?:my |our )?(?:savings|money|pension) in"
)
# Harm to others: refused like advice, but with words that fit ("a qualified professional"
# is no answer to "get into my neighbours wifi without them knowing").
_DANGEROUS = _rx(
    r"make a bomb|build a bomb|explosives?|weapons?|hack(?:ing)? into|steal|malware|ransomware|"
    # jamming others' signals: "how do i build a wifi jammer to knock my neighbours kids off their internet"
    r"(?:wi-?fi|signal|phone|cell|gps) jammers?|jam (?:the |my neighbou?rs'? |their )?(?:wi-?fi|signal)|knock \w+(?: \w+)? off (?:the|their|his|her) (?:wi-?fi|internet)|"
    r"(?:get|break|log|sneak) into (?:my ex'?s?|someone'?s|somebody'?s|his|her|their)|without (?:the|their|his|her) password|"
    r"without (?:them|him|her|anyone|the owner) knowing|without knowing (?:the|their|his|her) password|(?:crack|bypass|guess|hack) (?:the |a |their |his |her |my (?:neighbou?r'?s?|ex'?s?|flatmate'?s?|roommate'?s?) )?(?:wi-?fi |network |router |phone |laptop )?(?:password|passcode|pin)"
)
# Someone else's account or network, and fraud: never a shopping request, whatever product it names
# ("help me get into my ex's email account, i know her phone number" names a phone).
_HARMFUL = _rx(
    # filming people where they expect privacy: "small enough to hide in my airbnb bathroom so guests dont notice"
    r"(?:camera|cam|webcam|mic|microphone|recorder)s?\b[^.?!]{0,40}\bhide\b[^.?!]{0,40}\b(?:bathroom|bedroom|toilet|shower|changing|guests?|tenants?)|"
    r"hidden\s+(?:camera|cam|mic|microphone)s?\b[^.?!]{0,40}\b(?:bathroom|bedroom|toilet|shower|guests?|tenants?|airbnb|without)|"
    r"spy\s+on\s+(?:my\s+)?(?:guests|tenants|wife|husband|girlfriend|boyfriend|partner|neighbou?rs?|nanny|roommates?)|"
    r"(?:get|break|log|sneak|hack) (?:back )?into (?:my ex'?s?|someone'?s|somebody'?s|his|her|their) (?:[\w'-]+ ){0,2}?"
    r"(?:accounts?|e-?mails?|inbox|instagram|insta|facebook|snapchat|tiktok|whatsapp|messages|texts|icloud|passwords?)|"
    # a partner's or relative's own device: "get into my girlfriends phone without her knowing the passcode"
    r"(?:get|break|log|sneak|hack) (?:back )?into (?:my )?(?:girl ?friend|boy ?friend|gf|bf|wife|husband|partner|ex|"
    r"sister|brother|mum|mom|dad|flatmate|roommate)'?s? (?:[\w'-]+ )?(?:phone|laptop|computer|tablet|ipad|pc|accounts?|e-?mails?)\b"
    r"[^.?!]{0,40}\b(?:without|passcode|password|pin|knowing)|"
    r"read (?:his|her|their|my ex'?s?|someone'?s) (?:private )?(?:messages|texts|e-?mails|dms)|"
    r"someone else'?s (?:account|password|phone|email)|"
    # a found or stolen device made one's own: "found a phone on the bus, how do i unlock it and wipe it so i can keep it"
    r"(?:found|picked up|stole|nicked) (?:a|an|this|someone'?s|somebody'?s) (?:[\w-]+ )?(?:phone|iphone|smartphone|laptop|tablet|ipad|macbook)\b"
    r"[^?!]{0,80}\b(?:unlock|wipe|reset|bypass|factory|keep it|sell it)|(?:unlock|wipe|bypass)\w* (?:a |an |the )?stolen|"
    r"(?:get|break|log|sneak|hack) (?:(?:in|on)?to|on) (?:my |the |our )?neighbou?rs?'? ?(?:wi-?fi|network|router|internet)|"
    r"fake (?:doctor'?s'? |sick |medical |school )?(?:receipts?|invoices?|ids?|reviews?|documents?|tickets?|notes?)|(?:doctor'?s'?|sick|medical) notes? (?:so|to) (?:i|we) can (?:skip|miss|get out of|bunk)|forg(?:e|ing) (?:a |an |the |my |some )?(?:receipts?|signatures?|documents?|checks?|cheques?|ids?)|(?:return|refund|receipt) fraud"
)
_OFF_TOPIC = _rx(
    r"write (?:me )?(?:a |an |some )?(?:\w+ )?(?:poem|story|essay|song|joke|haiku|letter|code|script|function|program)|"
    r"poem|haiku|recipe|weather|forecast for|capital of|president|election|politic\w*|religio\w*|"
    r"translate|homework|math problem|solve (?:this|for)|python code|javascript|sql query|"
    # Programming questions, however they are put ("how do i reverse a list in python").
    r"(?:in|using|with) (?:python|java|javascript|typescript|c\+\+|c#|rust|golang|sql|bash|excel formulas?)|"
    r"(?:reverse|sort|split|concatenate) (?:a|an|the) (?:list|string|array|dict\w*)|for[- ]loops?|regex|"
    r"who (?:won|is the)|football|soccer|horoscope|meaning of life|tell me a joke|(?<!are a )(?<!is a )(?<!'s a )joke|"  # (not "those prices are a joke", set SI)
    r"cover letter|write (?:me )?(?:my|a|an|the|this|our) (?:[\w-]+ ){0,3}(?:resume|cv|email|essay|speech|report|thesis)"
)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening)|thanks|thank you|cheers|bye|goodbye|ok|okay)\W*$",
    re.IGNORECASE,
)
# Words that say "I want to buy something" and nouns from this catalog's world.
_SHOPPING = _rx(
    r"buy|shop\w*|price|cheap\w*|budget|under \$?\d+|recommend|looking for|need an?|want an?|gift|deal|"
    r"print(?:ing|ed|s)?|photos?|"  # "want to print the kids homework and the odd photo at home", "homework printed"
    # (a thing said in the plural too: "My gran's recipe cards are falling apart ... Do you have Canon scanners?", set QY)
    r"(?:laptop|notebook|computer|pc|monitor|screen|tv|television|phone|smartphone|tablet|ipad|camera|lens)s?|"
    r"(?:headphone|headset|earbud|speaker|soundbar|keyboard|printer|scanner|router|modem)s?|mouse|mice|"
    r"ssd|hdd|hard drive|memory|ram|usb|cable|charger|adapter|battery|case|bag|projector|console|"
    r"controller|watch|smartwatch|wi-?fi|wireless|bluetooth|smart|station|device|appliance|drone|microphone|webcam|toner|ink|drive|server|switch|gadget|electronics?|"
    # home appliances and presents ("a new radio for my dad for fathers day" talks of football)
    r"radio|kettle|toaster|vacuum|iron|shaver|trimmer|hair ?dryer|coffee maker|blender|juicer|fridge|washing machine|"
    r"toy|doll|puzzle|get (?:him|her|them) (?:a|an|one|something)|(?:fathers|mothers|valentines?) day|birthday|christmas|"
    # a thing wanted for a use, with a limit on what it costs ("... the football on in the background. something small to
    # listen to the stations on, I'd rather not go above fifty", set OK)
    r"something (?:\w+ ){0,3}to (?:listen|watch|play|use|carry|hold|keep|put)|(?:go|spend|pay) (?:above|over|more than|up to)"
)


# Writing asked for, about a product or not ("write me a poem about laptops"), unless something is also to be bought
# (asked of the assistant, at the message's start: not "she needs something to write essays on")
_WRITE_ME = re.compile(r"^\W*(?:(?:please|pls|can you|could you|would you|will you)\s+)?write (?:me )?(?:a |an |some )?(?:\w+ )?"
                       r"(?:poem|story|essay|song|joke|haiku|letter)s?\b", re.IGNORECASE)
_BUYING = _rx(r"buy|price|budget|under \$?\d+|recommend|looking for|need an?|want an?|gift|deal|(?:do|does) (?:you|u) (?:have|sell|stock|carry)")
_SET_ASIDE = _rx(r"(?:forget|never ?mind|enough|stop|no more|not) (?:about )?(?:the )?(?:shopping|buying|electronics|gadgets|tech|products)")


@dataclass(frozen=True, slots=True)
class ScopeDecision:
    scope: Scope
    reason: str

    @property
    def refuse(self) -> bool:
        return self.scope in (Scope.SENSITIVE, Scope.HARMFUL, Scope.OFF_TOPIC)


def classify_scope(message: str) -> ScopeDecision:
    text = " ".join(message.split())
    if not text or not re.search(r"\w", text):
        return ScopeDecision(Scope.EMPTY, "no words in the message")
    if _GREETING.match(text):
        return ScopeDecision(Scope.GREETING, "a greeting or thanks")
    # Advice on a sensitive topic is refused; a product named beside it ("a smartwatch
    # that tracks my blood pressure") keeps the message a shopping request.
    advice = re.search(r"\b(?:should i take|how much|is it safe|advice|what do i do|how (?:do|can|could|would) i)\b", text, re.I)
    if m := _HARMFUL.search(text):
        return ScopeDecision(Scope.HARMFUL, f"asks for help with '{m.group(0)}'")
    if (m := _DANGEROUS.search(text)) and (advice or not _SHOPPING.search(_DANGEROUS.sub(" ", text))):
        return ScopeDecision(Scope.HARMFUL, f"asks for help with '{m.group(0)}'")
    if (m := _SENSITIVE.search(text)) and (advice or not _SHOPPING.search(_SET_ASIDE.sub(" ", _SENSITIVE.sub(" ", text)))):
        return ScopeDecision(Scope.SENSITIVE, f"asks for advice on '{m.group(0)}'")
    if (m := _WRITE_ME.search(text)) and not _BUYING.search(text):
        return ScopeDecision(Scope.OFF_TOPIC, f"unrelated to shopping ('{m.group(0)}')")
    # "forget shopping, what's a good lasagna recipe": shopping set aside is no shopping request
    rest = _SET_ASIDE.sub(" ", _OFF_TOPIC.sub(" ", text))
    if (m := _OFF_TOPIC.search(text)) and not _SHOPPING.search(rest):
        return ScopeDecision(Scope.OFF_TOPIC, f"unrelated to shopping ('{m.group(0)}')")
    return ScopeDecision(Scope.SHOPPING, "treated as a shopping request")


REFUSALS = {
    Scope.SENSITIVE: (
        "I can't help with that — it needs a qualified professional. "
        "I'm a shopping assistant for electronics: tell me what you'd like to buy "
        "(for example \"wireless noise-cancelling headphones\") and I'll find options."
    ),
    Scope.HARMFUL: (
        "I can't help with that: it could harm someone or break the law. "
        "I'm a shopping assistant for electronics: tell me what you'd like to buy "
        "for your own devices and I'll find options."
    ),
    Scope.OFF_TOPIC: (
        "That's outside what I can help with. I'm a shopping assistant for electronics — "
        "ask me about laptops, phones, headphones, cameras and more, with a budget or brand if you have one."
    ),
    Scope.GREETING: (
        "Hi! I can help you find electronics in our catalog. What are you looking for? "
        "A budget, brand or key spec helps me narrow it down."
    ),
    Scope.EMPTY: "What are you looking for? Try something like \"a 15 inch laptop with 16GB RAM\", with a budget if you have one.",
}
