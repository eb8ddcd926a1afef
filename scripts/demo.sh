#!/usr/bin/env bash
# The main job: installs what is needed, starts the embedded Roboflow emulator, runs a real `pulumi up` of
# the root stack against it, shows the deployment's URL and status, shows that a second preview has no
# changes, then destroys it. State lives in a temporary file backend; nothing leaves this machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh" --demo # the CLI and the Node.js host only: the demo runs a Node.js program
source "$here/env.sh"
cd "$PDD_ROOT"

work="$(mktemp -d)"
log="$work/emulator.log"
node dist/emulator/bin.js --port 0 --pending-ms "${DEMO_PENDING_MS:-3000}" >"$log" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do grep -q "listening on" "$log" && break; sleep 0.1; done
url="$(grep -o 'http://[0-9.:]*' "$log" | head -1)"
key="$(sed -n 's/.*(api key: \(.*\)).*/\1/p' "$log" | head -1)"
[ -n "$url" ] || { cat "$log"; echo "the emulator did not start" >&2; exit 1; }
echo "== Roboflow emulator at $url"

export PULUMI_BACKEND_URL="file://$work" PULUMI_CONFIG_PASSPHRASE="demo" PULUMI_HOME="$work/.pulumi-home"
pulumi stack init demo --non-interactive >/dev/null
pulumi config set roboflow:apiUrl "$url"
pulumi config set --secret roboflow:apiKey "$key"

echo "== pulumi up"
pulumi up --yes --non-interactive --skip-preview
echo "== deployment: $(pulumi stack output url) is $(pulumi stack output status)"
echo "== a second preview (expect no changes)"
pulumi preview --non-interactive --expect-no-changes
echo "== pulumi destroy"
pulumi destroy --yes --non-interactive --skip-preview
pulumi stack rm demo --yes --non-interactive >/dev/null
