#!/usr/bin/env bash
# The installed Debian packages (scripts/package --install), used as a new user and a plugin
# author would: the installed program against the test world, the default config in
# /etc/renraku, the man pages and completion, and a plugin built against the installed SDK
# (CMake and pkg-config) and loaded from the user's own plugin folder.
#   tests/installed/check.sh [BUILD_DIR]     (BUILD_DIR holds the generated world config)
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${1:-build}
renraku=/usr/bin/renraku
test -x "$renraku" || { echo "installed: $renraku is not installed (scripts/package --install)" >&2; exit 2; }

work=$(mktemp -d)
world="$work/world"
cleanup() {
  python3 tests/world/world.py stop --dir "$world" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" \
  XDG_DATA_HOME="$work/data"
mkdir -p "$HOME"
fail() { echo "installed: FAILED: $*" >&2; exit 1; }
step() { echo "installed: $*"; }

step "the program, its default config, man pages, completion"
"$renraku" version | grep -q "^renraku 0\.1\.0 " || fail "version"
"$renraku" version | grep -q "bootstrap/ipv4.json  shipped" || fail "version names the data files"
cfg=$("$renraku" check-config 2>/dev/null)
echo "$cfg" | grep -q '^config file = "/etc/renraku/renraku.toml" .*# search order' ||
  fail "the default config is /etc/renraku/renraku.toml: $(echo "$cfg" | head -1)"
echo "$cfg" | grep -q 'network.limits."whois.ripe.net" = { per_minute = 0.6.*# /etc/renraku/renraku.toml:' ||
  fail "check-config shows the installed budgets with their line"
test -f /usr/share/man/man1/renraku.1 || test -f /usr/share/man/man1/renraku.1.gz || fail "man page"
test -f /usr/share/man/man5/renraku.toml.5 || test -f /usr/share/man/man5/renraku.toml.5.gz || fail "man page (5)"
if command -v man >/dev/null; then
  man -l /usr/share/man/man1/renraku.1* 2>/dev/null | grep -q "check-config" || fail "man renraku renders"
fi
# shellcheck disable=SC1091
completion=$(bash -c 'source /usr/share/bash-completion/completions/renraku
  COMP_WORDS=(renraku lookup --sources "ri"); COMP_CWORD=3; _renraku; echo "${COMPREPLY[*]}"
  COMP_WORDS=(renraku lookup --format ""); COMP_CWORD=3; _renraku; echo "${COMPREPLY[*]}"')
echo "$completion" | grep -qx "ripe" || fail "completion of --sources: $completion"
echo "$completion" | grep -qx "table json jsonl csv" || fail "completion of --format: $completion"
test -f /usr/share/zsh/vendor-completions/_renraku || fail "zsh completion"
dpkg-query -W -f='${Depends}\n' renraku | grep -q "libcurl4" || fail "Depends names Debian's libraries"

step "the installed program against the test world"
python3 tests/world/world.py start --dir "$world" >/dev/null
# The world's config without its [plugins] table: the installed plugins are used.
sed -e '/^\[plugins\]/,/^dirs = /d' -e "s#$PWD/$build_dir/world-run#$world#g" \
  "$build_dir/tests/renraku-world.toml" > "$work/world.toml"
sources=$("$renraku" sources -c "$work/world.toml")
echo "$sources" | grep -q "^plugin folders: /usr/lib/.*/renraku/plugins" || fail "plugin folder: $sources"
# Every installed plugin is enabled: the count comes from the package, not from this script.
plugin_count=$(dpkg-query -L renraku | grep -c '/renraku/plugins/.*\.so$')
test "$plugin_count" -gt 0 || fail "the package installs plugins"
test "$(echo "$sources" | grep -c '  enabled$')" -eq "$plugin_count" || fail "$plugin_count sources enabled: $sources"
out=$("$renraku" lookup -c "$work/world.toml" -f json 2606:4700:4700::1111 www.example.test)
python3 - "$out" <<'PY' || fail "lookup results"
import json, sys
results = {r["indicator"]: r for r in json.loads(sys.argv[1])}
def to(ind):
    return [c["email"] for c in results[ind]["contacts"] if c.get("recommend") == "to"]
assert to("2606:4700:4700::1111") == ["abuse@cloudflare.com"], to("2606:4700:4700::1111")
assert to("www.example.test"), results["www.example.test"]
PY

step "the installed workbench: renraku serve runs renraku-serve, the page and the API answer"
"$renraku" serve -c "$work/world.toml" --listen 127.0.0.1:0 --work "$work/serve" > "$work/serve.out" 2>&1 &
serve_pid=$!
for _ in $(seq 50); do grep -q "open http" "$work/serve.out" && break; sleep 0.1; done
url=$(sed -n 's/.*open \(http[^ ]*\).*/\1/p' "$work/serve.out" | head -1)
[ -n "$url" ] || { kill "$serve_pid"; fail "serve printed no URL: $(cat "$work/serve.out")"; }
base=${url%%/#*}
token=${url##*token=}
python3 - "$base" "$token" <<'PY' || { kill "$serve_pid"; fail "the workbench answers"; }
import json, sys, urllib.request
base, token = sys.argv[1], sys.argv[2]
page = urllib.request.urlopen(base + "/").read().decode()
assert 'id="log"' in page, page[:200]
req = urllib.request.Request(base + "/api/lookup", method="POST",
                             data=json.dumps({"indicators": ["2606:4700:4700::1111"]}).encode())
req.add_header("Authorization", "Bearer " + token)
req.add_header("Content-Type", "application/json")
r = json.loads(urllib.request.urlopen(req).read())["results"][0]
assert [c["email"] for c in r["contacts"] if c.get("recommend") == "to"] == ["abuse@cloudflare.com"], r
PY
kill "$serve_pid"
wait "$serve_pid" 2>/dev/null || true

step "a plugin built against the installed SDK, loaded from the user's plugin folder"
cmake -S docs/examples/hello_source -B "$work/hello" >/dev/null
cmake --build "$work/hello" >/dev/null
mkdir -p "$XDG_DATA_HOME/renraku/plugins"
cp "$work/hello/hello_source.so" "$XDG_DATA_HOME/renraku/plugins/"
cat > "$work/hello.toml" <<TOML
[sources.hello_source]
domains = ["partner.example"]
contact = "csirt@partner.example"
TOML
"$renraku" sources -c "$work/hello.toml" | grep -q "hello_source 0.1.0  \[domain\]  offline  enabled" ||
  fail "the CMake-built plugin loads from $XDG_DATA_HOME/renraku/plugins"
"$renraku" lookup -c "$work/hello.toml" --offline -s hello_source -f csv www.partner.example |
  grep -q "www.partner.example,domain,csirt@partner.example" || fail "the plugin answers"
rm "$XDG_DATA_HOME/renraku/plugins/hello_source.so"
# shellcheck disable=SC2046
c++ -shared -o "$XDG_DATA_HOME/renraku/plugins/hello_source.so" docs/examples/hello_source/hello_source.cpp \
  $(pkg-config --cflags --libs renraku-sdk)
"$renraku" sources -c "$work/hello.toml" | grep -q "hello_source 0.1.0  \[domain\]  offline  enabled" ||
  fail "the pkg-config-built plugin loads"
step "ok"
