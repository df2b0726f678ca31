import factory

from chophien.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("phone",)

    phone = factory.Sequence(lambda n: f"09{n:08d}")
    full_name = factory.Faker("name", locale="vi_VN")
