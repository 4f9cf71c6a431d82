"""What a product does to a thing named after it names the product: "something to carry my laptop" is a laptop bag,
"to protect my phone" a phone case (read by ``rag.understanding.constraints``)."""

from __future__ import annotations

import re

# What a product does to something the shopper owns names the product: "something to carry my
# laptop" is a laptop bag, not a laptop; "to protect my phone" a phone case.
_USE = re.compile(
    r"\b(carry|carrying|protect|protecting|charge|charging|clean|cleaning|mount|mounting|hang|hanging)\s+"
    # a size may come first: "to carry my 15.6 laptop"
    # ... and a bound on it: "to carry a 17 inch or bigger laptop in"
    r"(?:my|a|an|the|our|his|her|your|this|that)\s+(?:\d+(?:\.\d+)?\s*(?:-?inch(?:es)?|in|\"|”)?\s+)?\s*(?:or\s+(?:bigger|larger|smaller|more)\s+)?"
    r"([a-z][a-z0-9-]*(?:\s+[a-z][a-z0-9-]*)?)"
)
# ... not what the shopper does with the thing asked for, said back: "A 14 inch screen please - I carry it between classrooms"
# (read "I carry the notebook", set QL; "I carry a big 17-inch laptop to client sites and it needs protecting" is a bag)
_I_DO_IT = re.compile(r"\b(?:i|we)\s+$")


def use_of(text: str) -> re.Match[str] | None:
    """What a product does to a thing named after it (``_USE``), unless the shopper does it to the thing asked for."""
    use = _USE.search(text)
    if use is not None and _I_DO_IT.search(text.lower(), 0, use.start()) and re.match(r"\w+\s+the\b", text[use.start():].lower()):
        return None
    return use


#: The product named by what it does: a bag carries, a case protects
USE_NOUN = {"carry": "bag", "protect": "case", "charg": "charger", "clean": "cleaning kit", "mount": "mount", "hang": "mount"}
