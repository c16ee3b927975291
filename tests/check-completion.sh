#!/usr/bin/env bash
# Drives doc/mig-host.bash-completion the way bash does on TAB (TAP output):
#   check-completion.sh COMPLETION_FILE MIG_HOST
# Needs bash-completion (its _init_completion and _filedir).
set -uo pipefail
completion=$1
PATH=$(dirname "$2"):$PATH
n=0
failed=0

source /usr/share/bash-completion/bash_completion || { echo "Bail out! no bash-completion"; exit 1; }
source "$completion"

# complete_words EXPECTED WORD... : completes the last word; EXPECTED must
# be among the answers.
complete_words() {
  local expected=$1
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="${COMP_WORDS[*]}"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _mig_host
  n=$((n + 1))
  local reply=" ${COMPREPLY[*]-} "
  if [[ $reply == *" $expected "* ]]; then
    echo "ok $n '${COMP_LINE}' completes to $expected"
  else
    echo "not ok $n '${COMP_LINE}' completes to $expected"
    echo "# got:$reply"
    failed=1
  fi
}

n=1
if complete -p mig-host >/dev/null 2>&1; then
  echo "ok 1 mig-host has a completion"
else
  echo "not ok 1 mig-host has a completion"
  failed=1
fi
complete_words preflight mig-host pre
complete_words migrate mig-host mi
complete_words --postoffice mig-host preflight --post
complete_words --no-plugin mig-host migrate --no-
complete_words --catalog mig-host inspect --cat
complete_words --only mig-host validate --on
complete_words 7007 mig-host explain --event 70
cd "$(mktemp -d)" && mkdir MAILDATA && touch users.csv
complete_words MAILDATA mig-host preflight --postoffice MAIL
complete_words users.csv mig-host preflight --users us
rm -rf "$PWD"
echo "1..$n"
exit $failed
