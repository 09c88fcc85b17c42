#!/usr/bin/env bash
# Install the Debian packages the platform needs, or say exactly how to.
#   scripts/system-deps.sh          runtime: WeasyPrint's Pango, HarfBuzz subsetting, CJK fonts, gettext
#   scripts/system-deps.sh --test   also Chromium for the browser tests, poppler and zbar for the PDF
#                                   tests, Node.js with npm for the credential interoperability test,
#                                   and LibreOffice Calc (headless) to open the XLSX exports
#   scripts/system-deps.sh --bench  also ApacheBench (ab, in apache2-utils) for bench/pages.py
# libharfbuzz-subset0 matters: without it WeasyPrint embeds whole CJK fonts and a
# Chinese PDF takes seconds instead of a tenth of a second. fonts-hanazono has the
# rare characters (Extensions B to F) Noto CJK lacks, and fontconfig's fc-match finds
# the font files to cut; see docs/certificates.md.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk fonts-hanazono gettext)
for option in "$@"; do
    case "$option" in
        --test)
            packages+=(chromium poppler-utils zbar-tools libreoffice-calc-nogui)
            # Node.js builds from nodesource carry npm; Debian's nodejs does not.
            command -v node >/dev/null 2>&1 || packages+=(nodejs)
            command -v npm >/dev/null 2>&1 || packages+=(npm)
            ;;
        --bench) packages+=(apache2-utils) ;;
        *) echo "Unknown option: $option (expected --test or --bench)" >&2; exit 2 ;;
    esac
done

missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with your system's package manager (Debian/Ubuntu names shown)." >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo="sudo"
    else
        echo "Missing system packages: ${missing[*]}" >&2
        echo "Run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
