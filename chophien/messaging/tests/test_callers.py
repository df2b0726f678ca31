"""Every caller of message_send, read from its source: the template it names is one of the
platform's messages, and the parameters it passes are exactly those the settings declare.

Read as text, not imported: messaging sits below the apps that call it (pyproject.toml's layers).
The one caller whose template name is computed (orders/status.py, ``f"order_{to_status}"``) is
checked for the statuses it tells the buyer about; its parameters are checked at run time by
``message_send`` in the orders tests.
"""

import ast
from pathlib import Path

from chophien.messaging.catalogue import PLATFORM_MESSAGES

APPS = Path(__file__).resolve().parents[2]  # chophien/
CALLERS = {
    "accounts/services.py",
    "orders/status.py",
    "orders/tasks.py",
    "sellers/services.py",
    "live/services.py",
    "live/claims.py",
    "traceability/packing.py",
}


def calls_of_message_send(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text())
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "message_send"
    ]


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def test_the_callers_are_the_ones_we_know():
    found = {
        str(path.relative_to(APPS))
        for path in APPS.rglob("*.py")
        if "tests" not in path.parts and "messaging" not in path.parts and calls_of_message_send(path)
    }
    assert found == CALLERS


def test_each_caller_names_a_platform_message_and_passes_its_parameters():
    used: set[str] = set()
    for relative in sorted(CALLERS):
        for call in calls_of_message_send(APPS / relative):
            template, params = keyword(call, "template"), keyword(call, "params")
            where = f"{relative}:{call.lineno}"
            if isinstance(template, ast.JoinedStr):
                assert relative == "orders/status.py", where
                continue
            assert isinstance(template, ast.Constant), where
            assert template.value in PLATFORM_MESSAGES, where
            assert isinstance(params, ast.Dict), where
            keys = {k.value for k in params.keys if isinstance(k, ast.Constant)}
            assert keys == set(PLATFORM_MESSAGES[template.value]), where
            used.add(template.value)
            # every message but the login code says whose business caused it
            assert template.value == "otp" or keyword(call, "seller_id") is not None, where
    told = ast.parse((APPS / "orders/status.py").read_text())
    statuses = next(
        node.value
        for node in ast.walk(told)
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "TOLD_TO_BUYER" for t in node.targets)
    )
    assert isinstance(statuses, ast.Dict)
    used |= {f"order_{key.attr.lower()}" for key in statuses.keys if isinstance(key, ast.Attribute)}
    assert used == set(PLATFORM_MESSAGES)
