"""The Kanban board: stage columns of painted interview cards, with drag and drop."""
