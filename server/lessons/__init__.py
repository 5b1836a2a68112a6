"""The daily lessons: content/*.md, loaded into rows, shown one card a day.

Module order (issue 16 asked whether calming and co-regulation should come before
the memory module: stabilise first, then explore). Kept as it is, on purpose:

- Module 1 (days 1-6) already is the stabilising start: feeling safe, leaving
  survival mode, small signals of safety, with calming practices (days 1 and 4).
- Module 2 explains memory; it does not ask anyone to explore memories. Its
  practices say "just notice", "pick a mild one", ground (day 10), and carry the
  gentle note, "a clue, not proof" and when to seek more help. Knowing why a
  reaction seems to come out of nowhere lowers shame, which itself steadies.
- Modules 3 and 4 build on module 2 ("the patterns you learned early can change"),
  and the lessons point at each other ("back in module two", "next, we look at how
  safety travels between people"); moving them would break that thread.
- "Today" is the first lesson by day that a person has not done (schedule.py), and
  progress is keyed by lesson. Renumbering days would put undone lessons behind
  people already past them and send them back weeks, mid-program.
- Every grounding practice (days 1, 4, 10, 36) can be opened from the program
  page any day and put on the safety plan, so the order holds no calming tool
  back. Only body-based grounding is offered for the plan (parsing.py says why).
"""
