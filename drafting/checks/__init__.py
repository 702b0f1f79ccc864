"""The checks a pair of provisions goes through, one small module per kind of difference.

    modality     "may" where the model says "shall", "shall endeavour", a rule turned around
    numbers      periods, penalties, deadlines: roles (maximum, minimum) and direction from the subject
    lists        items missing from or added to an enumeration, in points or in running text
    actors       the rule binds fewer persons
    triggers     knowledge, possibility ("are or may be intended"), end uses, added conditions
    definitions  a defined term covering less; definitions by reference followed
    exemptions   exceptions the draft adds
    omissions    a binding sentence of the model with nothing in the draft
    references   cross-references to provisions the draft does not have (or that an excerpt lacks)
    wording      only punctuation, capitals, spelling or numbering differ (not substantive)

Each check takes a `PairContext` (drafting.checks.context) and returns findings; drafting.compare
runs them and decides each pair's status.
"""
