# REVENTO_STATIC (the release package, `make package`): the binaries link
# OpenSSL, SQLite, yaml-cpp, libstdc++ and libgcc statically, so that they
# need nothing at run time but glibc. Debian 12 ships every one of these as
# a static library (libssl.a, libcrypto.a, libsqlite3.a, libyaml-cpp.a);
# cpp-httplib is header-only in that build (REVENTO_HTTPLIB_INCLUDE_DIR,
# cmake/ReventoHttplib.cmake). Included before the find_package calls.
option(REVENTO_STATIC "Link OpenSSL, SQLite, yaml-cpp and libstdc++ statically (release package)" OFF)
if(REVENTO_STATIC)
  if(NOT REVENTO_HTTPLIB_INCLUDE_DIR)
    message(FATAL_ERROR "REVENTO_STATIC needs a header-only cpp-httplib: pass -DREVENTO_HTTPLIB_INCLUDE_DIR (Debian's is a shared library); `make package` does")
  endif()
  set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
  set(OPENSSL_USE_STATIC_LIBS TRUE)
  add_link_options(-static-libstdc++ -static-libgcc)
  # libstdc++.a calls arc4random (glibc 2.36); portable/arc4random.cc
  # stands in so that the binaries need no glibc newer than 2.35.
  set(REVENTO_STATIC_SOURCES ${PROJECT_SOURCE_DIR}/portable/arc4random.cc)
endif()
