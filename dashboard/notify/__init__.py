"""Mail and calendars: expiry reminders to the people who own agreements, digests of the figures
for leadership, and the calendar feed of expiries and events.

:mod:`.message` builds a mail (HTML and plain text, charts inline by Content-ID); :mod:`.smtp`
sends mails through ``COOPDASH_SMTP_URL``; :mod:`.reminders` and :mod:`.digest` decide what a
mail says, as pure functions of the records; :mod:`.calendar` writes the iCalendar feed.
"""
