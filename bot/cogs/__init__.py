"""One cog per feature; each module is a discord.py extension with an async `setup(bot)`."""
