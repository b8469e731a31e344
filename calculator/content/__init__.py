"""What a family or a counsellor reads, as typed blocks (:mod:`.blocks`), built once from the
analysis results, the audience and the language. Every number is formatted here; the renderers
(the Streamlit app, the PDF, the command-line text) only draw the blocks."""
