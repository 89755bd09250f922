"""The Word review loop: a DOCX reportgen wrote, edited by reviewers, read back against its brief.

``package`` opens the edited DOCX within the bounds every input has; ``paragraphs`` reads its
anchored paragraphs, tracked changes and comments; ``markdown`` turns a paragraph back into the
brief's Markdown; ``locate`` places each finding in the YAML; ``apply`` splices changed text
into the YAML in place; ``report`` is the data the CLI prints.
"""
