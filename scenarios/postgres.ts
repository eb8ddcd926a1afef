/**
 * A throwaway PostgreSQL cluster for Pulumi's DIY PostgreSQL state backend: made by `initdb` in a temporary
 * folder, run by `pg_ctl` as an unprivileged user (nobody, when the tests run as root) on a free loopback
 * port with its socket in that folder, and removed by `stop()`. It shares nothing with a PostgreSQL the
 * machine may run as a service. The server comes from the distribution's packages (scripts/install-postgres.sh).
 */
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const INSTALL_HINT =
  "run scripts/install-postgres.sh as root (scripts/setup.sh --tests and the README's test command run it)";

/** A running cluster and how to reach it. */
export interface PostgresCluster {
  /**
   * `PULUMI_BACKEND_URL` for the DIY backend: `postgres://pdd@127.0.0.1:<port>/pulumi?sslmode=disable&table=…`.
   * The password is not in it: Pulumi prints the URL in some errors, so it goes in `PGPASSWORD` (see `env`).
   */
  backendUrl: string;
  /** The environment of a Pulumi run on this backend: `PULUMI_BACKEND_URL` and `PGPASSWORD`. */
  env: Record<string, string>;
  /** The database user's password; output is scanned for it. */
  password: string;
  port: number;
  /** The state table the backend writes (`pulumi_state`). */
  table: string;
  /** The PostgreSQL server version, e.g. `15.18`. */
  version: string;
  /** Runs one SQL statement and returns its rows, each a list of text columns. */
  query(sql: string): Promise<string[][]>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** The newest installed server's bin folder (`/usr/lib/postgresql/<version>/bin`); throws when none is. */
export function postgresBin(): string {
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(`PostgreSQL is missing (no ${base}/*/bin/initdb): ${INSTALL_HINT}`);
  }
  return path.join(base, versions[0] ?? "", "bin");
}

/** Whom the server runs as: PostgreSQL refuses to run as root, so root hands it to `nobody`. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync("id", ["-u", "nobody"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "nobody"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Initializes and starts a cluster with a database `pulumi` and a password-authenticated user `pdd`. */
export async function startPostgres(table = "pulumi_state"): Promise<PostgresCluster> {
  const bin = postgresBin();
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-postgres-"));
  const data = path.join(dir, "data");
  const password = randomBytes(18).toString("base64url");
  fs.writeFileSync(path.join(dir, "pwfile"), `${password}\n`);
  if (user) {
    for (const entry of [dir, path.join(dir, "pwfile")]) fs.chownSync(entry, user.uid, user.gid);
  }
  // The server's user needs a HOME it may read and a cwd it may enter.
  const options = { ...user, cwd: dir, env: { ...process.env, HOME: dir, LC_ALL: "C" } };
  const stop = async () => {
    await run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"], options).catch(
      () => undefined,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(
      path.join(bin, "initdb"),
      ["-D", data, "-U", "pdd", "--auth=scram-sha-256", `--pwfile=${path.join(dir, "pwfile")}`, "-E", "UTF8"],
      options,
    );
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c shared_buffers=16MB`;
      const started = await run(
        path.join(bin, "pg_ctl"),
        ["-D", data, "-l", path.join(dir, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start"],
        options,
      ).then(
        () => true,
        (e: unknown) => (attempt >= 3 ? Promise.reject(e) : false), // the port was taken meanwhile
      );
      if (started) break;
    }
    const query = async (sql: string, database = "pulumi"): Promise<string[][]> => {
      const { stdout } = await run(
        path.join(bin, "psql"),
        ["-h", "127.0.0.1", "-p", String(port), "-U", "pdd", "-d", database, "-XAtq", "-F", "\t", "-c", sql],
        { env: { ...process.env, PGPASSWORD: password }, maxBuffer: 64 * 1024 * 1024 },
      );
      return stdout
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => line.split("\t"));
    };
    await query("CREATE DATABASE pulumi", "postgres");
    const version = (await query("SHOW server_version"))[0]?.[0] ?? "unknown";
    const backendUrl = `postgres://pdd@127.0.0.1:${port}/pulumi?sslmode=disable&table=${table}`;
    const env = { PULUMI_BACKEND_URL: backendUrl, PGPASSWORD: password };
    return { backendUrl, env, password, port, table, version, query, stop };
  } catch (e) {
    const log = path.join(dir, "server.log");
    const tail = fs.existsSync(log) ? `\n${fs.readFileSync(log, "utf8").slice(-2000)}` : "";
    await stop();
    throw new Error(`could not start PostgreSQL from ${bin}: ${String(e)}${tail}`);
  }
}
