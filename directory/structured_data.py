"""schema.org JSON-LD of a program page, for search engines (the ``json_ld``
template tag escapes it into the page)."""

from home.i18n import translated


def program_json_ld(page):
    """schema.org description of a program page, for search engines, in the page's
    language."""
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": translated(page, "title"),
        "description": translated(page, "summary"),
        "url": page.full_url,
        "provider": {"@type": "Organization", "name": page.organisation.name},
        "serviceType": [str(need.label) for need in page.needs],
        "areaServed": (
            {"@type": "Country", "name": "United States"}
            if page.nationwide
            else [
                {
                    "@type": "AdministrativeArea",
                    "name": str(region),
                }
                for region in page.places
            ]
        ),
    }
    if page.organisation.website:
        data["provider"]["url"] = page.organisation.website
    if page.phone:
        data["telephone"] = page.phone
    if page.email:
        data["email"] = page.email
    if page.application_url:
        data["availableChannel"] = {
            "@type": "ServiceChannel",
            "serviceUrl": page.application_url,
        }
    if page.languages:
        data["availableLanguage"] = page.languages
    if page.last_verified_at:
        data["dateModified"] = page.last_verified_at.isoformat()
    return data
