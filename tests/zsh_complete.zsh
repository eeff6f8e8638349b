# Print what zsh puts on the line when TAB is pressed after WORDS, with the completion in
# COMPLETIONS_DIR and renraku in BIN_DIR on the path. A real interactive zsh in a
# pseudo-terminal, as a user has it.
#   zsh -f tests/zsh_complete.zsh COMPLETIONS_DIR BIN_DIR WORDS
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PROMPT='> '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D; path=($2 \$path)"
zpty -w z "echo READY"
sleep 1
zpty -w -n z "$3"$'\t'
sleep 1
buf=""
while zpty -r -t z line 2>/dev/null; do buf+="$line"; done
zpty -d z
# What the terminal shows after the last prompt (escape sequences left to the caller).
print -r -- "${buf##*> }"
