import { shellScript } from './shell-script';

// The rc file `bash --rcfile` reads instead of ~/.bashrc: it sources ~/.bashrc, then adds hooks that print
// OSC 633 (and 133) marks. The nonce lives only in this file and in an unexported variable, never in the environment.
export function bashIntegration(nonce: string): string {
  return shellScript(String.raw`# Backtrack shell integration for this recording only; your ~/.bashrc is not changed.
if [ -r "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi

__bt_nonce='${nonce}'
__bt_ready=0
__bt_running=0
__bt_last_history_number=

# Sets __bt_escaped: backslash doubled, ';' and bytes <= 0x20 as \xAB (no subshell: runs at every prompt).
__bt_escape() {
  local LC_ALL=C value="$1" out="" ch i
  for (( i = 0; i < @{#value}; i++ )); do
    ch="@{value:i:1}"
    case "$ch" in
      '\') out+='\\' ;;
      ';') out+='\x3b' ;;
      [[:cntrl:]]|' ') printf -v ch '\\x%02x' "'$ch"; out+="$ch" ;;
      *) out+="$ch" ;;
    esac
  done
  __bt_escaped="$out"
}

__bt_precmd() {
  local status=$?
  if [ "$__bt_running" = 1 ]; then
    printf '\e]633;D;%s\a\e]133;D;%s\a' "$status" "$status"
    __bt_running=0
  fi
  __bt_escape "$PWD"
  printf '\e]633;P;Cwd=%s\a' "$__bt_escaped"
  return $status
}

__bt_prompt_ready() {
  local status=$?
  if [[ "$PS1" != *'633;B'* ]]; then
    PS1='\[\e]633;A\a\e]133;A\a\]'"$PS1"'\[\e]133;B\a\e]633;B\a\]'
  fi
  __bt_ready=1
  return $status
}

# The command line as typed comes from history; when history skipped it (ignorespace), BASH_COMMAND is the fallback.
__bt_command_line() {
  local entry number
  entry=$(HISTTIMEFORMAT= builtin history 1)
  number="@{entry%%[^0-9 ]*}"
  number="@{number// /}"
  entry="@{entry#*[0-9]  }"
  if [ -n "$number" ] && { [ "$number" != "$__bt_last_history_number" ] || [[ "$entry" == "$BASH_COMMAND"* ]]; }; then
    __bt_last_history_number="$number"
    __bt_line="$entry"
  else
    __bt_line="$BASH_COMMAND"
  fi
}

__bt_preexec() {
  local status=$?
  if [ "$__bt_ready" = 1 ] && [ -z "@{COMP_LINE-}" ]; then
    __bt_ready=0
    case "$BASH_COMMAND" in
      __bt_precmd*|__bt_prompt_ready*) ;;
      *)
        __bt_command_line
        __bt_escape "$__bt_line"
        printf '\e]633;E;%s;%s\a\e]633;C\a\e]133;C\a' "$__bt_escaped" "$__bt_nonce"
        __bt_running=1
        ;;
    esac
  fi
  return $status
}

__bt_user_debug_trap=$(trap -p DEBUG)
if [ -n "$__bt_user_debug_trap" ]; then
  eval "__bt_user_debug_trap=($__bt_user_debug_trap)"
  __bt_user_debug_trap="@{__bt_user_debug_trap[2]}"
  trap '__bt_preexec; eval "$__bt_user_debug_trap"' DEBUG
else
  trap '__bt_preexec' DEBUG
fi

if [[ "$(declare -p PROMPT_COMMAND 2>/dev/null)" == "declare -a"* ]]; then
  PROMPT_COMMAND=(__bt_precmd "@{PROMPT_COMMAND[@]}" __bt_prompt_ready)
else
  __bt_newline=$'\n'
  PROMPT_COMMAND="__bt_precmd@{PROMPT_COMMAND:+@{__bt_newline}$PROMPT_COMMAND}@{__bt_newline}__bt_prompt_ready"
fi
`);
}
