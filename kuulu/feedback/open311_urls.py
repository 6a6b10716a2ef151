"""Open311 GeoReport v2 (mounted at /open311/v2/ outside the language prefix)."""

from django.urls import re_path

from kuulu.feedback import open311

FORMAT = r"\.(?P<fmt>json|xml)$"

app_name = "open311"

urlpatterns = [
    re_path(r"^discovery" + FORMAT, open311.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, open311.service_list, name="services"),
    re_path(r"^services/(?P<code>[-\w.]+?)" + FORMAT, open311.service_definition, name="service"),
    re_path(r"^requests" + FORMAT, open311.requests_view, name="requests"),
    re_path(r"^requests/(?P<request_id>[-\w]+)" + FORMAT, open311.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[-\w]+)" + FORMAT, open311.token_detail, name="token"),
]
