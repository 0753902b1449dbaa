# Nazar on CPU. Build: docker build -t nazar .   Run: docker run --rm -p 8000:8000 -v nazar-data:/app/data nazar
# The first start on an empty database prints an admin API key once (docker logs). compose.yaml pairs it with
# PostgreSQL. Neither has been built here: the development machines run no Docker engine.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
WORKDIR /app

# Dependencies first, for layer caching. The CPU index supplies torch 2.13.0 without CUDA wheels.
COPY pyproject.toml constraints.txt README.md ./
COPY app ./app
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu -c constraints.txt . \
    && python -c "import torch; assert not torch.cuda.is_available()"

COPY models ./models
COPY examples ./examples
RUN useradd --create-home nazar && mkdir -p /app/data && chown nazar /app/data
USER nazar
ENV NAZAR_SENTIMENT_MODEL=/app/models/sentiment NAZAR_THEMES_MODEL=/app/models/themes \
    NAZAR_DATABASE_URL=sqlite:////app/data/nazar.db NAZAR_HOST=0.0.0.0 NAZAR_PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
ENTRYPOINT ["nazar"]
CMD ["serve"]
