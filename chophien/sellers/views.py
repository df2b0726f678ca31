"""Opening a shop: the form and its ward picker."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from chophien.accounts.http import signed_in_user
from chophien.core.errors import DomainError
from chophien.places.selectors import ward_list

from . import selectors, services
from .forms import ShopForm


def ward_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of a province's wards, swapped in by htmx when the province changes."""
    try:
        code = int(request.GET.get("province", ""))
    except ValueError:
        code = 0
    return render(request, "sellers/_ward_options.html", {"wards": ward_list(province_code=code) if code else []})


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
            messages.success(request, "Đã mở cửa hàng. Bây giờ hãy đăng sản phẩm đầu tiên.")
            return redirect("catalog:product_new")
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    province = form.data.get("province") if form.is_bound else None
    wards = ward_list(province_code=int(province)) if province and str(province).isdigit() else []
    return render(
        request,
        "sellers/register.html",
        {"form": form, "wards": wards},
        status=422 if form.is_bound and form.errors else 200,
    )
