"""Every page is sent with a strict Content-Security-Policy and the usual hardening headers."""

from django.urls import reverse


def test_pages_carry_a_strict_content_security_policy(viewer_client):
    response = viewer_client.get(reverse("overview"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_pages_deny_framing_and_sniffing(viewer_client):
    response = viewer_client.get(reverse("overview"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
