"""``python -m hemisphere.quiz.lms``: export the quiz bank for an LMS (see the package)."""

from . import main

main()
