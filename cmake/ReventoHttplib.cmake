# cpp-httplib for the project: the target revento_httplib and its version.
#
# By default Debian's package (pkg-config cpp-httplib: a split header and
# libcpp-httplib.so). -DREVENTO_HTTPLIB_INCLUDE_DIR=<folder> builds against
# the header-only httplib.h in that folder instead (any release from 0.11 to
# 0.53, e.g. one checked out of the upstream repository); the release
# package is built that way so that the binaries link nothing but glibc
# dynamically. The version is read from the header and checked here, so an
# unsupported one stops the configure step with one line instead of failing
# deep inside a compile. Version differences in the code are all in
# portable/httplib_compat.h.
set(REVENTO_HTTPLIB_INCLUDE_DIR "" CACHE PATH "Folder with a header-only httplib.h to build against (empty: Debian's cpp-httplib)")
set(REVENTO_HTTPLIB_SUPPORTED "0.11 to 0.53 (tested: 0.11.4, 0.14.3, 0.18.7, 0.53.1)")

add_library(revento_httplib INTERFACE)
if(REVENTO_HTTPLIB_INCLUDE_DIR)
  set(REVENTO_HTTPLIB_HEADER ${REVENTO_HTTPLIB_INCLUDE_DIR}/httplib.h)
  if(NOT EXISTS ${REVENTO_HTTPLIB_HEADER})
    message(FATAL_ERROR "REVENTO_HTTPLIB_INCLUDE_DIR has no httplib.h: ${REVENTO_HTTPLIB_INCLUDE_DIR}")
  endif()
  target_include_directories(revento_httplib SYSTEM INTERFACE $<BUILD_INTERFACE:${REVENTO_HTTPLIB_INCLUDE_DIR}>)
  # HTTPS for the client (OpenSSL); no compression, which nothing uses.
  target_compile_definitions(revento_httplib INTERFACE CPPHTTPLIB_OPENSSL_SUPPORT)
  target_link_libraries(revento_httplib INTERFACE OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
  set(REVENTO_HTTPLIB_PKGCONFIG OFF)
else()
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
  target_link_libraries(revento_httplib INTERFACE PkgConfig::HTTPLIB)
  find_file(REVENTO_HTTPLIB_HEADER httplib.h HINTS ${HTTPLIB_INCLUDEDIR} ${HTTPLIB_INCLUDE_DIRS} NO_CACHE)
  set(REVENTO_HTTPLIB_PKGCONFIG ON)
endif()

set(REVENTO_HTTPLIB_VERSION "")
if(REVENTO_HTTPLIB_HEADER)
  file(STRINGS ${REVENTO_HTTPLIB_HEADER} version_line REGEX "^#define CPPHTTPLIB_VERSION \"[0-9.]+\"" LIMIT_COUNT 1)
  string(REGEX MATCH "[0-9]+\\.[0-9]+\\.[0-9]+" REVENTO_HTTPLIB_VERSION "${version_line}")
endif()
if(NOT REVENTO_HTTPLIB_VERSION OR REVENTO_HTTPLIB_VERSION VERSION_LESS 0.11 OR REVENTO_HTTPLIB_VERSION VERSION_GREATER_EQUAL 0.54)
  # NOTICE prints the line as it is (FATAL_ERROR would wrap it).
  message(NOTICE "cpp-httplib ${REVENTO_HTTPLIB_VERSION} (${REVENTO_HTTPLIB_HEADER}) is not supported: revento-sandbox builds with cpp-httplib ${REVENTO_HTTPLIB_SUPPORTED}; pass -DREVENTO_HTTPLIB_INCLUDE_DIR=<folder with httplib.h>")
  message(FATAL_ERROR "unsupported cpp-httplib")
endif()
message(STATUS "cpp-httplib ${REVENTO_HTTPLIB_VERSION}: ${REVENTO_HTTPLIB_HEADER}")
