"""A URLconf with a view that fails, to test the 500 page."""

from django.urls import path

from kuulu.urls import urlpatterns as site_urlpatterns


def crash(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("crash/", crash), *site_urlpatterns]
handler500 = "kuulu.core.views.server_error"
