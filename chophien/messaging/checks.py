"""The start-up check of the messages: each has a ZNS template whose parameters are those its caller passes.

Run by ``manage.py check`` (and runserver, migrate); and by ``MessagingConfig.ready`` when the
configured backend sends by Zalo, so that an app process under uvicorn refuses to start too.

A message without a ZNS template id is an Error when the backend sends by Zalo (production); with
the log or memory backend of development and tests it is a Warning, because nothing is sent to Zalo
there and a laptop has no approved templates. A parameter list that differs from what the callers
pass is always an Error: it is a mistake in the code or the settings, wherever they run. Production
settings with a backend that does not send by Zalo are a Warning (W005), not an Error, because the
API fuzzing run (scripts/fuzz_api.py) migrates under production settings with the log backend.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

from .backends import backend_uses_zalo
from .catalogue import PLATFORM_MESSAGES, ZNS_PARAM_LIMITS


def check_message_templates(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    configured: dict[str, Any] = getattr(settings, "MESSAGING_TEMPLATES", {})
    strict = backend_uses_zalo()
    without_zns: list[str] = []
    for name, passed in PLATFORM_MESSAGES.items():
        template = configured.get(name)
        if not isinstance(template, dict):
            problems.append(
                Error(
                    f"The message {name!r} is not in settings.MESSAGING_TEMPLATES.",
                    hint="Add it with its ZNS template id and parameters (config/settings/base.py).",
                    id="messaging.E001",
                )
            )
            continue
        params = template.get("params")
        if not isinstance(params, dict) or set(params) != set(passed):
            problems.append(
                Error(
                    f"settings.MESSAGING_TEMPLATES[{name!r}] lists parameters "
                    f"{sorted(params or {})}, its callers pass {sorted(passed)}.",
                    id="messaging.E002",
                )
            )
        elif unknown := sorted(kind for kind in params.values() if kind not in ZNS_PARAM_LIMITS):
            problems.append(
                Error(
                    f"settings.MESSAGING_TEMPLATES[{name!r}] has ZNS parameter types Zalo does not have: {unknown}.",
                    hint=f"One of {sorted(ZNS_PARAM_LIMITS)}.",
                    id="messaging.E003",
                )
            )
        if not str(template.get("zns_id") or "").strip():
            without_zns.append(name)
    if without_zns and strict:
        problems.extend(
            Error(
                f"The message {name!r} has no Zalo ZNS template id.",
                hint=f"Set ZNS_TEMPLATE_{name.upper()} to the id of its approved ZNS template.",
                id="messaging.E004",
            )
            for name in without_zns
        )
    elif without_zns:
        problems.append(
            Warning(
                f"{len(without_zns)} messages have no Zalo ZNS template id: {', '.join(without_zns)}.",
                hint="Only a warning: the configured backend does not send by Zalo. Set ZNS_TEMPLATE_<NAME> "
                "for each before sending by Zalo.",
                id="messaging.W004",
            )
        )
    if not strict and str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".production"):
        # Production settings refuse such a backend unless MESSAGING_UNDELIVERED_OK says it is on
        # purpose (scripts/fuzz_api.py runs the API under them with the log backend): a warning then.
        problems.append(
            Warning(
                f"Production settings with MESSAGING_BACKEND={settings.MESSAGING_BACKEND}: messages are only "
                "written to the log, no one receives them.",
                hint="Set MESSAGING_BACKEND=chophien.messaging.backends.ZaloThenSmsBackend (docs/operations.md).",
                id="messaging.W005",
            )
        )
    if strict:
        missing = [
            name
            for name in ("ZALO_APP_ID", "ZALO_APP_SECRET_KEY", "ESMS_API_KEY", "ESMS_SECRET_KEY", "ESMS_BRANDNAME",
                         "MESSAGING_WEBHOOK_SECRET")
            if not getattr(settings, name, "")
        ]  # fmt: skip
        if missing:
            problems.append(
                Error(f"Messages by Zalo with SMS as fallback need {', '.join(missing)}.", id="messaging.E005")
            )
    return problems
