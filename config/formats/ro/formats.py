"""Romanian dates with the month in lower case, as Romanian writes it: 7 decembrie 2026
(the lower-case names come from config/locale_fixes, where Django's own catalogue
capitalises them)."""

DATE_FORMAT = "j E Y"
MONTH_DAY_FORMAT = "j E"
