// Starts and stops the built demo server (plain java, no Maven) for the browser tests.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const demoDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const live = new Set();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL"); // last resort: never leave a server behind
});

/** A free loopback port (the demo listens on it on every interface: Tyrus' Grizzly container does). */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function classPath() {
  const file = join(demoDir, "target", "classpath.txt");
  if (!existsSync(file) || !existsSync(join(demoDir, "target", "classes", "static", "websocket-session.js"))) {
    throw new Error("The demo is not built: run `mvn -q install -DskipTests && mvn -q -f demo/pom.xml compile` "
      + "in the repository root first");
  }
  return `${join(demoDir, "target", "classes")}:${readFileSync(file, "utf8").trim()}`;
}

/**
 * One run of the demo server: `java ... DemoServer --port N --state-dir DIR --table T`. The environment is
 * passed on, so MYSQL_SESSION_JDBC_URL, when set, points it at that database instead of the embedded one.
 */
export class DemoServer {
  constructor({ port, stateDir, table }) {
    this.port = port;
    this.stateDir = stateDir;
    this.table = table;
    this.url = `http://127.0.0.1:${port}/`;
    this.output = "";
    this.child = null;
  }

  /** Starts the server and resolves once it prints "Demo ready", with the milliseconds it took. */
  start(timeoutMs = 150_000) {
    const started = Date.now();
    const child = spawn("java", [
      "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
      "-cp", classPath(), "io.github.wsmysqlsession.demo.DemoServer",
      "--port", String(this.port), "--state-dir", this.stateDir, "--table", this.table,
    ], { cwd: demoDir, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    live.add(child);
    this.output = "";
    return new Promise((res, rej) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        rej(new Error(`The demo did not start within ${timeoutMs} ms:\n${this.output}`));
      }, timeoutMs);
      const onData = (chunk) => {
        this.output += chunk;
        if (/Demo ready: /.test(this.output)) {
          clearTimeout(timer);
          res(Date.now() - started);
        }
      };
      child.stdout.setEncoding("utf8").on("data", onData);
      child.stderr.setEncoding("utf8").on("data", (chunk) => { this.output += chunk; });
      child.once("exit", (code, signal) => {
        live.delete(child);
        clearTimeout(timer);
        rej(new Error(`The demo exited (${code ?? signal}) before it was ready:\n${this.output}`));
      });
    });
  }

  /** SIGTERM (the demo's shutdown hook stops the server and MariaDB), SIGKILL after a while. */
  async stop(timeoutMs = 30_000) {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((res) => child.once("exit", res));
    child.kill("SIGTERM");
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    await exited;
    clearTimeout(timer);
    live.delete(child);
    if (killed) this.#stopOrphanedMariaDb();
  }

  /** A demo killed hard leaves its embedded mariadbd running: stop the one of this state folder. */
  #stopOrphanedMariaDb() {
    const data = join(this.stateDir, "data");
    if (!existsSync(data)) return;
    for (const name of readdirSync(data).filter((n) => n.endsWith(".pid"))) {
      const pid = Number(readFileSync(join(data, name), "utf8").trim());
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        if (cmd.startsWith(join(this.stateDir, "base"))) process.kill(pid, "SIGTERM");
      } catch {
        // gone already
      }
    }
  }
}
