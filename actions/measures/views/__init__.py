"""The impact measures' pages: one module per family of pages."""
