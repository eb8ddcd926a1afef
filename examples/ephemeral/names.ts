/**
 * Names for an environment per branch. A branch name can be anything Git accepts (slashes, uppercase,
 * unicode, 200 characters), while a deployment name must match `^[a-z][a-z0-9-]{4,14}$`, and it is also the
 * deployment's subdomain. So the name is a readable slug of the branch's last path segment plus a hash of
 * the *whole* branch name: branches that look alike after sanitizing still get different names.
 *
 * Run as a script, it prints the name for a branch (the GitHub workflows use it as the stack name):
 *   npx ts-node names.ts "feature/Login-Page"    # login-pa-1x9k2m
 */
import { createHash } from "node:crypto";

/** The rule every deployment name must follow: 5 to 15 characters, a lowercase letter first. */
export const DEPLOYMENT_NAME_PATTERN = /^[a-z][a-z0-9-]{4,14}$/;

/** How many characters of the slug are kept: 8 + "-" + 6 hash characters = 15, the longest name allowed. */
const SLUG_LENGTH = 8;
const HASH_LENGTH = 6;
/** The slug when nothing readable is left of the branch (`"/"`, `"123"`, `"日本語"`). */
const FALLBACK_SLUG = "env";
/** Latin letters that have no decomposition into a base letter and an accent. */
const LETTERS: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d" };

/**
 * The deployment name for a branch: `<slug>-<hash>`, always valid and at most 15 characters. The slug is
 * the branch's last path segment, lowercased, accents dropped, other characters turned into hyphens, leading
 * digits removed, cut to 8 characters; the hash is 6 base-36 characters of the SHA-256 of the full branch
 * name as given (about 2 billion values), so `feature/login` and `fix/login` differ.
 */
export function deploymentNameFor(branch: string): string {
  const hash = BigInt(`0x${createHash("sha256").update(branch, "utf8").digest("hex").slice(0, 16)}`)
    .toString(36)
    .padStart(HASH_LENGTH, "0")
    .slice(-HASH_LENGTH);
  return `${slugOf(branch)}-${hash}`;
}

/** The readable part: a lowercase letter first, then letters, digits and single hyphens, no trailing hyphen. */
function slugOf(branch: string): string {
  const segments = branch.split("/").filter((s) => s.trim() !== "");
  const last = segments[segments.length - 1] ?? "";
  const slug = last
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // combining accents: "Café" becomes "cafe"
    .toLowerCase()
    .replace(/[ßæœøłđ]/g, (c) => LETTERS[c] ?? c)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "") // must start with a letter
    .slice(0, SLUG_LENGTH)
    .replace(/-+$/, "");
  return slug === "" ? FALLBACK_SLUG : slug;
}

if (require.main === module) {
  const branch = process.argv[2];
  if (branch === undefined) {
    console.error("usage: ts-node names.ts <branch>");
    process.exit(2);
  }
  console.log(deploymentNameFor(branch));
}
