# Remedy in a container: the README's steps (npm ci, then npm start). `npm start` runs the gateway
# bot when DISCORD_TOKEN is set, else the playground / HTTP interactions server on $HOST:$PORT.
#   docker build -t remedy .
#   docker run --env-file .env -v remedy-data:/app/data remedy
FROM node:20-bookworm-slim
WORKDIR /app
# better-sqlite3 has prebuilt binaries for Node 20; the toolchain is the fallback when none fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# The playground and the interactions endpoint listen on every interface inside the container.
ENV HOST=0.0.0.0 PORT=8787
EXPOSE 8787
# The store (REMEDY_DB, data/remedy.sqlite by default): keep it in a volume.
VOLUME ["/app/data"]
CMD ["npm", "start"]
