"""Ingest: untrusted input (a file, pasted text, a web page) turned into an article draft.

Everything here handles content Parley did not write, so sizes are capped before reading,
encodings are detected rather than assumed, HTML is cut down to its article text, and a URL is
fetched only after every address its host resolves to has been checked (`web`). Every
refusal is a `SourceRefused` whose message is one line that says why.
"""
