"""The admin's place search for the program editor's picker (wagtail-autocomplete's
endpoints, answering only for the place models, never for any other model)."""

from django.http import HttpResponseBadRequest

from wagtailautocomplete import views as autocomplete

from directory.models.places import PICKER_MODELS

MAX_RESULTS = 100


def _ids(text):
    """Whether ``text`` is a comma-separated list of region ids (or empty)."""
    return all(
        part.isascii() and part.isdigit() and len(part) < 10
        for part in text.split(",")
        if part
    )


def _refusal(asked):
    """Why this request can't be answered, or "" when it can."""
    if asked.get("type", "").lower() not in PICKER_MODELS:
        return "The place search answers only for states and counties."
    if not (_ids(asked.get("pks", "")) and _ids(asked.get("exclude", ""))):
        return "Places are asked for by their numbers, separated by commas."
    limit = asked.get("limit", str(MAX_RESULTS))
    if not (limit.isascii() and limit.isdigit() and 0 < int(limit) <= MAX_RESULTS):
        return f"Ask for 1 to {MAX_RESULTS} places at a time."
    return ""


def _for_places_only(view):
    def answer(request):
        refusal = _refusal(request.GET if request.method == "GET" else request.POST)
        if refusal:
            return HttpResponseBadRequest(refusal)
        return view(request, public=False)

    answer.__doc__ = view.__doc__
    return answer


objects = _for_places_only(autocomplete.objects)
search = _for_places_only(autocomplete.search)
