"""English dates as the project's users write them: 30 January 2014."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
