"""URL map: the admin, documents, sitemap and open data API in one language; then
the public site, in English at / and in Spanish at /es/, Wagtail's page tree last."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from search import give_views
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("api/hsds/", include("opendata.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# English without a prefix, so every address from before Spanish still works, and
# a visitor's language is the one in the address they opened.
urlpatterns += i18n_patterns(
    path("search/", search_views.search_redirect, name="search"),
    path("give/", give_views.give, name="give"),
    path("", include("directory.urls")),
    path("", include("home.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
