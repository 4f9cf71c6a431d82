"""Colours said the way shops and fashion name them (set PV): "a graphite laptop", "a bag in navy", "an ivory coloured
printer", "rose gold headphones". Each shade is read as the one plain colour a shopper means by it, before anything else in
a request (``rag.understanding.spelling``: the parser and the follow-up rules read them so); each pattern is wrapped in word
bounds.

Only the request is read so: a record whose colour says only "Graphite" is not grey to the filter (the catalog's colour
values stay as its records give them).
"""

_COLOURED = r"(?:[\s-]+colou?r(?:ed)?)?"

SHADES = {
    # (not a power supply's efficiency rating, "80 plus platinum", nor a browser, "30 Chrome tabs", nor a condition, "mint
# condition", nor a TV's "deep black levels": words of a material or a name are no shade here)
    rf"(?:matte|matt|jet|pitch|piano|gloss(?:y)?|midnight|onyx)[\s-]+black{_COLOURED}|(?:onyx|obsidian|ebony){_COLOURED}": "black",
    rf"(?:charcoal|graphite|gunmetal|anthracite|slate[\s-]+gr[ae]y|space[\s-]+gr[ae]y|dark[\s-]+gr[ae]y|light[\s-]+gr[ae]y|ash[\s-]+gr[ae]y){_COLOURED}":
        "grey",
    rf"(?:navy(?:[\s-]+blue)?|midnight[\s-]+blue|royal[\s-]+blue|sky[\s-]+blue|cobalt(?:[\s-]+blue)?|baby[\s-]+blue|light[\s-]+blue|dark[\s-]+blue){_COLOURED}":
        "blue",
    rf"(?:ivory|(?<!ice\s)cream|off[\s-]+white|pearl(?:[\s-]+white)?|snow[\s-]+white|alabaster|chalk[\s-]+white){_COLOURED}": "white",
    rf"(?:rose[\s-]+gold|blush(?:[\s-]+pink)?|hot[\s-]+pink|baby[\s-]+pink){_COLOURED}": "pink",
    rf"champagne(?:[\s-]+gold)?{_COLOURED}": "gold",
    rf"(?<!80\s)(?<!plus\s)(?<!\+\s)(?:platinum|titanium|metallic[\s-]+silver){_COLOURED}(?!\s+(?:rated|rating|certified|psu|power))":
        "silver",
    rf"(?:burgundy|bordeaux|maroon|crimson|scarlet|cherry[\s-]+red|wine[\s-]+red){_COLOURED}": "red",
    r"(?:mint[\s-]+green|olive(?:[\s-]+green)?|forest[\s-]+green|emerald(?:[\s-]+green)?|sage[\s-]+green)|(?:mint|sage)[\s-]+colou?r(?:ed)?": "green",
    rf"(?:lilac|lavender|violet|plum|mauve){_COLOURED}": "purple",
}


__all__ = ["SHADES"]
