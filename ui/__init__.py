"""The Streamlit front end: thin pages over the `drafting` package (no legal logic here)."""
