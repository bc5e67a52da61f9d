# The WebAssembly build's third-party libraries, header-only: fmt (FMT_HEADER_ONLY) and
# nlohmann_json, from a folder holding copies of just their headers, so that none of the
# host's C library headers (/usr/include) reach the WebAssembly compiler.
set(TRACEGRAD_HOST_INCLUDE /usr/include CACHE PATH "where the host's fmt/ and nlohmann/ headers are")
set(wasm_include ${PROJECT_BINARY_DIR}/wasm-include)
foreach(dir fmt nlohmann)
  if(NOT EXISTS ${TRACEGRAD_HOST_INCLUDE}/${dir})
    message(FATAL_ERROR "no ${TRACEGRAD_HOST_INCLUDE}/${dir}: scripts/setup.sh installs libfmt-dev and nlohmann-json3-dev")
  endif()
  file(COPY ${TRACEGRAD_HOST_INCLUDE}/${dir} DESTINATION ${wasm_include})
endforeach()

add_library(fmt::fmt INTERFACE IMPORTED)
target_include_directories(fmt::fmt SYSTEM INTERFACE ${wasm_include})
target_compile_definitions(fmt::fmt INTERFACE FMT_HEADER_ONLY)
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE ${wasm_include})
# A page runs on one thread: the fused two-thread kernel (lib/fast) is in no lesson.
add_library(Threads::Threads INTERFACE IMPORTED)

# <charconv>'s double overloads, which emscripten 3.1.6's libc++ lacks (web/compat/charconv).
include_directories(SYSTEM ${CMAKE_CURRENT_LIST_DIR}/compat)
# Exceptions (UsageError: exit status 2) as WebAssembly exceptions, in every object and the link.
add_compile_options(-fwasm-exceptions)
add_link_options(-fwasm-exceptions)
