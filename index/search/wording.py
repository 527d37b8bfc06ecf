"""How members word a question around what they ask: chat shorthand ("abt", "whats"), a
request around it ("Can you tell me ...", "Hey Parley,"), thanks at its end. Taken off before
the question is read (questions.py): read as part of it, they were words no passage holds.
"""

from __future__ import annotations

import re

#: What members put around a question: "Can you tell me what Medinsky said about ...?",
#: "Please tell me: who led ...", "..., please?". Read as part of the question, "tell" made
#: "when did Putin recognize ..." a question about what Putin said, "who" no longer opened
#: it, and "Please me:" stayed in the topic (the dev set prefixed so: hit@1 0.81 -> 0.67).
_PREAMBLE = re.compile(
    r"^\s*(?:(?:hey|heya|hi|hiya|hello|yo)\b[\s,!]*(?:parley\b[\s,!:]*)?)?"
    r"(?:(?:please|pls|kindly)\b[\s,]*)?"
    r"(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
    r"(?:(?:(?:tell|show|remind)\s+me|let\s+me\s+know|i(?:'d|\s+would)\s+like\s+to\s+know|"
    r"i\s+(?:want|wanted|wonder|was\s+wondering|need)(?:\s+to\s+know)?|do\s+you\s+know|"
    r"any\s+idea|(?:help\s+me\s+)?find\s+out|quick\s+question)\b)?"
    r"[\s:,-]*(?=\w)",
    re.IGNORECASE,
)
#: "where exactly did", "how exactly did", "what really did": the word asks no differently,
#: but "how exactly did Kuleba describe ..." was not read as "how did X describe" (no one was
#: asked about), and the model read "exactly" with the rest.
_HEDGE = re.compile(
    r"^(\s*(?:what|when|where|who|why|how|which))\s+(?:exactly|really|actually|precisely)\b",
    re.IGNORECASE,
)
#: "who was it that said ...", "what is it that Russia wants": asked as "who said ...".
_CLEFT = re.compile(r"^(\s*(?:who|what|where|when))\s+(?:was|is)\s+it\s+(?:that|who)\b", re.I)
_THANKS = re.compile(r"[\s,]+(?:please|pls|thanks|thank\s+you)\s*([?.!]*)\s*$", re.IGNORECASE)


#: How members shorten words in chat, as written out: read as typed, "abt" was a word no
#: passage holds, and "what did medinsky say abt neutrality" was refused for it ("Nothing
#: in the library mentions abt"). A contraction typed without its apostrophe ("whats",
#: "didnt") is the contraction. Only forms that are no other English word.
_SHORTHAND = {
    "abt": "about",
    "bc": "because",
    "b4": "before",
    "govt": "government",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "u": "you",
    "ur": "your",
    "w/": "with",
    "wat": "what",
    "wht": "what",
    "whats": "what's",
    "whos": "who's",
    "wheres": "where's",
    "whens": "when's",
    "hows": "how's",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "dont": "don't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "hasnt": "hasn't",
    "havent": "haven't",
}
_SHORT = re.compile(
    r"(?<![\w/.])(?:" + "|".join(map(re.escape, _SHORTHAND)) + r")(?![\w/]|\.\s*\w)", re.IGNORECASE
)


def written_out(question: str) -> str:
    """`question` with members' chat shorthand written out (`_SHORTHAND`)."""

    def out(match: re.Match[str]) -> str:
        typed = match.group()
        full = _SHORTHAND[typed.lower()]
        return full[:1].upper() + full[1:] if typed[:1].isupper() else full

    return _SHORT.sub(out, question)


def bare_question(question: str) -> str:
    """The question itself, without the request around it ("Can you tell me ...") and
    ending as a question does."""
    question = written_out(question)
    core = question
    # until nothing more comes off: a request may wrap a greeting ("Please tell me: hey what
    # did Cavusoglu say" was refused, "hey what did Cavusoglu say" answered)
    while (stripped := _PREAMBLE.sub("", core, count=1)) != core and stripped.strip():
        core = stripped
    core = _CLEFT.sub(r"\1", _HEDGE.sub(r"\1", core, count=1), count=1)
    if core != question:
        question = core[:1].upper() + core[1:]  # "... tell me: who led" -> "Who led"
    question = _THANKS.sub(r"\1", question) or question
    # Read as one that ends in "?": without it the model moves a question enough to change
    # its answer ("what happened in kharkiv on the seventh day of the invasion" was refused
    # by the cosine gate of the time, with "?" it was not).
    return question if question.rstrip()[-1:] in ("?", ".", "!", "") else question + "?"
