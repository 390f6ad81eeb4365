"""The admin's place search for the program editor's picker (wagtail-autocomplete's
endpoints, answering only for the place models, never for any other model)."""

from django.http import HttpResponseBadRequest

from wagtailautocomplete import views as autocomplete

from directory.models.places import PICKER_MODELS


def _for_places_only(view):
    def answer(request):
        asked = request.GET if request.method == "GET" else request.POST
        if asked.get("type", "").lower() not in PICKER_MODELS:
            return HttpResponseBadRequest(
                "The place search answers only for states and counties."
            )
        return view(request, public=False)

    answer.__doc__ = view.__doc__
    return answer


objects = _for_places_only(autocomplete.objects)
search = _for_places_only(autocomplete.search)
