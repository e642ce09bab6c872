"""Follow-Up: keep every job interview on a board and never forget a follow-up."""

__version__ = "0.1.0"
APP_NAME = "Follow-Up"
#: Name used for data directories, QSettings and the desktop file.
APP_ID = "FollowUp"
