import { shellScript } from './shell-script';

// zsh reads its startup files from $ZDOTDIR: these stand-ins source the user's own files from their real ZDOTDIR
// (passed in BACKTRACK_USER_ZDOTDIR), and .zshrc then adds precmd/preexec hooks that print OSC 633 (and 133) marks.
export function zshIntegrationFiles(nonce: string, integrationDir: string): Record<string, string> {
  const passThrough = (file: string) =>
    shellScript(String.raw`# Backtrack shell integration: reads your own ${file}.
ZDOTDIR="@{BACKTRACK_USER_ZDOTDIR:-$HOME}"
[[ -r "$ZDOTDIR/${file}" ]] && source "$ZDOTDIR/${file}"
BACKTRACK_USER_ZDOTDIR="$ZDOTDIR"
ZDOTDIR='${integrationDir}'
`);
  return {
    '.zshenv': passThrough('.zshenv'),
    '.zprofile': passThrough('.zprofile'),
    '.zshrc':
      shellScript(String.raw`# Backtrack shell integration for this recording only; your .zshrc is not changed.
ZDOTDIR="@{BACKTRACK_USER_ZDOTDIR:-$HOME}"
unset BACKTRACK_USER_ZDOTDIR
[[ -r "$ZDOTDIR/.zshrc" ]] && source "$ZDOTDIR/.zshrc"

typeset -g __bt_nonce='${nonce}'
typeset -g __bt_running=0

# Sets __bt_escaped: backslash doubled, ';' and bytes <= 0x20 as \xAB.
__bt_escape() {
  emulate -L zsh
  setopt no_multibyte
  local value="$1" out="" ch hex
  local -i i
  for (( i = 1; i <= @{#value}; i++ )); do
    ch="@{value[i]}"
    case "$ch" in
      ('\') out+='\\' ;;
      (';') out+='\x3b' ;;
      ([[:cntrl:]]|' ') printf -v hex '\\x%02x' "'$ch"; out+="$hex" ;;
      (*) out+="$ch" ;;
    esac
  done
  typeset -g __bt_escaped="$out"
}

__bt_precmd() {
  local st=$?
  if (( __bt_running )); then
    printf '\e]633;D;%s\a\e]133;D;%s\a' "$st" "$st"
    __bt_running=0
  fi
  __bt_escape "$PWD"
  printf '\e]633;P;Cwd=%s\a' "$__bt_escaped"
  if [[ "$PS1" != *'633;B'* ]]; then
    PS1=$'%{\e]633;A\a\e]133;A\a%}'"$PS1"$'%{\e]133;B\a\e]633;B\a%}'
  fi
  return $st
}

__bt_preexec() {
  __bt_escape "$1"
  printf '\e]633;E;%s;%s\a\e]633;C\a\e]133;C\a' "$__bt_escaped" "$__bt_nonce"
  __bt_running=1
}

autoload -Uz add-zsh-hook
add-zsh-hook precmd __bt_precmd
add-zsh-hook preexec __bt_preexec
`),
  };
}
