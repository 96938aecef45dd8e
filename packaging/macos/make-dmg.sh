#!/bin/sh
# Wrap the app bundle that `pyinstaller packaging/img-crm.spec` made on macOS
# ("build/dist/IMG CRM.app", with the Info.plist the spec's BUNDLE writes) in a
# compressed disk image with an Applications link to drag it onto.
#
#   sh packaging/macos/make-dmg.sh VERSION     ->  dist/img-crm-VERSION.dmg
#
# Needs hdiutil, so it runs only on macOS (the release workflow's runner).
# The app is not signed or notarized: the first launch needs right-click > Open.
set -eu
version=${1:?usage: make-dmg.sh VERSION}
app="build/dist/IMG CRM.app"
[ -d "$app" ] || { echo "$app is missing: run pyinstaller packaging/img-crm.spec first" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
mkdir -p dist
rm -f "dist/img-crm-$version.dmg"
hdiutil create -volname "IMG CRM $version" -srcfolder "$stage" -fs HFS+ \
    -format UDZO -imagekey zlib-level=9 "dist/img-crm-$version.dmg"
hdiutil verify "dist/img-crm-$version.dmg"
echo "dist/img-crm-$version.dmg"
