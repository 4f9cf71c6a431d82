"""Requests that mix English with words of the shopper's first language (set PX): Spanish, French, German, Portuguese,
Hindi and Urdu written in Latin letters, Tagalog. "quiero una impresora Canon que no cueste más de 200", "bhai HP ka laptop
dikhao na, budget 900 tak", "ich brauche einen Drucker, höchstens 300 Dollar", "may Samsung tablet ba kayo na at least
64GB? budget ko hanggang 550".

``MIXED`` says their limits, units, things, colours and brand words in English, before anything else in a request
(``rag.understanding.spelling``: the parser and the follow-up rules read them so); each pattern is wrapped in word bounds.
``FOREIGN_WORDS`` are the words around them that name nothing (greetings, verbs of wanting, articles, particles): no item
the catalog lacks (``rag.generation.relevance``, ``rag.understanding.named``). Only the words shoppers use for shopping are
here; a message wholly in another language is not read.
"""

_N = r"(\$?\s?\d[\d,.]*\s*(?:k\b)?\s*(?:dollars?|dólares|dolares|bucks|usd|\$)?)"  # an amount, with its currency if said

MIXED = {
    # -- bounds, said after the amount (Hindi, Urdu, Tagalog): "900 tak", "200 dollar ke andar", "15 dollar se kam"
    rf"{_N}\s+(?:tak|tk)(?:\s+ka)?": r"up to \1",
    rf"{_N}\s+ke\s+andar": r"under \1",
    rf"{_N}\s+se\s+(?:kam|neeche)(?!\s+nahi)": r"under \1",
    rf"{_N}\s+se\s+(?:upar|zyada|jyada)\s+(?:nahi|na)(?:\s+jaana|\s+hona)?": r"not over \1",
    rf"{_N}\s+se\s+kam\s+(?:nahi|na)": r"at least \1",
    rf"{_N}\s+(?:ya\s+)?(?:usse\s+)?(?:zyada|jyada)": r"\1 or more",
    rf"{_N}\s+pataas": r"\1 or more",
    rf"{_N}\s+(?:pa'?|para)\s+arriba": r"\1 and up",
    r"(\d+(?:\.\d+)?)\s+se\s+(\d+(?:\.\d+)?\s*(?:inch\w*|pulgadas|pouces|zoll|gb|tb)?)\s+ke\s+beech": r"\1 to \2",
    r"kam\s+se\s+kam": "at least",
    # ... and before it
    r"que\s+no\s+(?:pase|cueste|supere)\s+(?:de\s+)?(?:m[aá]s\s+de\s+)?": "under ",
    r"no\s+(?:quiero\s+gastar\s+)?m[aá]s\s+de": "not more than",
    r"pas\s+plus\s+de|nicht\s+mehr\s+als": "not more than",
    r"menos\s+de|moins\s+de": "under",
    r"m[aá]s\s+de|plus\s+de": "more than",
    r"pas\s+au[\s-]dessus\s+de|(?:hindi|wag)\s+(?:lalagpas|lalampas)\s+(?:ng|sa)": "not over",
    r"jusqu'?(?:à|a)|hasta|hanggang|bis": "up to",
    r"h[öo]chstens": "at most",
    r"m[aá]ximo|tope": "max",
    r"mindestens|au\s+moins|d'au\s+moins": "at least",
    r"m[ií]nimo": "minimum",
    r"nicht\s+unter": "not under",
    r"unter": "under",
    r"(?:entre|zwischen)\s+(\d[\d,.]*)\s+(?:y|et|und|and)\s+(\d[\d,.]*)": r"between \1 and \2",
    r"o\s+m[aá]s|ou\s+plus|oder\s+mehr": "or more",
    # -- wanting, and the article after it: "ich suche einen WiFi-Repeater", "busco una laptop", "je cherche un monitor"
    r"(?:ich\s+)?(?:brauche|suche|h[äa]tte\s+gern|m[öo]chte)|(?:ando\s+)?busc(?:o|ando)|necesito|quiero|je\s+(?:cherche|veux|voudrais)|"
    r"il\s+me\s+faut|j'ai\s+besoin\s+d'?|(?:naghahanap|kailangan)\s+(?:ako|ko)\s+ng": "i need ",
    r"einen|eine|ein|una|une|un": "a",
    r"auch|aussi|tambi[ée]n|au(?:ß|ss)erdem|(?:und\s+)?dazu\s+noch": "also",
    r"bhi|rin": "too",
    # -- units and money
    r"(\d+(?:\.\d+)?)\s*gigas?": r"\1gb",
    # (French units: "un lecteur MP3 de 4 Go minimum", "d'au moins 1 To"; not English "go" or "to")
    r"(\d+(?:\.\d+)?)\s*go(?=\s+minimum|\s+ou\b|\s+or\s+more\b|\s*[,.;!?]|\s*$)": r"\1gb",
    r"(\d+(?:\.\d+)?)\s*to(?=\s+minimum|\s+ou\b|\s+or\s+more\b|\s*[,.;!?]|\s*$)": r"\1tb",
    r"pulgadas?|pouces?|zoll": "inch",
    # (a dollar after its amount: not "3 grand, not a dollar more", nor a dictated "dollar sign")
    r"d[oó]lares": "dollars",
    r"(\d)\s*dollar(?!\s+signs?)(?=\s|$|[,.!?])": r"\1 dollars",
    # -- things
    r"computadora\s+port[aá]til|ordinateur\s+portable|port[aá]til": "laptop",
    r"laptop-rucksack": "laptop backpack",
    r"mochila|sac\s+[àa]\s+dos|rucksack": "backpack",
    r"funda\s+para\s+(?:laptop|notebook|port[aá]til)|malet[ií]n(?:\s+para\s+laptop)?": "laptop bag",
    r"funda|housse|h[üu]lle": "case",
    r"impresora|imprimante|drucker": "printer",
    r"aspiradora|aspirateur|staubsauger": "vacuum cleaner",
    r"c[aá]maras?|appareils?\s+photo": "camera",
    r"objectifs?|lentes?|objektive?": "lens",
    r"consola|console\s+de\s+jeux|spielkonsole": "game console",
    r"volante(?:\s+o\s+joystick)?": "racing wheel",
    r"fuente\s+de\s+poder|fuente\s+de\s+alimentaci[oó]n|netzteil|alimentation": "power supply",
    r"monitores|moniteurs?|bildschirme?": "monitor",
    r"teclados?|claviers?|tastaturen?": "keyboard",
    r"rat[oó]n|souris|maus": "mouse",
    r"aud[ií]fonos|auriculares|kopfh[öo]rer": "headphones",
    r"casque\s+avec\s+micro": "headset with a microphone",
    r"televisor|t[ée]l[ée](?<!tele)|fernseher": "tv",  # (not a "tele lens")
    r"celular|m[oó]vil": "smartphone",  # (not "handy")
    r"routeur": "router",
    r"vid[ée]oprojecteur|beamer|proyector": "projector",
    r"lecteur\s+mp3": "mp3 player",
    r"(?:des\s+)?disques?\s+durs?\s+internes?|hard\s+drives?\s+interne|interne\s+festplatten?": "internal hard drives",
    r"interne\s+ssds?": "internal ssds",
    r"wasserkocher|bouilloire|hervidor": "kettle",
    r"wifi-repeater|wlan-repeater|r[ée]p[ée]teur\s+wifi": "wifi extender",
    r"kapde\s+press\s+karne\s+wala": "for pressing clothes",
    # -- colours
    r"(?:color|couleur|farbe)\s+(negro|noir|schwarz)|negro|noir|schwarz|itim": "black",
    r"blanco|blanc(?:he)?|wei(?:ß|ss)|puti": "white",
    r"gris|grau": "grey",
    r"azul|bleu|blau|asul": "blue",
    r"rojo|rouge|(?<!they\s)(?<!it'll\s)(?<!will\s)(?<!to\s)(?<!would\s)(?<!could\s)rot|pula": "red",  # (not "before they rot", set RJ)
    r"kulay|colour\s+mein|color\s+wala": "colour",
    # -- brands
    r"(?:la\s+misma|m[êe]me|gleiche)\s+(?:marca|marque|marke)|(?:usi|wahi)\s+brand": "same brand",
    r"(?:en\s+fait\s+)?(?:la\s+marque\s+je\s+m'en\s+fiche|peu\s+importe\s+la\s+marque|cualquier\s+marca|egal\s+welche\s+marke)": "any brand",
    r"marca|marque|marke": "brand",
    r"(?:sirf|nur|solo|seulement|lang)\s+([a-z][\w.-]*)(?=\s+(?:wale|ka|ke|ki|lang|ha|please|bitte|porfa)\b)": r"only \1",
    r"dusre\s+brands?\s+nahi|wag\s+na\s+yung\s+ibang\s+brand|otras\s+marcas\s+no": "no other brands",
    r"lieber\s+([a-z][\w.-]*)\s+statt\s+([a-z][\w.-]*)": r"\1 instead of \2",
    r"statt": "instead of",
    r"oublie": "forget",
}

#: Words of these languages around a request that name no item: greetings, verbs of wanting and showing, articles,
#: pronouns, particles
FOREIGN_WORDS = frozenset(["hola", "gracias", "perfecto", "porfa", "favor", "buenas", "oye", "quiero", "necesito", "busco", "buscando", "ando", "estoy", "armando", "pueden", "mostrar", "tienen", "tiene", "que", "ser", "una", "uno", "unos", "unas", "con", "para", "pa", "los", "las", "del", "que", "pero", "algo", "tambien", "también", "juguete", "cualquiera", "nada", "oficina", "mi", "mis", "para", "y", "o", "salut", "bonjour", "coucou", "merci", "je", "veux", "voudrais", "cherche", "faut", "faudrait", "besoin", "avez", "vous", "des", "les", "pour", "avec", "aussi", "mais", "fait", "dites", "finalement", "bureau", "maison", "salle", "réunion", "reunion", "mon", "ma", "une", "est", "c'est", "ça", "va", "hallo", "moin", "servus", "ich", "brauche", "suche", "hätte", "hatte", "gern", "habt", "ihr", "euch", "gibt's", "gibts", "zeig", "mir", "mal", "einen", "eine", "ein", "dazu", "noch", "auch", "bitte", "aber", "doch", "lieber", "dafür", "darf", "preis", "gehen", "passend", "fürs", "büro", "buro", "und", "von", "mit", "das", "der", "die", "zeug", "will", "nicht", "bhai", "yaar", "mujhe", "chahiye", "hai", "ka", "ki", "ke", "na", "aur", "bhi", "ek", "lena", "dikhao", "hi", "wala", "wale", "woh", "liye", "usse", "honi", "chalega", "chalo", "thoda", "kar", "leta", "hu", "do", "baaki", "sab", "rakho", "ab", "uske", "done", "sirf", "dusre", "jaana", "kuch", "around", "beech", "mein", "po", "ako", "ng", "ang", "lang", "ba", "kayo", "kayong", "meron", "may", "yung", "gusto", "ko", "malaki", "talaga", "tsaka", "dapat", "sige", "tapos", "din", "sala", "pahanap", "naman", "kailangan", "wag", "mura", "ibang", "ayoko", "siguro", "mga", "rin", "ha", "gibt", "bei", "kleinen",
                           "kleine", "klein", "jeweils"])

__all__ = ["FOREIGN_WORDS", "MIXED"]
