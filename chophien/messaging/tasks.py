from django_tasks import task

from .backends import OutgoingMessage, get_backend


@task()
def deliver_message(*, phone: str, text: str, template: str, params: dict[str, str], tracking_id: str) -> str:
    message = OutgoingMessage(phone=phone, text=text, template=template, params=params, tracking_id=tracking_id)
    return get_backend().send(message)
