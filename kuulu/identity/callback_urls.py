"""Addresses the identity providers know: fixed, without a language prefix (mounted at /identity/)."""

from django.urls import path

from kuulu.identity import views

urlpatterns = [
    path("staff/callback/", views.staff_callback, name="identity_staff_callback"),
    path("suomi-fi/callback/", views.resident_callback, name="identity_resident_callback"),
    path("jwks.json", views.client_jwks, name="identity_client_jwks"),
]
