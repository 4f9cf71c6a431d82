"""An offer, said as to a salesperson: the most the shopper will pay ("150 is what I'll pay", "600, final offer", "250 and
we shake hands", "you get 40 from me for that one", "Three hundred for the scanner, hard stop"). ``rag.understanding.prices``
reads each as a cap, like its own bound words; the groups of a match are the amount's only (``amounts.NUM``'s two).

Haggling shoppers (set SI) say their cap as a deal's terms, mostly with no currency: the amount is money here because the
words around it are an offer's, and the price rules still skip an amount with a unit after it ("I'll go to 16GB")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rag.understanding.amounts import CUR, NUM, UNIT_AFTER

_AMOUNT = rf"{CUR}?\s*{NUM}{UNIT_AFTER}"
# Where an offer's amount ends: its clause, or what it is for ("I'll do 15 for that", "I'll go past 500 on a lens"); not
# "I'll do 4k editing"
_ENDS = r"(?![\d.,]*\d)(?=\s*(?:$|[,;:!?]|\.(?!\d)|(?:for|on|and|but|tops|max|then|now|or|if|actually|tho|though|per|each)\b))"  # (no decimal point)
_I_WILL = r"(?:i'?ll|i\s+will|ill|i'?m\s+willing\s+to|we'?ll|we\s+will)"
_OFFER_NOUN = r"(?:top|final|best|last|max(?:imum)?|highest)\s+offer"

OFFER = re.compile(
    # the amount after the offer's words: "I'll pay 700", "I'll go to 250", "let's say 150", "my final offer is 90",
    # "you're dreaming if you think I'll go past 500 on a lens"
    rf"(?:\b{_I_WILL}\s+(?:pay|do|give\s+(?:you\s+)?|go\s+(?:up\s+)?to|offer(?:\s+you)?|spend)|\bi'?m\s+offering(?:\s+you)?|\b(?:let'?s|lets)\s+say|"
    rf"\b(?:my|our)\s+{_OFFER_NOUN}\s+(?:is|would\s+be|'s)|"
    # "could push to 350 if I have to" (set TC; "I could go to 50" and "stretch to" are the price rules' own)
    rf"(?:\b(?:i|we)\s+(?:could|can|might|would|'d)\s+push|^\s*(?:but\s+|ok\s+|okay\s+)?could\s+(?:push|go|stretch))\s+(?:it\s+|that\s+)?(?:up\s+)?to|"
    rf"\b(?:think|expect|imagine|hope)\s+(?:that\s+)?(?:i'?ll|i\s+will|i'?d|i\s+would|we'?ll)\s+(?:go|pay|spend)\s+(?:past|over|above|beyond|more\s+than))"
    rf"\s*{_AMOUNT}{_ENDS}"
    # the offer's words after the amount: "eighty is what I'll pay", "Two-fifty is as high as I go", "One-fifty is my top
    # offer", "600, final offer", "250 and we shake hands", "800, and I'm not coming up from there", "sixty, and don't come
    # back to me with seventy", "150 and not one penny more", "eighty ..., no haggling", "you get 40 from me"
    # (what it is for between: "Three hundred for the scanner, hard stop")
    rf"|(?<![\w.]){_AMOUNT}(?:\s+for\s+(?:it|that|this|them|(?:the|that|this|a|an|my)\s+[a-z]+))?(?:\s+is\s+what\s+(?:i|we)(?:'ll|\s+will|'m|\s+am|\s+can|'d|\s+would)?\s+(?:pay|paying|spend|spending|do|doing|offer|offering)\b"
    rf"|\s+is\s+(?:plenty|enough|more\s+than\s+enough|ample)\s+for\s+(?:a|an|the)\b"  # ("fifty is plenty for a keyboard", TC; not "8 is plenty for what I do")
    rf"|\s+is\s+as\s+(?:high|far|much)\s+as\s+(?:i|we)\b(?:'ll|\s+will|\s+can)?(?:\s+(?:go|pay|spend))?"
    rf"|\s+is\s+(?:my|our|the)\s+{_OFFER_NOUN}\b"
    rf"|,?\s+(?:{_OFFER_NOUN}|final\s+answer|take\s+it\s+or\s+leave\s+it|no\s+haggling|hard\s+stop|non-?negotiable)\b"
    rf"|,?\s+and\s+we\s+(?:shake(?:\s+hands|\s+on\s+it)?|have\s+a\s+deal|(?:'ve|have)\s+got\s+a\s+deal|got\s+a\s+deal|'re\s+done|are\s+done)\b"
    rf"|,?\s+and\s+(?:i'?m|i\s+am|we'?re|we\s+are)\s+not\s+(?:coming|going|moving|budging)\s+(?:up|higher)\b"
    rf"|,?\s+and\s+don'?t\s+come\s+back\s+(?:to\s+me\s+)?with\b"
    rf"|,?\s+(?:and\s+)?not\s+(?:one|a\s+single)\s+(?:penny|cent|dime|dollar|buck)\s+more\b"
    rf"|\s+from\s+me\b)"
    # "Forty. Come on, it's a DVD player, nobody pays fifty for one of those anymore": the amount alone, opening a message
    # that argues its price (two digits at least: "1. change of plan" opens a numbered list)
    rf"|^\s*(?=\$?\s*[1-9]\d)(?!\d+\.\s*\n){_AMOUNT}\s*[.!]+(?=\s+[^?]*\b(?:pays?|paying|price[sd]?|offer|worth|come\s+on|deal)\b)"
)

# "Three hundred for the scanner, hard stop", "40 for the mouse": an amount for the thing the message named before it ("and
# a mouse to match, same brand. 40 for the mouse"); "need 10 for the office" names no office before it, and is a count
_FOR_THE_THING = re.compile(rf"(?<![\w.]){_AMOUNT}(?=\s+(?:max\s+)?for\s+(?:the|that|this|my|a|an)\s+[a-z]+\b)")


class _ForTheThing:
    """``_FOR_THE_THING``'s matches where the thing after "for the" was named earlier in the message."""

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        for m in _FOR_THE_THING.finditer(text):
            thing = re.search(r"\bfor\s+(?:the|that|this|my|a|an)\s+([a-z]+)", text[m.end():])
            if thing and len(thing.group(1)) > 2 and re.search(rf"\b{thing.group(1)}\b", text[:m.start()]):
                yield m


FOR_THE_THING = _ForTheThing()
