/**
 * The shared state backends of the scale scenarios, and what their stacks record: Pulumi's DIY PostgreSQL
 * backend on a throwaway cluster, or a folder every runner shares (`file://`, as a mounted volume would be).
 * The records are read from the backend's storage itself (the table, the files), not through the CLI.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type PostgresCluster, startPostgres } from "./postgres";

/** What a stack's latest checkpoint holds. */
export interface StackRecord {
  /** Ids of the DedicatedDeployment resources (the deployment names). */
  deployments: string[];
  /** Operations the engine started and never saw finish (a killed run's creates). */
  pendingOperations: number;
}

/** A state backend shared by every runner. */
export interface StateBackend {
  kind: "postgres" | "file";
  /** `PULUMI_BACKEND_URL`. */
  url: string;
  /** The environment of a Pulumi run on this backend (the URL, and the database password apart from it). */
  env: Record<string, string>;
  /** Text that must never be printed (the database password). */
  secrets: string[];
  /** Every stack's record, by stack name. */
  stacks(): Promise<Map<string, StackRecord>>;
  /** The lock records the backend holds now (keys under `.pulumi/locks/`). */
  locks(): Promise<string[]>;
  close(): Promise<void>;
  /** The cluster, for the PostgreSQL backend. */
  postgres?: PostgresCluster;
}

const DEPLOYMENT_TYPE = "pulumi-nodejs:dynamic/roboflow:DedicatedDeployment";
// The PostgreSQL backend prefixes keys with the database name (`pulumi/.pulumi/stacks/…`).
const STACK_KEY = /(?:^|\/)\.pulumi\/stacks\/[^/]+\/([^/]+)\.json$/;

interface Checkpoint {
  checkpoint?: {
    latest?: { resources?: Array<{ type: string; id?: string }>; pending_operations?: unknown[] };
  };
}

function recordOf(checkpoint: Checkpoint): StackRecord {
  const latest = checkpoint.checkpoint?.latest;
  return {
    deployments: (latest?.resources ?? []).filter((r) => r.type === DEPLOYMENT_TYPE).map((r) => r.id ?? ""),
    pendingOperations: latest?.pending_operations?.length ?? 0,
  };
}

/** Every database password a backend of this process used, for scans of what the runners printed. */
export const backendSecrets: string[] = [];

/** Pulumi's DIY PostgreSQL backend on a new cluster. */
export async function postgresBackend(): Promise<StateBackend> {
  const pg = await startPostgres();
  backendSecrets.push(pg.password);
  const table = pg.table;
  const exists = async () => (await pg.query(`SELECT to_regclass('${table}') IS NOT NULL`))[0]?.[0] === "t";
  return {
    kind: "postgres",
    url: pg.backendUrl,
    env: pg.env,
    secrets: [pg.password],
    postgres: pg,
    stacks: async () => {
      const records = new Map<string, StackRecord>();
      if (!(await exists())) return records;
      // Each value is stored as {"data": "<base64 of the file>"}; jsonb prints the decoded document on one line.
      const decoded = "convert_from(decode(data->>'data', 'base64'), 'UTF8')::jsonb::text";
      const rows = await pg.query(
        `SELECT key, ${decoded} FROM ${table} WHERE key LIKE '%.pulumi/stacks/%.json'`,
      );
      for (const [key, data] of rows) {
        const stack = STACK_KEY.exec(key ?? "")?.[1];
        if (stack) records.set(stack, recordOf(JSON.parse(data ?? "{}")));
      }
      return records;
    },
    locks: async () =>
      (await exists())
        ? (await pg.query(`SELECT key FROM ${table} WHERE key LIKE '%.pulumi/locks/%'`)).map(
            (r) => r[0] ?? "",
          )
        : [],
    close: () => pg.stop(),
  };
}

/** A `file://` backend in a folder every runner uses. */
export async function fileBackend(): Promise<StateBackend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-shared-state-"));
  const walk = (sub: string) => {
    const base = path.join(dir, sub);
    return fs.existsSync(base)
      ? fs
          .readdirSync(base, { recursive: true, encoding: "utf8" })
          .map((f) => path.posix.join(sub, f.split(path.sep).join("/")))
      : [];
  };
  return {
    kind: "file",
    url: `file://${dir}`,
    env: { PULUMI_BACKEND_URL: `file://${dir}` },
    secrets: [],
    stacks: async () => {
      const records = new Map<string, StackRecord>();
      for (const key of walk(".pulumi/stacks")) {
        const stack = STACK_KEY.exec(key)?.[1];
        if (stack) records.set(stack, recordOf(JSON.parse(fs.readFileSync(path.join(dir, key), "utf8"))));
      }
      return records;
    },
    locks: async () => walk(".pulumi/locks").filter((k) => k.endsWith(".json")),
    close: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
