from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The caller's address. Behind the reverse proxy, uvicorn's --proxy-headers sets REMOTE_ADDR."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")
