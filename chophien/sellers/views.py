"""Opening a shop and its settings page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chophien.accounts.http import signed_in_user
from chophien.core.errors import DomainError

from . import selectors, services
from .forms import ShopForm, ShopProfileForm, StaffAddForm
from .models import SellerRole


@login_required
def register(request: HttpRequest) -> HttpResponse:
    if selectors.seller_of_user(user=signed_in_user(request)) is not None:
        return redirect("catalog:dashboard")
    form = ShopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.seller_register(
                owner=signed_in_user(request),
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                ward_code=form.cleaned_data["ward_code"],
                street=form.cleaned_data["street"],
                story=form.cleaned_data["story"],
            )
            messages.success(request, _("Đã mở cửa hàng. Bây giờ hãy đăng sản phẩm đầu tiên."))
            return redirect("catalog:product_new")
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(
        request, "sellers/register.html", {"form": form}, status=422 if form.is_bound and form.errors else 200
    )


@login_required
def shop_settings(request: HttpRequest) -> HttpResponse:
    """The owner's page for the shop's story, address line, portrait and staff."""
    user = signed_in_user(request)
    seller = selectors.seller_of_user(user=user)
    if seller is None:
        return redirect("sellers:register")
    is_owner = selectors.seller_role_of(user=user, seller=seller) == SellerRole.OWNER
    profile_form = ShopProfileForm(
        initial={
            "story": seller.story,
            "street": seller.street,
            "kind": seller.kind,
            "province": seller.province_id,
            "ward_code": seller.ward_id,
        }
    )
    staff_form = StaffAddForm()
    status, page_error = 200, ""
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "profile":
            profile_form = ShopProfileForm(request.POST, request.FILES)
            if profile_form.is_valid():
                services.seller_update_profile(
                    seller=seller,
                    by=user,
                    story=profile_form.cleaned_data["story"],
                    street=profile_form.cleaned_data["street"],
                    photo=profile_form.cleaned_data["photo"],
                    kind=profile_form.cleaned_data["kind"] or None,
                    ward_code=profile_form.cleaned_data["ward_code"],
                )
                messages.success(request, _("Đã lưu thông tin cửa hàng."))
                return redirect("sellers:settings")
        elif action == "add_staff":
            staff_form = StaffAddForm(request.POST)
            if staff_form.is_valid():
                services.seller_add_staff_by_phone(seller=seller, by=user, phone=staff_form.cleaned_data["phone"])
                messages.success(request, _("Đã thêm nhân viên. Họ đăng nhập bằng số điện thoại của mình."))
                return redirect("sellers:settings")
        elif action == "remove_staff":
            member_id = request.POST.get("member", "")
            services.seller_remove_staff(seller=seller, by=user, member_id=int(member_id) if member_id.isdigit() else 0)
            messages.success(request, _("Đã bớt nhân viên."))
            return redirect("sellers:settings")
    except DomainError as exc:
        form = {"add_staff": staff_form, "profile": profile_form}.get(action or "")
        if form is not None and form.is_bound:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            page_error = exc.message
        status = exc.status
    if (profile_form.is_bound and profile_form.errors) or (staff_form.is_bound and staff_form.errors):
        status = status if status != 200 else 422
    return render(
        request,
        "sellers/settings.html",
        {
            "seller": seller,
            "is_owner": is_owner,
            "profile_form": profile_form,
            "staff_form": staff_form,
            "members": selectors.seller_members(seller=seller),
            "page_error": page_error,
        },
        status=status,
    )
