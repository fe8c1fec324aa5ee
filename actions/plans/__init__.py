"""The plan itself: priorities, objectives and actions, who may see them, and their history.

Knows nothing of reporting periods or position statements (the termly cycle builds on it).
"""
