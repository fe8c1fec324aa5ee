"""Test data carried in the repository: council-shaped workbooks with fictional names (README.md)."""
