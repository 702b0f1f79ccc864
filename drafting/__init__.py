"""Drafting and comparison assistant for export-control (dual-use) law.

The pipeline reads top down, one module per stage:

    ingest     file (docx/pdf/html/txt)      -> SourceText (blocks of text with their origin)
    structure  SourceText                    -> Document (a tree of Provisions)
    modelset   model law (YAML) or an act    -> ModelSet (Provisions with elements, notes, requirements)
    nlp        provision text                -> analysed spaCy Doc (lemmas, modality, numbers, ...)
    align      ModelSet + Document           -> Alignment (links with scores and reasons)
    compare    Alignment                     -> Comparison (statuses and Findings with evidence)
    review     Comparison                    -> annotations in a SQLite review store
    export     Comparison + annotations      -> annotated .docx, report .docx, csv/xlsx/json

`drafting.pipeline` strings the stages together; the CLI and the Streamlit app are thin
shells over it. Nothing runs at import time.
"""

__version__ = "0.1.0"
