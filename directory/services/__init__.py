"""Directory services: partner submissions and curators' verification."""
