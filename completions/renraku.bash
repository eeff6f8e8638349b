# bash completion for renraku(1), made by `renraku completion bash`

_renraku_sources() {
    local config=() i
    for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
        case "${COMP_WORDS[i]}" in
        -c | --config) config=(--config "${COMP_WORDS[i + 1]}") ;;
        esac
    done
    renraku sources --names "${config[@]}" 2>/dev/null
}

_renraku() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD - 1]}"
    local commands="lookup extract notice feedback ledger followup sources check-config update-data cache mirror worker serve version help completion"
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    local command="${COMP_WORDS[1]}" options="" takes="" positional=""
    case "$command" in
    lookup)
        options="-h --help -c --config -f --format -s --sources --offline --explain -v --verbose --ordered --progress -q --quiet --no-cache --refresh --deadline --failed-out --group-by --extract --all"
        positional="FILE"
        case "$prev" in
        -c | --config) takes="FILE" ;;
        -f | --format) takes="table|json|jsonl|csv" ;;
        -s | --sources) takes="SOURCES" ;;
        --deadline) takes="DURATION" ;;
        --failed-out) takes="FILE" ;;
        --group-by) takes="recipient" ;;
        esac
        ;;
    extract)
        options="-h --help -c --config -f --format --all -q --quiet"
        positional="FILE"
        case "$prev" in
        -c | --config) takes="FILE" ;;
        -f | --format) takes="text|json|incident" ;;
        esac
        ;;
    notice)
        options="-h --help --incident --send -c --config --out --lang --strict --test-to --allow -y --yes --again --allow-outside -q --quiet"
        positional=""
        case "$prev" in
        --incident) takes="FILE" ;;
        --send) takes="DIR" ;;
        -c | --config) takes="FILE" ;;
        --out) takes="DIR" ;;
        --lang) takes="en|ja" ;;
        --test-to) takes="ADDRESS" ;;
        --allow) takes="ITEM" ;;
        esac
        ;;
    feedback)
        options="-h --help -c --config"
        positional="FILE"
        case "$prev" in
        -c | --config) takes="FILE" ;;
        esac
        ;;
    ledger)
        options="-h --help -c --config --state -f --format --submitted --silent-after"
        positional=""
        case "$prev" in
        -c | --config) takes="FILE" ;;
        --state) takes="drafted|sent|bounced|answered|silent|submitted" ;;
        -f | --format) takes="table|json" ;;
        --submitted) takes="TRACKING" ;;
        --silent-after) takes="DAYS" ;;
        esac
        ;;
    followup)
        options="-h --help -c --config --tracking --incident --out --lang"
        positional=""
        case "$prev" in
        -c | --config) takes="FILE" ;;
        --tracking) takes="TRACKING" ;;
        --incident) takes="FILE" ;;
        --out) takes="DIR" ;;
        --lang) takes="en|ja" ;;
        esac
        ;;
    sources)
        options="-h --help -c --config -f --format -v --verbose --names"
        positional=""
        case "$prev" in
        -c | --config) takes="FILE" ;;
        -f | --format) takes="table|json" ;;
        esac
        ;;
    check-config)
        options="-h --help -c --config --connect"
        positional=""
        case "$prev" in
        -c | --config) takes="FILE" ;;
        esac
        ;;
    update-data)
        options="-h --help -c --config --system"
        positional=""
        case "$prev" in
        -c | --config) takes="FILE" ;;
        esac
        ;;
    cache)
        options="-h --help -c --config"
        positional="stats|clear"
        case "$prev" in
        -c | --config) takes="FILE" ;;
        esac
        ;;
    mirror)
        options="-h --help -c --config --registry --from"
        positional="update|status"
        case "$prev" in
        -c | --config) takes="FILE" ;;
        --registry) takes="LIST" ;;
        --from) takes="DIR|URL" ;;
        esac
        ;;
    worker)
        options="-h --help -c --config --in --out --group --consumer --claim-after -q --quiet"
        positional=""
        case "$prev" in
        -c | --config) takes="FILE" ;;
        --in) takes="STREAM" ;;
        --out) takes="STREAM" ;;
        --group) takes="GROUP" ;;
        --consumer) takes="NAME" ;;
        --claim-after) takes="SECONDS" ;;
        esac
        ;;
    serve)
        options="-h --help -c --config --listen --tls-cert --tls-key --work"
        positional=""
        case "$prev" in
        -c | --config) takes="FILE" ;;
        --listen) takes="HOST" ;;
        --tls-cert) takes="FILE" ;;
        --tls-key) takes="FILE" ;;
        --work) takes="DIR" ;;
        esac
        ;;
    version)
        options="-h --help -c --config"
        positional=""
        case "$prev" in
        -c | --config) takes="FILE" ;;
        esac
        ;;
    help)
        options="-h --help"
        positional="COMMAND"
        case "$prev" in
        esac
        ;;
    completion)
        options="-h --help"
        positional="bash|zsh"
        case "$prev" in
        esac
        ;;
    esac
    case "$takes" in
    "") ;;
    FILE) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    DIR) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    SOURCES)
        # A comma-separated list: complete the last name after the last comma.
        local done_part="" last="$cur" name
        if [[ "$cur" == *,* ]]; then done_part="${cur%,*},"; last="${cur##*,}"; fi
        COMPREPLY=()
        for name in $(_renraku_sources); do
            [[ "$name" == "$last"* ]] && COMPREPLY+=("$done_part$name")
        done
        return ;;
    *[a-z]*) COMPREPLY=($(compgen -W "${takes//|/ }" -- "$cur")); return ;;
    *) return ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
    elif [[ "$positional" == FILE ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    elif [[ "$positional" == *[a-z]* ]]; then
        COMPREPLY=($(compgen -W "${positional//|/ } " -- "$cur"))
    elif [[ "$positional" == COMMAND ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    fi
}

complete -o default -F _renraku renraku
