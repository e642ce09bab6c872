"""Info.plist entries of the macOS app bundle (FollowUp.app), for ``BUNDLE(info_plist=...)``."""

from __future__ import annotations

BUNDLE_IDENTIFIER = "io.github.followup.FollowUp"


def info_plist(version: str) -> dict[str, object]:
    """The keys PyInstaller does not set itself, for ``version``."""
    return {
        "CFBundleName": "Follow-Up",
        "CFBundleDisplayName": "Follow-Up",
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSApplicationCategoryType": "public.app-category.productivity",
        "NSHighResolutionCapable": True,
        # Light and dark appearance follow the system.
        "NSRequiresAquaSystemAppearance": False,
        "NSHumanReadableCopyright": "GPL-3.0-or-later, the Follow-Up developers",
    }
