# Sourced by the corpus rebuild scripts: one place that brings a manifest row's file and checks its SHA-256.
#   fetch_checked REPO COMMIT PATH SHA256 DEST REPOS_DIR
# Reads from a fetched snapshot under $FAKELENS_MIRROR (default /work/.mirror/<owner>+<name>/repo, or its .git), else from a
# blob-less bare clone of the public repository in REPOS_DIR. Leaves DEST alone when it already has the right bytes.
# Returns 1 (and says so on stderr) when the bytes do not match the manifest.
fetch_checked() {
  local repo="$1" commit="$2" path="$3" sha="$4" dest="$5" repos="$6"
  mkdir -p "$(dirname "$dest")"
  if [ ! -f "$dest" ] || [ "$(sha256sum "$dest" | cut -d' ' -f1)" != "$sha" ]; then
    local gitdir="${FAKELENS_MIRROR:-/work/.mirror}/${repo/\//+}/repo"
    # Some snapshots arrive as a work-tree layout (repo/.git) rather than a bare directory.
    [ -d "$gitdir/.git" ] && gitdir="$gitdir/.git"
    if [ ! -d "$gitdir" ]; then
      gitdir="$repos/${repo/\//+}"
      [ -d "$gitdir" ] || git clone --quiet --bare --filter=blob:none "https://github.com/$repo.git" "$gitdir"
      git --git-dir="$gitdir" fetch --quiet origin "$commit" 2>/dev/null || true
    fi
    git --git-dir="$gitdir" show "$commit:$path" > "$dest"
  fi
  local got
  got="$(sha256sum "$dest" | cut -d' ' -f1)"
  if [ "$got" != "$sha" ]; then
    echo "SHA-256 mismatch: $repo $path ($got, manifest $sha)" >&2
    return 1
  fi
}
