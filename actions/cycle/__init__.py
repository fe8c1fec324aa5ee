"""The termly cycle: periods opened and closed, position statements and their RAG ratings, the
second key, carrying forward, reminders and due dates, and the pages that show a plan's progress."""
