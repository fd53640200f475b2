"""Slovenian dates as Slovenians write them: 7. decembra 2026 (no leading zero, the
month in the genitive; the genitive names come from config/locale_fixes, where
Django's own catalogue has the nominative)."""

DATE_FORMAT = "j. E Y"
DATETIME_FORMAT = "j. E Y, H:i"
MONTH_DAY_FORMAT = "j. E"
SHORT_DATE_FORMAT = "j. n. Y"
SHORT_DATETIME_FORMAT = "j. n. Y, H:i"
