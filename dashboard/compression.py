"""Gzip for data responses only.

JSON and CSV carry no secrets beside attacker-chosen text, so compressing them is safe;
HTML pages carry CSRF tokens, and compressing those would open them to BREACH.
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSED_TYPES = ("application/json", "text/csv")


class DataGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if content_type not in COMPRESSED_TYPES:
            return response
        return super().process_response(request, response)
