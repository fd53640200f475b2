"""What a seminar's change tells the apps above events, sent inside the change's
transaction: a receiver that raises refuses the change (it is rolled back)."""

from django.dispatch import Signal

# Before an edit is saved: seminar (the new values), stored (the locked row),
# changed (the attnames that differ), now. A receiver may raise CapacityRefused.
seminar_updating = Signal()
# After an edit is saved and audited, with the same arguments.
seminar_updated = Signal()
# After a seminar is marked cancelled: seminar, now. A receiver returns how many
# people it told.
seminar_cancelled = Signal()
# The organiser's seminar list: a receiver returns a function adding columns
# (seats taken and left, registrations awaiting approval) to its queryset.
seminar_list_columns = Signal()
