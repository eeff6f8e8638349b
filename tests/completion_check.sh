#!/usr/bin/env bash
# The shipped completion scripts are the ones the command table makes (`renraku completion`),
# and the bash one completes what a user types: commands, options, the words an option takes.
#   tests/completion_check.sh RENRAKU SOURCE_DIR
set -u
renraku="$1"
src="$2"
failed=0
for shell in bash zsh; do
  file="$src/completions/renraku.bash"
  [ "$shell" = zsh ] && file="$src/completions/_renraku"
  if ! diff -u "$file" <("$renraku" completion "$shell") >/dev/null; then
    echo "FAIL: $file is not what \`renraku completion $shell\` makes (regenerate it)"
    failed=1
  fi
done

# shellcheck disable=SC1090
source <("$renraku" completion bash)
complete_words() { # the words typed so far; the last is the one being completed
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _renraku
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
expect() { # expect WANT -- WORDS...
  local want="$1"
  shift 2
  local got
  got="$(complete_words "$@")"
  if [ "$got" != "$want" ]; then
    echo "FAIL: renraku completion of \"$*\": got \"$got\", want \"$want\""
    failed=1
  fi
}
expect "feedback followup " -- renraku f
expect "--format " -- renraku lookup --form
expect "answered bounced drafted sent silent submitted " -- renraku ledger --state ""
expect "json jsonl " -- renraku lookup -f js
expect "en ja " -- renraku notice --lang ""
expect "ledger lookup " -- renraku help l
expect "clear stats " -- renraku cache ""
expect "--silent-after --state --submitted " -- renraku ledger --s
expect "--send " -- renraku notice --sen
# zsh, as a user has it: the line after TAB.
zsh_expect() { # zsh_expect WANT -- LINE
  local want="$1" line="$3" got
  got="$(zsh -f "$src/tests/zsh_complete.zsh" "$src/completions" "$(dirname "$renraku")" "$line" |
    tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tail -1)"
  if [[ "$got" != *"$want"* ]]; then
    echo "FAIL: zsh completion of \"$line\": the line reads \"$got\", want \"$want\""
    failed=1
  fi
}
zsh_expect "renraku ledger " -- "renraku led"
zsh_expect "renraku ledger --state " -- "renraku ledger --sta"
zsh_expect "renraku ledger --state drafted " -- "renraku ledger --state d"
zsh_expect "renraku notice --lang " -- "renraku notice --la"
zsh_expect "renraku cache clear " -- "renraku cache c"
[ "$failed" = 0 ] && echo "completions: all as expected"
exit "$failed"
