# Nazar on CPU. Build: docker build -t nazar .   Run: docker run --rm nazar analyze "متن"
# (The service image will run `nazar serve` once the HTTP service lands.)
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
RUN useradd --create-home nazar
USER nazar
ENV NAZAR_SENTIMENT_MODEL=/app/models/sentiment NAZAR_THEMES_MODEL=/app/models/themes
ENTRYPOINT ["nazar"]
CMD ["analyze", "--input", "examples/feedback.jsonl"]
