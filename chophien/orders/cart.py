"""The cart: kept in the database under a token held in the session, so it survives a closed browser
(the session cookie lasts two weeks) and joins the buyer's account when they log in."""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.catalog.models import ProductStatus, ProductVariant
from chophien.core.errors import Conflict, DomainError, NotFound, ValidationError

from .lines import LineRequest, quantity_parse
from .models import Cart, CartLine
from .shipping import ParcelRequest, shipping_quoter

CART_SESSION_KEY = "cart_token"
MAX_CART_LINES = 50


@dataclass(frozen=True)
class CartItem:
    variant_id: int
    product_id: int
    product_slug: str
    product_name: str
    label: str
    unit: str
    quantity: int
    price: int  # today's price
    price_seen: int
    stock: int
    is_available: bool

    @property
    def line_total(self) -> int:
        return self.price * self.quantity

    @property
    def price_changed(self) -> bool:
        return self.price != self.price_seen

    @property
    def short_of_stock(self) -> bool:
        return self.quantity > self.stock


@dataclass(frozen=True)
class CartGroup:
    """What one seller will ship: their lines, the subtotal and the shipping fee."""

    seller_id: int
    seller_name: str
    seller_slug: str
    items: list[CartItem]
    subtotal: int
    shipping_fee: int


@dataclass(frozen=True)
class CartView:
    token: str
    groups: list[CartGroup] = field(default_factory=list)

    @property
    def items(self) -> list[CartItem]:
        return [item for group in self.groups for item in group.items]

    @property
    def count(self) -> int:
        return sum(item.quantity for item in self.items)

    @property
    def total(self) -> int:
        return sum(group.subtotal + group.shipping_fee for group in self.groups)

    @property
    def has_problems(self) -> bool:
        return any(not i.is_available or i.short_of_stock or i.price_changed for i in self.items)

    def line_requests(self) -> list[LineRequest]:
        """The lines for checkout, each with the price the buyer last saw (checkout refuses another).
        Lines no longer on sale go too: checkout names them, rather than an order quietly missing one."""
        return [
            LineRequest(variant_id=item.variant_id, quantity=item.quantity, expected_price=item.price_seen)
            for item in self.items
        ]


def cart_token_new() -> str:
    return secrets.token_urlsafe(18)


def _cart(token: str | None, *, create: bool, user: User | None = None) -> Cart | None:
    """The cart of ``token``; else the account's own cart; else a new one when ``create``."""
    if token:
        cart = Cart.objects.filter(token=token).first()
        if cart is not None:
            return cart
    if user is not None and user.is_authenticated:
        own = Cart.objects.filter(user=user).first()
        if own is not None or not create:
            return own
        return Cart.objects.create(token=cart_token_new(), user=user)
    return Cart.objects.create(token=cart_token_new()) if create else None


def _sellable_variant(variant_id: int) -> ProductVariant:
    variant = ProductVariant.objects.select_related("product__seller").filter(pk=variant_id).first()
    if variant is None:
        raise NotFound("unknown_product", _("Không tìm thấy sản phẩm này."))
    if variant.product.status != ProductStatus.ACTIVE or not variant.product.seller.is_active:
        raise Conflict("product_unavailable", _("Sản phẩm này hiện không bán."))
    return variant


def _not_enough(variant: ProductVariant) -> Conflict:
    if variant.stock == 0:
        return Conflict("out_of_stock", _("%(name)s đã hết hàng.") % {"name": variant.product.name})
    return Conflict(
        "out_of_stock",
        _("%(name)s chỉ còn %(stock)s %(unit)s.")
        % {"name": variant.product.name, "stock": variant.stock, "unit": variant.product.unit},
        field="quantity",
    )


@transaction.atomic
def cart_add(*, token: str | None, variant_id: int, quantity: object = 1, user: User | None = None) -> str:
    """Add units of a variant to the cart of ``token`` (a new cart when there is none); return the
    cart's token. Raises ValidationError for a bad quantity, NotFound, Conflict ``out_of_stock`` or
    ``product_unavailable``."""
    amount = quantity_parse(quantity)
    variant = _sellable_variant(variant_id)
    cart = _cart(token, create=True, user=user)
    assert cart is not None
    line = CartLine.objects.select_for_update().filter(cart=cart, variant=variant).first()
    new_quantity = amount + (line.quantity if line else 0)
    if new_quantity > variant.stock:
        raise _not_enough(variant)
    if line is None:
        if cart.lines.count() >= MAX_CART_LINES:
            raise ValidationError("cart_full", _("Giỏ hàng đã đầy (tối đa %(n)s món).") % {"n": MAX_CART_LINES})
        try:
            with transaction.atomic():
                CartLine.objects.create(cart=cart, variant=variant, quantity=new_quantity, price_seen=variant.price)
        except IntegrityError:  # the same line added by a double tap a moment before
            CartLine.objects.filter(cart=cart, variant=variant).update(quantity=F("quantity") + amount)
    else:
        line.quantity, line.price_seen = new_quantity, variant.price
        line.save(update_fields=["quantity", "price_seen"])
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return cart.token


def cart_set_quantity(*, token: str | None, variant_id: int, quantity: object) -> None:
    """Set a line's quantity. A line is never removed here (only ``cart_remove_line`` removes one):
    a 0 typed by mistake, or a box pressed Enter in, must not empty the cart. Raises ValidationError
    ``invalid_quantity`` / ``quantity_too_large``, Conflict ``out_of_stock`` / ``product_unavailable``."""
    cart = _cart(token, create=False)
    if cart is not None:
        _line_set(cart, variant_id=variant_id, quantity=quantity)


def _line_set(cart: Cart, *, variant_id: int, quantity: object) -> None:
    text = str(quantity).strip() if quantity is not None and not isinstance(quantity, bool) else ""
    if text and set(text) == {"0"}:
        raise ValidationError(
            "invalid_quantity",
            _("Số lượng phải từ 1 trở lên. Muốn bỏ món này khỏi giỏ, bấm nút ✕."),
            field="quantity",
        )
    amount = quantity_parse(quantity)
    variant = _sellable_variant(variant_id)
    if amount > variant.stock:
        raise _not_enough(variant)
    CartLine.objects.filter(cart=cart, variant=variant).update(quantity=amount, price_seen=variant.price)


def cart_set_quantities(*, token: str | None, typed: dict[int, str]) -> dict[int, str]:
    """Set every line of the cart to the quantity typed for it, as the cart page sends them all at
    once; a line whose typed quantity is its quantity already is left alone (a line no longer on
    sale is not an error until it changes). Returns the Vietnamese message of each refused line by
    variant id; those lines keep their quantity."""
    cart = _cart(token, create=False)
    if cart is None or not typed:
        return {}
    current = dict(CartLine.objects.filter(cart=cart, variant_id__in=list(typed)).values_list("variant_id", "quantity"))
    problems = {}
    for variant_id, text in typed.items():
        if variant_id not in current or text.strip() == str(current[variant_id]):
            continue
        try:
            _line_set(cart, variant_id=variant_id, quantity=text)
        except DomainError as error:
            problems[variant_id] = error.message
    return problems


def cart_remove_line(*, token: str | None, variant_id: int) -> None:
    """The remove button: the only way a line leaves the cart before checkout."""
    if token:
        CartLine.objects.filter(cart__token=token, variant_id=variant_id).delete()


def cart_accept_prices(*, token: str | None) -> None:
    """The buyer saw the new prices and goes on: remember them as seen."""
    cart = _cart(token, create=False)
    if cart is None:
        return
    for line in CartLine.objects.filter(cart=cart).select_related("variant"):
        if line.price_seen != line.variant.price:
            CartLine.objects.filter(pk=line.pk).update(price_seen=line.variant.price)


def cart_remove_variants(*, token: str | None, variant_ids: list[int]) -> None:
    if token:
        CartLine.objects.filter(cart__token=token, variant_id__in=variant_ids).delete()


@transaction.atomic
def cart_merge_into_user(*, token: str, user: User) -> str:
    """Move the guest cart ``token`` into ``user``'s cart (adding quantities); return the token to keep."""
    guest = Cart.objects.filter(token=token).first()
    own = Cart.objects.select_for_update().filter(user=user).first()
    if guest is None:
        return own.token if own else token
    if own is None:
        if guest.user_id is None:
            guest.user = user
            guest.save(update_fields=["user"])
        return guest.token
    if own.pk == guest.pk:
        return own.token
    for line in guest.lines.all():
        updated = CartLine.objects.filter(cart=own, variant_id=line.variant_id).update(
            quantity=F("quantity") + line.quantity
        )
        if not updated:
            CartLine.objects.create(
                cart=own, variant_id=line.variant_id, quantity=line.quantity, price_seen=line.price_seen
            )
    guest.delete()
    return own.token


def cart_view(*, token: str | None) -> CartView:
    """The cart grouped by seller, with today's prices and stock, in two queries."""
    if not token:
        return CartView(token="")
    lines = list(
        CartLine.objects.filter(cart__token=token).select_related("variant__product__seller").order_by("added_at", "id")
    )
    grouped: dict[int, list[CartItem]] = defaultdict(list)
    sellers = {}
    for line in lines:
        variant, product = line.variant, line.variant.product
        sellers[product.seller_id] = product.seller
        grouped[product.seller_id].append(
            CartItem(
                variant_id=variant.pk,
                product_id=product.pk,
                product_slug=product.slug,
                product_name=product.name,
                label=variant.label,
                unit=product.unit,
                quantity=line.quantity,
                price=variant.price,
                price_seen=line.price_seen,
                stock=variant.stock,
                is_available=product.status == ProductStatus.ACTIVE and product.seller.is_active,
            )
        )
    quoter = shipping_quoter()
    groups = []
    for seller_id, items in grouped.items():
        seller = sellers[seller_id]
        subtotal = sum(item.line_total for item in items if item.is_available)
        parcel = ParcelRequest(
            seller_id=seller_id,
            seller_ward_code=seller.ward_id,
            destination=None,  # not known before checkout: the quote is an estimate
            subtotal=subtotal,
            units=sum(item.quantity for item in items),
        )
        fee = quoter.quote(parcel) if subtotal else 0
        groups.append(CartGroup(seller_id, seller.name, seller.slug, items, subtotal, fee))
    return CartView(token=token, groups=groups)
