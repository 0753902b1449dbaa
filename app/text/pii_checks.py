"""Check digits and numbering plans that tell a real identifier or phone number from other digit strings."""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "IBAN_LENGTHS",
    "iban_valid",
    "international_phone",
    "iranian_national_id_valid",
    "luhn_valid",
    "national_phone",
    "saudi_national_id_valid",
]

# Registry lengths per country. An IBAN is only believed when its length matches: mod-97 alone lets one random
# string in 97 through, and the length cuts the candidates a greedy scan picks up to one per start.
IBAN_LENGTHS: Final[dict[str, int]] = {
    code: int(length)
    for code, length in re.findall(
        r"([A-Z]{2}):(\d\d)",
        "AD:24 AE:23 AL:28 AT:20 AZ:28 BA:20 BE:16 BG:22 BH:22 BR:29 BY:28 CH:21 CR:22 CY:28 CZ:24 DE:22 "
        "DK:18 DO:28 EE:20 EG:29 ES:24 FI:18 FO:18 FR:27 GB:22 GE:22 GI:23 GL:18 GR:27 GT:28 HR:21 HU:28 "
        "IE:22 IL:23 IQ:23 IR:26 IS:26 IT:27 JO:30 KW:30 KZ:20 LB:28 LC:32 LI:21 LT:20 LU:20 LV:21 LY:25 "
        "MC:27 MD:24 ME:22 MK:19 MR:27 MT:31 MU:30 NL:18 NO:15 OM:23 PK:24 PL:28 PS:29 PT:25 QA:29 RO:24 "
        "RS:22 SA:24 SC:31 SD:18 SE:24 SI:19 SK:24 SM:27 ST:25 SV:28 TL:23 TN:24 TR:26 UA:29 VA:22 VG:24 "
        "XK:20",
    )
}

# Subscriber numbers after a country code: mobile ranges, then landlines where they are distinctive enough.
_AFTER_COUNTRY_CODE: Final[dict[str, re.Pattern[str]]] = {
    code: re.compile(pattern)
    for code, pattern in {
        "98": r"9\d{9}|[1-8][1-9][2-9]\d{7}",  # Iran: 9xx mobile; 2-digit area code + 8 digits
        "966": r"5\d{8}|1[1-7]\d{7}",  # Saudi Arabia
        "971": r"5\d{8}|[2-4679]\d{7}",  # UAE
        "965": r"[12569]\d{7}",  # Kuwait
        "974": r"[3-7]\d{7}",  # Qatar
        "973": r"[136-9]\d{7}",  # Bahrain
        "968": r"[279]\d{7}",  # Oman
        "962": r"7[789]\d{7}|[2-6]\d{7}",  # Jordan
        "961": r"[1-9]\d{6}|[78]\d{7}",  # Lebanon
        "963": r"9\d{8}|[1-5]\d{7,8}",  # Syria
        "20": r"1[0125]\d{8}|[2-9]\d{7,8}",  # Egypt
    }.items()
}

# Mobile numbers pasted with the country code but without "+" or "00" (as WhatsApp copies them): only the
# mobile ranges, because a bare 11-12 digit string is otherwise too often an order or invoice number.
_BARE_COUNTRY_MOBILE: Final = re.compile(
    r"989\d{9}|9665\d{8}|9715\d{8}|201[0125]\d{8}|9627[789]\d{7}|9639\d{8}|965[569]\d{7}|974[3-7]\d{7}|9733\d{7}"
    r"|968[79]\d{7}"
)

# National formats with the trunk prefix 0, by which side of the Gulf the text was written on. Iranian mobiles
# are 11 digits (09xx), so they never compete with 10-digit national ids; the Arab formats are kept out of
# Persian text because there a 10-digit 0xxxxxxxxx is far more likely an Iranian national id.
_NATIONAL_IR: Final = re.compile(r"0(?:9\d{9}|[1-8][1-9][2-9]\d{7})")
_NATIONAL_ARAB: Final = re.compile(
    r"0(?:5\d{8}"  # Saudi / UAE mobile
    r"|1[0125]\d{8}"  # Egypt mobile
    r"|1[1-7]\d{7}"  # Saudi landline
    r"|7[789]\d{7}"  # Jordan mobile
    r"|9[3-9]\d{7}"  # Syria mobile
    r"|2\d{8}"  # Egypt, Cairo landline
    r"|[2-4679]\d{7}"  # UAE / Jordan landline
    r"|3\d{6}"  # Lebanon mobile
    r"|9\d{9})"  # Iranian mobile: 11 digits, distinctive on either side
)


def luhn_valid(digits: str) -> bool:
    """The mod-10 check of payment cards (and of Saudi ids): double every second digit from the right."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def iranian_national_id_valid(digits: str) -> bool:
    """Iranian code-e melli: weighted sum of the first nine digits mod 11 decides the tenth."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    # All-same-digit ids satisfy the arithmetic but are never issued; "000" is no issuing office either.
    if len(set(digits)) == 1 or digits.startswith("000"):
        return False
    remainder = sum(int(digits[i]) * (10 - i) for i in range(9)) % 11
    expected = remainder if remainder < 2 else 11 - remainder
    return int(digits[9]) == expected


def saudi_national_id_valid(digits: str) -> bool:
    """Saudi national id (starts with 1) or iqama (starts with 2): ten digits under the Luhn check."""
    return len(digits) == 10 and digits.isascii() and digits.isdigit() and digits[0] in "12" and luhn_valid(digits)


def iban_valid(compact: str) -> bool:
    """ISO 13616: registry length for the country, then the rearranged number is 1 mod 97."""
    compact = compact.upper()
    if IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact.isascii() or not compact.isalnum():
        return False
    if not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def international_phone(digits: str, *, any_country: bool) -> bool:
    """`digits` follow "+" or "00": a known code must fit its plan; `any_country` admits other E.164."""
    for code, plan in _AFTER_COUNTRY_CODE.items():
        if digits.startswith(code):
            rest = digits[len(code) :]
            # "+98 (0)912..." and "+98 0912...": the trunk zero is often kept by habit.
            return bool(plan.fullmatch(rest) or (rest.startswith("0") and plan.fullmatch(rest[1:])))
    return any_country and digits[0] != "0" and 10 <= len(digits) <= 15


def national_phone(digits: str, language: str | None, *, bare_code: bool = True) -> bool:
    """A number without "+" or "00": trunk-prefix formats for the text's side, or (`bare_code`) a mobile with
    its country code but no prefix."""
    if bare_code and _BARE_COUNTRY_MOBILE.fullmatch(digits):
        return True
    if language != "ar" and _NATIONAL_IR.fullmatch(digits):
        return True
    return language != "fa" and _NATIONAL_ARAB.fullmatch(digits) is not None
