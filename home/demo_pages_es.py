"""The Spanish of the demo site's own pages (the home page, /programs/ and
/guides/), the same words as their English in load_initial_data."""

HOME_ES = {
    "heading_es": "Encuentre ayuda económica y práctica para el cáncer de mama "
    "metastásico",
    "intro_es": "Un directorio gratuito de ayudas en dinero, ayuda con las facturas, "
    "transporte, alojamiento, comidas, artículos de consuelo y apoyo, revisado por "
    "curadores voluntarios.",
    "how_it_works_es": (
        "<ul>"
        "<li>Cada ficha es ayuda que da otra organización: ayudas en dinero, pago "
        "de facturas, transporte, alojamiento, comidas, artículos de consuelo y "
        "apoyo.</li>"
        "<li>Curadores voluntarios revisan las fichas con los propios programas. "
        "Cada ficha dice cuándo se verificó por última vez, o que todavía no se ha "
        "verificado.</li>"
        "<li>Las organizaciones pueden proponer sus programas; un curador revisa "
        "cada uno antes de que aparezca.</li>"
        "</ul>"
    ),
}

DIRECTORY_ES = {
    "title_es": "Buscar ayuda",
    "intro_es": "Ayuda económica y práctica para personas que viven con cáncer de "
    "mama metastásico, y para quienes las cuidan.",
}

GUIDES_INDEX_ES = {
    "title_es": "Guías",
    "intro_es": "Guías en palabras sencillas para pedir ayuda y conseguirla.",
}

# The heading of the programs block the loader adds to each guide.
RELATED_PROGRAMS_HEADING_ES = "Programas que pueden ayudar"
