# script-cli.sh — --help and --version for the project's scripts. Each
# sources it first thing, with its arguments:
#   . "$(dirname "$0")/script-cli.sh" "$@"
# --help (or -h) as the first argument prints the script's header comment
# (the comment lines after #!) and exits 0; --version prints the project's
# version from meson.build and exits 0. Anything else is left to the script.
case "${1:-}" in
  -h|--help)
    awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
    exit 0 ;;
  --version)
    printf '%s (mmfguard %s)\n' "$(basename "$0")" \
      "$(sed -n "s/^ *version *: *'\([^']*\)'.*/\1/p" \
           "$(dirname "$0")/../meson.build" | head -n 1)"
    exit 0 ;;
esac
