# The release package (`make package`): CPack builds
# revento-sandbox-VERSION-linux-x86_64.tar.gz and a .deb from the install
# rules. Layout under the prefix (the tarball's top folder, /usr in the .deb):
#   bin/revento-emulator, bin/revento
#   share/revento-sandbox/scenarios   the conformance suite (scenarios/app too)
#   share/revento-sandbox/fixtures
#   share/revento-sandbox/ci-recipe.sh  the CI recipes' script (docs/ci.md)
#   share/doc/revento-sandbox         README.md and docs/
#   include/revento, lib/ (static client library, CMake package, pkg-config)
# `revento scenarios run scenarios/app` finds the suite there relative to its
# own binary (client/cli/suite_path.h). scripts/check-package checks it all.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios ${PROJECT_SOURCE_DIR}/fixtures
        DESTINATION ${CMAKE_INSTALL_DATADIR}/revento-sandbox)
# The shell part of docs/ci.md's CI recipes.
install(PROGRAMS ${PROJECT_SOURCE_DIR}/scripts/ci-recipe.sh DESTINATION ${CMAKE_INSTALL_DATADIR}/revento-sandbox)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/revento-sandbox)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/revento-sandbox)

set(CPACK_PACKAGE_NAME revento-sandbox)
set(CPACK_PACKAGE_VENDOR revento)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Local Revento platform emulator, reference client and conformance suite")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_FILE_NAME revento-sandbox-${PROJECT_VERSION}-linux-x86_64)
set(CPACK_GENERATOR TGZ DEB)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "revento-sandbox maintainers <sandbox@revento.invalid>")
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6 (>= 2.35)")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)
