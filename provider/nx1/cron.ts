/**
 * Local validation of the schedule of a batch deployment. NX1 runs batch scoring as an Airflow DAG, so the
 * schedule is what Airflow takes: a five-field cron expression (minute, hour, day of month, month, day of
 * week) or one of Airflow's presets. Checking it in `check` turns a typo into a preview error naming the
 * property instead of a failed DAG after the deployment was created.
 */

/** Airflow's schedule presets. */
export const CRON_PRESETS = [
  "@once",
  "@continuous",
  "@hourly",
  "@daily",
  "@midnight",
  "@weekly",
  "@monthly",
  "@quarterly",
  "@yearly",
  "@annually",
] as const;

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Three-letter names accepted in place of numbers, lowest value first. */
  names?: readonly string[];
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const FIELDS: readonly CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  // 7 is Sunday as well as 0, as in cron and Airflow's croniter.
  { name: "day of week", min: 0, max: 7, names: DAYS },
];

/**
 * Why `expression` is not a schedule NX1 accepts, or undefined when it is one: five fields, each `*`, a
 * value, a range `a-b`, any of these with a step `/n`, or a comma-separated list of them; month and day
 * names (`jan`, `mon`) are accepted; so are Airflow's presets (`@daily`, ...).
 */
export function cronProblem(expression: string): string | undefined {
  const text = expression.trim();
  if (text.startsWith("@")) {
    return (CRON_PRESETS as readonly string[]).includes(text.toLowerCase())
      ? undefined
      : `unknown preset "${text}"; use five cron fields or one of ${CRON_PRESETS.join(", ")}`;
  }
  const parts = text.split(/\s+/).filter((p) => p !== "");
  if (parts.length !== FIELDS.length) {
    return `must have 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`;
  }
  for (const [index, field] of FIELDS.entries()) {
    const problem = fieldProblem(parts[index] ?? "", field);
    if (problem) {
      return `${field.name} field "${parts[index]}": ${problem}`;
    }
  }
  return undefined;
}

function fieldProblem(text: string, field: CronField): string | undefined {
  for (const item of text.split(",")) {
    if (item === "") {
      return "has an empty list item";
    }
    const [range, step, ...extra] = item.split("/");
    if (extra.length > 0) {
      return "has more than one step";
    }
    if (step !== undefined && !/^\d+$/.test(step)) {
      return `step "${step}" is not a whole number`;
    }
    if (step !== undefined && (Number(step) < 1 || Number(step) > field.max)) {
      return `step ${step} is outside 1-${field.max}`;
    }
    if (range === "*") {
      continue;
    }
    const bounds = (range ?? "").split("-");
    if (bounds.length > 2) {
      return `"${range}" is not a value or a range`;
    }
    const values: number[] = [];
    for (const bound of bounds) {
      const value = cronValue(bound, field);
      if (value === undefined) {
        return `"${bound}" is not a ${field.names ? "number or name" : "number"} from ${field.min} to ${field.max}`;
      }
      values.push(value);
    }
    if (values.length === 2 && (values[0] ?? 0) > (values[1] ?? 0)) {
      return `range ${range} runs backwards`;
    }
  }
  return undefined;
}

function cronValue(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  return index < 0 ? undefined : field.min === 0 ? index : index + field.min;
}
