from glossary.db import Session
from glossary.models import Term, Vocabulary


def vocabulary_dict(vocabulary):
    return {"name": vocabulary.title, "terms": [term.name for term in vocabulary.terms]}


def vocabulary_list(vocabularies: list[Vocabulary]):
    return [vocabulary_dict(vocabulary) for vocabulary in vocabularies]  # expect: ORM102


def counts():
    return {v.name: v.term_count() for v in Session.query(Vocabulary)}  # expect: ORM102


def terms_by_vocabulary():
    out = {}
    for vocabulary in Session.query(Vocabulary).all():
        out[vocabulary.name] = [t.name for t in Session.query(Term).filter(Term.vocabulary_id == vocabulary.id)]  # expect: ORM102
    return out


def titles(vocabularies: list[Vocabulary]):
    return [vocabulary.title for vocabulary in vocabularies]
