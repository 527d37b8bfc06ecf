# Parley's bot, CPU only. Mirrors the README: scripts/install, then the index is built into
# the data volume at image build time so the first question is answered at once.
#
#   docker build -t parley .
#   docker build --build-arg TORCH_INDEX_URL= -t parley .   # where pip already has a CPU torch
#
# tests/test_dockerfile.py runs these same steps as a non-root user in a temporary directory.
FROM python:3.11-slim

# Where torch comes from. PyPI's Linux torch is the CUDA build (several GB, useless here), so
# the default is PyPI's CPU wheel index; empty means pip's own configured indexes.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu

# As root: the user, and the two directories it must own. Once `USER parley` runs, nobody can
# create /data or write the venv into a root-owned /app.
RUN useradd --create-home --uid 1000 parley \
    && mkdir -p /app /data \
    && chown parley:parley /app /data
WORKDIR /app
COPY --chown=parley:parley . /app
USER parley

ENV PARLEY_DATA=/data \
    HF_HUB_OFFLINE=1 \
    PATH="/app/.venv/bin:${PATH}"
RUN scripts/install && parley index

VOLUME ["/data"]
# The Discord token comes from the environment at run time, never from the image:
#   docker run -e DISCORD_TOKEN=... -v parley-data:/data parley
ENTRYPOINT ["parley"]
CMD ["serve"]
