"""Who said what: the speaker of each sentence, found in the article itself."""
