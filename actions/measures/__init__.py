"""Impact measures: whether things got better for children, not only whether actions were done.

A measure belongs to a plan and evidences some of its priorities, objectives and actions. Its
trajectory (baseline, milestones, target) says what the figure should be at any date; each reporting
period its lead enters the actual figure, whose RAG rating is worked out against the trajectory
(`trajectory.py`) and confirmed by a second person, as a position statement's is.
"""
