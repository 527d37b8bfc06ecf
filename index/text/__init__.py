"""Text: articles, their passages and sentences, and the names in them."""
