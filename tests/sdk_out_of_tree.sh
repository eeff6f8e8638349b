#!/usr/bin/env bash
# Install renraku into a scratch prefix and build docs/examples/hello_source against the
# installed SDK twice: with CMake (find_package(RenrakuSDK)) into the prefix's plugin folder,
# and with pkg-config alone into a user's plugin folder ($XDG_DATA_HOME/renraku/plugins).
# The installed renraku must load and use each.
set -euo pipefail
source_dir=$1
build_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/share/renraku/renraku.toml"
test -f "$work/prefix/include/renraku/sdk/source.hpp"
test -f "$work/prefix/share/man/man1/renraku.1"
test -f "$work/prefix/share/bash-completion/completions/renraku"
pc_dir=$(dirname "$(find "$work/prefix" -name renraku-sdk.pc)")

# 1. CMake.
cmake -S "$source_dir/docs/examples/hello_source" -B "$work/hello" \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/hello" -j2 >/dev/null
cmake --install "$work/hello" >/dev/null
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
rm "$plugin_dir/hello_source.so"

# 2. pkg-config, into the user's own plugin folder; no [plugins] in the config: the default
# folders are searched, then the user's.
export XDG_DATA_HOME="$work/xdg-data"
user_plugins="$XDG_DATA_HOME/renraku/plugins"
mkdir -p "$user_plugins"
export PKG_CONFIG_PATH="$pc_dir"
test "$(pkg-config --variable=plugindir renraku-sdk)" -ef "$plugin_dir"
# shellcheck disable=SC2046
c++ -shared -o "$user_plugins/hello_source.so" "$source_dir/docs/examples/hello_source/hello_source.cpp" \
  $(pkg-config --cflags --libs renraku-sdk)
cat > "$work/user.toml" <<TOML
[sources.hello_source]
domains = ["partner.example"]
contact = "csirt@partner.example"
TOML
sources=$("$work/prefix/bin/renraku" sources --config "$work/user.toml")
echo "$sources"
echo "$sources" | grep -q "^plugin folders: .*$user_plugins"
echo "$sources" | grep -q "hello_source 0.1.0  \[domain\]  offline  enabled"
out=$("$work/prefix/bin/renraku" lookup --config "$work/user.toml" --offline -s hello_source --format csv www.partner.example)
echo "$out" | grep -q "www.partner.example,domain,csirt@partner.example,,,security,"
echo "out-of-tree plugin (CMake and pkg-config, user plugin folder): ok"
