"""Password strength rule and argon2id hashing."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from server.accounts.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)

GOOD = "Sonnige-Wiese-Fahrrad-7"


@pytest.mark.parametrize(
    ("password", "email", "fragment"),
    [
        ("", "", "Bitte geben Sie ein Passwort ein"),
        ("Kurz-1234", "", f"mindestens {MIN_LENGTH} Zeichen"),  # 9 characters
        ("x" * (MAX_LENGTH - 3) + "abcd", "", f"höchstens {MAX_LENGTH} Zeichen"),  # 129 characters
        ("passwort123", "", "zu leicht zu erraten"),
        ("PassWort123", "", "zu leicht zu erraten"),  # the common list is compared case-insensitively
        ("sommer2025", "", "zu leicht zu erraten"),
        ("abababababab", "", "zu leicht zu erraten"),  # fewer than four different characters
        ("aaaaaaaaaaaaaaaaaaaa", "", "zu leicht zu erraten"),
        ("mueller-maria-Garten", "Mueller-Maria@beispiel.de", "E-Mail-Adresse nicht enthalten"),
        ("xxMAXIMILIANxx-42", "maximilian@beispiel.de", "E-Mail-Adresse nicht enthalten"),
    ],
)
def test_weak_passwords_are_explained_in_german(password: str, email: str, fragment: str) -> None:
    problem = password_problem(password, email)
    assert problem is not None
    assert fragment in problem


@pytest.mark.parametrize(
    ("password", "email"),
    [
        (GOOD, ""),
        ("Baum Haus Regen", "eltern@beispiel.de"),  # three random words
        ("k" * 6 + "Lmn2", ""),  # exactly MIN_LENGTH characters, four different ones
        ("Zx9!" * 32, ""),  # exactly MAX_LENGTH characters
        ("anna-und-Berg-See", "an@beispiel.de"),  # a local part shorter than 4 characters is not checked
    ],
)
def test_acceptable_passwords(password: str, email: str) -> None:
    assert password_problem(password, email) is None


def test_length_limits_are_inclusive() -> None:
    assert len("k" * 6 + "Lmn2") == MIN_LENGTH
    assert len("Zx9!" * 32) == MAX_LENGTH


def test_hash_is_argon2id_and_verifies() -> None:
    stored = hash_password(GOOD)
    assert stored.startswith("$argon2id$")
    assert GOOD not in stored
    assert verify_password(stored, GOOD) is True
    assert verify_password(stored, GOOD + "x") is False


def test_each_hash_is_salted() -> None:
    assert hash_password(GOOD) != hash_password(GOOD)


@pytest.mark.parametrize("stored", [None, "", "not-a-hash", "$argon2id$v=19$m=1,t=1,p=1$broken"])
def test_missing_or_broken_hash_never_verifies(stored: str | None) -> None:
    assert verify_password(stored, GOOD) is False


def test_unknown_account_does_not_verify_against_the_dummy_hash() -> None:
    # The dummy hash is only there for timing; its password must not log anyone in.
    assert verify_password(None, "dummy-password-for-timing") is False


def test_needs_rehash_for_weaker_parameters() -> None:
    assert needs_rehash(hash_password(GOOD)) is False
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(GOOD)
    assert needs_rehash(weak) is True
    assert verify_password(weak, GOOD) is True
