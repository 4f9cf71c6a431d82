

def test_a_line_name_before_a_comma_takes_the_next_clause() -> None:
    """Seen in Chromium: five PAW Patrol toys were all carded "PAW Patrol" (the title's first clause)."""
    from rag.generation.context import short_title

    assert short_title("PAW Patrol , Mighty Pups Charged Up Chase’s Deluxe Vehicle with Lights") == "PAW Patrol, Mighty Pups Charged Up Chase’s Deluxe"
    assert short_title('HP Pavilion dv7-1211ea Notebook Silver 43.2 cm (17") 1600 x 900 pixels') == "HP Pavilion dv7-1211ea Notebook Silver"
    assert short_title("Cool Maker , GO GLAM Daydream Pattern Pack Refill, Decorates") == "Cool Maker, GO GLAM Daydream Pattern Pack Refill"
