// A tiny static file server for dist/, with no dependencies beyond Node itself.
//
// It serves a directory under a base path (for example /sub/path/), so the browser tests
// check that the page works from a sub-path of a static host and not only from /. Anything
// outside the base path is 404. Only GET and HEAD; no directory listings; never a file
// outside the root.
//
// As a library: `const server = await startStaticServer({ rootDirectory, basePath, port })`,
// then `server.url` and `await server.close()`.
// As a program: `node scripts/static-server.mjs --root dist --base /sub/path/ --port 8080`.

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CONTENT_TYPES = new Map([
  [".html", "text/html; charset=utf-8"],
  [".js", "text/javascript; charset=utf-8"],
  [".mjs", "text/javascript; charset=utf-8"],
  [".wasm", "application/wasm"],
  [".css", "text/css; charset=utf-8"],
  [".svg", "image/svg+xml"],
  [".png", "image/png"],
  [".ico", "image/x-icon"],
  [".json", "application/json"],
  [".yaml", "text/yaml; charset=utf-8"],
  [".txt", "text/plain; charset=utf-8"],
]);

/** Normalizes a base path to start and end with exactly one slash. */
function normalizeBasePath(basePath) {
  const trimmed = basePath.replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "/" : `/${trimmed}/`;
}

/** Maps a request path to a file under rootDirectory, or null when it is not served. */
async function resolveFile(rootDirectory, basePath, requestPath) {
  if (!requestPath.startsWith(basePath)) {
    return null;
  }
  let relativePath;
  try {
    relativePath = decodeURIComponent(requestPath.slice(basePath.length));
  } catch {
    return null;
  }
  const filePath = path.resolve(rootDirectory, `.${path.posix.sep}${relativePath}`);
  if (filePath !== rootDirectory && !filePath.startsWith(rootDirectory + path.sep)) {
    return null;
  }
  try {
    const fileStat = await stat(filePath);
    if (fileStat.isDirectory()) {
      const indexPath = path.join(filePath, "index.html");
      const indexStat = await stat(indexPath);
      return indexStat.isFile() ? { filePath: indexPath, size: indexStat.size } : null;
    }
    return fileStat.isFile() ? { filePath, size: fileStat.size } : null;
  } catch {
    return null;
  }
}

/**
 * Starts serving rootDirectory under basePath on 127.0.0.1. Port 0 picks a free port.
 * Resolves to { url, port, close }.
 */
export async function startStaticServer({ rootDirectory, basePath = "/", port = 0, log = false }) {
  const absoluteRoot = path.resolve(rootDirectory);
  const normalizedBase = normalizeBasePath(basePath);

  const server = createServer(async (request, response) => {
    const requestUrl = new URL(request.url ?? "/", "http://127.0.0.1");
    const finish = (status) => {
      if (log) {
        console.log(`${status} ${request.method} ${requestUrl.pathname}`);
      }
    };

    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD" }).end();
      finish(405);
      return;
    }
    if (`${requestUrl.pathname}/` === normalizedBase) {
      response.writeHead(301, { Location: normalizedBase }).end();
      finish(301);
      return;
    }

    const file = await resolveFile(absoluteRoot, normalizedBase, requestUrl.pathname);
    if (file === null) {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
      response.end("Not found\n");
      finish(404);
      return;
    }

    const extension = path.extname(file.filePath).toLowerCase();
    response.writeHead(200, {
      "Content-Type": CONTENT_TYPES.get(extension) ?? "application/octet-stream",
      "Content-Length": file.size,
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
    });
    if (request.method === "HEAD") {
      response.end();
    } else {
      createReadStream(file.filePath).pipe(response);
    }
    finish(200);
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const actualPort = server.address().port;
  return {
    url: `http://127.0.0.1:${actualPort}${normalizedBase}`,
    port: actualPort,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseArguments(argumentList) {
  const options = { rootDirectory: "dist", basePath: "/", port: 8080, log: false };
  for (let index = 0; index < argumentList.length; index += 1) {
    const argument = argumentList[index];
    const value = argumentList[index + 1];
    if (argument === "--root" && value !== undefined) {
      options.rootDirectory = value;
      index += 1;
    } else if (argument === "--base" && value !== undefined) {
      options.basePath = value;
      index += 1;
    } else if (argument === "--port" && value !== undefined) {
      options.port = Number.parseInt(value, 10);
      index += 1;
    } else if (argument === "--log") {
      options.log = true;
    } else {
      throw new Error(
        `unknown argument ${argument}; usage: static-server.mjs [--root DIR] [--base /PATH/] [--port N] [--log]`,
      );
    }
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArguments(process.argv.slice(2));
  const server = await startStaticServer(options);
  console.log(`Serving ${path.resolve(options.rootDirectory)} at ${server.url}`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
