# A Debian package made by CPack: `cpack -G DEB` in a build configured with
# -DCMAKE_INSTALL_PREFIX=/usr (scripts/package). Two packages, as Debian splits them:
#   renraku      the program, its plugins and libraries, data, /etc/renraku, man pages, completion
#   renraku-dev  the SDK for writing plugins: headers, CMake package, pkg-config files
# Library dependencies are found by dpkg-shlibdeps from what the binaries link, so they name
# Debian's own library packages; data the program reads at run time is named by hand.
set(CPACK_PACKAGE_NAME renraku)
set(CPACK_PACKAGE_VENDOR "renraku")
set(CPACK_PACKAGE_CONTACT "renraku maintainers <renraku@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "who to tell about an address, host or domain, and how sure that is")
set(CPACK_PACKAGE_DESCRIPTION
    "renraku asks every registry (RIRs, NIRs, domain registries and registrars), the DNS and \
the site's own security.txt at once, merges and scores the contacts it finds, and recommends \
whom to write to and whom to copy; it also writes the notice.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME renraku)
# libcurl is loaded when first used (core/src/net/curl_api), so shlibdeps cannot see it.
# dns-root-data: the root's DNSSEC trust anchor (network.dnssec = "validate", the default).
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS
  "iso-codes, tzdata, publicsuffix, libcurl4 (>= 7.85), dns-root-data")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_RECOMMENDS "gpgv, gnupg")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/cmake/debian/conffiles)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME renraku-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "renraku (= ${PROJECT_VERSION}), libboost-dev, pkg-config")
set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS OFF)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "The SDK for renraku plugins: headers, a CMake package (find_package(RenrakuSDK)) and \
pkg-config files (renraku-sdk, renraku-registry).")
include(CPack)
