import factory

from chophien.accounts.tests.factories import UserFactory
from chophien.places.models import Ward
from chophien.sellers.models import Seller, SellerKind, SellerMember, SellerRole

SIN_HO_WARD_CODE = 3478  # Xã Sìn Hồ, Lai Châu


def ward(code: int = SIN_HO_WARD_CODE) -> Ward:
    return Ward.objects.select_related("province").get(code=code)


class SellerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seller

    kind = SellerKind.HOUSEHOLD
    name = factory.Sequence(lambda n: f"Hộ bà Lò Thị {n}")
    slug = factory.Sequence(lambda n: f"ho-ba-lo-thi-{n}")
    ward = factory.LazyFunction(ward)
    province = factory.LazyAttribute(lambda o: o.ward.province)
    phone = factory.Sequence(lambda n: f"08{n:08d}")


def seller_with_owner(**kwargs):
    seller = SellerFactory(**kwargs)
    owner = UserFactory()
    SellerMember.objects.create(seller=seller, user=owner, role=SellerRole.OWNER)
    return seller, owner
