# A small image for deployments that use containers (see compose.yaml).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
# Editable: templates, static files and migrations are read from /app.
RUN pip install --no-cache-dir -e . && useradd --system attune
USER attune
ENV ATTUNE_INSTANCE_DIR=/tmp/attune
EXPOSE 8000
CMD ["attune", "serve", "--host", "0.0.0.0", "--port", "8000"]
