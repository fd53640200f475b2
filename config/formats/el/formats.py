"""Greek dates with the month written out: 28 Μαρτίου 2027."""

DATE_FORMAT = "j E Y"
SHORT_DATE_FORMAT = "d/m/Y"
MONTH_DAY_FORMAT = "j E"
