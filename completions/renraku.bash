# bash completion for renraku(1)

_renraku_sources() {
    local config=()
    local i
    for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
        case "${COMP_WORDS[i]}" in
        -c | --config) config=(--config "${COMP_WORDS[i + 1]}") ;;
        esac
    done
    renraku sources --names "${config[@]}" 2>/dev/null
}

_renraku() {
    local cur prev words cword
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD - 1]}"
    local commands="lookup extract notice feedback ledger followup sources check-config update-data cache worker version"

    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    local command="${COMP_WORDS[1]}"

    case "$prev" in
    -c | --config | --incident)
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --send)
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    --state)
        COMPREPLY=($(compgen -W "drafted sent bounced answered silent submitted" -- "$cur"))
        return
        ;;
    --out)
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    -f | --format)
        case "$command" in
        lookup) COMPREPLY=($(compgen -W "table json jsonl csv" -- "$cur")) ;;
        extract) COMPREPLY=($(compgen -W "text json incident" -- "$cur")) ;;
        sources | ledger) COMPREPLY=($(compgen -W "table json" -- "$cur")) ;;
        esac
        return
        ;;
    -s | --sources)
        # A comma-separated list: complete the last name after the last comma.
        local done_part="" last="$cur"
        if [[ "$cur" == *,* ]]; then
            done_part="${cur%,*},"
            last="${cur##*,}"
        fi
        local name
        COMPREPLY=()
        for name in $(_renraku_sources); do
            [[ "$name" == "$last"* ]] && COMPREPLY+=("$done_part$name")
        done
        return
        ;;
    --lang)
        COMPREPLY=($(compgen -W "en ja" -- "$cur"))
        return
        ;;
    --group-by)
        COMPREPLY=($(compgen -W "recipient" -- "$cur"))
        return
        ;;
    esac

    local options=""
    case "$command" in
    lookup)
        options="-c --config -f --format -s --sources --offline --explain -v --verbose --ordered
                 --progress -q --quiet --no-cache --refresh --deadline --failed-out --group-by
                 --extract --all"
        ;;
    extract) options="-c --config -f --format --all -q --quiet" ;;
    notice)
        options="--incident --send -c --config --out --lang --strict --test-to --allow -y --yes
                 --again --allow-outside -q --quiet"
        ;;
    feedback) options="-c --config" ;;
    ledger) options="-c --config --state -f --format --silent-after --submitted" ;;
    followup) options="-c --config --tracking --incident --out --lang" ;;
    sources) options="-c --config -f --format -v --verbose --names" ;;
    check-config) options="-c --config --connect" ;;
    version) options="-c --config" ;;
    update-data) options="-c --config --system" ;;
    worker) options="-c --config --in --out --group --consumer --claim-after -q --quiet" ;;
    cache)
        options="-c --config"
        COMPREPLY=($(compgen -W "stats clear" -- "$cur"))
        ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$options --help" -- "$cur"))
    elif [[ "$command" == extract || "$command" == feedback ||
        ("$command" == lookup && " ${COMP_WORDS[*]} " == *" --extract "*) ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}

complete -o default -F _renraku renraku
