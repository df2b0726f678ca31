import importlib

from django.contrib.auth.hashers import Argon2PasswordHasher


def test_argon2_is_the_first_password_hasher_outside_the_tests():
    # the test settings swap in a fast hasher, so read the base settings themselves
    base = importlib.import_module("config.settings.base")
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_the_argon2_library_is_installed_and_hashes():
    # given
    hasher = Argon2PasswordHasher()

    # when
    encoded = hasher.encode("mật khẩu dài", hasher.salt())

    # then
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify("mật khẩu dài", encoded) is True
    assert hasher.verify("mat khau dai", encoded) is False
