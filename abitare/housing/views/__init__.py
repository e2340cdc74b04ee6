"""The stock pages: units (states, agreed rent), buildings, owners, common spaces, the import."""
