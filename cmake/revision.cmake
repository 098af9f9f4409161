# Writes OUT (generated/opsflow/revision.hpp): the git revision the build is made from, for
# `opsflow --version`. Run at every build, it rewrites the file only when the revision changed, so
# only the file that prints it is compiled again. REVISION, when given (-DOPSFLOW_REVISION=, e.g.
# by a packager building outside git), is used as it is; without git the revision is empty.
if(REVISION STREQUAL "")
  execute_process(COMMAND git -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
    OUTPUT_VARIABLE REVISION OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
  if(failed)
    set(REVISION "")
  else()
    execute_process(COMMAND git -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
      OUTPUT_VARIABLE changes ERROR_QUIET)
    if(NOT changes STREQUAL "")
      string(APPEND REVISION "-dirty")
    endif()
  endif()
endif()
set(text "#pragma once\n\nnamespace opsflow {\n// The git revision of this build (\"\" when unknown), for --version.\ninline constexpr const char* kRevision = \"${REVISION}\";\n}  // namespace opsflow\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
