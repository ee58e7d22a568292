# Shared by scripts/demo.sh and scripts/test.sh: install what is missing, configure, build.
# Sourced, not run. Everything here is idempotent and quick when nothing changed.

TMALIGN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages the build needs (docs/dependencies.md says why each is there).
TMALIGN_BUILD_PACKAGES=(g++ make cmake pkg-config libicu-dev libboost-locale-dev libsqlite3-dev
  libsqlitecpp-dev libpugixml-dev libexpat1-dev libcli11-dev nlohmann-json3-dev libstemmer-dev
  zlib1g-dev libxxhash-dev)
# The bilingual dictionaries the CLI aligns with when they are installed (formats/dictd.h; optional
# at run time): Mueller's English-Russian, FreeDict German-French both ways (the Text+Berg gate).
TMALIGN_DICTIONARY_PACKAGES=(mueller7-dict dict-freedict-deu-fra dict-freedict-fra-deu)
# ... and what the tests add: GoogleTest, the scorers' Python, the CAT-tool import check, and the
# dictionaries.
TMALIGN_TEST_PACKAGES=(libgtest-dev googletest python3 libxml2-utils omegat python3-translate
  "${TMALIGN_DICTIONARY_PACKAGES[@]}")

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_packages PKG...: apt-get installs those not installed yet (nothing at all when none is missing).
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# build DIR [CMAKE_ARGS...]: configures once (again only when the arguments change) and builds.
build() {
  local dir=$1; shift
  local args="$*"
  if [ ! -f "$dir/CMakeCache.txt" ] || [ "$(cat "$dir/.tmalign-args" 2>/dev/null)" != "$args" ]; then
    cmake -S "$TMALIGN_ROOT" -B "$dir" "$@" >/dev/null
    echo "$args" > "$dir/.tmalign-args"
  fi
  if ! cmake --build "$dir" -j "$(nproc)" > "$dir/build.log" 2>&1; then
    grep -E -A5 'error|Error' "$dir/build.log" | head -80
    echo "build failed in $dir; the whole log is $dir/build.log" >&2
    return 1
  fi
  grep -E 'warning:' "$dir/build.log" | sort -u | head -20 || true
}
