import copy

import pytest
from django.apps import apps
from django.core.checks import Error, Warning
from django.core.exceptions import ImproperlyConfigured

from chophien.messaging.catalogue import PLATFORM_MESSAGES
from chophien.messaging.checks import check_message_templates

ZALO = "chophien.messaging.backends.ZaloThenSmsBackend"


def ids(problems):
    return sorted((type(problem).__name__, problem.id) for problem in problems)


def test_the_settings_list_the_parameters_each_caller_passes():
    from django.conf import settings

    assert {name: set(t["params"]) for name, t in settings.MESSAGING_TEMPLATES.items()} == {
        name: set(params) for name, params in PLATFORM_MESSAGES.items()
    }


def test_without_zalo_a_missing_template_id_is_one_warning():
    # given the test settings: the memory backend, no ZNS ids
    problems = check_message_templates()
    assert ids(problems) == [("Warning", "messaging.W004")]
    assert "10 messages have no Zalo ZNS template id: otp, checkout_placed" in problems[0].msg


def test_sending_by_zalo_every_message_needs_its_template_id(settings, providers):
    # given production's backend and every id but one
    settings.MESSAGING_BACKEND = ZALO
    templates = copy.deepcopy(settings.MESSAGING_TEMPLATES)
    templates["batch_recalled"]["zns_id"] = ""
    settings.MESSAGING_TEMPLATES = templates

    # when
    problems = check_message_templates()

    # then
    assert ids(problems) == [("Error", "messaging.E004")]
    assert problems[0].msg == "The message 'batch_recalled' has no Zalo ZNS template id."
    assert problems[0].hint == "Set ZNS_TEMPLATE_BATCH_RECALLED to the id of its approved ZNS template."


def test_sending_by_zalo_with_every_template_and_key_is_clean(settings, providers):
    settings.MESSAGING_BACKEND = ZALO
    assert check_message_templates() == []


def test_sending_by_zalo_needs_the_provider_keys(settings, providers):
    settings.MESSAGING_BACKEND = ZALO
    settings.ESMS_BRANDNAME = ""
    settings.MESSAGING_WEBHOOK_SECRET = ""
    problems = check_message_templates()
    assert problems == [
        Error(
            "Messages by Zalo with SMS as fallback need ESMS_BRANDNAME, MESSAGING_WEBHOOK_SECRET.", id="messaging.E005"
        )
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.pop("staff_added"), ("Error", "messaging.E001")),
        (lambda t: t["order_shipped"]["params"].pop("link"), ("Error", "messaging.E002")),
        (lambda t: t["order_shipped"]["params"].update(extra="label"), ("Error", "messaging.E002")),
        (lambda t: t["otp"]["params"].update(otp="password"), ("Error", "messaging.E003")),
    ],
    ids=["message-missing", "param-missing", "param-extra", "unknown-type"],
)
def test_parameters_that_differ_from_the_callers_are_an_error_everywhere(settings, zns_ids, change, expected):
    # given: the log backend of development, where a missing id is only a warning
    templates = copy.deepcopy(settings.MESSAGING_TEMPLATES)
    change(templates)
    settings.MESSAGING_TEMPLATES = templates
    assert ids(check_message_templates()) == [expected]


def test_an_app_process_sending_by_zalo_refuses_to_start_without_templates(settings, providers):
    # given production's backend and no ZNS id for the login code
    settings.MESSAGING_BACKEND = ZALO
    templates = copy.deepcopy(settings.MESSAGING_TEMPLATES)
    templates["otp"]["zns_id"] = ""
    settings.MESSAGING_TEMPLATES = templates

    # when the app loads (what uvicorn does, with no system checks)
    with pytest.raises(ImproperlyConfigured, match="The message 'otp' has no Zalo ZNS template id"):
        apps.get_app_config("messaging").ready()


def test_warnings_are_warnings():
    assert all(isinstance(problem, Warning) for problem in check_message_templates())


def test_production_settings_that_only_log_messages_are_warned_about(settings):
    settings.SETTINGS_MODULE = "config.settings.production"
    assert ids(check_message_templates()) == [("Warning", "messaging.W004"), ("Warning", "messaging.W005")]
    settings.MESSAGING_BACKEND = ZALO
    assert ("Warning", "messaging.W005") not in ids(check_message_templates())
