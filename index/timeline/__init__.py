"""The timeline: the dated events each article reports, merged and chosen."""
