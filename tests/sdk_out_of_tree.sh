#!/usr/bin/env bash
# Install renraku into a scratch prefix, build docs/examples/hello_source against the installed
# SDK with find_package(RenrakuSDK), and check that the installed renraku loads and uses it.
set -euo pipefail
source_dir=$1
build_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir/docs/examples/hello_source" -B "$work/hello" \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/hello" -j2 >/dev/null
cmake --install "$work/hello" >/dev/null
test -f "$work/prefix/share/renraku/renraku.toml"
test -f "$work/prefix/include/renraku/sdk/source.hpp"
plugin_dir=$(dirname "$(find "$work/prefix" -name hello_source.so)")

cat > "$work/renraku.toml" <<TOML
[plugins]
dirs = ["$plugin_dir"]
[sources.hello_source]
domains = ["partner.example"]
contact = "csirt@partner.example"
TOML
sources=$("$work/prefix/bin/renraku" sources --config "$work/renraku.toml")
echo "$sources"
echo "$sources" | grep -q "hello_source 0.1.0  \[domain\]  offline  enabled"
echo "$sources" | grep -q "dns_soa 1.1.0"
echo "$sources" | grep -q "arin 2.0.0.*enabled"
out=$("$work/prefix/bin/renraku" lookup --config "$work/renraku.toml" --offline --format csv www.partner.example)
echo "$out"
echo "$out" | grep -q "www.partner.example,domain,csirt@partner.example,,,security,"
echo "out-of-tree plugin: ok"
