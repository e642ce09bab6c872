"""The contacts sidebar: people grouped by kind, linked to cards by drag and drop."""
