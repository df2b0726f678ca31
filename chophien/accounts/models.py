"""People who log in: sellers' owners and staff, and the platform's admins and moderators.

A person is known by a Vietnamese phone number (national form, 0912345678); they log in with a
one-time code. Passwords are optional (staff may set one) and hashed with Argon2.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PlatformRole(models.TextChoices):
    NONE = "", "—"
    MODERATOR = "moderator", _("Kiểm duyệt viên")
    ADMIN = "admin", _("Quản trị viên")


class UserManager(BaseUserManager["User"]):
    def create_user(self, phone: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(phone=phone, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, platform_role=PlatformRole.ADMIN)
        return self.create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    phone = models.CharField(_("số điện thoại"), max_length=15, unique=True)
    full_name = models.CharField(_("họ tên"), max_length=120, blank=True)
    platform_role = models.CharField(max_length=20, choices=PlatformRole.choices, blank=True, default="")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)  # may open the Django admin
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.phone

    @property
    def is_moderator(self) -> bool:
        return self.platform_role in (PlatformRole.MODERATOR, PlatformRole.ADMIN) or self.is_superuser


class OneTimeCode(models.Model):
    """A login code sent to a phone. Only its hash is kept."""

    phone = models.CharField(max_length=15, db_index=True)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["phone", "-created_at"], name="otp_phone_recent")]

    def __str__(self) -> str:
        return gettext("mã cho %(phone)s") % {"phone": self.phone}


class ApiToken(models.Model):
    """A bearer token for the API (mobile app, partner tools). Only its SHA-256 is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=80, default="ứng dụng")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
