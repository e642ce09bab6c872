"""Import and export: the complete JSON document, CSV for spreadsheets, iCalendar.

- :mod:`.schema` — every table of the document, column by column (docs/data-format.md).
- :mod:`.json_format` — the database as one versioned JSON document, and back.
- :mod:`.validate` — a whole document checked before anything is written.
- :mod:`.importer` — a checked document written in one transaction, adding only what is new.
- :mod:`.csv_format` — interviews (with their stage history) and contacts for spreadsheets.
- :mod:`.ics_format` — rounds as events and open follow-ups as to-dos for calendar apps.
"""
