"""Actors: the rule binds fewer persons than the model's (records kept by exporters, not brokers).

The persons a rule must bind are the model set's stated `actors`, or, for an official act used as
the model, the exporters, brokers and technical-assistance providers it names. A draft rule
addressed to every person ("No person shall provide technical assistance ...") binds them all,
and for an act used as the model the activity that makes someone that person is enough
("applications for brokering licences" covers brokers).
"""

from __future__ import annotations

import re

from drafting.checks.context import PairContext, join
from drafting.findings import Finding
from drafting.vocabulary import concepts

DERIVED_ACTORS = ("exporter", "broker", "ta-provider")
ACTIVITY_OF = {"exporter": "export", "broker": "brokering", "ta-provider": "technical-assistance"}
EVERY_PERSON = re.compile(r"\b(no person|any person|every person|a person who|no one)\b", re.I)


def binds_every_person(doc) -> bool:
    """The draft's rule is addressed to every person (so to brokers and providers too)."""
    return any(EVERY_PERSON.search(s.text) and any(s.start_char <= m.start_char < s.end_char for m in doc._.modals)
               for s in doc.sents)


# Who only an exporter can be: the applicant for an export licence, the holder of one, and the
# declarant of the export (Regulation (EU) 2021/821, Article 2(3), defines the exporter by the
# export declaration). "The applicant shall furnish all relevant information" binds the exporter.
EXPORTER_ROLE = re.compile(r"\b(?:applicants?|holders?|declarants?)\b", re.I)
EXPORT_LICENCES = ("individual-licence", "global-licence", "licence", "declaration")
OTHER_ACTIVITIES = ("brokering", "technical-assistance", "broker", "ta-provider")


def names_the_exporter_by_role(draft_text: str, d_has: dict) -> bool:
    """The draft's rule binds the exporter under another name: the applicant for, or holder of, a
    licence (not one for brokering or technical assistance), or the declarant."""
    return (bool(EXPORTER_ROLE.search(draft_text)) and any(c in d_has for c in EXPORT_LICENCES)
            and not any(c in d_has for c in OTHER_ACTIVITIES))


def _addresses_the_actor(d_has: dict) -> bool:
    """A rule for "any person" is kept by a rule for whoever carries out the activity ("an exporter who exports")."""
    return any(actor in d_has and activity in d_has for actor, activity in ACTIVITY_OF.items())


# Persons a rule leaves out only by naming someone else: a public body, and everyone.
NAMED_ONLY = ("competent-authority", "customs", "any-person")


def names_a_person(draft_text: str, d_has: dict) -> bool:
    """The draft's rule says whom it binds: a person the vocabulary knows (exporter, broker,
    customs, the Minister ...), or the applicant, holder or declarant."""
    return any(concepts()[c].kind == "actor" for c in d_has if c in concepts()) or bool(EXPORTER_ROLE.search(draft_text))


def could_say_whom(actor: str, draft_text: str, d_has: dict) -> bool:
    """Whether the draft's rule, by its words, could be narrower than the model's as to `actor`.
    A rule in the passive ("No goods shall be exported except ...") or addressed to a body under a
    name of the State's own ("the Central Government") leaves neither a public body nor anyone
    out; for an exporter, broker or provider the activity that makes someone one is enough ("an
    application for a licence to provide brokering services" is the broker's)."""
    if names_a_person(draft_text, d_has):
        return True
    return actor not in NAMED_ONLY and any(activity in d_has for activity in ACTIVITY_OF.values())


def check_actors(ctx: PairContext) -> list[Finding]:
    """Persons the model's rule binds that the draft's rule leaves out, where its words say whom it binds."""
    m_has, d_has = ctx.m_has, ctx.d_has
    if ctx.requires and ctx.requires.actors:
        required = list(ctx.requires.actors)
    elif ctx.official:
        required = [a for a in DERIVED_ACTORS if a in m_has]
    else:
        required = []
    lenient = not (ctx.requires and ctx.requires.actors)
    everyone = binds_every_person(ctx.d_doc)
    missing = [a for a in required if a not in d_has and could_say_whom(a, ctx.draft_text, d_has)
               and not ((lenient or everyone) and ACTIVITY_OF.get(a) in d_has)
               and not (a == "any-person" and _addresses_the_actor(d_has))
               and not (a == "exporter" and names_the_exporter_by_role(ctx.draft_text, d_has))]
    if not missing:
        return []
    msg = f"The draft does not cover {join(missing)}: the model's rule applies to {join(required)}."
    return [ctx.finding("actor", "weaker", msg, ",".join(missing), m_has.get(missing[0]), ctx.draft_anchor(), missing=missing)]
