# Parley's bot, CPU only. Mirrors the README: scripts/install, then the index is built into
# the data volume at image build time so the first question is answered at once.
FROM python:3.11-slim

# Where a CPU-only torch wheel comes from when this image is built off our machines
# (PyTorch's CPU wheel index); empty means pip's configured indexes.
ARG TORCH_INDEX_URL=""

RUN useradd --create-home --uid 1000 parley
WORKDIR /app
COPY --chown=parley:parley . /app
USER parley

ENV PARLEY_DATA=/data \
    HF_HUB_OFFLINE=1 \
    PATH="/app/.venv/bin:${PATH}"
RUN scripts/install && mkdir -p /data && parley index

VOLUME ["/data"]
# The Discord token comes from the environment at run time, never from the image:
#   docker run -e DISCORD_TOKEN=... -v parley-data:/data parley
ENTRYPOINT ["parley"]
CMD ["serve"]
