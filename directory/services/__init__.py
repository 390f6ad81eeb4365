"""Directory services: partner submissions, curators' verification, and the
programs import and export."""
