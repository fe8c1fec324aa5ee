"""The inspection findings' pages: one module per family of pages (reading; recording and linking)."""
