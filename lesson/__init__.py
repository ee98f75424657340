"""The lesson: scenarios, their worked solutions, the storyboard and its captions. Never imports Manim."""
