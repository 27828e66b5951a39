# bbhelp's server: the wheel and its dependencies built in one stage (durable-rules compiles from
# source, so the compiler stays there), installed into a slim image that runs as a non-root user.
FROM python:3.11-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc g++ make && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY triage triage
COPY knowledge knowledge
COPY bots bots
RUN pip wheel --no-cache-dir --wheel-dir /wheels '.[postgres]'

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 bbhelp
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels 'bbhelp[postgres]' && rm -rf /wheels
USER bbhelp
ENV HOST=0.0.0.0 PORT=8000 PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['PORT'], timeout=2)"]
# The store is migrated by `bbhelp serve` before its workers start; --workers defaults to the CPUs.
CMD ["bbhelp", "serve"]
